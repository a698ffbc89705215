"""Every real news file beside the project loads, with no mojibake left."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import pytest
import yaml
from pydantic import BaseModel

from seedcorpus import NewsArticle, load_corpus, parse_document

from .conftest import needs_shared, real_news_files

# Sequences that UTF-8 text decoded as Windows-1252 or Latin-1 leaves behind.
MOJIBAKE = re.compile("â€|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|&#0?\\d+;|&amp;|&quot;")


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
    assert len(files) >= 70
    corpus = load_corpus(files)  # on_error="raise": any failure fails the test
    assert len(corpus) == len(files)
    for article in corpus.news:
        dumped = article.model_dump(exclude={"source", "secured", "original_url", "web_url",
                                             "amp_web_url", "cdn_amp_web_url"})
        for text in _texts(dumped):
            assert not MOJIBAKE.search(text), (article.source.name, text)


@needs_shared
@pytest.mark.parametrize("path", real_news_files(), ids=lambda path: path.name[:40])
def test_real_news_file_agrees_with_python_frontmatter(path: Path) -> None:
    reference = frontmatter.loads(path.read_text(encoding="utf-8"))
    article = parse_document(path.read_bytes(), repair=False)
    assert isinstance(article, NewsArticle)
    assert_agrees(article, reference.metadata, reference.content)


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
