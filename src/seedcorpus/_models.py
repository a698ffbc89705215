"""The validated records seedcorpus produces (pydantic v2 models).

Models are immutable, use snake_case field names, and serialise to JSON with
``model_dump(mode="json")``. News models also accept the camelCase keys of the
front matter (``publishedDateTime``), which is how the parser feeds them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)


def _to_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.timezone.utc)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
"""A timezone-aware datetime, normalised to UTC."""

Int64 = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
"""An integer that fits the 64-bit columns of every export format."""
Size = Annotated[int, Field(ge=0, le=2**63 - 1)]


def _empty(factory: type[list[Any]] | type[dict[str, Any]]) -> Any:
    """An empty list or dict default, built by ``factory`` for each document.

    pydantic deep-copies a literal ``[]`` or ``{}`` default on every validation,
    which took a third of the time of validating a news article.
    """
    return Field(default_factory=factory, json_schema_extra={"default": factory()})


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        # Errors name the model's own fields, whatever key the file used.
        loc_by_alias=False,
    )


# -- provenance ---------------------------------------------------------------


class RepairStep(_Model):
    """One step of a repair: ftfy's own (``("encode", "sloppy-windows-1252")``,
    ``("apply", "unescape_html")``), ``("apply", "unescape_urls")`` for a URL,
    or ``("drop", "null_item")`` for a null list item."""

    action: str
    parameter: str


class Repair(_Model):
    """A value that loading changed: what it was, and how."""

    field: str
    """The field's location, e.g. ``excerpt`` or ``related.0.title``; for a
    dropped list item, its index in the file (``topics.0``)."""
    original: str | None
    """The value as written (``None`` for a dropped null item)."""
    steps: list[RepairStep]


class SourceInfo(_Model):
    """Where a document came from and what was done to its text."""

    path: str | None
    """The file read, or ``None`` for in-memory input."""
    name: str | None
    """The file name (or the name given to ``parse_document``)."""
    seq: int | None
    """The ``NNN`` of a ``NNN_<16 hex>.txt`` name."""
    doc_id: str | None
    """The 16-hex id of a ``NNN_<id>.txt`` name, else the name's stem."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the raw bytes (of the UTF-8 encoding, for ``str`` input)."""
    encoding: str
    newline: Literal["\n", "\r\n"]
    repairs: list[Repair] = _empty(list)


# -- news ---------------------------------------------------------------------


class Image(_Model):
    url: str
    width: Int64
    height: Int64
    is_cached: bool | None = Field(default=None, alias="isCached")
    title: str | None = None
    extra: dict[str, Any] = _empty(dict)
    """Every key of this mapping that the model does not name, as parsed."""


class Provider(_Model):
    name: str
    domain: str | None = None
    images: list[Image] = _empty(list)
    extra: dict[str, Any] = _empty(dict)
    """Every key of this mapping that the model does not name, as parsed."""


class RelatedArticle(_Model):
    title: str
    excerpt: str | None = None
    published_at: UtcDatetime | None = Field(default=None, alias="publishedDateTime")
    web_url: str | None = Field(default=None, alias="webUrl")
    amp_web_url: str | None = Field(default=None, alias="ampWebUrl")
    cdn_amp_web_url: str | None = Field(default=None, alias="cdnAmpWebUrl")
    type: str | None = None
    provider: Provider | None = None
    quality: Int64 | None = None
    images: list[Image] = _empty(list)
    extra: dict[str, Any] = _empty(dict)
    """Every key of this mapping that the model does not name, as parsed."""


class NewsArticle(_Model):
    """A news article: Jekyll-style YAML front matter and a Markdown body."""

    kind: Literal["news"] = "news"
    source: SourceInfo
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
    topics: list[str] = _empty(list)
    images: list[Image] = _empty(list)
    related: list[RelatedArticle] = _empty(list)
    secured: str | None = None
    """Opaque ``<base64 ciphertext>;<base64 IV>``, kept as written."""
    body: str = ""
    """The Markdown after the front matter, without surrounding whitespace."""
    extra: dict[str, Any] = _empty(dict)
    """Every key of the front matter that the model does not name, as parsed."""


# -- wiki ---------------------------------------------------------------------


class CitingPage(_Model):
    """A row of the "Cited by" table: a wiki page that cites the resource."""

    title: str
    entity_type: str | None
    quality: float | None = Field(ge=0, le=100, allow_inf_nan=False)


class CachedContent(_Model):
    """The "Cached Content Preview" block: the start of the fetched source."""

    http_status: int = Field(ge=100, le=599)
    fetched_on: dt.date
    size_kb: Size
    text: str
    """The preview exactly as stored (never repaired)."""
    truncated: bool
    total_kb: Size | None = None
    """The size given by the ``... (truncated, N KB total)`` line, if any."""

    @model_validator(mode="after")
    def _total_given_exactly_when_truncated(self) -> CachedContent:
        if self.truncated != (self.total_kb is not None):
            raise ValueError("total_kb is given exactly when the preview is truncated")
        return self


class DataStatus(_Model):
    """The "Data Status" block."""

    status: Literal["Full text fetched", "Metadata only", "Not fetched"]
    fetched_on: dt.date | None = None


class WikiResource(_Model):
    """A saved "resource" page of Longterm Wiki."""

    kind: Literal["wiki"] = "wiki"
    source: SourceInfo
    resource_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    stable_id: str | None = None
    title: str
    resource_type: str
    description: str | None = None
    authors: list[str] = _empty(list)
    credibility_rating: str | None = None
    data_status: DataStatus | None = None
    importance: int | None = Field(default=None, ge=0, le=100)
    labels: list[str] = _empty(list)
    abstract: str | None = None
    summary: str | None = None
    key_points: list[str] = _empty(list)
    review: str | None = None
    cited_by: list[CitingPage] = _empty(list)
    cached_content: CachedContent | None = None
    extra_sections: dict[str, str] = _empty(dict)
    """Heading -> text of every block whose heading the parser does not know."""


Document = Annotated[Union[NewsArticle, WikiResource], Field(discriminator="kind")]
"""Any document: a :class:`NewsArticle` or a :class:`WikiResource`, by ``kind``."""
