"""Exports: records, JSON Lines (lossless), Arrow/pandas/Hugging Face with one fixed schema."""

from __future__ import annotations

import builtins
import csv
import json
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seedcorpus import (
    Corpus,
    NewsArticle,
    WikiResource,
    arrow_schema,
    json_schema,
    load_corpus,
)
from seedcorpus._export import write_csv
from seedcorpus._optional import require
from seedcorpus.strategies import documents

from .conftest import needs_shared, real_news_files


def test_records_are_json_ready_with_explicit_nulls_and_stable_keys() -> None:
    records = load_corpus().to_records()
    assert json.loads(json.dumps(records)) == records
    news, _, wiki = records
    assert news["published_at"] == "2021-04-14T12:55:00Z"
    assert wiki["cached_content"]["fetched_on"] == "2026-04-07"
    assert wiki["abstract"] is None
    assert list(news) == list(NewsArticle.model_fields)
    assert list(wiki) == list(WikiResource.model_fields)


def test_jsonl_round_trip_loses_nothing(tmp_path: Path) -> None:
    corpus = load_corpus()
    path = tmp_path / "corpus.jsonl"
    assert corpus.to_jsonl(path) == 3
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
    assert list(Corpus.from_jsonl(path)) == list(corpus)


@settings(max_examples=30)
@given(st.lists(documents(), max_size=4))
def test_jsonl_round_trip_of_generated_documents(docs: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "out.jsonl"
        Corpus(docs).to_jsonl(path)
        assert list(Corpus.from_jsonl(path)) == docs


@needs_shared
def test_real_corpus_exports_to_every_format(tmp_path: Path) -> None:
    corpus = load_corpus(real_news_files())
    corpus.to_jsonl(tmp_path / "news.jsonl")
    assert list(Corpus.from_jsonl(tmp_path / "news.jsonl")) == list(corpus)
    table = corpus.to_arrow()
    assert table.num_rows == len(corpus)
    assert table.schema == arrow_schema()
    assert corpus.to_pandas()["title"].tolist() == [article.title for article in corpus]
    assert corpus.to_hf_dataset()["web_url"] == [article.web_url for article in corpus]


def test_arrow_schema_never_depends_on_what_was_loaded() -> None:
    everything = load_corpus()
    only_news = Corpus(everything.news)
    only_wiki = Corpus(everything.wiki)
    for corpus in (everything, only_news, only_wiki, Corpus()):
        assert corpus.to_arrow().schema == arrow_schema()
    table = everything.to_arrow()
    assert table.column("kind").to_pylist() == ["news", "news", "wiki"]
    assert table.schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("quality").type == pa.int64()
    assert table.column("importance").to_pylist() == [None, None, 28]
    assert table.column("extra").to_pylist()[:2] == ["{}", "{}"]
    assert table.column("extra_sections").to_pylist()[2] == []


def test_pandas_and_hugging_face() -> None:
    corpus = load_corpus()
    frame = corpus.to_pandas()
    assert list(frame.columns) == arrow_schema().names
    assert frame["title"].tolist() == [doc.title for doc in corpus]
    dataset = corpus.to_hf_dataset()
    assert dataset.num_rows == 3
    assert dataset.features.arrow_schema.names == arrow_schema().names
    assert dataset[2]["cited_by"] == [{"title": "AI Value Lock-in", "entity_type": "Risk",
                                       "quality": 64.0}]


def test_a_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    monkeypatch.setattr("importlib.import_module", no_pyarrow)
    with pytest.raises(ImportError, match=r"pip install 'seedcorpus\[arrow\]'"):
        require("pyarrow", "arrow", "Corpus.to_arrow")


def test_json_schema() -> None:
    news = json_schema("news")
    assert news["title"] == "NewsArticle"
    assert "published_at" in news["properties"]
    assert json_schema("wiki")["title"] == "WikiResource"
    assert set(json_schema()["discriminator"]["mapping"]) == {"news", "wiki"}
    with pytest.raises(ValueError, match="no format of kind 'blog': the kinds are news, wiki"):
        json_schema("blog")  # type: ignore[arg-type]


def test_csv_has_every_column_and_json_for_nested_values(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert write_csv(load_corpus(), path) == 3
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(dict.fromkeys([*NewsArticle.model_fields,
                                                *WikiResource.model_fields]))
    assert json.loads(rows[0]["topics"]) == ["AI"]
    assert rows[2]["importance"] == "28"
    assert rows[0]["importance"] == ""


def test_pandas_dtypes_never_depend_on_what_was_loaded() -> None:
    everything = load_corpus()
    dtypes = list(everything.to_pandas().dtypes)
    assert list(Corpus().to_pandas().dtypes) == dtypes
    assert list(Corpus(everything.wiki).to_pandas().dtypes) == dtypes
    assert str(everything.to_pandas()["published"].dtype) == "boolean"
