"""Bytes to text: find the encoding and the newline convention of a file."""

from __future__ import annotations

import codecs
from typing import NamedTuple

from .._errors import ParseError

# Byte order marks that name their encoding unambiguously, longest first so
# that UTF-32-LE is not mistaken for UTF-16-LE.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class Decoded(NamedTuple):
    text: str
    """The text with every ``\\r\\n`` turned into ``\\n``."""
    encoding: str
    newline: str


def decode(data: bytes, path: str | None = None) -> Decoded:
    """Decode ``data`` as UTF-8 (BOM optional), a BOM-marked UTF-16/32, or
    Windows-1252, in that order; never by dropping or replacing bytes."""
    text, encoding = _decode_text(data, path)
    if "\0" in text:
        line, column = _position(text, text.find("\0"))
        raise ParseError("NUL character: this is a binary file, not text",
                         stage="decode", path=path, line=line, column=column)
    if "\r\n" in text:
        return Decoded(text.replace("\r\n", "\n"), encoding, "\r\n")
    return Decoded(text, encoding, "\n")


def _decode_text(data: bytes, path: str | None) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise _decode_error(data, error, encoding, path) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            # A file saved by a Windows tool: every byte but five maps to a
            # character, so this only succeeds on text that was meant as such.
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            raise _decode_error(data, utf8_error, "utf-8", path) from None


def _decode_error(data: bytes, error: UnicodeDecodeError, encoding: str,
                  path: str | None) -> ParseError:
    prefix = data[: error.start]
    line = prefix.count(b"\n") + 1
    column = error.start - (prefix.rfind(b"\n") + 1) + 1
    bad = data[error.start : error.start + 4].hex(" ")
    message = (f"not valid {encoding} (byte {error.start}: {bad}), "
               "nor Windows-1252 text" if encoding == "utf-8"
               else f"not valid {encoding} text (byte {error.start}: {bad})")
    return ParseError(message, stage="decode", path=path, line=line, column=column)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
