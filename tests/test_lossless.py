"""The rules that keep real files whole: characters YAML refuses, null list
items, URLs copied out of HTML, and wiki sections of several paragraphs."""

from __future__ import annotations

import pytest

from seedcorpus import NewsArticle, ParseError, RepairConfig, WikiResource, parse_document
from seedcorpus._formats.news.reader import shield

from .conftest import DATA

NEWS = ("---\ncategory: news\ntitle: {title}\nexcerpt: x\n"
        "publishedDateTime: 2021-01-01T00:00:00Z\ntype: article\nprovider:\n  name: P\n"
        "{more}---\n")


def _news(title: str, more: str = "", **options: object) -> NewsArticle:
    article = parse_document(NEWS.format(title=title, more=more), **options)  # type: ignore[arg-type]
    assert isinstance(article, NewsArticle)
    return article


@pytest.mark.parametrize(("char", "repaired"), [
    ("\x97", "—"),        # C1: Windows-1252's em dash, decoded as Latin-1
    ("\x85", "…"),        # NEL: a C1 control, not a line break
    ("\x81", "\x81"),     # C1 that Windows-1252 leaves undefined: kept
    ("\x01", ""),         # C0 control: removed by ftfy's remove_control_chars
    ("\x1b", ""),         # ESC
    ("\x7f", ""),         # DEL
    ("\x0c", "\x0c"),     # form feed: ftfy keeps it
    ("\r", "\n"),         # a lone CR: a line break for ftfy, text for the reader
    ("\u2028", "\n"),     # LINE SEPARATOR, likewise
    ("\ufffe", "\ufffe"),  # a noncharacter: kept as written
])
@pytest.mark.parametrize("quoted", [True, False])
def test_each_character_yaml_refuses_is_read_as_itself_then_repaired(
        char: str, repaired: str, quoted: bool) -> None:
    value = f"a{char}b"
    title = f'"{value}"' if quoted else value
    assert _news(title, repair=False).title == value
    fixed = _news(title)
    assert fixed.title == f"a{repaired}b"
    assert [repair.field for repair in fixed.source.repairs] == (
        ["title"] if repaired != char else [])
    assert _news(title, repair=RepairConfig(fix_c1_controls=False, fix_encoding=False,
                                            remove_control_chars=False,
                                            fix_line_breaks=False,
                                            remove_terminal_escapes=False)).title == value


def test_a_lone_surrogate_cannot_reach_the_reader() -> None:
    # Bytes never decode to one; text holding one is refused before reading.
    with pytest.raises(ParseError, match="unpaired surrogate") as caught:
        _news('"a\ud800b"')
    assert caught.value.stage == "decode"


def test_lines_and_columns_are_counted_past_such_characters() -> None:
    more = "quality: \x85\u2028eighty\n"
    with pytest.raises(ParseError) as caught:
        _news('"\x97\r\u2029"', more)
    assert (caught.value.line, caught.value.column, caught.value.field) == (9, 10, "quality")


def test_stand_ins_are_characters_the_text_neither_holds_nor_escapes() -> None:
    text = 'a: "\x97 \ue000 \\ue001 \\U0000E002"\nb: "\x01"\n'
    shielded, restore = shield(text)
    assert restore is not None
    assert "\x97" not in shielded
    assert "\x01" not in shielded
    assert len(shielded) == len(text)
    stand_ins = set(shielded) - set(text)
    assert len(stand_ins) == 2
    assert not stand_ins & {"\ue000", "\ue001", "\ue002"}
    assert restore({"k": [shielded]}) == {"k": [text]}
    article = _news('"\x97 \\ue000 \ue001"', repair=False)
    assert article.title == "\x97 \ue000 \ue001"


def test_text_without_such_characters_is_read_as_it_is() -> None:
    assert shield("a: b\n") == ("a: b\n", None)


def test_null_items_in_related_articles_and_provider_images() -> None:
    more = ("related:\n  - title: R\n    images:\n      - ~\n      - url: u\n"
            "        width: 1\n        height: 2\n  -\n")
    article = _news("t", more)
    assert len(article.related) == 1
    assert article.related[0].images[0].url == "u"
    # A list's own null items first, then those of its items.
    assert [repair.field for repair in article.source.repairs] == [
        "related.1", "related.0.images.0"]


def test_null_items_are_dropped_without_repair_too() -> None:
    article = _news("t", "topics:\n  -\n  - a\n", repair=False)
    assert article.topics == ["a"]
    assert [repair.field for repair in article.source.repairs] == ["topics.0"]


def test_null_items_in_extra_are_kept_as_parsed() -> None:
    article = _news("t", "tags:\n  -\n  - a\n")
    assert article.extra == {"tags": [None, "a"]}
    assert article.source.repairs == []


@pytest.mark.parametrize(("url", "expected"), [
    ("https://x/?a=1&#038;b=2", "https://x/?a=1&b=2"),
    ("https://x/?a=1&amp;b=2", "https://x/?a=1&b=2"),
    ("https://x/?a=1&#x26;b=2", "https://x/?a=1&b=2"),
    ("https://x/?a=1&#X26;b=2", "https://x/?a=1&b=2"),
    ("https://x/?a=1&amp;amp;b=2", "https://x/?a=1&b=2"),   # escaped twice
    ("https://x/?a=1&copy=2", "https://x/?a=1&copy=2"),    # no ";": not a reference
    ("https://x/?a=1&nosuchname;b", "https://x/?a=1&nosuchname;b"),
    ("https://x/?q=%26amp;", "https://x/?q=%26amp;"),      # percent-encoded: left alone
    ("https://x/a b ", "https://x/a b "),                 # spaces kept
])
def test_references_in_urls_and_nothing_else_are_unescaped(url: str, expected: str) -> None:
    fixed, steps = RepairConfig().repair_url(url)
    assert fixed == expected
    assert steps == ([("apply", "unescape_urls")] if expected != url else [])
    assert RepairConfig().repair_url(fixed) == (fixed, [])  # idempotent
    assert RepairConfig(unescape_urls=False).repair_url(url) == (url, [])


def test_urls_are_kept_without_repair() -> None:
    more = 'webUrl: "https://x/?a=1&#038;b=2"\n'
    assert _news("t", more, repair=False).web_url == "https://x/?a=1&#038;b=2"
    assert _news("t", more).web_url == "https://x/?a=1&b=2"


def _wiki(name: str) -> WikiResource:
    page = parse_document((DATA / name).read_bytes())
    assert isinstance(page, WikiResource)
    return page


def test_abstract_summary_and_review_read_alike() -> None:
    page = _wiki("wiki_multi_paragraph_summary.txt")
    assert page.summary is not None
    # Four blocks: a paragraph, a line ending in ":" with its list, another
    # such line, and its bullets.
    assert page.summary.count("\n\n") == 3
    assert "To analyse this source I would need:" in page.summary
    assert page.extra_sections == {"Further Reading": (
        "The first paragraph of a section the parser does not know.\n\nIts second paragraph.")}
    assert page.review == "One reviewer wrote this.\n\nAnother added:\nSummary of changes"
