"""A pattern tried only where a match can start: re's own answers, on any text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from ftfy import chardata
from hypothesis import example, given, settings
from hypothesis import strategies as st

from seedcorpus._starts import StartScan, match_starts


@pytest.mark.parametrize(("pattern", "starts"), [
    ("a", "a"),
    ("ab|cd", "ac"),
    ("[a-c]x|(?:d|e)y|f", "abcdef"),
    ("(a)b|(?P<x>[cd])", "acd"),
    ("a(?<=xa)b|c(?=d)", "ac"),  # what a match looks at around it is not its start
    ("(?<=x)ab|c", None),        # an assertion first: no character
    ("\\bd|c", None),
    ("", None),                  # the empty match starts anywhere
    ("a|", None),
    ("a?b", None),               # a repeat
    (".b", None),                # any character
    ("\\wb", None),              # a category
    ("[^a]b", None),             # a negated class
    ("^a", None),
    ("(?i)ab", None),            # case-insensitive: "A" starts a match too
    ("(?i:a)b", None),
    ("(?:)a", "a"),              # re drops the empty group
])
def test_match_starts_reads_the_pattern(pattern: str, starts: str | None) -> None:
    expected = None if starts is None else frozenset(map(ord, starts))
    assert match_starts(re.compile(pattern)) == expected


def test_match_starts_of_ftfys_byte_patterns() -> None:
    lossy = match_starts(chardata.LOSSY_UTF8_RE)
    altered = match_starts(chardata.ALTERED_UTF8_RE)
    assert lossy == frozenset({0x1A, *range(0xC2, 0xF5)})
    assert altered == frozenset({0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9, *range(0xE0, 0xE4), 0xF0})


# Patterns with starts, some of them looking at what lies around the match, so
# that trying them at a position must see the same context re's scan sees.
STR_PATTERNS = [
    "ab|c",
    "a(?<=xa)b|c",
    "a(?=b)|cb*",
    "a\\b|c\\B",
    "[ab]c|(?:c|a)a",
    "a(b)?|c",
]
BYTE_PATTERNS = [chardata.LOSSY_UTF8_RE, chardata.ALTERED_UTF8_RE,
                 *(re.compile(pattern.encode()) for pattern in STR_PATTERNS)]
STR_TEXTS = st.text(st.sampled_from("abcx -"), max_size=80) | st.tuples(
    st.text(st.sampled_from("abc"), max_size=6), st.integers(0, 200),
    st.text(st.sampled_from("abcx"), max_size=40)).map(
    lambda parts: parts[0] + " " * parts[1] + parts[2])  # sparse, then dense
# Bytes around the starts of ftfy's patterns: lead and continuation bytes,
# 0x1A, "?", spaces and ASCII.
_BYTES = [0x1A, 0x20, 0x3F, 0x61, 0x62, 0x63, 0x78, 0x80, 0x85, 0xA0, 0xA5, 0xB5, 0xBF,
          0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9, 0xE0, 0xE2, 0xE3, 0xED, 0xEF, 0xF0, 0xF4]
BYTE_TEXTS = st.lists(st.sampled_from(_BYTES), max_size=80).map(bytes) | st.tuples(
    st.lists(st.sampled_from(_BYTES), max_size=12).map(bytes), st.integers(0, 300),
    st.lists(st.sampled_from(_BYTES), max_size=40).map(bytes)).map(
    lambda parts: parts[0] + b" " * parts[1] + parts[2]) | st.binary(max_size=60)


def _scan(pattern: re.Pattern[Any]) -> StartScan[Any]:
    starts = match_starts(pattern)
    assert starts is not None
    return StartScan(pattern, starts)


def _same_match(found: re.Match[Any] | None, expected: re.Match[Any] | None) -> None:
    assert (found is None) == (expected is None)
    if found is not None and expected is not None:
        assert found.span() == expected.span()
        assert found.groups() == expected.groups()


@settings(max_examples=300)
@given(st.sampled_from(STR_PATTERNS), STR_TEXTS)
@example("ab|c", "c" * 30)               # dense from the start
@example("ab|c", "a" * 30 + "ab")        # dense starts that do not match, then one
@example("ab|c", " " * 100 + "c" * 30)   # dense after a sparse stretch
@example("a(?<=xa)b|c", "xab")
def test_search_and_sub_agree_with_re_on_text(source: str, text: str) -> None:
    pattern = re.compile(source)
    scan = _scan(pattern)
    _same_match(scan.search(text), pattern.search(text))
    assert scan.sub("<>", text) == pattern.sub("<>", text)
    assert scan.sub("[\\g<0>]", text) == pattern.sub("[\\g<0>]", text)  # a template


@settings(max_examples=300)
@given(st.sampled_from(BYTE_PATTERNS), BYTE_TEXTS)
@example(chardata.LOSSY_UTF8_RE, b"the agency\xe2\x80\x1as view \xe2\x80\x9cquoted\xe2\x80\x1a")
@example(chardata.ALTERED_UTF8_RE, b"voil\xc3 le travail")
@example(chardata.LOSSY_UTF8_RE, b"\xc3?" * 20)  # dense
@example(chardata.LOSSY_UTF8_RE, b"\xc3x" * 20 + b"\xc3?")
def test_search_and_sub_agree_with_re_on_bytes(pattern: re.Pattern[bytes], data: bytes) -> None:
    scan = _scan(pattern)
    _same_match(scan.search(data), pattern.search(data))
    replacement = "\ufffd".encode()  # what replace_lossy_sequences puts in
    assert scan.sub(replacement, data) == pattern.sub(replacement, data)
    assert scan.sub(b"\\g<0>!", data) == pattern.sub(b"\\g<0>!", data)


def test_text_without_a_start_is_returned_as_it_is() -> None:
    data = b"plain ASCII, nothing to replace"
    assert _scan(chardata.LOSSY_UTF8_RE).sub(b"?", data) is data


@pytest.mark.parametrize("text", ["any text", b"any bytes"])
def test_no_starts_means_no_match(text: str | bytes) -> None:
    scan: StartScan[Any] = StartScan(re.compile(text[:0]), frozenset())
    assert scan.search(text) is None
    assert scan.sub(text[:0], text) is text


def test_starts_end_at_the_first_dense_one() -> None:
    starts = list(_scan(re.compile("ab|c"))._starts_in("c" * 30))
    assert [dense for _, dense in starts] == [False] * 7 + [True]
    assert [at for at, _ in starts] == list(range(8))
