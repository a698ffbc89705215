"""A regular expression tried only where one of its matches can start.

Two of the byte patterns ftfy's fix_encoding runs over each text it
re-encodes, ``chardata.ALTERED_UTF8_RE`` (whether restore_byte_a0 applies)
and ``chardata.LOSSY_UTF8_RE`` (what replace_lossy_sequences replaces), are
alternations whose every branch begins with a class of bytes. re has no fast
scan for such a start (it has one for a literal or a single class), so it
tries each branch at every byte: 6 and 12 µs on a 300-byte excerpt, a
third of what ftfy spends on a damaged one.

Every match of either starts with one of a few bytes (UTF-8 lead bytes, and
0x1A for the lossy one), rare in re-encoded text. :class:`StartScan` finds
those with a one-class pattern, which re scans fast, and tries the pattern
at each of them alone. ``pattern.search(text)`` is the match at the first
position where ``pattern.match(text, position)`` succeeds, and no match can
succeed where no match can start, so the answers are the pattern's own.
Where the starts turn out dense, trying them one by one from Python would
cost more than re's own scan, and the pattern is run as it is.
tests/test_starts.py holds both methods to re's on any text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, AnyStr, Generic

from ._badness import parsed, single_character, sre_constants

# From this many starts, if they lie closer than this on average since the
# first, re's own scan is the cheaper one.
_DENSE = 8
_SPACING = 8


def match_starts(pattern: re.Pattern[Any]) -> frozenset[int] | None:
    """The characters (or bytes) one of which every match of ``pattern`` starts with.

    Read from re's parse of the pattern: an alternation, a group or a single
    character class (or literal) at its start. ``None`` where that is not
    a known set: a branch that can start otherwise, or match the empty
    string; case-insensitive matching.
    """
    if pattern.flags & re.IGNORECASE:
        return None
    return _starts(parsed(pattern))


def _starts(subpattern: Any) -> frozenset[int] | None:
    if not subpattern.data:
        return None  # matches the empty string, anywhere
    operator, argument = subpattern.data[0]
    if operator is sre_constants.BRANCH:
        found: set[int] = set()
        for branch in argument[1]:
            chars = _starts(branch)
            if chars is None:
                return None
            found |= chars
        return frozenset(found)
    if operator is sre_constants.SUBPATTERN:
        _, add_flags, _, inner = argument
        return None if add_flags & re.IGNORECASE else _starts(inner)
    single = single_character((operator, argument))
    return None if single is None else frozenset(single)


class StartScan(Generic[AnyStr]):
    """``pattern.search`` and ``pattern.sub``, with the pattern tried only at ``starts``.

    ``starts`` must hold the first character of every match
    (:func:`match_starts`).
    """

    pattern: re.Pattern[AnyStr]
    _match: Callable[[AnyStr, int], re.Match[AnyStr] | None]
    _find_starts: Callable[[AnyStr], Iterator[re.Match[AnyStr]]]

    def __init__(self, pattern: re.Pattern[AnyStr], starts: frozenset[int]) -> None:
        self.pattern = pattern
        self._match = pattern.match
        self._find_starts = _one_of(pattern, starts).finditer

    def search(self, string: AnyStr) -> re.Match[AnyStr] | None:
        """The match ``pattern.search(string)`` finds (its span and groups)."""
        for at, dense in self._starts_in(string):
            if dense:
                return self.pattern.search(string, at)  # no match starts earlier
            found = self._match(string, at)
            if found:
                return found
        return None

    def sub(self, replacement: AnyStr, string: AnyStr) -> AnyStr:
        """``pattern.sub(replacement, string)``."""
        if _is_template(replacement):
            return self.pattern.sub(replacement, string)  # re expands it
        pieces: list[AnyStr] = []
        end = 0
        for at, dense in self._starts_in(string):
            if dense:
                return self.pattern.sub(replacement, string)
            if at < end:
                continue  # inside the last match
            found = self._match(string, at)
            if found:
                pieces += (string[end:at], replacement)
                end = found.end()  # never empty: every match starts with a character
        if not pieces:
            return string
        pieces.append(string[end:])
        return string[:0].join(pieces)

    def _starts_in(self, string: AnyStr) -> Iterator[tuple[int, bool]]:
        """Where a match may start, in order, each with whether the starts have
        turned out dense by then; after the first dense one, nothing more."""
        first = -1
        for count, start in enumerate(self._find_starts(string), start=1):
            at = start.start()
            if first < 0:
                first = at
            elif count >= _DENSE and count * _SPACING > at - first:
                yield at, True
                return
            yield at, False


def _one_of(pattern: re.Pattern[AnyStr], codes: frozenset[int]) -> re.Pattern[AnyStr]:
    """A pattern of one character (or byte) among ``codes``, of ``pattern``'s kind."""
    source = pattern.pattern
    if isinstance(source, bytes):
        members = b"".join(re.escape(bytes([code])) for code in sorted(codes))
        return re.compile(b"[" + members + b"]" if members else b"(?!)")
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(codes)) + "]"
                      if codes else "(?!)")


def _is_template(replacement: AnyStr) -> bool:
    """Whether re would expand ``replacement`` (a backslash) rather than insert it."""
    if isinstance(replacement, bytes):
        return b"\\" in replacement
    return "\\" in replacement
