"""Documents as Arrow tables, pandas frames and Hugging Face datasets, and back.

One explicit Arrow schema, derived from the models of the registered
formats, covers every kind: a ``kind`` column, then every field of every
model (a field of another kind is null). Column types therefore never
depend on which files were loaded. Values whose shape the format leaves open
(``extra``) are JSON text; ``extra_sections`` is a list of ``{heading, text}``.
File names are in their portable form (`SourceInfo` writes them so).
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Iterable
from typing import Any, Literal, Union

from pydantic import AwareDatetime, BaseModel

from .. import _formats as formats
from .._models import Document
from .._optional import require
from .records import _FROM_EXPORT, _shared

Documents = Iterable[Document]


def _models() -> dict[str, type[BaseModel]]:
    """The model of every registered kind."""
    return {format_.kind: format_.model for format_ in formats.registered()}


_schemas: dict[int, Any] = {}


def arrow_schema() -> Any:
    """The ``pyarrow.Schema`` of `to_arrow` tables: a ``kind`` column,
    then every field of every registered format's model, in registry order."""
    version = formats.version()
    schema = _schemas.get(version)
    if schema is None:
        schema = _schemas[version] = _build_arrow_schema()
    return schema


def _build_arrow_schema() -> Any:
    pa = require("pyarrow", "arrow", "Corpus.to_arrow")
    fields: dict[str, Any] = {"kind": pa.field("kind", pa.string(), nullable=False)}
    owners: dict[str, str] = {}
    for kind, model in _models().items():
        for name, info in model.model_fields.items():
            if name == "kind":
                continue
            field = pa.field(name, _arrow_type(pa, info.annotation, name))
            if name in fields and not fields[name].equals(field):
                raise TypeError(f"the field {name!r} of {kind!r} documents ({field.type}) "
                                f"is also one of {owners[name]!r} documents, of another type "
                                f"({fields[name].type}): one Arrow column cannot hold both")
            fields[name] = field
            owners.setdefault(name, kind)
    return pa.schema(list(fields.values()))


def _arrow_type(pa: Any, annotation: Any, name: str) -> Any:
    origin = typing.get_origin(annotation)
    arguments = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if origin is typing.Annotated:
        return _arrow_type(pa, arguments[0], name)
    if origin in (Union, types.UnionType):
        (inner,) = arguments
        return _arrow_type(pa, inner, name)
    if origin is Literal or annotation is str:
        return pa.string()
    if origin is list:
        return pa.list_(_arrow_type(pa, arguments[0], name))
    if origin is dict:
        if name == "extra_sections":
            return pa.list_(pa.struct([("heading", pa.string()), ("text", pa.string())]))
        return pa.string()  # ``extra``: JSON text, since its shape is open
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([pa.field(field, _arrow_type(pa, info.annotation, field))
                          for field, info in annotation.model_fields.items()])
    simple = {bool: pa.bool_(), int: pa.int64(), float: pa.float64(),
              dt.datetime: pa.timestamp("us", tz="UTC"),
              AwareDatetime: pa.timestamp("us", tz="UTC"), dt.date: pa.date32()}
    return simple[annotation]


def _arrow_row(value: Any, key: str = "") -> Any:
    if key == "extra":
        return json.dumps(value, ensure_ascii=False)
    if key == "extra_sections":
        return [{"heading": heading, "text": text} for heading, text in value.items()]
    if isinstance(value, dict):
        return {field: _arrow_row(item, field) for field, item in value.items()}
    if isinstance(value, list):
        return [_arrow_row(item) for item in value]
    return value


def to_arrow(documents: Documents) -> Any:
    """One ``pyarrow.Table`` with `arrow_schema`, a row per document."""
    pa = require("pyarrow", "arrow", "Corpus.to_arrow")
    rows = [_arrow_row(document.model_dump()) for document in documents]
    return pa.Table.from_pylist(rows, schema=arrow_schema())


def to_pandas(documents: Documents) -> Any:
    """A ``pandas.DataFrame`` of `to_arrow`'s table.

    Scalar columns get pandas' nullable dtypes (``string``, ``Int64``,
    ``boolean``, ``Float64``), so a missing value stays missing and an int
    an int; timestamps are ``datetime64[us, UTC]``, which compare with
    strings (``df.published_at > "2023-01-01"``) and aware ``Timestamp``s;
    nested values (structs, lists) are Python objects. Such a frame goes
    through ``to_parquet``/``read_parquet`` with pandas' defaults, and back
    into documents with `from_pandas`.
    """
    pandas = require("pandas", "pandas", "Corpus.to_pandas")
    pa = require("pyarrow", "arrow", "Corpus.to_pandas")
    dtypes = {pa.string(): pandas.StringDtype(), pa.int64(): pandas.Int64Dtype(),
              pa.bool_(): pandas.BooleanDtype(), pa.float64(): pandas.Float64Dtype()}
    return to_arrow(documents).to_pandas(types_mapper=dtypes.get)


def to_hf_dataset(documents: Documents) -> Any:
    """A Hugging Face ``datasets.Dataset`` with ``Features`` from `arrow_schema`."""
    datasets = require("datasets", "hf", "Corpus.to_hf_dataset")
    table = to_arrow(documents)
    features = datasets.Features.from_arrow_schema(arrow_schema())
    return datasets.Dataset(table, info=datasets.DatasetInfo(features=features))


def from_arrow(table: Any) -> list[Document]:
    """The documents of a table `to_arrow` made (or one with its columns)."""
    return [_document_of(row) for row in table.to_pylist()]


def _document_of(row: dict[str, Any]) -> Document:
    model = formats.format_of(row["kind"]).model
    data = {name: _from_arrow_value(row[name], name) for name in model.model_fields
            if name in row}
    document: Document = model.model_validate(data, context=_FROM_EXPORT)
    return _shared(document)


def _from_arrow_value(value: Any, key: str = "") -> Any:
    if key == "extra" and isinstance(value, str):
        return json.loads(value)
    if key == "extra_sections" and isinstance(value, list):
        return {section["heading"]: section["text"] for section in value}
    if isinstance(value, dict):
        return {field: _from_arrow_value(item, field) for field, item in value.items()}
    if isinstance(value, list):
        return [_from_arrow_value(item) for item in value]
    return value


def from_pandas(frame: Any) -> list[Document]:
    """The documents of a frame `to_pandas` made, read back by pandas or not."""
    pa = require("pyarrow", "arrow", "Corpus.from_pandas")
    schema = arrow_schema()
    present = [field for field in schema if field.name in frame.columns]
    table = pa.Table.from_pandas(frame[[field.name for field in present]],
                                 schema=pa.schema(present), preserve_index=False)
    return from_arrow(table)


def columns() -> list[str]:
    """The columns of every export: ``kind``, then every field of every kind."""
    return list(dict.fromkeys(field for format_ in formats.registered()
                              for field in format_.model.model_fields))
