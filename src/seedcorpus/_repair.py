"""Encoding repair: ftfy applied with one immutable configuration.

Every change is returned as data (ftfy's explanation steps), so a document can
say which of its fields were altered and how.
"""

from __future__ import annotations

import re
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

    @cached_property
    def _untouchable(self) -> re.Pattern[str]:
        return _untouchable_text(self)

    def repair(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """Return ``text`` repaired, and the steps ftfy took (empty if unchanged).

        The result is that of ``ftfy.fix_text(text, config)``, repeated until
        the text stops changing (in practice once), so repair is idempotent.
        """
        if self._untouchable.fullmatch(text):
            return text, []
        return self.repair_with_ftfy(text)

    def repair_with_ftfy(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """:meth:`repair` without the shortcut for text no fix can touch."""
        steps: list[tuple[str, str]] = []
        for _ in range(_MAX_PASSES):
            # ftfy may explain a step that changed nothing in the end; only a
            # pass that changed the text is recorded.
            pass_steps: list[tuple[str, str]] = []
            fixed = _fix_text_explained(text, self._ftfy_config, pass_steps)
            if fixed == text:
                break
            steps.extend(pass_steps)
            text = fixed
        return text, steps


def _fix_text_explained(text: str, config: ftfy.TextFixerConfig,
                        steps: list[tuple[str, str]]) -> str:
    """``ftfy.fix_text``, keeping the explanation it throws away.

    fix_text repairs each line on its own (and stops unescaping HTML for the
    rest of the text once a line holds "<"); this does exactly the same, one
    ``fix_and_explain`` per segment, so the result equals fix_text's.
    """
    out = []
    position = 0
    while position < len(text):
        end = text.find("\n", position) + 1 or len(text)
        end = min(end, position + config.max_decode_length)
        segment = text[position:end]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        fixed, explanation = ftfy.fix_and_explain(segment, config)
        steps.extend(explanation or [])
        out.append(fixed)
        position = end
    return "".join(out)


def _untouchable_text(config: RepairConfig) -> re.Pattern[str]:
    """A pattern matching only text that no fix enabled in ``config`` can change.

    Printable ASCII, tab and newline, and the typography of correct text
    (’ ‘ “ ” – — …). Why no fix can act on such text:

    * fix_encoding: ASCII and these characters are not Latin-1, so the
      Latin-1 -> Windows-1252 step cannot apply; in every single-byte encoding
      ftfy tries, the typographic characters become either UTF-8 continuation
      bytes (0x85, 0x91-0x97: Windows-125x) or lead bytes (0xC9-0xD5: MacRoman)
      with nothing after them that could continue a sequence, so decoding the
      re-encoded text as UTF-8 always fails; and there are no C1 controls.
    * unescape_html needs "&"; fix_line_breaks needs "\r" or a Unicode line
      break; remove_terminal_escapes needs ESC; remove_control_chars, control
      characters; fix_surrogates, surrogates: none are allowed here.
    * NFC and NFD leave all of these unchanged; NFKC/NFKD turn "…" into "...",
      uncurl_quotes changes the quotes: those characters are left out then.
    tests/test_repair.py checks the shortcut against plain ftfy on any text.
    """
    # Printable ASCII is \x20-\x7e; "&" (\x26) is left out when HTML is unescaped.
    allowed = "\t\n\x20-\x25\x27-\x7e–—" if config.unescape_html is not False else (
        "\t\n\x20-\x7e–—")
    if not config.uncurl_quotes:
        allowed += "’‘“”"
    if config.normalization not in ("NFKC", "NFKD"):
        allowed += "…"
    return re.compile(f"[{allowed}]*")


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
