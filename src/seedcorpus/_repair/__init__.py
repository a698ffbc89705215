"""Encoding repair: ftfy applied with one immutable configuration.

Every change is returned as data (ftfy's explanation steps), so a document can
say which of its fields were altered and how.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cached_property
from html.entities import html5
from operator import itemgetter
from typing import Any, Literal

import ftfy

from .. import _accel as accel
from .._accel.settled import ascii_settles, typographic_text
from .._types import FieldPattern
from .fields import find_strings

# ftfy's fixes are meant to converge in one pass, but a repair that uncovers a
# second layer of damage needs another; a few passes bound the work on
# adversarial text while making the result a fixed point in practice.
_MAX_PASSES = 4


@dataclass(frozen=True)
class RepairConfig:
    """Which repairs to apply: ftfy's fixes to text fields, and one of URL fields.

    The fields but the last are those of ftfy's ``TextFixerConfig``, with
    ftfy's defaults except three fixes that would change correct typography
    or text rather than repair damage: curly quotes are kept
    (``uncurl_quotes=False``), ligatures are kept (``fix_latin_ligatures=False``)
    and full-width characters are kept (``fix_character_width=False``).

    ``unescape_urls``: in URL fields, turn HTML character references
    (``&#038;``, ``&amp;``, ``&#x26;``: a URL copied out of HTML) back into the
    characters they stand for; nothing else in a URL is ever changed.
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
    unescape_urls: bool = True

    @cached_property
    def _ftfy_config(self) -> ftfy.TextFixerConfig:
        settings = asdict(self)
        del settings["unescape_urls"]  # ours, not ftfy's
        return ftfy.TextFixerConfig(**settings, explain=True)

    @cached_property
    def _typographic(self) -> re.Pattern[str]:
        return typographic_text(self)

    @cached_property
    def _ascii_settles(self) -> bool:
        return ascii_settles(self._typographic)

    def _settled(self, text: str) -> bool:
        """Whether ftfy, so configured, certainly leaves ``text`` as it is
        (`._accel.settled`): a "no" only means "ask ftfy"."""
        if text.isascii() and text.isprintable():  # a flag, then a scan without re
            # Printable ASCII is typographic text, "&" aside when HTML is unescaped.
            return self._ascii_settles and ("&" not in text or self.unescape_html is False)
        return self._typographic.fullmatch(text) is not None

    def repair(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """Return ``text`` repaired, and the steps ftfy took (empty if unchanged).

        The result is that of ``ftfy.fix_text(text, config)``, repeated until
        the text stops changing (in practice once), so repair is idempotent.
        """
        if accel.SETTLED and self._settled(text):
            return text, []
        return self.repair_with_ftfy(text)

    def repair_with_ftfy(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """`repair` with every string given to ftfy: the plain
        implementation, and the reference the tests hold `repair` to."""
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

    def repair_url(self, url: str) -> tuple[str, list[tuple[str, str]]]:
        """Return ``url`` with its HTML character references unescaped, and the
        step taken (empty if unchanged, or if ``unescape_urls`` is off).

        Only complete references are replaced: ``&#NNN;``, ``&#xHH;`` and the
        named ones of HTML5 with their ";" (``&amp;``), so ``?a=1&copy=2`` is
        left alone, unlike ``html.unescape`` would. Repeated until nothing
        changes (``&amp;#038;`` is ``&``), so that it is idempotent like
        `repair`.
        """
        if not self.unescape_urls or "&" not in url:
            return url, []
        fixed = url
        for _ in range(_MAX_PASSES):
            again = _CHARACTER_REFERENCE.sub(_unescape_reference, fixed)
            if again == fixed:
                break
            fixed = again
        return fixed, ([("apply", "unescape_urls")] if fixed != url else [])


_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _unescape_reference(match: re.Match[str]) -> str:
    reference = match.group()
    if reference[1] != "#" and reference[1:] not in html5:
        return reference  # "&" followed by a word and ";" that HTML does not name
    return html.unescape(reference)


def _fix_text_explained(text: str, config: ftfy.TextFixerConfig,
                        steps: list[tuple[str, str]]) -> str:
    """``ftfy.fix_text``, keeping the explanation it throws away.

    fix_text repairs each line on its own (and stops unescaping HTML for the
    rest of the text once a line holds "<"); this does exactly the same, one
    ``ftfy.fix_and_explain`` per segment, so the result equals fix_text's.
    """
    out = []
    limit = config.max_decode_length
    position = 0
    while position < len(text):
        end = text.find("\n", position) + 1 or len(text)
        end = min(end, position + limit)
        segment = text[position:end]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        fixed, explanation = ftfy.fix_and_explain(segment, config)
        steps.extend(explanation or [])
        out.append(fixed)
        position = end
    return "".join(out)


Fix = Callable[[str], tuple[str, list[tuple[str, str]]]]
"""A repair of one string: the string repaired, and the steps taken."""


def repair_fields(data: dict[str, Any], patterns: tuple[FieldPattern, ...], fix: Fix,
                  rename: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Repair, in place, every string of ``data`` that a pattern reaches, with
    ``fix`` (`RepairConfig.repair` for text, ``repair_url`` for URLs).

    Returns one audit record per changed field (``field``, ``original``,
    ``steps``), in the order of ``patterns``, then of the data; ``field`` is
    the path with each key as ``rename`` names it (a model's field name for
    a key written in camelCase).
    """
    # Most strings need nothing: their paths are built, and the records put
    # in pattern order, only for the few that change.
    changed: list[tuple[int, dict[str, Any]]] = []
    names = rename or {}
    for index, container, key, where in find_strings(data, patterns):
        value = container[key]
        fixed, steps = fix(value)
        if fixed != value:
            container[key] = fixed
            changed.append((index, {
                "field": ".".join(str(names.get(part, part)) for part in (*where, key)),
                "original": value,
                "steps": [{"action": action, "parameter": parameter}
                          for action, parameter in steps],
            }))
    changed.sort(key=itemgetter(0))  # stable: within a pattern, the data's order stays
    return [record for _, record in changed]
