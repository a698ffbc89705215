"""News articles: Jekyll-style YAML front matter between two ``---`` lines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..._limits import Limits
from ..protocol import Format, Parsed
from .fields import TEXT_FIELDS, URL_FIELDS
from .keys import RENAME
from .models import Image, NewsArticle, Provider, RelatedArticle
from .reader import locate, read
from .text import OPEN
from .writer import dump, quote

__all__ = ["NEWS", "Image", "NewsArticle", "NewsFormat", "Provider", "RelatedArticle", "quote"]


class NewsFormat(Format):
    """News articles as a Jekyll site stores them: YAML front matter, then Markdown."""

    kind = "news"
    model = NewsArticle
    text_fields = TEXT_FIELDS
    url_fields = URL_FIELDS
    field_names = RENAME
    signature = "front matter opened by '---' on line 1"
    # Both YAML loaders build only strings, None, lists and str-keyed dicts:
    # JSON carries all of it exactly.
    json_exact = True

    def detect(self, text: str) -> bool:
        return OPEN.match(text) is not None

    def parse(self, text: str, *, path: str | None, limits: Limits) -> Parsed:
        data, dropped = read(text, path, limits)
        return Parsed(data, lambda: locate(text, path, limits), tuple(dropped))

    def dump(self, document: Any) -> str:
        return dump(document)

    def date(self, document: Any) -> dt.date | None:
        published: dt.datetime = document.published_at
        return published.date()


NEWS = NewsFormat()
