"""Where the text and the URLs of a news file are, for repair."""

from __future__ import annotations

from ..._types import FieldPattern

TEXT_FIELDS: tuple[FieldPattern, ...] = (
    ("category",), ("title",), ("excerpt",), ("type",), ("body",), ("topics", "*"),
    ("provider", "name"), ("provider", "images", "*", "title"), ("images", "*", "title"),
    ("related", "*", "title"), ("related", "*", "excerpt"), ("related", "*", "type"),
    ("related", "*", "provider", "name"),
    ("related", "*", "provider", "images", "*", "title"),
    ("related", "*", "images", "*", "title"),
)

URL_FIELDS: tuple[FieldPattern, ...] = (
    ("originalUrl",), ("webUrl",), ("ampWebUrl",), ("cdnAmpWebUrl",),
    ("provider", "images", "*", "url"), ("images", "*", "url"),
    ("related", "*", "webUrl"), ("related", "*", "ampWebUrl"),
    ("related", "*", "cdnAmpWebUrl"), ("related", "*", "provider", "images", "*", "url"),
    ("related", "*", "images", "*", "url"),
)
"""Where URLs are, by the keys as written (repair records name them by
``RENAME``'s field names)."""


