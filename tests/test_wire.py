"""What a worker sends (_wire) gives the parent the plain path's answer.

A news document travels as the JSON text of its fields and is validated from
that text; these tests hold that to validating the fields themselves, on
every real, seed and hand-made file, on generated files, and on field values
of every kind JSON and Python validation might read differently.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core import to_json

from seedcorpus import Limits, NewsArticle, ParseError, RepairConfig, parse_document
from seedcorpus._accel.wire import pack, unpack
from seedcorpus._document import Prepared, prepare
from seedcorpus._formats import format_of
from seedcorpus._sources.archives import Blob
from seedcorpus._sources.remote import Remote
from seedcorpus.strategies import news_files, wiki_files

from .conftest import DATA, SEEDS, real_news_files
from .test_fast_paths import _mis_decoded, outcome

LIMITS = Limits()


def _sent(data: bytes | str) -> Any:
    """The document as a worker prepares it and the parent unpacks it;
    ``outcome`` gives it as ``parse_document`` does."""
    try:
        prepared = prepare(data, path=None, name="doc.md", repair=RepairConfig(),
                           limits=LIMITS)
    except ParseError as error:
        return str(error)
    item = Blob("doc.md", prepared.raw)  # what the parent can read again
    packed = pickle.loads(pickle.dumps(pack(prepared, item)))
    try:
        return unpack(packed, LIMITS, item)
    except ParseError as error:
        return str(error)


@pytest.mark.parametrize(
    "path", [*real_news_files(), *sorted(SEEDS.iterdir()),
             *(path for path in sorted(DATA.iterdir()) if path.suffix != ".json")],
    ids=lambda path: path.name)
def test_real_seed_and_hand_made_files(path: Path) -> None:
    data = path.read_bytes()
    assert _sent(data) == outcome(data)


@given(st.one_of(news_files(), wiki_files(), news_files().map(_mis_decoded)))
def test_generated_files(text: str) -> None:
    assert _sent(text) == outcome(text)


def _is_json_exact(value: Any) -> bool:
    if type(value) is dict:
        return all(type(key) is str and _is_json_exact(item) for key, item in value.items())
    if type(value) is list:
        return all(_is_json_exact(item) for item in value)
    return value is None or type(value) in (str, int, bool)


@pytest.mark.parametrize(
    "path", [*real_news_files(), *sorted(SEEDS.iterdir()), *sorted(DATA.glob("*.md"))],
    ids=lambda path: path.name)
def test_fields_sent_as_json_are_what_json_carries_exactly(path: Path) -> None:
    # The promise behind news's json_exact: both YAML loaders and provenance
    # build nothing else (dates, floats and tuples would change type).
    try:
        prepared = prepare(path.read_bytes(), path=None, name=path.name,
                           repair=RepairConfig(), limits=LIMITS)
    except ParseError:
        return
    # Only formats that promise it may send JSON (the wiki parser builds dates).
    assert _is_json_exact(prepared.fields) or not format_of(prepared.kind).json_exact


@given(news_files().map(_mis_decoded))
def test_generated_news_fields_are_what_json_carries_exactly(text: str) -> None:
    prepared = prepare(text, path=None, name=None, repair=RepairConfig(), limits=LIMITS)
    assert _is_json_exact(prepared.fields)


def _prepared(path: Path) -> Prepared:
    return prepare(path.read_bytes(), path=str(path), name=None, repair=RepairConfig(),
                   limits=LIMITS)


def test_news_goes_as_json_and_wiki_as_its_fields() -> None:
    for path in SEEDS.iterdir():
        prepared = _prepared(path)
        kind, fields, raw, where = pack(prepared, str(path))
        assert (kind, where) == (prepared.kind, str(path))
        assert isinstance(fields, bytes if format_of(kind).json_exact else dict)
        # JSON text leaves the bytes behind; the parent can read the file again.
        assert raw is (None if format_of(kind).json_exact else prepared.raw)
    assert format_of("news"). json_exact
    assert not format_of("wiki"). json_exact


def test_a_document_from_a_url_keeps_its_bytes() -> None:
    prepared = _prepared(SEEDS / "002_7ae3a81e5f7e2936.txt")
    assert pack(prepared, Remote("https://example.org/a.md"))[2] is prepared.raw


def test_a_lone_surrogate_goes_as_the_fields() -> None:
    # No loader builds one today (decoding and YAML refuse them, ftfy removes
    # them), but UTF-8, and so JSON text, could not hold one: such fields
    # would go as they are, and validate as they would in one process.
    data = (SEEDS / "002_7ae3a81e5f7e2936.txt").read_bytes()
    prepared = prepare(data, path=None, name=None, repair=RepairConfig(), limits=LIMITS)
    prepared.fields["title"] = "a \ud800 b"
    item = Blob("doc.md", data)
    packed = pack(prepared, item)
    assert packed[1] is prepared.fields
    assert packed[2] is prepared.raw
    assert unpack(packed, LIMITS, item).title == "a \ud800 b"


def test_a_validation_error_is_the_plain_paths_own() -> None:
    for name in ("err_news_nested_type.md", "err_news_quality_eighty.md",
                 "err_news_missing_title.md", "err_news_bad_date.md"):
        data = (DATA / name).read_bytes()
        prepared = prepare(data, path=None, name=name, repair=RepairConfig(), limits=LIMITS)
        item = Blob(name, data)
        packed = pack(prepared, item)
        assert isinstance(packed[1], bytes)
        assert packed[2] is None
        with pytest.raises(ParseError) as sent:
            unpack(packed, LIMITS, item)
        with pytest.raises(ParseError) as direct:
            parse_document(data, name=name)
        assert sent.value.stage == "validate"
        assert str(sent.value) == str(direct.value)


def _failing_file(tmp_path: Path) -> tuple[str, Any]:
    path = tmp_path / "err.md"
    path.write_bytes((DATA / "err_news_quality_eighty.md").read_bytes())
    return str(path), pack(_prepared(path), str(path))


def test_a_file_is_read_again_for_the_line_of_its_error(tmp_path: Path) -> None:
    path, packed = _failing_file(tmp_path)
    with pytest.raises(ParseError) as sent:
        unpack(packed, LIMITS, path)
    raw = _prepared(Path(path)).raw
    with pytest.raises(ParseError) as direct:  # as if the worker had sent the bytes
        unpack((*packed[:2], raw, packed[3]), LIMITS, path)
    assert sent.value.line is not None
    assert str(sent.value) == str(direct.value)


@pytest.mark.parametrize("change", ["edited", "removed"])
def test_a_file_changed_after_it_was_read_gets_its_error_without_a_line(
        tmp_path: Path, change: str) -> None:
    path, packed = _failing_file(tmp_path)
    with pytest.raises(ParseError) as before:
        unpack(packed, LIMITS, path)
    if change == "edited":
        Path(path).write_bytes(Path(path).read_bytes() + b"\nmore\n")
    else:
        Path(path).unlink()
    with pytest.raises(ParseError) as after:
        unpack(packed, LIMITS, path)
    assert (after.value.stage, after.value.field) == ("validate", before.value.field)
    assert (after.value.line, after.value.column) == (None, None)
    assert after.value.message == (f"{before.value.message} (the file changed while it "
                                   "was loaded, so the line is not known)")


# -- JSON and Python validation of the same values -------------------------------

_VALID: dict[str, Any] = {
    "source": {"path": None, "name": None, "seq": 7, "doc_id": "0123456789abcdef",
               "sha256": "0" * 64, "encoding": "utf-8", "newline": "\n", "repairs": []},
    "category": "news", "title": "T", "excerpt": "E", "type": "article",
    "publishedDateTime": "2021-11-25T15:44:00Z", "quality": "81", "heat": "-1",
    "published": "true", "provider": {"name": "P", "images": [
        {"url": "u", "width": "50", "height": "50", "isCached": "true"}]},
    "topics": ["AI"], "related": [{"title": "R", "publishedDateTime": "2021-04-13T18:29:00Z",
                                   "quality": "59"}],
    "body": "", "extra": {},
}
# Where a field's value can sit: (path of keys and indexes, name for the test id).
_SLOTS = [("publishedDateTime",), ("quality",), ("heat",), ("published",), ("title",),
          ("topics",), ("provider", "images", 0, "width"), ("provider", "images", 0, "isCached"),
          ("related", 0, "publishedDateTime"), ("related", 0, "quality"), ("source", "seq"),
          ("source", "newline"), ("source", "sha256"), ("extra",), ("provider",)]
_SCALARS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["0", "-0", "1_000", " 12 ", "1e3", "12.0", "12.5", "0x1f", "9" * 25,
                     "true", "True", "yes", "off", "1", "0", "", "nan", "inf",
                     "2021-11-25", "2021-11-25T15:44:00", "2021-11-25T15:44:00+05:30",
                     "2021-11-25 15:44:00Z", "1637855057", "\n", "\r\n", "\u212a"]),
    st.integers(min_value=-(2**70), max_value=2**70),
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)


def _outcome(validate: Any) -> Any:
    try:
        return validate()
    except ValidationError:
        return "invalid"


def _with(data: Any, slot: tuple[str | int, ...], value: Any) -> Any:
    """``data`` with ``value`` at ``slot``; as it is if an earlier change removed the slot."""
    if not slot:
        return value
    head = slot[0]
    if not ((isinstance(data, dict) and head in data)
            or (isinstance(data, list) and isinstance(head, int) and head < len(data))):
        return data
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[slot[0]] = _with(data[slot[0]], slot[1:], value)
    return copy


@given(st.lists(st.tuples(st.sampled_from(_SLOTS), _VALUES), max_size=3))
def test_validating_json_text_gives_what_validating_the_values_gives(
        changes: list[tuple[tuple[str | int, ...], Any]]) -> None:
    data = _VALID
    for slot, value in changes:
        data = _with(data, slot, value)
    from_python = _outcome(lambda: NewsArticle.model_validate(data))
    from_json = _outcome(lambda: NewsArticle.model_validate_json(to_json(data)))
    assert from_json == from_python


def test_the_valid_example_is_valid() -> None:
    # Without this, the property above could compare two failures throughout.
    article = NewsArticle.model_validate(_VALID)
    assert NewsArticle.model_validate_json(to_json(_VALID)) == article
