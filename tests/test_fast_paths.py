"""End to end, the fast paths never change an answer.

Each document is parsed twice: as seedcorpus does it, and the plain way, with
every fast path switched off: the full YAML loader instead of the fast reader,
ftfy's own code on every string and every pass instead of the repair shortcuts
and the copy of fix_and_explain with cheaper checks (_fastfix), and each
field pattern walked on its own. Both must give equal documents, or the same
error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from seedcorpus import ParseError, RepairConfig, _news, _repair, parse_document
from seedcorpus._decode import _decode_text, _position, decode
from seedcorpus._fields import FieldPattern, Found
from seedcorpus.strategies import news_files, wiki_files

from .conftest import DATA, SEEDS, real_news_files
from .test_fields import reference as one_pattern_at_a_time


@contextmanager
def plain_paths() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_news, "load_simple", lambda text, max_depth: None)
        patch.setattr(RepairConfig, "repair", RepairConfig.repair_with_ftfy)
        patch.setattr(_repair, "find_strings", _one_pattern_at_a_time)
        yield


def _one_pattern_at_a_time(data: dict[str, Any],
                           patterns: tuple[FieldPattern, ...]) -> list[Found]:
    """What ``find_strings`` finds, the plain way, already in pattern order."""
    return [(0, container, key, where[:-1])
            for container, key, where in one_pattern_at_a_time(data, patterns)]


def outcome(data: bytes | str) -> Any:
    try:
        return parse_document(data, name="doc.md")
    except ParseError as error:
        return str(error)


def assert_same_answer(data: bytes | str) -> None:
    fast = outcome(data)
    with plain_paths():
        plain = outcome(data)
    assert fast == plain


@pytest.mark.parametrize(
    "path", [*real_news_files(), *sorted(SEEDS.iterdir()),
             *(path for path in sorted(DATA.iterdir()) if path.suffix != ".json")],
    ids=lambda path: path.name)
def test_real_seed_and_hand_made_files(path: Path) -> None:
    assert_same_answer(path.read_bytes())


def _mis_decoded(text: str) -> str:
    """The whole file as UTF-8 read as Windows-1252: mojibake in every field."""
    return text.encode("utf-8").decode("cp1252", "replace")


@given(st.one_of(news_files(), wiki_files(), news_files().map(_mis_decoded),
                 wiki_files().map(_mis_decoded)))
def test_generated_and_damaged_files(text: str) -> None:
    assert_same_answer(text)


_CLOSING_LINE = re.compile(r"^---[ \t]*$", re.MULTILINE)  # what the format says, plainly
SPLIT_PIECES = st.lists(st.sampled_from(["---", "--", "-", "\n", " ", "\t", "x", "\r", "\n---"]),
                        max_size=20).map("".join)


@given(st.sampled_from(["---\n", "--- \t\n", "---", "--- "]), SPLIT_PIECES)
def test_the_closing_line_is_found_where_the_plain_pattern_finds_it(opening: str,
                                                                    rest: str) -> None:
    text = opening + rest
    start = _news._OPEN.match(text)
    assume(start is not None)
    assert start is not None
    found = _news._CLOSE.search(text, start.end() - 1)
    plain = _CLOSING_LINE.search(text, start.end())
    assert (found and found.span(1)) == (plain and plain.span())


def _plain_decode(data: bytes) -> tuple[str, str, str] | tuple[int, int]:
    """decode(), searching the decoded text for NUL and CRLF: (line, column) of a NUL."""
    text, encoding = _decode_text(data, None)
    if "\0" in text:
        return _position(text, text.find("\0"))
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n"), encoding, newline


TEXT_WITH_NULS_AND_NEWLINES = st.lists(
    st.one_of(st.sampled_from(["\0", "\r", "\n", "\r\n", "\u0d0a", "\u0a0d", "\u0100"]),
              st.text(max_size=5)), max_size=12).map("".join)


@given(st.one_of(
    st.binary(max_size=40),
    st.tuples(TEXT_WITH_NULS_AND_NEWLINES,
              st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"]))
    .map(lambda pair: pair[0].encode(pair[1], "replace")),
))
def test_decode_finds_nul_and_crlf_where_the_plain_search_of_the_text_does(data: bytes) -> None:
    try:
        expected = _plain_decode(data)
    except ParseError:
        with pytest.raises(ParseError, match="not valid"):
            decode(data)
        return
    if len(expected) == 2:
        with pytest.raises(ParseError, match="NUL") as caught:
            decode(data)
        assert (caught.value.line, caught.value.column) == expected
    else:
        found = decode(data)
        assert (found.text, found.encoding, found.newline) == expected
