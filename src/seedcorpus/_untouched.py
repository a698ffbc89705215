"""Text that ftfy is certain to leave unchanged, recognised without running it.

Most text needs no repair, and ftfy takes 100-300 µs to say so about an
excerpt, most of it in one large regular expression (``badness.is_bad``).
Two exact tests let such text skip ftfy:

* :func:`typographic_text`: printable ASCII and the typography of correct
  text, which no fix can act on (the reasoning is in its docstring);
* :func:`trigger_characters`: a character class holding every character that
  any enabled fix needs to see before it acts. Text without one of them and
  without an HTML entity (:func:`html_entities`), already in the configured
  normal form, is returned unchanged by every step of ``fix_and_explain``,
  so by ``fix_text`` too.

The second set is derived from ftfy's own tables and its badness pattern, so
it follows the installed ftfy; if that pattern ever takes a shape this module
cannot reason about, or ftfy gains a fix it does not know, the tests are
switched off rather than guessed.
tests/test_repair.py checks both tests against plain ftfy on any text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Literal

from ftfy import TextFixerConfig, chardata, fixes

from ._badness import character_class, mojibake_characters

if TYPE_CHECKING:
    from ._repair import RepairConfig

NormalForm = Literal["NFC", "NFD", "NFKC", "NFKD"]

# The settings of the ftfy this module was written against: one per fix, and
# two that are not fixes. A later ftfy with another fix could change text these
# tests let through, so with any other set both tests clear nothing.
_KNOWN_SETTINGS = frozenset({
    "unescape_html", "remove_terminal_escapes", "fix_encoding", "restore_byte_a0",
    "replace_lossy_sequences", "decode_inconsistent_utf8", "fix_c1_controls",
    "fix_latin_ligatures", "fix_character_width", "uncurl_quotes", "fix_line_breaks",
    "fix_surrogates", "remove_control_chars", "normalization", "max_decode_length", "explain",
})
FIXES_KNOWN = frozenset(TextFixerConfig._fields) == _KNOWN_SETTINGS
# fixes.unescape_html substitutes the matches of this pattern, imported from chardata.
_ENTITIES_KNOWN = getattr(fixes, "HTML_ENTITY_RE", None) is chardata.HTML_ENTITY_RE
_NOTHING = re.compile("(?!)")


def typographic_text(config: RepairConfig) -> re.Pattern[str]:
    """A pattern matching only text that no fix enabled in ``config`` can change.

    Printable ASCII, tab and newline, and the typography of correct text
    (’ ‘ “ ” – — …). Why no fix can act on such text:

    * fix_encoding: ASCII and these characters are not Latin-1, so the
      Latin-1 -> Windows-1252 step cannot apply; in every single-byte encoding
      ftfy tries, the typographic characters become either UTF-8 continuation
      bytes (0x85, 0x91-0x97: Windows-125x) or lead bytes (0xC9-0xD5: MacRoman)
      with nothing after them that could continue a sequence, so decoding the
      re-encoded text as UTF-8 always fails; and there are no C1 controls.
    * unescape_html needs "&"; fix_line_breaks needs "\\r" or a Unicode line
      break; remove_terminal_escapes needs ESC; remove_control_chars, control
      characters; fix_surrogates, surrogates: none are allowed here.
    * NFC and NFD leave all of these unchanged; NFKC/NFKD turn "…" into "...",
      uncurl_quotes changes the quotes: those characters are left out then.
    """
    if not FIXES_KNOWN:  # pragma: no cover - another ftfy
        return _NOTHING
    # Printable ASCII is \x20-\x7e; "&" (\x26) is left out when HTML is unescaped.
    allowed = "\t\n\x20-\x25\x27-\x7e–—" if config.unescape_html is not False else (
        "\t\n\x20-\x7e–—")
    if not config.uncurl_quotes:
        allowed += "’‘“”"
    if config.normalization not in ("NFKC", "NFKD"):
        allowed += "…"
    return re.compile(f"[{allowed}]*")


def trigger_characters(config: RepairConfig) -> re.Pattern[str] | None:
    """A class of every character that some fix enabled in ``config`` acts on.

    ``None`` if ftfy's badness pattern cannot be analysed (see
    :func:`._badness.mojibake_characters`) or ftfy has fixes this module does not know;
    callers then run ftfy on such text.
    """
    mojibake = mojibake_characters() if config.fix_encoding else frozenset()
    if mojibake is None or not FIXES_KNOWN:  # pragma: no cover - another ftfy
        return None
    triggers = set(mojibake)
    if config.unescape_html is not False and html_entities(config) is None:
        triggers.add(ord("&"))  # pragma: no cover - another ftfy; entities start with "&"
    if config.fix_encoding or config.fix_c1_controls:
        triggers.update(range(0x80, 0xA0))  # C1 controls
    if config.fix_line_breaks:
        triggers.update(map(ord, "\r\u2028\u2029\x85"))
    if config.fix_surrogates:
        triggers.update(range(0xD800, 0xE000))
    if config.remove_terminal_escapes:
        triggers.add(0x1B)
    if config.remove_control_chars:
        triggers.update(chardata.CONTROL_CHARS)
    if config.fix_latin_ligatures:
        triggers.update(chardata.LIGATURES)
    if config.fix_character_width:
        triggers.update(chardata.WIDTH_MAP)
    if config.uncurl_quotes:
        triggers.update({0x02BC, *range(0x2018, 0x2020)})
    return character_class(triggers)  # matches nothing if no enabled fix acts


def html_entities(config: RepairConfig) -> re.Pattern[str] | None:
    """What ftfy's unescape_html replaces, when it is enabled; else ``None``.

    The fix is a substitution of this pattern's matches, so text with an "&"
    but no entity ("Q&A", "AT&T") is left alone by it. ``None`` too if the
    fix no longer uses this pattern; "&" is then one of the trigger characters.
    """
    if config.unescape_html is False or not _ENTITIES_KNOWN:
        return None
    return chardata.HTML_ENTITY_RE


def is_normalized(text: str, form: NormalForm | None) -> bool:
    """Whether normalizing each line of ``text`` to ``form`` (as ftfy does) changes nothing.

    A newline composes with nothing, so a line is normal exactly when the
    same line with its newline is, and the lines can be checked apart.
    """
    if form is None:
        return True
    if "\n" not in text:
        return unicodedata.is_normalized(form, text)
    return all(unicodedata.is_normalized(form, line) for line in text.split("\n"))
