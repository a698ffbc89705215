"""End to end, the shortcuts never change an answer.

Each document is parsed twice: as seedcorpus does it, and the plain way, with
every shortcut of ``_accel`` switched off (the full YAML loader instead of the
fast reader, ftfy on every string, pydantic's own fields sets) and each field
pattern walked on its own. Both must give equal documents, or the same error.
(CI also runs the whole suite with ``SEEDCORPUS_PURE=1``.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seedcorpus import ParseError, _accel, _repair, parse_document
from seedcorpus._repair.fields import Found
from seedcorpus._types import FieldPattern
from seedcorpus.strategies import news_files, wiki_files

from .conftest import DATA, SEEDS, real_news_files
from .test_fields import reference as one_pattern_at_a_time


@contextmanager
def plain_paths() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for switch in ("FASTYAML", "SETTLED", "WIRE", "FIELDSETS"):
            patch.setattr(_accel, switch, False)
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
