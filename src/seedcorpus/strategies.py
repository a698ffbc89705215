"""Hypothesis strategies for seedcorpus documents and files.

Use them to property-test code that consumes seedcorpus models:

```python
from hypothesis import given
from seedcorpus.strategies import news_articles

@given(news_articles())
def test_my_indexer(article):
    assert my_indexer(article).title == article.title
```

Every strategy generates only valid documents, with awkward text on purpose
(quotes, colons, ``---``, lines such as ``Summary`` or ``Resource ID:``,
non-Latin scripts, emoji), and every generated document survives
``parse_document(dumps(doc))`` unchanged apart from ``source``. Text fields are
already repaired (they are fixed points of the default `RepairConfig`).

Needs hypothesis (``pip install seedcorpus[strategies]``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - exercised without hypothesis only
    raise ImportError("seedcorpus.strategies needs hypothesis: "
                      "pip install 'seedcorpus[strategies]'") from error

from . import _formats as formats
from ._document import dumps
from ._formats.news import Image, NewsArticle, Provider, RelatedArticle
from ._formats.wiki import CachedContent, CitingPage, DataStatus, WikiResource
from ._formats.wiki.reader import ENTITY_TYPES, KNOWN_LABELS, PREVIEW, section_heading
from ._models import Document, SourceInfo
from ._repair import RepairConfig

__all__ = ["documents", "news_articles", "news_files", "wiki_files", "wiki_resources"]

_REPAIR = RepairConfig()

_SOURCE = SourceInfo(path=None, name=None, seq=None, doc_id=None, sha256="0" * 64,
                    encoding="utf-8", newline="\n")

_AWKWARD = ["Summary", "Resource ID: 0123456789abcdef", "---", "key: value", '"quoted"',
           "it's", "no", "10:00", "~", "null", "- item", "#", "中文の記事", "Ελληνικά",
           "😀 emoji", "“curly” — dash", "x\\y", "tab\there", "a: b: c"]

_characters = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))


def _clean(text: str) -> str:
    return _REPAIR.repair(text)[0]


def _repaired(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text that the default repair leaves alone, so that it survives a round trip."""
    return text.map(_clean).filter(lambda value: _clean(value) == value)


_words = _repaired(st.one_of(st.sampled_from(_AWKWARD), st.text(_characters, max_size=30)))
"""Any one-_line text, awkward on purpose."""

_line = _repaired(st.one_of(st.sampled_from(_AWKWARD), st.text(_characters, min_size=1,
                                                             max_size=40))).filter(
    lambda value: value.strip() != "" and "\n" not in value)
"""One line with something visible on it."""


def _not_a_heading(value: str) -> bool:
    """Whether a wiki parser would read ``value``, alone on its line, as text."""
    return section_heading(value) is None and value != PREVIEW


_paragraph = _line.filter(_not_a_heading)
"""A one-line paragraph that cannot be mistaken for a section heading of a wiki page."""

# Lines that markdown prose on a real page holds: a sentence that ends in a
# colon, list items, a line that looks like a heading but is not a known one.
_PROSE_LINES = ["Would you like to:", "To analyse this source I would need:",
                "1. the full article text", "2. its publication date", "- a bullet",
                "  • a point", "Further reading", "Summary of changes"]
_prose_line = st.one_of(st.sampled_from(_PROSE_LINES), _line).filter(lambda line: line != PREVIEW)
_block = st.one_of(_paragraph, st.lists(_prose_line, min_size=2, max_size=3).map("\n".join))
"""A paragraph or a list: lines with no blank line between them, not a heading alone."""

_prose = st.lists(_block, min_size=1, max_size=4).map("\n\n".join)
"""Markdown text as the site renders Abstract, Summary and Review: blocks
separated by one blank line."""

_datetimes = st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 1, 1),
                         timezones=st.just(dt.timezone.utc))
_dates = st.dates(min_value=dt.date(1000, 1, 1))
_ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)
_urls = st.text(_characters, max_size=60)
_optional_url = st.none() | _urls

_json_leaf = st.none() | _words
_extra_values = st.recursive(_json_leaf, lambda children: st.lists(children, max_size=3)
                            | st.dictionaries(_words, children, max_size=3), max_leaves=8)


