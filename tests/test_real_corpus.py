"""Every real news file beside the project loads, loses nothing, and says what
python-frontmatter and ftfy say, except where a recorded repair explains why."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import frontmatter
import ftfy
import pytest
import yaml
from pydantic import BaseModel

from seedcorpus import NewsArticle, load_corpus, parse_document

from .conftest import GOLDEN, SHARED_DIABLO4, needs_shared, real_news_files

# Sequences that UTF-8 text decoded as Windows-1252 or Latin-1 leaves behind,
# and HTML character references.
MOJIBAKE = re.compile("â€|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|[\u0080-\u009f]|&#0?\\d+;|&amp;|&quot;")
# What ftfy does to the text fields by default (seedcorpus's RepairConfig).
FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False,
                            fix_character_width=False)


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


@needs_shared
def test_every_real_news_file_loads_without_mojibake() -> None:
    files = real_news_files()
    assert len(files) >= 570
    corpus = load_corpus(files)  # on_error="raise": any failure fails the test
    assert len(corpus) == len(files)
    # URLs are kept as written, references aside: one real URL's slug holds
    # "â€“" as the site published it.
    urls = {"original_url", "web_url", "amp_web_url", "cdn_amp_web_url", "url"}
    for article in corpus.news:
        dumped = _without(article.model_dump(exclude={"source", "secured"}), urls)
        for text in _texts(dumped):
            assert not MOJIBAKE.search(text), (article.source.name, text)


def _without(value: Any, keys: set[str]) -> Any:
    if isinstance(value, dict):
        return {key: _without(item, keys) for key, item in value.items() if key not in keys}
    if isinstance(value, list):
        return [_without(item, keys) for item in value]
    return value


@needs_shared
@pytest.mark.parametrize("path", real_news_files(), ids=lambda path: path.name[:48])
def test_real_news_file_agrees_with_python_frontmatter(path: Path) -> None:
    reference = frontmatter.loads(path.read_text(encoding="utf-8"))
    article = parse_document(path.read_bytes(), repair=False)
    assert isinstance(article, NewsArticle)
    assert_agrees(article, reference.metadata, reference.content)


@needs_shared
@pytest.mark.parametrize("path", real_news_files(), ids=lambda path: path.name[:48])
def test_real_news_file_agrees_with_frontmatter_and_ftfy_but_for_recorded_repairs(
        path: Path) -> None:
    reference = frontmatter.loads(path.read_text(encoding="utf-8"))
    article = parse_document(path.read_bytes())
    assert isinstance(article, NewsArticle)
    explained = assert_explained(article, reference.metadata, reference.content)
    # Every record explains a difference found: none is left over.
    assert sorted(explained) == sorted(repair.field for repair in article.source.repairs)


@needs_shared
@pytest.mark.parametrize("path", real_news_files(), ids=lambda path: path.name[:48])
def test_every_key_lands_in_a_typed_field_or_in_extra_once(path: Path) -> None:
    metadata = frontmatter.loads(path.read_text(encoding="utf-8")).metadata
    article = parse_document(path.read_bytes())
    _assert_every_key_placed(article, metadata, path.name)


def _assert_every_key_placed(model: BaseModel, mapping: dict[str, Any], where: str) -> None:
    fields = _by_alias(type(model))
    extra = getattr(model, "extra", {})
    typed = set(fields) | set(fields.values())
    assert not (set(extra) - {"extra"}) & typed, f"{where}: extra repeats a typed field"
    for key, value in mapping.items():
        if key not in fields:
            assert key in extra, f"{where}.{key} is neither typed nor in extra"
            continue
        ours = getattr(model, fields[key])
        if isinstance(ours, BaseModel):
            _assert_every_key_placed(ours, value, f"{where}.{key}")
        elif isinstance(ours, list) and ours and isinstance(ours[0], BaseModel):
            items = [item for item in value if item is not None]
            for index, (item, theirs) in enumerate(zip(ours, items, strict=True)):
                _assert_every_key_placed(item, theirs, f"{where}.{key}.{index}")


# -- the rules, written here again apart from the library's code ---------------

# The fields repaired as text (docs/news.md), by their path without list indices.
TEXT_FIELDS = {("category",), ("title",), ("excerpt",), ("type",), ("topics",),
               ("provider", "name"), ("images", "title"), ("provider", "images", "title"),
               ("related", "title"), ("related", "excerpt"), ("related", "type"),
               ("related", "provider", "name"), ("related", "images", "title"),
               ("related", "provider", "images", "title")}
URL_NAMES = {"original_url", "web_url", "amp_web_url", "cdn_amp_web_url", "url"}


def _unescape_url(url: str) -> str:
    """Complete HTML character references replaced, until none is left."""
    reference = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);")
    while True:
        again = reference.sub(lambda match: html.unescape(match.group()), url)
        if again == url:
            return url
        url = again


def _fix_text(text: str) -> str:
    """ftfy's fix_text, run until nothing changes (as repair is)."""
    fixed = ftfy.fix_text(text, FTFY)
    while (again := ftfy.fix_text(fixed, FTFY)) != fixed:
        fixed = again
    return fixed


def _expected(value: str, field: str) -> tuple[str, str | None]:
    """What the rules make of ``value`` at ``field``, and the kind of repair."""
    parts = tuple(part for part in field.split(".") if not part.isdigit())
    if parts[-1] in URL_NAMES:
        return _unescape_url(value), "url"
    if parts in TEXT_FIELDS:
        return _fix_text(value), "text"
    return value, None


