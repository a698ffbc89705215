"""What ftfy's mojibake pattern can match, and a cheaper test with its answers.

``ftfy.badness.is_bad(text)`` is ``bool(BADNESS_RE.search(text))``. The
pattern is an alternation of 37 short sequences that re tries one by one at
every position of the text: about 250 ns per character, 90 µs for a
380-character excerpt, and ftfy asks it up to three times per damaged string.

Read with re's own parser, the pattern tells two things that make the search
cheaper without changing its answer:

* every alternative needs one character from a class of non-ASCII characters,
  its anchor: text with none of them cannot match
  (:func:`mojibake_characters`);
* no match is longer than a few characters, and no alternative looks at
  anything but the characters it matches (no lookaround, no word boundary;
  ``^`` only at the start of the text), so a match lies within that many
  characters of an anchor character (:func:`search_reach`).

:func:`bad_text_test` searches the pattern only in those windows. Whatever the
analysis cannot vouch for gives ``None``, and callers keep ftfy's ``is_bad``.
tests/test_badness.py holds it to ``is_bad`` on any text.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from ftfy import badness

# The parser behind re: re._parser since Python 3.11, sre_parse before.
try:
    _sre_parse: Any = importlib.import_module("re._parser")
    sre_constants: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - Python 3.10
    _sre_parse = importlib.import_module("sre_parse")
    sre_constants = importlib.import_module("sre_constants")

_BADNESS = badness.BADNESS_RE
# Operators whose match depends only on the characters they consume, and the
# containers of such operators; AT is vetted on its own.
_LOCAL = frozenset(getattr(sre_constants, name) for name in (
    "LITERAL", "NOT_LITERAL", "IN", "ANY", "BRANCH", "SUBPATTERN", "MAX_REPEAT", "MIN_REPEAT"))
# Longer matches would make the windows too wide to gain anything.
_WIDEST = 64
# Anchors seen before deciding that they are dense.
_DENSE = 4


@cache  # each analysis below reads the same tree
def parsed(pattern: re.Pattern[Any]) -> Any:
    """``pattern`` as re's parser reads it (str and bytes patterns alike)."""
    return _sre_parse.parse(pattern.pattern, pattern.flags)


def _branches(pattern: re.Pattern[str]) -> list[Any] | None:
    """The alternatives of ``pattern`` as parsed by re, if it is one alternation."""
    try:
        [(operator, (_, branches))] = parsed(pattern).data
    except (ValueError, TypeError):
        return None
    return branches if operator is sre_constants.BRANCH else None


@cache  # one analysis per pattern and process
def mojibake_characters(pattern: re.Pattern[str] = _BADNESS) -> frozenset[int] | None:
    """Characters at least one of which every match of ``pattern`` holds.

    ``pattern`` (ftfy's ``BADNESS_RE`` unless given) is a list of
    alternatives, each needing somewhere one character from a class made only
    of non-ASCII characters; the smallest such class of each is collected.
    Text with none of them cannot match, so ``is_bad`` is false for it and
    ftfy's fix_encoding returns it at its first check. ``None`` if an
    alternative has no such class, or the pattern is not a plain alternation.
    """
    anchors = _anchors(pattern)
    return None if anchors is None else frozenset().union(*(chars for chars, _, _ in anchors))


@cache  # for mojibake_characters and search_reach alike
def _anchors(pattern: re.Pattern[str]) -> tuple[tuple[set[int], int, int], ...] | None:
    """Per alternative: its anchor's characters, and how many characters a
    match may hold before the anchor and from the anchor on."""
    branches = _branches(pattern)
    if branches is None:
        return None
    found = []
    for branch in branches:
        classes = [(len(chars), index, chars) for index, item in enumerate(branch.data)
                   if (chars := single_character(item)) is not None and min(chars) >= 0x80]
        if not classes:
            return None
        _, index, chars = min(classes, key=lambda entry: entry[:2])
        before = _sre_parse.SubPattern(branch.state, branch.data[:index]).getwidth()[1]
        after = _sre_parse.SubPattern(branch.state, branch.data[index:]).getwidth()[1]
        found.append((chars, before, after))
    return tuple(found)