def _extra(known: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(_words.filter(lambda key: key not in known), _extra_values,
                           max_size=2)


# Keyword arguments of builds() are the models' aliases: that is how pydantic
# names the parameters of __init__.
_images = st.builds(Image, url=_urls, width=_ints, height=_ints,
                   isCached=st.none() | st.booleans(), title=st.none() | _words,
                   extra=_extra({"url", "width", "height", "isCached", "title"}))
_providers = st.builds(Provider, name=_words, domain=st.none() | _words,
                      images=st.lists(_images, max_size=2),
                      extra=_extra({"name", "domain", "images"}))
_related = st.builds(
    RelatedArticle, title=_words, excerpt=st.none() | _words,
    publishedDateTime=st.none() | _datetimes, webUrl=_optional_url, ampWebUrl=_optional_url,
    cdnAmpWebUrl=_optional_url, type=st.none() | _words, provider=st.none() | _providers,
    quality=st.none() | _ints, images=st.lists(_images, max_size=2),
    extra=_extra({"title", "excerpt", "publishedDateTime", "webUrl", "ampWebUrl",
                  "cdnAmpWebUrl", "type", "provider", "quality", "images"}))

_NEWS_KEYS = {info.alias or name for name, info in NewsArticle.model_fields.items()}
_body = _repaired(st.text(_characters | st.just("\n"), max_size=80)).map(str.strip)

_news_articles = st.builds(
    NewsArticle, source=st.just(_SOURCE), category=_words, title=_words, excerpt=_words,
    publishedDateTime=_datetimes, originalUrl=_optional_url, webUrl=_optional_url,
    ampWebUrl=_optional_url, cdnAmpWebUrl=_optional_url, type=_words,
    quality=st.none() | _ints, heat=st.none() | _ints, published=st.none() | st.booleans(),
    provider=_providers, topics=st.lists(_words, max_size=3),
    images=st.lists(_images, max_size=2), related=st.lists(_related, max_size=2),
    secured=st.none() | _urls, body=_body, extra=_extra(_NEWS_KEYS))

_citing_pages = st.builds(
    CitingPage, title=_line, entity_type=st.none() | st.sampled_from(ENTITY_TYPES),
    quality=st.none() | st.floats(min_value=0, max_value=100).map(abs))

_preview_text = st.lists(st.one_of(st.sampled_from(["", " ", "Summary", "Resource ID: x",
                                                    "Cached Content Preview", "  • point"]),
                                   st.text(_characters, max_size=20)), max_size=6).map("\n".join)


@st.composite
def _cached_contents(draw: st.DrawFn) -> CachedContent:
    truncated = draw(st.booleans())
    text = draw(_preview_text.filter(lambda value: not re.search(
        r"\n\n\.\.\. \(truncated, \d+ KB total\)\Z", value)))
    return CachedContent(http_status=draw(st.integers(100, 599)),
                         fetched_on=draw(_dates), size_kb=draw(st.integers(0, 10**6)),
                         text=text, truncated=truncated,
                         total_kb=draw(st.integers(0, 10**6)) if truncated else None)


_heading = st.from_regex(r"[A-Z][a-z]{2,12}( [A-Z][a-z]{2,12})?", fullmatch=True).filter(
    _not_a_heading)


@st.composite
def _wiki_resources(draw: st.DrawFn) -> WikiResource:
    importance = draw(st.none() | st.integers(0, 100))
    description = draw(st.none() | _paragraph)
    authors = draw(st.lists(_paragraph, max_size=3))
    credibility_rating = draw(st.none() | _paragraph)
    data_status = draw(st.none() | st.builds(
        DataStatus, status=st.sampled_from(["Full text fetched", "Metadata only",
                                            "Not fetched"]),
        fetched_on=st.none() | _dates))
    key_points = draw(st.lists(_words.filter(lambda value: "\n" not in value), max_size=3))
    cited_by = draw(st.lists(_citing_pages, max_size=3))
    # Unknown sections read back as such only after a section of one block
    # (dumps puts them there): not after Abstract, Summary or Review.
    room_for_extra = (key_points or description is not None or authors or cited_by
                      or credibility_rating is not None or data_status is not None
                      or importance is not None)
    extra_sections = draw(st.dictionaries(_heading, _paragraph.map(lambda text: text + "."),
                                          max_size=2)) if room_for_extra else {}
    return WikiResource(
        source=_SOURCE,
        resource_id=draw(st.from_regex(r"[0-9a-f]{16}", fullmatch=True)),
        stable_id=draw(st.none() | st.from_regex(r"sid_[A-Za-z0-9]{10}", fullmatch=True)),
        title=draw(_line.filter(lambda value: value != PREVIEW)),
        resource_type=draw(st.sampled_from(["web", "paper", "blog", "report", "government"])),
        description=description,
        authors=authors,
        credibility_rating=credibility_rating,
        data_status=data_status,
        importance=importance,
        labels=draw(st.lists(st.sampled_from(KNOWN_LABELS), max_size=3))
        if importance is not None else [],
        abstract=draw(st.none() | _prose),
        summary=draw(st.none() | _prose),
        key_points=key_points,
        review=draw(st.none() | _prose),
        cited_by=cited_by,
        cached_content=draw(st.none() | _cached_contents()),
        extra_sections=extra_sections,
    )


def news_articles() -> st.SearchStrategy[NewsArticle]:
    """Valid `NewsArticle` documents (``source`` is a placeholder for in-memory input)."""
    return _news_articles


def wiki_resources() -> st.SearchStrategy[WikiResource]:
    """Valid `WikiResource` documents."""
    return _wiki_resources()


def documents() -> st.SearchStrategy[Document]:
    """Documents of every registered format that has a strategy: news and
    wiki, and any other whose `strategy` gives one."""
    built_in = {"news": news_articles, "wiki": wiki_resources}
    found = [built_in[format_.kind]() if format_.kind in built_in else format_.strategy()
             for format_ in formats.registered()]
    return st.one_of([strategy for strategy in found if strategy is not None])


def news_files() -> st.SearchStrategy[str]:
    """The text of valid news files (what `seedcorpus.dumps` writes)."""
    return news_articles().map(dumps)


def wiki_files() -> st.SearchStrategy[str]:
    """The text of valid wiki pages."""
    return wiki_resources().map(dumps)
