"""Documents as records, JSON Lines, Arrow, pandas and Hugging Face datasets.

One explicit Arrow schema, derived from the models of the registered
formats, covers every kind: a ``kind`` column, then every field of every
model (a field of another kind is null). Column types therefore never
depend on which files were loaded. Values whose shape the format leaves open
(``extra``) are JSON text; ``extra_sections`` is a list of ``{heading, text}``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import types
import typing
from collections.abc import Iterable
from typing import Any, Literal, Union

from pydantic import AwareDatetime, BaseModel

from .. import _accel as accel
from .. import _formats as formats
from .._accel.fieldsets import share_fields_sets
from .._models import Document
from .._optional import require

Documents = Iterable[Document]
PathLike = Union[str, "os.PathLike[str]"]


def _models() -> dict[str, type[BaseModel]]:
    """The model of every registered kind."""
    return {format_.kind: format_.model for format_ in formats.registered()}


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """The JSON Schema of the records of one kind of document, or of any document.

    It describes what :func:`to_record` and ``to_jsonl`` write (snake_case keys).
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


def from_json(line: str | bytes) -> Document:
    """A document of any registered kind from one JSON record, as :func:`to_record` writes it."""
    document: Document = formats.document_adapter().validate_json(line)
    if accel.FIELDSETS:
        share_fields_sets(document)
    return document


def write_jsonl(documents: Documents, path: PathLike) -> int:
    """Write one JSON record per line (UTF-8); return how many were written."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for document in documents:
            out.write(document.model_dump_json())
            out.write("\n")
            count += 1
    return count


# -- Arrow --------------------------------------------------------------------


_schemas: dict[int, Any] = {}


def arrow_schema() -> Any:
    """The ``pyarrow.Schema`` of :func:`to_arrow` tables: a ``kind`` column,
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
    """One ``pyarrow.Table`` with :func:`arrow_schema`, a row per document."""
    pa = require("pyarrow", "arrow", "Corpus.to_arrow")
    rows = [_arrow_row(document.model_dump()) for document in documents]
    return pa.Table.from_pylist(rows, schema=arrow_schema())


def to_pandas(documents: Documents) -> Any:
    """A ``pandas.DataFrame`` of :func:`to_arrow`'s table, with Arrow-backed dtypes.

    ``pandas.ArrowDtype`` columns keep the schema's types exactly, whatever the
    values: NumPy dtypes would make a boolean column with a null ``object``.
    """
    pandas = require("pandas", "pandas", "Corpus.to_pandas")
    return to_arrow(documents).to_pandas(types_mapper=pandas.ArrowDtype)


def to_hf_dataset(documents: Documents) -> Any:
    """A Hugging Face ``datasets.Dataset`` with ``Features`` from :func:`arrow_schema`."""
    datasets = require("datasets", "hf", "Corpus.to_hf_dataset")
    table = to_arrow(documents)
    features = datasets.Features.from_arrow_schema(arrow_schema())
    return datasets.Dataset(table, info=datasets.DatasetInfo(features=features))


def write_parquet(documents: Documents, path: PathLike) -> int:
    parquet = require("pyarrow.parquet", "arrow", "Parquet export")
    table = to_arrow(documents)
    parquet.write_table(table, str(path))
    return int(table.num_rows)


def write_csv(documents: Documents, path: PathLike) -> int:
    """One row per document, the columns of :func:`arrow_schema`; nested values as JSON."""
    columns = [field for model in _models().values() for field in model.model_fields]
    columns = list(dict.fromkeys(columns))
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for document in documents:
            record = to_record(document)
            writer.writerow({key: value if isinstance(value, (str, int, float)) or value is None
                             else json.dumps(value, ensure_ascii=False)
                             for key, value in record.items()})
            count += 1
    return count
