"""What every document model shares: the base class, provenance, and field types.

Models are immutable, use snake_case field names, and serialise to JSON with
``model_dump(mode="json")``. Each format's own models live with the format
(``_formats/news/models.py``, ``_formats/wiki/models.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_serializer,
    field_validator,
)

from ._paths import from_portable, portable, printable


def _to_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.timezone.utc)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
"""A timezone-aware datetime, normalised to UTC."""

Int64 = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
"""An integer that fits the 64-bit columns of every export format."""
Size = Annotated[int, Field(ge=0, le=2**63 - 1)]


def empty(factory: type[list[Any]] | type[dict[str, Any]]) -> Any:
    """An empty list or dict default, built by ``factory`` for each document.

    pydantic deep-copies a literal ``[]`` or ``{}`` default on every validation,
    which took a third of the time of validating a news article.
    """
    return Field(default_factory=factory, json_schema_extra={"default": factory()})


class Model(BaseModel):
    """The configuration every document model shares (not public: documents
    subclass `Document`)."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        # Errors name the model's own fields, whatever key the file used.
        loc_by_alias=False,
    )

    def __hash__(self) -> int:
        # Frozen, so hashable: by its values, with lists and mappings frozen
        # too (pydantic's own hash gives up at the first list).
        return hash((type(self), _frozen(self.__dict__)))


def _frozen(value: Any) -> Any:
    """``value`` made hashable: lists as tuples, mappings as sorted item tuples."""
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(item) for item in value)
    return value


# -- provenance ---------------------------------------------------------------


class RepairStep(Model):
    """One step of a repair: ftfy's own (``("encode", "sloppy-windows-1252")``,
    ``("apply", "unescape_html")``), ``("apply", "unescape_urls")`` for a URL,
    or ``("drop", "null_item")`` for a null list item."""

    action: str
    parameter: str


class Repair(Model):
    """A value that loading changed: what it was, and how."""

    field: str
    """The field's location, e.g. ``excerpt`` or ``related.0.title``; for a
    dropped list item, its index in the file (``topics.0``)."""
    original: str | None
    """The value as written (``None`` for a dropped null item)."""
    steps: list[RepairStep]


class SourceInfo(Model):
    """Where a document came from and what was done to its text.

    ``path``, ``name`` and ``doc_id`` hold a file name exactly, bytes that are
    not UTF-8 included (as Python's ``os.fsdecode`` gives them); every export
    writes them in a portable form, which reading the export undoes
    (docs/exports.md).
    """

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
    repairs: list[Repair] = empty(list)

    @field_serializer("path", "name", "doc_id")
    def _portable(self, value: str | None) -> str | None:
        return None if value is None else portable(value)

    @field_validator("path", "name", "doc_id", mode="before")
    @classmethod
    def _from_portable(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and info.context and info.context.get(PORTABLE):
            return from_portable(value)
        return value


PORTABLE = "portable"
"""The validation context key that says the values come from an export."""


class Document(Model):
    """Any document: the base class of every format's model.

    Each format's model subclasses it, with ``kind`` narrowed to its own
    ``Literal`` (``NewsArticle.kind`` is ``"news"``).
    """

    kind: str
    """The format of the document: ``"news"``, ``"wiki"``, or a registered one."""
    source: SourceInfo
    """Where the document came from, and what was done to it."""

    def __repr__(self) -> str:
        # Short, for a prompt or a log line: the whole document is
        # model_dump()'s to show.
        title = getattr(self, "title", None)
        shown = ""
        if isinstance(title, str):
            shown = f": {printable(title if len(title) <= 60 else title[:59] + '…')!r}"
        where = self.source.doc_id or self.source.name or "<input>"
        return f"<{type(self).__name__} {printable(where)}{shown}>"
