"""Invariants, checked on generated input with hypothesis."""

from __future__ import annotations

import frontmatter
from hypothesis import example, given
from hypothesis import strategies as st

from seedcorpus import (
    NewsArticle,
    ParseError,
    RepairConfig,
    WikiResource,
    dumps,
    parse_document,
)
from seedcorpus.strategies import documents, news_articles, news_files, wiki_files

from .test_real_corpus import assert_agrees

REPAIR = RepairConfig()


@given(documents())
def test_dumps_then_parse_gives_the_same_document(document: NewsArticle | WikiResource) -> None:
    again = parse_document(dumps(document))
    assert again.model_dump(exclude={"source"}) == document.model_dump(exclude={"source"})


@given(st.binary(max_size=2000))
@example(b"---\n---\n")
@example(b"Skip to content\nResource ID: x")
@example(b"\xff\xfe" + "---\na: b\n---\n".encode("utf-16-le"))
def test_any_bytes_give_a_document_or_a_parse_error(data: bytes) -> None:
    try:
        document = parse_document(data)
    except ParseError as error:
        stage = error.stage  # either outcome is fine; any other exception fails
        assert stage in {"read", "decode", "detect", "split", "parse", "validate"}
    else:
        assert document.kind in {"news", "wiki"}


@given(st.text())
@example("The agencyâ€™s")
@example("H&#038;M &amp; co")
def test_repair_is_idempotent(text: str) -> None:
    once, _ = REPAIR.repair(text)
    assert REPAIR.repair(once) == (once, [])


# Text as a careful writer would produce it: ASCII without markup, correct
# typography, and scripts far from Latin-1 (letters such as "Ã" next to "ª"
# are exactly what mojibake looks like, so ftfy is right to touch them).
_CLEAN = st.text(st.one_of(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    st.sampled_from(" .,;:!?'\"()/-_"),
    st.sampled_from(list("“”‘’—–…€😀🎉")),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.characters(min_codepoint=0x0410, max_codepoint=0x044F),  # Cyrillic
    st.characters(min_codepoint=0x03B1, max_codepoint=0x03C9),  # Greek
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul
))


@given(_CLEAN)
@example("The agency’s “quoted” text — 中文 😀")
def test_repair_leaves_clean_text_unchanged(text: str) -> None:
    assert REPAIR.repair(text) == (text, [])


@given(news_articles())
def test_news_parsing_agrees_with_python_frontmatter(article: NewsArticle) -> None:
    text = dumps(article)
    reference = frontmatter.loads(text)
    ours = parse_document(text, repair=False)
    assert isinstance(ours, NewsArticle)
    assert_agrees(ours, reference.metadata, reference.content)


@given(news_files(), wiki_files())
def test_generated_files_parse(news: str, wiki: str) -> None:
    assert parse_document(news).kind == "news"
    assert parse_document(wiki).kind == "wiki"


# -- what real files hold: null list items, characters YAML refuses ------------

_NULL_ITEMS = ["  -", "  - ", "  - ~", "  - null"]


_TOPICS = st.lists(st.text(st.characters(min_codepoint=0x41, max_codepoint=0x5A), min_size=1),
                  min_size=1, max_size=4)


@given(news_articles(), _TOPICS, st.data())
def test_null_items_in_a_list_are_dropped_and_recorded(
        article: NewsArticle, topics: list[str], data: st.DataObject) -> None:
    lines = dumps(article.model_copy(update={"topics": topics})).split("\n")
    start = lines.index("topics:") + 1
    items = lines[start:start + len(topics)]
    nulls = data.draw(st.lists(st.sampled_from(_NULL_ITEMS), min_size=1, max_size=3))
    places = sorted(data.draw(st.lists(st.integers(0, len(items)), min_size=len(nulls),
                                       max_size=len(nulls))))
    for offset, (place, null) in enumerate(zip(places, nulls, strict=True)):
        items.insert(place + offset, null)
    lines[start:start + len(topics)] = items
    parsed = parse_document("\n".join(lines), repair=False)
    assert isinstance(parsed, NewsArticle)
    assert parsed.topics == topics
    dropped = [index for index, line in enumerate(items) if line in _NULL_ITEMS]
    assert [(repair.field, repair.original, [(s.action, s.parameter) for s in repair.steps])
            for repair in parsed.source.repairs] == [
        (f"topics.{index}", None, [("drop", "null_item")]) for index in dropped]


# Characters YAML refuses or reads as line breaks (and a few it allows), with
# text around them; no backslash or quote, so that the file can hold them raw
# in a double-quoted scalar.
_RAW = st.text(st.one_of(
    st.characters(min_codepoint=0x01, max_codepoint=0x1F, blacklist_characters="\n"),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from(["\u2028", "\u2029", "\ufffe", "\uffff", "\ufeff", "\ue000", "é", "’"]),
    st.sampled_from("abc XYZ.,:-#"),
), min_size=1, max_size=30)


@given(news_articles(), _RAW, _RAW)
def test_any_character_in_a_quoted_value_reads_as_itself(
        article: NewsArticle, title: str, excerpt: str) -> None:
    # What dumps writes, with two values written raw instead of escaped.
    lines = dumps(article).split("\n")
    lines[lines.index(next(line for line in lines if line.startswith("title: ")))] = (
        f'title: "{title}"')
    lines[lines.index(next(line for line in lines if line.startswith("excerpt: ")))] = (
        f'excerpt: "{excerpt}"')
    text = "\n".join(lines)
    raw = parse_document(text, repair=False)
    assert isinstance(raw, NewsArticle)
    assert (raw.title, raw.excerpt) == (title, excerpt)
    repaired = parse_document(text)
    assert isinstance(repaired, NewsArticle)
    assert repaired.title == REPAIR.repair(title)[0]
    assert repaired.excerpt == REPAIR.repair(excerpt)[0]
