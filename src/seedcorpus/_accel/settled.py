"""Text that ftfy is certain to leave unchanged, recognised without running it.

Most text needs no repair, and ftfy takes 100-300 us to say so about an
excerpt, most of it in one large regular expression (``badness.is_bad``).
Printable ASCII and the typography of correct text (’ ‘ “ ” – — …) are text
that no fix can act on (the reasoning is in `typographic_text`); on
the real development corpora, letting such text skip ftfy made loading 1.55
times as fast.

The test is exact, so a "no" only means "ask ftfy". It is derived from the
set of fixes of the ftfy it was written against: an ftfy with a fix this
module does not know gets a test that clears nothing (and tests/test_repair.py
fails, loudly, on `FIXES_KNOWN`).
"""

from __future__ import annotations

import re
from typing import Any

from ftfy import TextFixerConfig

# The settings of the ftfy this module was written against: one per fix, and
# two that are not fixes. A later ftfy with another fix could change text this
# test lets through, so with any other set the test clears nothing.
KNOWN_SETTINGS = frozenset({
    "unescape_html", "remove_terminal_escapes", "fix_encoding", "restore_byte_a0",
    "replace_lossy_sequences", "decode_inconsistent_utf8", "fix_c1_controls",
    "fix_latin_ligatures", "fix_character_width", "uncurl_quotes", "fix_line_breaks",
    "fix_surrogates", "remove_control_chars", "normalization", "max_decode_length", "explain",
})
FIXES_KNOWN = frozenset(TextFixerConfig._fields) == KNOWN_SETTINGS
_NOTHING = re.compile("(?!)")


def typographic_text(config: Any) -> re.Pattern[str]:
    """A pattern matching only text that no fix enabled in ``config`` (a
    `seedcorpus.RepairConfig`) can change.

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


def ascii_settles(pattern: re.Pattern[str]) -> bool:
    """Whether printable ASCII (without "&") is text ``pattern`` clears."""
    printable = "".join(map(chr, range(0x20, 0x7F))).replace("&", "")
    return pattern.fullmatch(printable) is not None
