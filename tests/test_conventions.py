"""The Python conventions users bring from json, python-frontmatter, pandas and
Hugging Face: what a slice, a filter, a repr, a hash, ``load``/``loads`` and
the ``from_*`` constructors give."""

from __future__ import annotations

import os
import pickle
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import seedcorpus
from seedcorpus import (
    Corpus,
    CorpusIterator,
    NewsArticle,
    ParseError,
    WikiResource,
    iter_corpus,
    load,
    load_corpus,
    loads,
    parse_document,
)

from .conftest import DATA, SEEDS, needs_shared, real_news_files

NEWS = (DATA / "news_minimal.md").read_bytes()
BAD = (DATA / "err_news_quality_eighty.md").read_bytes()


# -- Corpus ----------------------------------------------------------------------------

def test_a_slice_and_a_filter_are_corpora() -> None:
    corpus = load_corpus()
    head = corpus[:2]
    assert isinstance(head, Corpus)
    assert list(head) == list(corpus)[:2]
    assert head.news == corpus.news
    assert corpus[::-1][0] == corpus[-1]
    assert corpus[5:] == Corpus()
    recent = corpus.filter(lambda document: document.kind == "news")
    assert isinstance(recent, Corpus)
    assert recent == corpus.news
    assert corpus.filter(lambda document: False) == Corpus()
    assert head.errors == ()  # the errors stay with the whole load


def test_views_are_computed_once_and_typed() -> None:
    corpus = load_corpus()
    assert corpus.news is corpus.news
    assert corpus.wiki is corpus.of_kind("wiki")
    assert all(isinstance(article, NewsArticle) for article in corpus.news)
    assert all(isinstance(page, WikiResource) for page in corpus.wiki)


