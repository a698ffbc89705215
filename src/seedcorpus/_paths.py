"""File names of any bytes, written where only Unicode text goes.

A file name need not be UTF-8: ``caf\\xe9.md`` (Latin-1) is a valid name on
Linux, and Python reads it as ``"caf\\udce9.md"``, a string that holds a lone
surrogate for the byte it could not decode (PEP 383). ``open()`` takes it
back exactly, so ``document.source.path`` keeps it as it is; but no UTF-8
writer (JSON, Arrow, Parquet, CSV) accepts a lone surrogate.

So every export writes a path in its *portable* form: each such byte as
U+FFFD (the replacement character) followed by the byte in two upper-case
hex digits, and U+FFFD itself, should a name hold one, doubled. ``caf\\xe9.md``
is exported as ``"caf\\ufffdE9.md"``; any other name, as it is. Reading an
export back (``Corpus.from_jsonl`` and the other ``from_*``) undoes it.
"""

from __future__ import annotations

import re

_MARK = "\ufffd"
_UNDECODED = re.compile("[\udc80-\udcff\ufffd]")
_ESCAPE = re.compile("\ufffd(\ufffd|[0-9A-F]{2})")


def portable(text: str) -> str:
    """``text`` with undecodable bytes and U+FFFD escaped (see the module)."""
    if _UNDECODED.search(text) is None:
        return text
    return _UNDECODED.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _MARK * 2 if char == _MARK else f"{_MARK}{ord(char) - 0xDC00:02X}"


def from_portable(text: str) -> str:
    """The text that `portable` wrote as ``text``."""
    if _MARK not in text:
        return text
    return _ESCAPE.sub(_unescape, text)


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    return _MARK if code == _MARK else chr(0xDC00 + int(code, 16))


def printable(text: str) -> str:
    """``text`` as a terminal may show it: control characters, line breaks
    and undecodable bytes escaped (``\\n``, ``\\x85``, ``\\xe9``), the rest as it is."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _shown(char) for char in text)


def _shown(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name
        return f"\\x{code - 0xDC00:02x}"
    return repr(char)[1:-1] if char != " " else char
