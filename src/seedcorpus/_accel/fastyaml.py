"""A fast reader for the plain subset of YAML that front matter is written in.

Real front matter is block mappings and sequences of keys, plain scalars and
double-quoted scalars, one per line. This module reads exactly that subset,
and declines (returns ``None``) the moment it sees anything else: flow
collections, single quotes, block scalars, comments, anchors, tags, tabs,
continuation lines, duplicate keys, deep nesting. The caller then uses the
full event-based loader (``_formats/news/yaml.py``), which is also what reports
every error, with its position.

One regular expression splits the text into lines and each line into its
parts (indent, ``- ``, key, value), in C; Python only assembles the result.
That takes a third of the time that examining each line in Python did, and
is a fifth of the time of PyYAML's libyaml loader (benchmarks/bench_yaml.py).

Whenever this returns a mapping, it is the mapping ``load_mapping`` returns;
tests/test_fastyaml.py checks that on real, generated and mutated files. On
the real development corpora it made loading 1.83 times as fast.
"""

from __future__ import annotations

import re
from typing import Any

# Plain scalars read as None: YAML's core schema nulls. Written out here, not
# shared with the full loader, so that the two readers stay independent; the
# tests hold each to PyYAML's own resolver.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def _printable(but: str = "") -> str:
    """A class of the printable characters the subset allows, except those in ``but``.

    Not allowed anywhere: tabs, control characters, YAML line breaks (\\x85,
    \\u2028, \\u2029, \\r), surrogates and the byte order mark; a line holding
    one is "any other line", which sends the text to the full loader.
    """
    ascii_part = "".join(re.escape(chr(code)) for code in range(0x20, 0x7F)
                         if chr(code) not in but)
    return f"[{ascii_part}\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"


_ANY = _printable()
_IN_QUOTES = _printable('"\\')
_NOT_SPACE = _printable(" ")
# What a plain scalar may start with: not a space, not an indicator, and "-",
# "?" or ":" only before something other than a space (the text always has a
# newline after a value).
_INDICATORS = "[]{}#&*!|>'\"%@`"
_PLAIN_START = rf"(?:{_printable(' -?:' + _INDICATORS)}|[-?:](?![ \n]))"
# A value is a double-quoted scalar, kept with its quotes (which tell the two
# kinds apart), or a plain scalar, trailing spaces not included. That a plain
# scalar holds neither ": " nor " #" and does not end in ":" is checked by
# _scalar: one substring search, where the expression would pay for an
# alternative at every space of a long line.
_VALUE = (rf'(?:"{_IN_QUOTES}*(?:\\{_ANY}{_IN_QUOTES}*)*"'
          rf"|{_PLAIN_START}(?:{_ANY}*{_NOT_SPACE}|))")
_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
# Every line ends with "\n" (load_simple adds one after the last). Optional
# parts are written as alternatives with an empty branch, and the blank line
# is tried after the indent, not before it: sre's general repeat (``(...)?``)
# saves and restores its groups at every line, and a blank line first meant
# every indent was read twice. A fifth less time than the plain form.
_LINE = re.compile(
    r"([ ]*)(?:"                                                    # 1 indent
    rf"({_KEY}):(?:[ ]+({_VALUE})|)[ ]*\n"                          # 2 key, 3 its value
    rf"|(-(?:[ ]+|(?=\n)))(?:({_KEY}):(?:[ ]+({_VALUE})|)|({_VALUE})|)[ ]*\n"  # 4 "- ", 5 key,
    r"|\n"                                                # 6 its value, or 7 the item's (or none)
    r"|([^\n]+)\n?)")                                               # 8 any other line: decline
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v",
                   "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "\\": "\\",
                   "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
# The fast path recurses once per level; deeper documents go to the iterative loader.
_MAX_DEPTH = 64

# One line: (indent, width of "- " or 0, key or "", value or "" for a key
# without one, column of its "- " or of its first character). An item
# "- key: value" is stored as the line "key: value" where "key" stands, with
# the width of its "- " kept to tell it apart.
_Line = tuple[int, int, str, str, int]
# After the last line: less indented than any, so every loop stops at it.
_END: _Line = (-1, 0, "", "", -1)


class _Decline(Exception):
    """The text is outside the subset; the full loader must read it."""


def load_simple(text: str, max_depth: int) -> dict[str, Any] | None:
    """The mapping in ``text``, or ``None`` if ``text`` is outside the subset."""
    lines: list[_Line] = []
    if not text.endswith("\n"):
        text += "\n"
    for indent, key, value, dash, item_key, item_value, item, other in _LINE.findall(text):
        if key:
            column = len(indent)
            lines.append((column, 0, key, value, column))
        elif dash:
            column, width = len(indent), len(dash)
            lines.append((column + width, width, item_key, item_value, column) if item_key
                         else (column, width, "", item, column))
        elif other:
            return None
    if not lines or lines[0][0] != 0 or lines[0][1]:
        return None
    lines.append(_END)
    reader = _Reader(lines, min(max_depth, _MAX_DEPTH))
    try:
        result = reader.mapping(0, 1)
    except _Decline:
        return None
    return result if lines[reader.position] is _END else None


class _Reader:
    __slots__ = ("lines", "max_depth", "position")

    def __init__(self, lines: list[_Line], max_depth: int) -> None:
        self.lines = lines
        self.max_depth = max_depth
        self.position = 0

    def mapping(self, indent: int, depth: int, item: bool = False) -> dict[str, Any]:
        """The keys at ``indent``; with ``item``, the first line is "- key: ..."."""
        if depth > self.max_depth:
            raise _Decline
        result: dict[str, Any] = {}
        lines = self.lines
        while True:
            line_indent, dash, key, value, column = lines[self.position]
            if dash and not (item and not result):
                if column < indent:
                    break  # the next item of an enclosing sequence
                raise _Decline
            if line_indent < indent:
                break
            if line_indent > indent or not key or key in result:
                raise _Decline
            self.position += 1
            result[key] = _scalar(value) if value else self.block(indent, depth)
        return result

    def block(self, key_indent: int, depth: int) -> Any:
        """The value of a key written with nothing after its colon."""
        line = self.lines[self.position]
        if line[1]:
            column = line[4]
            return self.sequence(column, depth + 1) if column >= key_indent else None
        if line[0] > key_indent:
            return self.mapping(line[0], depth + 1)
        return None

    def sequence(self, indent: int, depth: int) -> list[Any]:
        if depth > self.max_depth:
            raise _Decline
        items: list[Any] = []
        lines = self.lines
        while True:
            line = lines[self.position]
            if not line[1]:
                if line[0] > indent:
                    raise _Decline
                break
            column = line[4]
            if column < indent:
                break
            if column > indent:
                raise _Decline
            if line[2]:
                items.append(self.mapping(line[0], depth + 1, item=True))
            else:
                # "-" with nothing after it is a null item, unless a block
                # follows it, more indented: then the next line declines.
                items.append(_scalar(line[3]) if line[3] else None)
                self.position += 1
        return items


def _scalar(text: str) -> str | None:
    if text[0] == '"':
        value = text[1:-1]
        return _ESCAPE.sub(_unescape, value) if "\\" in value else value
    if ": " in text or " #" in text or text[-1] == ":":
        raise _Decline  # a mapping, a comment or a key: not a plain scalar
    return None if text in _NULLS else text


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
