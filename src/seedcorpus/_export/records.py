"""Documents as JSON-ready records, and back; the JSON Schema of the records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .. import _accel as accel
from .. import _formats as formats
from .._accel.fieldsets import share_fields_sets
from .._models import PORTABLE, Document

_FROM_EXPORT = {PORTABLE: True}
"""Validation context of values read back from an export (portable paths undone)."""


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """The JSON Schema of the records of one kind of document, or of any document.

    It describes what `Corpus.to_records` and `Corpus.to_jsonl` write
    (snake_case keys); ``kind`` is any registered format's.
    """
    if kind is None:
        schema: dict[str, Any] = formats.document_adapter().json_schema(
            by_alias=False, mode="serialization")
        return schema
    return formats.format_of(kind).model.model_json_schema(by_alias=False,
                                                           mode="serialization")


def to_record(document: Document) -> dict[str, Any]:
    """A JSON-ready dict: ISO 8601 dates, explicit nulls, the model's keys."""
    return document.model_dump(mode="json")


def from_record(record: Mapping[str, Any]) -> Document:
    """The document of a record as `to_record` (or an export read back) gives it."""
    document: Document = formats.document_adapter().validate_python(record,
                                                                    context=_FROM_EXPORT)
    return _shared(document)


def from_json(line: str | bytes) -> Document:
    """The document of one JSON record, as `Corpus.to_jsonl` writes it."""
    document: Document = formats.document_adapter().validate_json(line, context=_FROM_EXPORT)
    return _shared(document)


def _shared(document: Document) -> Document:
    if accel.FIELDSETS:
        share_fields_sets(document)
    return document


def from_records(records: Iterable[Mapping[str, Any]]) -> list[Document]:
    return [from_record(record) for record in records]
