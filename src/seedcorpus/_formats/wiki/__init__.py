"""Longterm Wiki resource pages, as a browser's "save as text" writes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..._limits import Limits
from ..protocol import Format, Parsed
from .models import CachedContent, CitingPage, DataStatus, WikiResource
from .reader import HEADER, TEXT_FIELDS, read
from .writer import dump

__all__ = ["WIKI", "CachedContent", "CitingPage", "DataStatus", "WikiFormat", "WikiResource"]


class WikiFormat(Format):
    """A saved "resource" page of Longterm Wiki."""

    kind = "wiki"
    model = WikiResource
    text_fields = TEXT_FIELDS
    signature = "'Skip to content' ... 'Resource ID: ...'"

    def detect(self, text: str) -> bool:
        return text.startswith(HEADER[0]) or text.rsplit("\n", 1)[-1].startswith("Resource ID:")

    def parse(self, text: str, *, path: str | None, limits: Limits) -> Parsed:
        data, positions = read(text, path)
        return Parsed(data, positions)

    def dump(self, document: Any) -> str:
        return dump(document)

    def date(self, document: Any) -> dt.date | None:
        cached: CachedContent | None = document.cached_content
        return cached.fetched_on if cached is not None else None


WIKI = WikiFormat()