def test_errors_are_a_tuple_everywhere(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_bytes(NEWS)
    (tmp_path / "bad.md").write_bytes(BAD)
    corpus = load_corpus(tmp_path, on_error="collect")
    assert isinstance(corpus.errors, tuple)
    with iter_corpus(tmp_path, on_error="collect") as documents:
        assert documents.errors == ()
        list(documents)
        assert isinstance(documents.errors, tuple)
        assert documents.errors == corpus.errors


def test_short_reprs() -> None:
    corpus = load_corpus()
    article, page = corpus.news[0], corpus.wiki[0]
    assert repr(article) == ("<NewsArticle b494c12b6cc522b8: 'The EU is considering a ban on AI "
                             "for mass surveillance and…'>")
    assert repr(page).startswith("<WikiResource 8fd1721e0a86d0cc: 'over 200 million")
    assert len(repr(article)) < 120
    assert repr(corpus) == "<Corpus: 2 news, 1 wiki, 0 errors>"
    iterator = iter_corpus()
    assert isinstance(iterator, CorpusIterator)
    assert repr(iterator) == ("<CorpusIterator of <the bundled seeds>: 0 documents, "
                              "0 errors so far, open>")
    list(iterator)
    assert repr(iterator).endswith(": 3 documents, 0 errors so far, closed>")
    unnamed = parse_document(NEWS)
    assert repr(unnamed) == "<NewsArticle <input>: 'Minimal article'>"


def test_frozen_documents_are_hashable_by_value() -> None:
    corpus = load_corpus()
    again = load_corpus()
    assert {*corpus} == {*again}
    assert len({*corpus, *again}) == 3
    assert hash(corpus[0]) == hash(again[0])
    assert hash(corpus[0]) != hash(corpus[1])
    assert pickle.loads(pickle.dumps(corpus[2])) in set(corpus)
    with pytest.raises(ValueError, match="frozen"):
        corpus[0].title = "changed"  # type: ignore[misc]


# -- from_* and to_*: every way out comes back ----------------------------------------

def _round_trips(corpus: Corpus[seedcorpus.Document], tmp_path: Path) -> None:
    assert Corpus.from_records(corpus.to_records()) == corpus
    assert Corpus.from_arrow(corpus.to_arrow()) == corpus
    assert Corpus.from_pandas(corpus.to_pandas()) == corpus
    corpus.to_parquet(tmp_path / "c.parquet")
    assert Corpus.from_parquet(tmp_path / "c.parquet") == corpus
    # pandas' own Parquet round trip, as docs/scaling.md recommends for Dask
    corpus.to_pandas().to_parquet(tmp_path / "p.parquet")
    assert Corpus.from_pandas(pd.read_parquet(tmp_path / "p.parquet")) == corpus
    corpus.to_jsonl(tmp_path / "c.jsonl")
    assert Corpus.from_jsonl(tmp_path / "c.jsonl") == corpus


def test_round_trips_of_the_seeds(tmp_path: Path) -> None:
    _round_trips(load_corpus(), tmp_path)


@needs_shared
def test_round_trips_of_the_real_corpora(tmp_path: Path) -> None:
    corpus = load_corpus(real_news_files())
    assert len(corpus) > 500
    _round_trips(corpus, tmp_path)


def test_pandas_columns_compare_as_users_expect() -> None:
    frame = load_corpus().to_pandas()
    recent = frame[frame.published_at > "2021-06-01"]
    assert list(recent.source.map(lambda source: source["doc_id"])) == ["7ae3a81e5f7e2936"]
    since = pd.Timestamp("2021-06-01", tz="UTC")
    assert list(frame[frame.published_at > since].title) == list(recent.title)
    assert str(frame.published_at.dtype) == "datetime64[us, UTC]"
    assert str(frame.title.dtype) == "string"
    assert str(frame.importance.dtype) == "Int64"
    assert frame.importance.isna().sum() == 2


def test_from_jsonl_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    load_corpus().to_jsonl(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1][: len(lines[1]) // 2], lines[2]]) + "\n",
                    encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        Corpus.from_jsonl(path)
    assert caught.value.path == str(path)
    assert caught.value.line == 2
    assert "not a record of a document" in str(caught.value)


def test_the_typed_exports_are_annotated() -> None:
    hints = {name: getattr(Corpus, name).__annotations__.get("return")
             for name in ("to_arrow", "to_pandas", "to_hf_dataset")}
    assert hints == {"to_arrow": "pyarrow.Table", "to_pandas": "pandas.DataFrame",
                     "to_hf_dataset": "datasets.Dataset"}


# -- one document: load and loads -----------------------------------------------------

def test_load_and_loads() -> None:
    path = SEEDS / "004_8fd1721e0a86d0cc.txt"
    document = load(path)
    assert document == load(str(path))
    assert document.source.path == str(path)
    text = path.read_bytes()
    assert loads(text).model_dump(exclude={"source"}) == document.model_dump(
        exclude={"source"})
    assert loads(text.decode("utf-8")) == parse_document(text.decode("utf-8"))


def test_load_names_the_file_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as caught:
        load(tmp_path / "missing.md")
    assert caught.value.stage == "read"
    assert caught.value.path == str(tmp_path / "missing.md")
    with pytest.raises(ParseError, match="directory"):
        load(tmp_path)


def test_parse_document_takes_text_only() -> None:
    with pytest.raises(TypeError, match=r"not PosixPath: to read a file, use seedcorpus.load"):
        parse_document(SEEDS / "004_8fd1721e0a86d0cc.txt")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not int"):
        parse_document(42)  # type: ignore[arg-type]
    hint = r"this text is the name of a file: to read it, use seedcorpus.load\('/"
    with pytest.raises(ParseError, match=hint):
        parse_document(str(SEEDS / "004_8fd1721e0a86d0cc.txt"))


def test_a_file_that_names_a_file_gets_no_hint(tmp_path: Path) -> None:
    # The hint is for text given in memory; a file's content is never a path to look at.
    (tmp_path / "pointer.txt").write_text(str(SEEDS / "004_8fd1721e0a86d0cc.txt"))
    with pytest.raises(ParseError) as caught:
        load(tmp_path / "pointer.txt")
    assert caught.value.stage == "detect"
    assert "seedcorpus.load" not in str(caught.value)


# -- load_corpus's arguments -----------------------------------------------------------

def test_no_source_is_the_seeds_and_none_is_an_error() -> None:
    assert len(load_corpus()) == 3
    with pytest.raises(TypeError, match="source is None"):
        load_corpus(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="source is None"):
        iter_corpus(None)  # type: ignore[arg-type]


def test_exclude_beside_pattern(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_bytes(NEWS)
    (tmp_path / "SOURCES.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# notes\n", encoding="utf-8")
    with pytest.raises(seedcorpus.CorpusError):
        load_corpus(tmp_path)
    assert len(load_corpus(tmp_path, exclude=["SOURCES.md", "README.md"])) == 2
    assert len(load_corpus(tmp_path, exclude="[RS]*.md")) == 2
    assert len(load_corpus(tmp_path, pattern="*.md", exclude="[A-Z]*")) == 2
    assert len(load_corpus(tmp_path, pattern=["a.md", "b.md"])) == 2
    assert len(list(iter_corpus(tmp_path, exclude="[RS]*"))) == 2
    # files a glob finds are chosen too; a file named on its own is read
    assert len(load_corpus(str(tmp_path / "*.md"), exclude="[RS]*")) == 1
    assert len(load_corpus(str(tmp_path / "**" / "*.md"), exclude="[RS]*")) == 2
    assert len(load_corpus([tmp_path / "a.md"], exclude="a.md")) == 1
    with pytest.raises(TypeError, match="exclude must be a glob"):
        load_corpus(tmp_path, exclude=[1])  # type: ignore[list-item]


def test_exclude_in_archives(tmp_path: Path) -> None:
    archive = tmp_path / "c.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("a.md", NEWS)
        bundle.writestr("SOURCES.md", "# notes\n")
    assert len(load_corpus(archive, exclude="SOURCES.md")) == 1


def test_non_utf8_names_load(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.md"
    with open(name, "wb") as file:
        file.write(NEWS)
    document = load_corpus(tmp_path)[0]
    assert document.source.path == os.fsdecode(name)
    assert document.model_dump(mode="json")["source"]["path"].endswith("caf\ufffdE9.md")
    assert load(os.fsdecode(name)) == document
