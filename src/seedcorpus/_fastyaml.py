"""A fast reader for the plain subset of YAML that front matter is written in.

Real front matter is block mappings and sequences of keys, plain scalars and
double-quoted scalars, one per line. This module reads exactly that subset in
one pass over the lines, and declines (returns ``None``) the moment it sees
anything else: flow collections, single quotes, block scalars, comments,
anchors, tags, tabs, continuation lines, duplicate keys, deep nesting. The
caller then uses the full event-based loader (``_yaml.load_mapping``), which
is also what reports every error, with its position.

Whenever this returns a mapping, it is the mapping ``load_mapping`` returns;
tests/test_fastyaml.py checks that on real, generated and mutated files.
"""

from __future__ import annotations

import re
from typing import Any

from ._yaml import NULL_SCALARS

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?\Z")
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"\Z')
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v",
                   "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "\\": "\\",
                   "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
# Anything but printable characters that are not YAML line breaks (\x85,
# \u2028, \u2029, \r), the byte order mark or a tab sends the text to the full loader.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                      "\U00010000-\U0010ffff]")
_NOT_PLAIN_START = frozenset("[]{}#&*!|>'\"%@`")
# The fast path recurses once per level; deeper documents go to the iterative loader.
_MAX_DEPTH = 64


class _Decline(Exception):
    """The text is outside the subset; the full loader must read it."""


def load_simple(text: str, max_depth: int) -> dict[str, Any] | None:
    """The mapping in ``text``, or ``None`` if ``text`` is outside the subset."""
    if _UNUSUAL.search(text):
        return None
    lines: list[tuple[int, str]] = []
    for raw in text.split("\n"):
        content = raw.lstrip(" ")
        if not content:
            continue
        indent = len(raw) - len(content)
        content = content.rstrip(" ")
        if content[0] == "#" or (indent == 0 and content[:3] in ("---", "...")):
            return None
        lines.append((indent, content))
    if not lines or lines[0][0] != 0:
        return None
    reader = _Reader(lines, min(max_depth, _MAX_DEPTH))
    try:
        result = reader.mapping(0, 1)
    except _Decline:
        return None
    return result if reader.position == len(lines) else None


class _Reader:
    __slots__ = ("lines", "max_depth", "position")

    def __init__(self, lines: list[tuple[int, str]], max_depth: int) -> None:
        self.lines = lines
        self.max_depth = max_depth
        self.position = 0

    def mapping(self, indent: int, depth: int) -> dict[str, Any]:
        if depth > self.max_depth:
            raise _Decline
        result: dict[str, Any] = {}
        lines = self.lines
        while self.position < len(lines):
            line_indent, content = lines[self.position]
            if line_indent < indent:
                break
            match = _KEY.match(content)
            if line_indent > indent or match is None:
                raise _Decline
            key, rest = match.groups()
            if key in result:
                raise _Decline
            self.position += 1
            result[key] = self.block(indent, depth) if not rest else _scalar(rest)
        return result

    def block(self, key_indent: int, depth: int) -> Any:
        """The value of a key written with nothing after its colon."""
        if self.position == len(self.lines):
            return None
        indent, content = self.lines[self.position]
        is_item = content.startswith("- ")
        if indent > key_indent:
            return self.sequence(indent, depth + 1) if is_item else self.mapping(indent, depth + 1)
        if indent == key_indent and is_item:
            return self.sequence(indent, depth + 1)
        if content == "-":  # a sequence whose first item is empty: the full loader's
            raise _Decline
        return None

    def sequence(self, indent: int, depth: int) -> list[Any]:
        if depth > self.max_depth:
            raise _Decline
        items: list[Any] = []
        lines = self.lines
        while self.position < len(lines):
            line_indent, content = lines[self.position]
            if line_indent < indent or (line_indent == indent
                                        and not content.startswith("- ")):
                break
            if line_indent > indent:
                raise _Decline
            item = content[2:]
            stripped = item.lstrip(" ")
            if _KEY.match(stripped):
                # "- key: value" opens a mapping whose keys line up with "key".
                lines[self.position] = (indent + 2 + len(item) - len(stripped), stripped)
                items.append(self.mapping(lines[self.position][0], depth + 1))
            elif stripped.startswith("-") or not stripped:
                raise _Decline
            else:
                items.append(_scalar(stripped))
                self.position += 1
        return items


def _scalar(text: str) -> str | None:
    first = text[0]
    if first == '"':
        match = _DOUBLE_QUOTED.match(text)
        if match is None:
            raise _Decline
        value = match.group(1)
        return _ESCAPE.sub(_unescape, value) if "\\" in value else value
    if first in _NOT_PLAIN_START or (first in "-?:" and (len(text) == 1 or text[1] == " ")):
        raise _Decline
    if ": " in text or " #" in text or text.endswith(":"):
        raise _Decline
    return None if text in NULL_SCALARS else text


def _unescape(match: re.Match[str]) -> str:
    escape = match.group(1)
    simple = _SIMPLE_ESCAPES.get(escape)
    if simple is not None:
        return simple
    if len(escape) > 1:
        code = int(escape[1:], 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise _Decline
        return chr(code)
    raise _Decline
