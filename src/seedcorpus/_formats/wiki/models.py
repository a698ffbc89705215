"""The models of Longterm Wiki resource pages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from ..._models import Document, Model, Size, empty


class CitingPage(Model):
    """A row of the "Cited by" table: a wiki page that cites the resource."""

    title: str
    entity_type: str | None
    quality: float | None = Field(ge=0, le=100, allow_inf_nan=False)


class CachedContent(Model):
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


class DataStatus(Model):
    """The "Data Status" block."""

    status: Literal["Full text fetched", "Metadata only", "Not fetched"]
    fetched_on: dt.date | None = None


class WikiResource(Document):
    """A saved "resource" page of Longterm Wiki."""

    kind: Literal["wiki"] = "wiki"
    resource_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    stable_id: str | None = None
    title: str
    resource_type: str
    description: str | None = None
    authors: list[str] = empty(list)
    credibility_rating: str | None = None
    data_status: DataStatus | None = None
    importance: int | None = Field(default=None, ge=0, le=100)
    labels: list[str] = empty(list)
    abstract: str | None = None
    summary: str | None = None
    key_points: list[str] = empty(list)
    review: str | None = None
    cited_by: list[CitingPage] = empty(list)
    cached_content: CachedContent | None = None
    extra_sections: dict[str, str] = empty(dict)
    """Heading -> text of every block whose heading the parser does not know."""
