"""Encoding repair: ftfy applied with one immutable configuration.

Every change is returned as data (ftfy's explanation steps), so a document can
say which of its fields were altered and how.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any, Literal, Union

import ftfy

# ftfy's fixes are meant to converge in one pass, but a repair that uncovers a
# second layer of damage needs another; a few passes bound the work on
# adversarial text while making the result a fixed point in practice.
_MAX_PASSES = 4


@dataclass(frozen=True)
class RepairConfig:
    """Which of ftfy's fixes to apply to text fields.

    The defaults are ftfy's own, except three fixes that would change correct
    typography or text rather than repair damage: curly quotes are kept
    (``uncurl_quotes=False``), ligatures are kept (``fix_latin_ligatures=False``)
    and full-width characters are kept (``fix_character_width=False``).
    """

    unescape_html: bool | Literal["auto"] = "auto"
    remove_terminal_escapes: bool = True
    fix_encoding: bool = True
    restore_byte_a0: bool = True
    replace_lossy_sequences: bool = True
    decode_inconsistent_utf8: bool = True
    fix_c1_controls: bool = True
    fix_latin_ligatures: bool = False
    fix_character_width: bool = False
    uncurl_quotes: bool = False
    fix_line_breaks: bool = True
    fix_surrogates: bool = True
    remove_control_chars: bool = True
    normalization: Literal["NFC", "NFD", "NFKC", "NFKD"] | None = "NFC"

    @cached_property
    def _ftfy_config(self) -> ftfy.TextFixerConfig:
        return ftfy.TextFixerConfig(**asdict(self), explain=True)

    def repair(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """Return ``text`` repaired, and the steps ftfy took (empty if unchanged)."""
        steps: list[tuple[str, str]] = []
        for _ in range(_MAX_PASSES):
            fixed, explanation = ftfy.fix_and_explain(text, config=self._ftfy_config)
            if fixed == text:
                break
            steps.extend(explanation or [])
            text = fixed
        return text, steps


FieldPattern = tuple[Union[str, int], ...]
"""A path into parsed data; ``"*"`` stands for every item of a list or mapping."""


def repair_fields(data: dict[str, Any], patterns: Iterable[FieldPattern],
                  config: RepairConfig) -> list[dict[str, Any]]:
    """Repair, in place, every string of ``data`` that a pattern reaches.

    Returns one audit record per changed field (``field``, ``original``,
    ``steps``), in the order of ``patterns``.
    """
    records: list[dict[str, Any]] = []
    for pattern in patterns:
        for container, key, where in _reach(data, pattern, ()):
            value = container[key]
            if not isinstance(value, str):
                continue  # wrong types are the validator's to report
            fixed, steps = config.repair(value)
            if fixed != value:
                container[key] = fixed
                records.append({
                    "field": ".".join(str(part) for part in where),
                    "original": value,
                    "steps": [{"action": action, "parameter": parameter}
                              for action, parameter in steps],
                })
    return records


def _reach(node: Any, pattern: FieldPattern,
           where: FieldPattern) -> Iterator[tuple[Any, Any, FieldPattern]]:
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        keys: Iterable[Any] = (range(len(node)) if isinstance(node, list)
                               else list(node) if isinstance(node, dict) else ())
    elif isinstance(node, dict) and head in node:
        keys = (head,)
    else:
        keys = ()
    for key in keys:
        if rest:
            yield from _reach(node[key], rest, (*where, key))
        else:
            yield node, key, (*where, key)
