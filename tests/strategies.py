"""Hypothesis strategies for valid documents, with awkward text in every field."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hypothesis import strategies as st

from seedcorpus import (
    CachedContent,
    CitingPage,
    DataStatus,
    Image,
    NewsArticle,
    Provider,
    RelatedArticle,
    RepairConfig,
    SourceInfo,
    WikiResource,
)
from seedcorpus._wiki import ENTITY_TYPES, KNOWN_LABELS

_REPAIR = RepairConfig()

SOURCE = SourceInfo(path=None, name=None, seq=None, doc_id=None, sha256="0" * 64,
                    encoding="utf-8", newline="\n")

AWKWARD = ["Summary", "Resource ID: 0123456789abcdef", "---", "key: value", '"quoted"',
           "it's", "no", "10:00", "~", "null", "- item", "#", "中文の記事", "Ελληνικά",
           "😀 emoji", "“curly” — dash", "x\\y", "tab\there", "a: b: c"]

_characters = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))


def _clean(text: str) -> str:
    return _REPAIR.repair(text)[0]


def _repaired(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text that the default repair leaves alone, so that it survives a round trip."""
    return text.map(_clean).filter(lambda value: _clean(value) == value)


words = _repaired(st.one_of(st.sampled_from(AWKWARD), st.text(_characters, max_size=30)))
"""Any one-line text, awkward on purpose."""

line = _repaired(st.one_of(st.sampled_from(AWKWARD), st.text(_characters, min_size=1,
                                                             max_size=40))).filter(
    lambda value: value.strip() != "" and "\n" not in value)
"""One line with something visible on it."""

_MARKDOWN_HEADINGS = {"Author", "Authors", "Credibility Rating", "Data Status", "Metadata",
                      "Abstract", "Summary", "Key Points", "Review", "Cached Content Preview"}
_CITED = re.compile(r"Cited by \d+ pages?")

paragraph = line.filter(lambda value: value not in _MARKDOWN_HEADINGS
                        and not _CITED.fullmatch(value))
"""A one-line paragraph that cannot be mistaken for a section heading of a wiki page."""

prose = st.lists(paragraph, min_size=1, max_size=3).map("\n\n".join)

datetimes = st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 1, 1),
                         timezones=st.just(dt.timezone.utc))
dates = st.dates(min_value=dt.date(1000, 1, 1))
ints = st.integers(min_value=-(2**63), max_value=2**63)
urls = st.text(_characters, max_size=60)
optional_url = st.none() | urls

_json_leaf = st.none() | words
extra_values = st.recursive(_json_leaf, lambda children: st.lists(children, max_size=3)
                            | st.dictionaries(words, children, max_size=3), max_leaves=8)


def _extra(known: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(words.filter(lambda key: key not in known), extra_values,
                           max_size=2)


# Keyword arguments of builds() are the models' aliases: that is how pydantic
# names the parameters of __init__.
images = st.builds(Image, url=urls, width=ints, height=ints,
                   isCached=st.none() | st.booleans(), title=st.none() | words,
                   extra=_extra({"url", "width", "height", "isCached", "title"}))
providers = st.builds(Provider, name=words, domain=st.none() | words,
                      images=st.lists(images, max_size=2),
                      extra=_extra({"name", "domain", "images"}))
related = st.builds(
    RelatedArticle, title=words, excerpt=st.none() | words,
    publishedDateTime=st.none() | datetimes, webUrl=optional_url, ampWebUrl=optional_url,
    cdnAmpWebUrl=optional_url, type=st.none() | words, provider=st.none() | providers,
    quality=st.none() | ints, images=st.lists(images, max_size=2),
    extra=_extra({"title", "excerpt", "publishedDateTime", "webUrl", "ampWebUrl",
                  "cdnAmpWebUrl", "type", "provider", "quality", "images"}))

_NEWS_KEYS = {info.alias or name for name, info in NewsArticle.model_fields.items()}
body = _repaired(st.text(_characters | st.just("\n"), max_size=80)).map(str.strip)

news_articles = st.builds(
    NewsArticle, source=st.just(SOURCE), category=words, title=words, excerpt=words,
    publishedDateTime=datetimes, originalUrl=optional_url, webUrl=optional_url,
    ampWebUrl=optional_url, cdnAmpWebUrl=optional_url, type=words,
    quality=st.none() | ints, heat=st.none() | ints, published=st.none() | st.booleans(),
    provider=providers, topics=st.lists(words, max_size=3),
    images=st.lists(images, max_size=2), related=st.lists(related, max_size=2),
    secured=st.none() | urls, body=body, extra=_extra(_NEWS_KEYS))

citing_pages = st.builds(
    CitingPage, title=line, entity_type=st.none() | st.sampled_from(ENTITY_TYPES),
    quality=st.none() | st.floats(min_value=0, max_value=100).map(abs))

_preview_text = st.lists(st.one_of(st.sampled_from(["", " ", "Summary", "Resource ID: x",
                                                    "Cached Content Preview", "  • point"]),
                                   st.text(_characters, max_size=20)), max_size=6).map("\n".join)


@st.composite
def cached_contents(draw: st.DrawFn) -> CachedContent:
    truncated = draw(st.booleans())
    text = draw(_preview_text.filter(lambda value: not re.search(
        r"\n\n\.\.\. \(truncated, \d+ KB total\)\Z", value)))
    return CachedContent(http_status=draw(st.integers(100, 599)),
                         fetched_on=draw(dates), size_kb=draw(st.integers(0, 10**6)),
                         text=text, truncated=truncated,
                         total_kb=draw(st.integers(0, 10**6)) if truncated else None)


_heading = st.from_regex(r"[A-Z][a-z]{2,12}( [A-Z][a-z]{2,12})?", fullmatch=True).filter(
    lambda value: value not in _MARKDOWN_HEADINGS)


@st.composite
def wiki_resources(draw: st.DrawFn) -> WikiResource:
    importance = draw(st.none() | st.integers(0, 100))
    summary = draw(st.none() | paragraph)
    extra_sections = draw(st.dictionaries(_heading, paragraph.map(lambda text: text + "."),
                                          max_size=2)) if summary else {}
    return WikiResource(
        source=SOURCE,
        resource_id=draw(st.from_regex(r"[0-9a-f]{16}", fullmatch=True)),
        stable_id=draw(st.none() | st.from_regex(r"sid_[A-Za-z0-9]{10}", fullmatch=True)),
        title=draw(line.filter(lambda value: value != "Cached Content Preview")),
        resource_type=draw(st.sampled_from(["web", "paper", "blog", "report", "government"])),
        description=draw(st.none() | paragraph),
        authors=draw(st.lists(paragraph, max_size=3)),
        credibility_rating=draw(st.none() | paragraph),
        data_status=draw(st.none() | st.builds(
            DataStatus, status=st.sampled_from(["Full text fetched", "Metadata only",
                                                "Not fetched"]),
            fetched_on=st.none() | dates)),
        importance=importance,
        labels=draw(st.lists(st.sampled_from(KNOWN_LABELS), max_size=3))
        if importance is not None else [],
        abstract=draw(st.none() | prose) if summary else None,
        summary=summary,
        key_points=draw(st.lists(words.filter(lambda value: "\n" not in value), max_size=3)),
        review=draw(st.none() | prose),
        cited_by=draw(st.lists(citing_pages, max_size=3)),
        cached_content=draw(st.none() | cached_contents()),
        extra_sections=extra_sections,
    )


documents = st.one_of(news_articles, wiki_resources())