def assert_explained(article: NewsArticle, metadata: dict[str, Any], content: str) -> list[str]:
    """Our repaired article is what python-frontmatter reads with the rules
    applied (ftfy on text fields, references unescaped in URLs, null items
    dropped), and each change is recorded in ``source.repairs`` with what
    was written; returns the fields whose records were checked."""
    records = {repair.field: repair for repair in article.source.repairs}
    used: list[str] = []

    def check_record(field: str, original: str | None, kind: str | None) -> None:
        record = records.get(field)
        assert record is not None, f"{field} changed without a record"
        assert record.original == original, field
        steps = [(step.action, step.parameter) for step in record.steps]
        if kind == "url":
            assert steps == [("apply", "unescape_urls")], field
        elif kind == "drop":
            assert steps == [("drop", "null_item")], field
        else:
            assert steps, field
            assert not {"unescape_urls", "null_item"} & {parameter for _, parameter in steps}
        used.append(field)

    def agree(ours: object, theirs: object, where: str) -> None:
        if isinstance(ours, BaseModel):
            assert isinstance(theirs, dict), where
            fields = _by_alias(type(ours))
            for key, value in theirs.items():
                if key in fields:
                    agree(getattr(ours, fields[key]), value, f"{where}{fields[key]}.")
                else:
                    assert ours.extra[key] == _as_strings(value), f"{where}{key}"
            return
        field = where.rstrip(".")
        if isinstance(ours, list):
            assert isinstance(theirs, list), field
            kept = []
            for index, item in enumerate(theirs):
                if item is None:
                    check_record(f"{field}.{index}", None, "drop")
                else:
                    kept.append(item)
            assert len(ours) == len(kept), field
            for index, (left, right) in enumerate(zip(ours, kept, strict=True)):
                agree(left, right, f"{field}.{index}.")
        elif isinstance(theirs, str):
            expected, kind = _expected(theirs, field)
            assert ours == expected, field
            if expected != theirs:
                check_record(field, theirs, kind)
        else:
            _agree(ours, theirs, field)

    agree(article, metadata, "")
    body = _fix_text(content)
    assert article.body == body
    if body != content:
        check_record("body", content, "text")
    return used


# -- python-frontmatter's reading, without repair -----------------------------


def assert_agrees(article: NewsArticle, metadata: dict[str, object], content: str) -> None:
    """Our unrepaired article says what YAML safe loading says, key by key."""
    dumped = article.model_dump(by_alias=True, exclude={"source", "kind", "body", "extra"})
    for key, value in metadata.items():
        if key not in dumped:
            assert article.extra[key] == _as_strings(value), key
            continue
        ours = getattr(article, _by_alias(type(article))[key])
        _agree(ours, value, key)
    for key, value in dumped.items():
        if key not in metadata:
            assert value in (None, []), key
    assert article.body == content


def _agree(ours: object, theirs: object, where: str) -> None:
    if isinstance(ours, BaseModel):
        assert isinstance(theirs, dict), where
        fields = _by_alias(type(ours))
        for key, value in theirs.items():
            if key in fields:
                _agree(getattr(ours, fields[key]), value, f"{where}.{key}")
            else:
                assert ours.extra[key] == _as_strings(value), f"{where}.{key}"
    elif isinstance(ours, list):
        assert isinstance(theirs, list), where
        theirs = [item for item in theirs if item is not None]  # null items are dropped
        assert len(ours) == len(theirs), where
        for index, (left, right) in enumerate(zip(ours, theirs, strict=True)):
            _agree(left, right, f"{where}.{index}")
    elif isinstance(theirs, (int, float, bool)) and isinstance(ours, str):
        # YAML 1.1 guessed a number or boolean where the model wants text.
        assert ours == str(theirs) or theirs == _yaml11(ours), where
    else:
        assert ours == theirs, where


def _by_alias(model: type[BaseModel]) -> dict[str, str]:
    return {info.alias or name: name for name, info in model.model_fields.items()}


def _yaml11(text: str) -> object:
    return yaml.safe_load(text)


def _as_strings(value: object) -> object:
    if isinstance(value, dict):
        return {key: _as_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_strings(item) for item in value]
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- goldens: the real files of news-diablo4 with null list items --------------

NULL_ITEM_GOLDENS = sorted((GOLDEN / "news-diablo4").glob("*.json"))


@needs_shared
@pytest.mark.parametrize("expected", NULL_ITEM_GOLDENS, ids=lambda path: path.stem[:48])
def test_real_files_with_null_list_items(expected: Path) -> None:
    golden = json.loads(expected.read_text(encoding="utf-8"))
    article = parse_document((SHARED_DIABLO4 / f"{expected.stem}.md").read_bytes())
    dumped = article.model_dump(mode="json")
    assert {key: dumped[key] for key in golden if key != "repairs"} == {
        key: value for key, value in golden.items() if key != "repairs"}
    assert dumped["source"]["repairs"] == golden["repairs"]


@needs_shared
def test_the_null_item_goldens_cover_every_real_file_with_one() -> None:
    with_null_items = {
        path.stem for path in real_news_files("news-diablo4")
        if any(item is None for item in frontmatter.loads(
            path.read_text(encoding="utf-8")).metadata.get("topics", []))}
    assert len(with_null_items) == 8
    assert {path.stem for path in NULL_ITEM_GOLDENS} == with_null_items