def single_character(item: tuple[Any, Any]) -> set[int] | None:
    """The characters a one-character item of a parsed pattern matches, if a known set."""
    operator, argument = item
    if operator is sre_constants.LITERAL:
        return {argument}
    if operator is not sre_constants.IN:
        return None
    chars: set[int] = set()
    for member, value in argument:
        if member is sre_constants.LITERAL:
            chars.add(value)
        elif member is sre_constants.RANGE:
            chars.update(range(value[0], value[1] + 1))
        else:  # a negated class or a category: not a known set
            return None
    return chars or None


@cache
def search_reach(pattern: re.Pattern[str] = _BADNESS) -> tuple[int, int] | None:
    """How far from an anchor character a match of ``pattern`` may reach.

    ``(before, after)``: every match lies within ``[at - before, at + after)``
    for the position ``at`` of one of its anchor characters. That a match
    found in such a slice (``search(text, start, end)``) is a match of the
    whole text, and the other way round, needs every operator to decide on
    the characters it consumes alone. ``^`` qualifies without MULTILINE,
    since it then matches at the start of the text alone, wherever the search
    starts. ``None`` if some operator is not local (lookaround, ``\\b``,
    ``$``, backreferences...), if a match may be longer than ``_WIDEST``
    characters, or if the pattern has no anchors (:func:`mojibake_characters`).
    """
    anchors = _anchors(pattern)
    if pattern.flags & re.MULTILINE or anchors is None:
        return None
    tree = parsed(pattern)
    if not _is_local(tree) or tree.getwidth()[1] > _WIDEST:
        return None
    return (max(before for _, before, _ in anchors), max(after for _, _, after in anchors))


def _is_local(subpattern: Any) -> bool:
    for operator, argument in subpattern.data:
        if operator is sre_constants.AT:
            if argument not in (sre_constants.AT_BEGINNING, sre_constants.AT_BEGINNING_STRING):
                return False
        elif operator not in _LOCAL:
            return False
        elif operator is sre_constants.BRANCH:
            if not all(_is_local(branch) for branch in argument[1]):
                return False
        elif operator is sre_constants.SUBPATTERN:
            if not _is_local(argument[-1]):
                return False
        elif operator in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and (
                not _is_local(argument[-1])):
            return False
    return True


def character_class(codes: Iterable[int]) -> re.Pattern[str]:
    """A pattern matching one character whose code point is among ``codes``."""
    runs: list[list[int]] = []
    for code in sorted(set(codes)):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    if not runs:
        return re.compile("(?!)")
    return re.compile("[" + "".join(f"\\U{start:08x}" if start == end
                                    else f"\\U{start:08x}-\\U{end:08x}"
                                    for start, end in runs) + "]")


@cache
def bad_text_test(pattern: re.Pattern[str] = _BADNESS) -> Callable[[str], bool] | None:
    """``lambda text: bool(pattern.search(text))``, searching near anchors only.

    Every match holds an anchor character and lies within ``before`` and
    ``after`` characters of it (:func:`search_reach`), so the pattern is
    searched in those windows only, merged where they overlap, in order, and
    no wider than ``_WIDEST`` so that a match near the start is found soon.
    Once anchors turn out dense (windows would cover the text anyway), the
    rest is searched whole, as ftfy does. ``None`` if the pattern does not
    allow this.
    """
    anchors = mojibake_characters(pattern)
    reach = search_reach(pattern)
    if anchors is None or reach is None:
        return None
    before, after = reach
    span = before + after
    find_anchors = character_class(anchors).finditer
    search = pattern.search

    def is_bad(text: str) -> bool:
        start, end = 0, -1  # the window being grown: none yet
        for count, anchor in enumerate(find_anchors(text), start=1):
            at = anchor.start()
            if count >= _DENSE and count * span > at:
                # Windows would cover the text anyway: search the rest whole.
                return search(text, start) is not None
            if at - before > end or end - start > _WIDEST:  # search the window so far
                if end >= 0 and search(text, start, end):
                    return True
                start = max(0, at - before)
            end = at + after
        return end >= 0 and search(text, start, end) is not None

    return is_bad
