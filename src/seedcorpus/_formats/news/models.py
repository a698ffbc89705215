"""The models of news articles (Jekyll-style front matter)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..._models import Document, Int64, Model, UtcDatetime, empty
from .post import to_post

if TYPE_CHECKING:
    import frontmatter


class Image(Model):
    url: str
    width: Int64
    height: Int64
    is_cached: bool | None = Field(default=None, alias="isCached")
    title: str | None = None
    extra: dict[str, Any] = empty(dict)
    """Every key of this mapping that the model does not name, as parsed."""


class Provider(Model):
    name: str
    domain: str | None = None
    images: list[Image] = empty(list)
    extra: dict[str, Any] = empty(dict)
    """Every key of this mapping that the model does not name, as parsed."""


class RelatedArticle(Model):
    title: str
    excerpt: str | None = None
    published_at: UtcDatetime | None = Field(default=None, alias="publishedDateTime")
    web_url: str | None = Field(default=None, alias="webUrl")
    amp_web_url: str | None = Field(default=None, alias="ampWebUrl")
    cdn_amp_web_url: str | None = Field(default=None, alias="cdnAmpWebUrl")
    type: str | None = None
    provider: Provider | None = None
    quality: Int64 | None = None
    images: list[Image] = empty(list)
    extra: dict[str, Any] = empty(dict)
    """Every key of this mapping that the model does not name, as parsed."""


class NewsArticle(Document):
    """A news article: Jekyll-style YAML front matter and a Markdown body."""

    kind: Literal["news"] = "news"
    category: str
    title: str
    excerpt: str
    published_at: UtcDatetime = Field(alias="publishedDateTime")
    original_url: str | None = Field(default=None, alias="originalUrl")
    web_url: str | None = Field(default=None, alias="webUrl")
    amp_web_url: str | None = Field(default=None, alias="ampWebUrl")
    cdn_amp_web_url: str | None = Field(default=None, alias="cdnAmpWebUrl")
    type: str
    quality: Int64 | None = None
    heat: Int64 | None = None
    published: bool | None = None
    provider: Provider
    topics: list[str] = empty(list)
    images: list[Image] = empty(list)
    related: list[RelatedArticle] = empty(list)
    secured: str | None = None
    """Opaque ``<base64 ciphertext>;<base64 IV>``, kept as written."""
    body: str = ""
    """The Markdown after the front matter, without surrounding whitespace."""
    extra: dict[str, Any] = empty(dict)
    """Every key of the front matter that the model does not name, as parsed."""

    def to_post(self) -> frontmatter.Post:
        """This article as a python-frontmatter ``Post``: the front matter as
        `seedcorpus.dumps` writes it (the file's keys, string values) as its
        metadata, the body as its content. ``seedcorpus.frontmatter.from_post``
        reads it back. Needs ``seedcorpus[frontmatter]``."""
        return to_post(self)
