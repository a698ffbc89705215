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
