"""The public API: its names, load_corpus's sources and error modes, Corpus, dumps."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path, PurePath

import pytest
from hypothesis import given
from hypothesis import strategies as st

import seedcorpus
from seedcorpus import (
    Corpus,
    CorpusError,
    Limits,
    NewsArticle,
    ParseError,
    RepairConfig,
    SeedCorpusError,
    SourceNotFoundError,
    WikiResource,
    _document,
    dumps,
    iter_corpus,
    load_corpus,
    parse_document,
)
from seedcorpus._corpus import LISTED_ERRORS
from seedcorpus._formats.news import quote

from .conftest import DATA, SEEDS

NEWS = (DATA / "news_minimal.md").read_bytes()
BAD = (DATA / "err_news_quality_eighty.md").read_bytes()


def test_public_names_are_pinned() -> None:
    assert seedcorpus.__all__ == [
        "CachedContent", "CitingPage", "Corpus", "CorpusError", "CorpusIterator",
        "DataStatus", "Document", "Format", "Image", "Limits", "NewsArticle", "ParseError",
        "Parsed", "Provider", "RelatedArticle", "Repair", "RepairConfig", "RepairStep",
        "SeedCorpusError", "SourceInfo", "SourceNotFoundError", "WikiResource",
        "__version__", "arrow_schema", "dumps", "iter_corpus", "json_schema", "load",
        "load_corpus", "loads", "parse_document", "register_format", "unregister_format",
    ]
    for name in seedcorpus.__all__:
        value = getattr(seedcorpus, name)
        if isinstance(value, type):  # classes come from the private modules
            assert value.__module__.startswith("seedcorpus._")


def _tree(root: Path) -> Path:
    (root / "b").mkdir(parents=True)
    (root / "a.md").write_bytes(NEWS)
    (root / "b" / "c.md").write_bytes(NEWS)
    (root / "b" / "d.txt").write_bytes((SEEDS / "004_8fd1721e0a86d0cc.txt").read_bytes())
    (root / ".hidden").mkdir()
    (root / ".hidden" / "e.md").write_bytes(BAD)
    (root / ".DS_Store").write_bytes(b"\0\0")
    return root


def test_directory_is_walked_recursively_in_sorted_order_skipping_hidden(tmp_path: Path) -> None:
    corpus = load_corpus(_tree(tmp_path))
    assert [Path(doc.source.path or "").relative_to(tmp_path).as_posix() for doc in corpus] == [
        "a.md", "b/c.md", "b/d.txt"]


def test_file_glob_iterable_and_pattern_sources(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    assert len(load_corpus(root / "a.md")) == 1
    assert len(load_corpus(str(root / "**" / "*.md"))) == 2
    assert len(load_corpus([root / "a.md", str(root / "b")])) == 3
    assert [doc.kind for doc in load_corpus(root, pattern="*.txt")] == ["wiki"]
    # In a list, globs expand and a missing path is that entry's error.
    mixed = load_corpus([str(root / "b" / "*.md"), root / "missing.md"], on_error="collect")
    assert [doc.source.name for doc in mixed] == ["c.md"]
    assert [(Path(e.path or "").name, e.stage) for e in mixed.errors] == [("missing.md", "read")]


def test_missing_path_raises_and_empty_directory_gives_empty_corpus(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFoundError) as caught:
        load_corpus(tmp_path / "nowhere")
    assert isinstance(caught.value, FileNotFoundError)
    assert isinstance(caught.value, SeedCorpusError)
    assert "nowhere" in str(caught.value)
    (tmp_path / "empty").mkdir()
    empty = load_corpus(tmp_path / "empty")
    assert len(empty) == 0
    assert empty.errors == ()
    assert len(load_corpus(str(tmp_path / "*.none"))) == 0


def test_bad_source_types_are_refused() -> None:
    with pytest.raises(TypeError):
        load_corpus(b"seeds")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        load_corpus([1])  # type: ignore[list-item]


def _mixed(tmp_path: Path) -> Path:
    (tmp_path / "1-good.md").write_bytes(NEWS)
    (tmp_path / "2-bad.md").write_bytes(BAD)
    (tmp_path / "3-good.md").write_bytes(NEWS)
    return tmp_path


def test_on_error_raise_lists_every_failure_and_keeps_the_loaded(tmp_path: Path) -> None:
    root = _mixed(tmp_path)
    (root / "4-bad.txt").write_bytes(b"")
    with pytest.raises(CorpusError) as caught:
        load_corpus(root)
    error = caught.value
    assert [Path(e.path or "").name for e in error.errors] == ["2-bad.md", "4-bad.txt"]
    assert error.corpus is not None
    assert len(error.corpus) == 2
    assert "2 documents failed to load" in str(error)
    assert "2-bad.md:7:10: validate: quality:" in str(error)


def test_a_corpus_error_message_lists_the_first_failures_and_counts_the_rest() -> None:
    errors = [ParseError(f"bad {index}", stage="detect", path=f"{index}.md")
              for index in range(LISTED_ERRORS + 5)]
    message = str(CorpusError(errors))
    assert message.startswith(f"{LISTED_ERRORS + 5} documents failed to load:\n  0.md:")
    assert f"{LISTED_ERRORS - 1}.md" in message
    assert f"{LISTED_ERRORS}.md" not in message
    assert message.endswith("  ... and 5 more (all are in .errors)")
    assert len(CorpusError(errors).errors) == LISTED_ERRORS + 5
    assert "more" not in str(CorpusError(errors[:LISTED_ERRORS]))


def test_on_error_collect_and_skip(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _mixed(tmp_path)
    collected = load_corpus(root, on_error="collect")
    assert len(collected) == 2
    assert [e.stage for e in collected.errors] == ["validate"]
    with caplog.at_level(logging.WARNING, logger="seedcorpus"):
        skipped = load_corpus(root, on_error="skip")
    assert len(skipped) == 2
    assert skipped.errors == ()
    assert "2-bad.md:7:10: validate" in caplog.text
    with pytest.raises(ValueError, match="on_error"):
        load_corpus(root, on_error="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="on_error"):
        iter_corpus(root, on_error="ignore")  # type: ignore[arg-type]


def test_iter_corpus_is_lazy_and_raises_after_yielding_every_document(tmp_path: Path) -> None:
    root = _mixed(tmp_path)
    iterator = iter_corpus(root)
    assert iter(iterator) is iterator
    assert next(iterator).title == "Minimal article"
    assert next(iterator).title == "Minimal article"  # the bad file in between was noted
    assert len(iterator.errors) == 1
    with pytest.raises(CorpusError) as caught:
        next(iterator)
    assert len(caught.value.errors) == 1
    collecting = iter_corpus(root, on_error="collect")
    assert len(list(collecting)) == 2
    assert len(collecting.errors) == 1
    skipping = iter_corpus(root, on_error="skip")
    assert len(list(skipping)) == 2
    assert skipping.errors == ()


def test_corpus_is_a_sequence_with_views() -> None:
    corpus = load_corpus()
    assert isinstance(corpus, Corpus)
    assert len(corpus) == 3
    assert isinstance(corpus[0], NewsArticle)
    assert isinstance(corpus[-1], WikiResource)
    assert corpus[:2] == corpus.news == corpus.of_kind("news")
    assert isinstance(corpus[:2], Corpus)
    assert list(corpus) == [*corpus.news, *corpus.wiki]
    assert corpus.news is corpus.news  # found once
    assert repr(corpus) == "<Corpus: 2 news, 1 wiki, 0 errors>"
    with pytest.raises(ValueError, match="no format of kind 'blog': the kinds are news, wiki"):
        corpus.of_kind("blog")
    assert corpus.index(corpus[1]) == 1


def test_repair_options() -> None:
    raw = (SEEDS / "002_7ae3a81e5f7e2936.txt").read_bytes()
    assert "agencyâ€™s" in parse_document(raw, repair=False).excerpt  # type: ignore[union-attr]
    unrepaired = parse_document(raw, repair=False)
    assert unrepaired.source.repairs == []
    entities = (DATA / "news_entities.md").read_bytes()
    kept = parse_document(entities, repair=RepairConfig(unescape_html=False))
    assert kept.title == "H&#038;M and Marks &amp; Spencer&#8217;s new AI"
    # URLs are unescaped by a setting of their own.
    assert [r.field for r in kept.source.repairs] == ["excerpt", "original_url"]
    urls_kept = parse_document(entities, repair=RepairConfig(unescape_urls=False))
    assert urls_kept.original_url == "https://example.com/?a=1&amp;b=2"  # type: ignore[union-attr]
    assert [r.field for r in urls_kept.source.repairs] == ["title", "excerpt", "provider.name"]
    with pytest.raises(TypeError, match="repair must be"):
        parse_document(entities, repair="yes")  # type: ignore[arg-type]


def test_repair_config_is_immutable_and_idempotent() -> None:
    config = RepairConfig()
    with pytest.raises(AttributeError):
        config.fix_encoding = False  # type: ignore[misc]
    once, steps = config.repair("The agencyâ€™s")
    assert once == "The agency’s"
    assert steps
    assert config.repair(once) == (once, [])


def test_parse_document_accepts_text_and_names() -> None:
    document = parse_document(NEWS.decode(), name="000_0123456789abcdef.txt")
    assert document.source.path is None
    assert document.source.seq == 0
    assert document.source.doc_id == "0123456789abcdef"
    anonymous = parse_document(NEWS)
    assert anonymous.source.name is None
    assert anonymous.source.doc_id is None
    with pytest.raises(ParseError, match="unpaired surrogate") as caught:
        parse_document("---\ntitle: \ud800\n---\n")
    assert caught.value.stage == "decode"
    assert str(caught.value).startswith("<input>: decode:")


@pytest.mark.parametrize(("name", "doc_id"), [
    ("report.md", "report"), ("a.tar.gz", "a.tar"), (".bashrc", ".bashrc"), ("a.", "a."),
    ("plain", "plain"), ("dir/sub/page.txt", "page"), ("dir/sub/", "sub"), ("x/.", "x"),
    ("000_0123456789abcdef.txt", "0123456789abcdef"),
])
def test_doc_id_is_the_seed_hash_or_the_file_stem(name: str, doc_id: str) -> None:
    assert parse_document(NEWS, name=name).source.doc_id == doc_id


@given(st.lists(st.sampled_from(["a", "b.c", ".", "..", "", ".d", "e.", "é"]),
                max_size=5).map("/".join))
def test_file_names_are_pathlibs(path: str) -> None:
    assert _document._file_name(path) == PurePath(path).name
    name = PurePath(path).name
    if not name.endswith("."):  # the one case Python 3.14's pathlib may read otherwise
        assert _document._stem(name) == PurePath(name).stem


def test_limits() -> None:
    with pytest.raises(ParseError, match="over the limit of 100 bytes") as caught:
        parse_document(NEWS, limits=Limits(max_bytes=100), name="x.md")
    assert caught.value.stage == "read"
    with pytest.raises(ParseError, match=r"nesting deeper than 1 level \(Limits.max_depth\)"):
        parse_document(NEWS, limits=Limits(max_depth=1))
    for bad in ({"max_bytes": 0}, {"max_depth": 0}, {"max_archive_bytes": -1}):
        with pytest.raises(ValueError, match="at least 1"):
            Limits(**bad)


@pytest.mark.parametrize("value", [100.5, 100.0, True, False, "100", None])
@pytest.mark.parametrize("name", ["max_bytes", "max_depth", "max_archive_bytes"])
def test_limits_are_positive_ints_and_nothing_else(name: str, value: object) -> None:
    with pytest.raises(TypeError, match=rf"Limits.{name} must be an int, not {value!r}"):
        Limits(**{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("depth", [33, 1001, 1_000_000])
def test_nesting_is_refused_at_max_depth_whatever_libyaml_refuses(depth: int) -> None:
    # libyaml from PyYAML 6.0.4 on refuses more than 1,000 levels while it
    # scans ahead, at the column where it gives up; the error must still be
    # ours, at the opening bracket of the level past Limits.max_depth.
    text = "---\na: " + "[" * depth + "\n---\n"
    with pytest.raises(ParseError) as caught:
        parse_document(text)
    assert str(caught.value) == ("<input>:2:35: parse: nesting deeper than 32 levels "
                                 "(Limits.max_depth)")


def test_a_max_depth_above_libyamls_own_is_honoured() -> None:
    nested = "[" * 1200 + "x" + "]" * 1200
    with pytest.raises(ParseError) as caught:
        parse_document(f"---\ncategory: {nested}\n---\n", limits=Limits(max_depth=1300))
    assert caught.value.stage == "validate"  # it was read: a list is no category


def test_parse_error_pickles_and_renames() -> None:
    error = ParseError("bad", stage="validate", path="a.md", line=3, column=4, field="title")
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) == "a.md:3:4: validate: title: bad"
    assert repr(again) == "ParseError('a.md:3:4: validate: title: bad')"
    assert str(error.with_path("b.md")) == "b.md:3:4: validate: title: bad"
    assert str(ParseError("m", stage="read", line=2)) == "<input>:2: read: m"


def test_dumps_round_trips_every_good_input() -> None:
    inputs = [*sorted(SEEDS.iterdir()),
              *(path for path in sorted(DATA.iterdir())
                if path.suffix != ".json" and not path.name.startswith("err_"))]
    for path in inputs:
        document = parse_document(path.read_bytes())
        again = parse_document(dumps(document))
        assert again.model_dump(exclude={"source"}) == document.model_dump(exclude={"source"})


def test_dumps_refuses_what_it_cannot_write_back() -> None:
    page = load_corpus().wiki[0]
    two_paragraphs = page.model_copy(update={"summary": "One.\n\nTwo."})
    assert parse_document(dumps(two_paragraphs)).summary == "One.\n\nTwo."  # type: ignore[union-attr]
    two_blank_lines = page.model_copy(update={"summary": "One.\n\n\nTwo."})
    with pytest.raises(ValueError, match=r"without changing summary$"):
        dumps(two_blank_lines)
    unknown_after_summary = page.model_copy(update={"key_points": [], "importance": None,
                                                    "labels": [], "description": None,
                                                    "cited_by": [],
                                                    "extra_sections": {"Notes": "text"}})
    with pytest.raises(ValueError, match=r"without changing"):
        dumps(unknown_after_summary)
    article = load_corpus().news[0]
    clash = article.model_copy(update={"extra": {"title": "again"}})
    with pytest.raises(ValueError, match=r"would not read back .*duplicate key 'title'"):
        dumps(clash)


def test_dumps_names_the_first_field_that_would_change() -> None:
    page = load_corpus().wiki[0]
    with pytest.raises(ValueError, match=r"without changing labels\.0$"):
        dumps(page.model_copy(update={"labels": ["aB", "c"]}))  # reads back as "a", "Bc"


def test_yaml_quoting_escapes_what_yaml_forbids() -> None:
    assert quote('a"b\\c\n\t') == '"a\\"b\\\\c\\n\\t"'
    assert quote("\x01\x85\u2028\ufeff\ufffe\U000e0001") == (
        '"\\x01\\N\\L\\uFEFF\\uFFFE' + "\U000e0001" + '"')
    assert quote("\U0010ffff\x7f") == '"' + "\U0010ffff" + '\\x7F"'
    article = load_corpus().news[0]
    odd = article.model_copy(update={"title": "\x01\x7f\x85\u2028\ufffe", "secured": "\x00"})
    again = parse_document(dumps(odd), repair=False)
    assert again.title == odd.title
    assert again.secured == "\x00"


def test_kept_failures_do_not_hold_their_files(tmp_path: Path) -> None:
    # A traceback's frames, or the exception a ParseError was raised while
    # handling, would keep each bad file's bytes alive in corpus.errors.
    (tmp_path / "a-bad-yaml.md").write_bytes(b"---\ntitle: [unclosed\n---\n" + b"x" * 1000)
    (tmp_path / "b-bad-bytes.md").write_bytes(b"---\ntitle: \x81\x8d\x8f\x90\x9d\n---\n")
    (tmp_path / "c-invalid.md").write_bytes(b"---\ntitle: t\n---\n")
    corpus = load_corpus(tmp_path, on_error="collect")
    iterator = iter_corpus(tmp_path, on_error="collect")
    assert list(iterator) == []
    for errors in (corpus.errors, iterator.errors):
        assert [error.stage for error in errors] == ["parse", "decode", "validate"]
        for error in errors:
            assert error.__traceback__ is None
            assert error.__context__ is None
            assert error.__cause__ is None
