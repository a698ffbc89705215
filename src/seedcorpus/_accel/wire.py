"""What a worker process sends its parent: a prepared document, packed for the pipe.

The parent validates what the workers read, parse and repair (a validated
model pickles far slower than the data it is made from). Where a format's
data is of the kinds JSON carries exactly (strings, ``None``, ints, lists and
str-keyed dicts: a format's ``json_exact``), the fields travel as JSON text,
written in the worker by pydantic-core and validated in the parent straight
from that text: the parent builds no dict to validate and unpickles only one
bytes object, the worker pickles no tree. Measured on 3,000 prepared news
documents: 6.5 us each to write instead of 12 to pickle; 19 to validate from
JSON instead of 15 to unpickle and 21 to validate (benchmarks/bench_stages.py
times pack and unpack). On the real development corpora, loading with two
workers is 1.40 times as fast with it.

The file's bytes are needed only when validation fails, to find the line of
the field at fault. With the fields as JSON text they stay in the worker when
the parent can read them again itself (a local file, or an archive member it
holds): they were 45% of what crossed the pipe, and the workers waited on
the parent to drain it. Should validation fail, the parent reads the item
again and uses the bytes only if their SHA-256 is the one the worker
recorded in the document's provenance; a file changed in between gets the
same error without its line. Documents from URLs keep their bytes (no second
download).

The answer is the plain path's by construction: JSON gives back exactly
these values, so a document validates from its JSON text as it does from its
fields (tests/test_wire.py holds the two to the same result on every real,
hand-made and generated file, and on odd values in every typed field); and
when validation fails, the fields are read back and validated as a dict, so
that the error is the plain path's own, message and position alike. A
string UTF-8 cannot hold (a lone surrogate: decoding and the YAML loaders
refuse them today, ftfy removes them) would send its fields as the dict.
"""

from __future__ import annotations

import json
from typing import Any, Union

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError, to_json

from .. import _accel as accel
from .. import _formats as formats
from .._document import Prepared, content_digest, finish
from .._document.validate import validate
from .._errors import ParseError
from .._limits import Limits
from .._models import Document
from .._sources import Item, Remote, read_item
from .fieldsets import share_fields_sets

Packed = tuple[str, Union[bytes, dict[str, Any]], Union[bytes, None], Union[str, None]]
"""(kind, fields as JSON text or as they are, the raw bytes or ``None``, path or name).

The limits are the same for every document of a load: the parent has them.
"""


def pack(prepared: Prepared, item: Item) -> Packed:
    """``prepared`` for the pipe; ``item`` is what it was read from."""
    kind, fields, raw, where, _ = prepared
    if formats.format_of(kind).json_exact:
        try:
            text = to_json(fields)
        except PydanticSerializationError:
            pass  # a lone surrogate: UTF-8 cannot hold it
        else:
            return kind, text, raw if isinstance(item, Remote) else None, where
    return kind, fields, raw, where


def unpack(packed: Packed, limits: Limits, item: Item) -> Document:
    """The model of a packed document, or the ParseError the plain path raises.

    ``item`` is what the worker read, for its bytes should they be needed.
    """
    kind, fields, raw, where = packed
    if isinstance(fields, bytes):
        try:
            document: Document = formats.format_of(kind).model.model_validate_json(fields)
        except ValidationError:
            fields = json.loads(fields)
        else:
            if accel.FIELDSETS:
                share_fields_sets(document)
            return document
    assert isinstance(fields, dict)
    if raw is None:
        raw = _read_again(item, limits, fields["source"]["sha256"])
        if raw is None:
            return _without_line(kind, fields, where)
    return finish(Prepared(kind, fields, raw, where, limits))


def _read_again(item: Item, limits: Limits, sha256: str) -> bytes | None:
    """The bytes of ``item`` if they are still those the worker read, else ``None``."""
    if isinstance(item, ParseError):
        return None  # pragma: no cover - failures are never packed
    try:
        _, data = read_item(item, limits)
    except ParseError:
        return None
    return data if content_digest(data) == sha256 else None


def _without_line(kind: str, fields: dict[str, Any], where: str | None) -> Document:
    """The validation error of ``fields`` for a file that changed after it was read."""
    try:
        document = validate(formats.format_of(kind).model, fields, dict, where)
    except ParseError as error:
        raise ParseError(f"{error.message} (the file changed while it was loaded, so "
                         "the line is not known)", stage="validate", path=where,
                         field=error.field) from None
    return document  # pragma: no cover - JSON and the dict validate alike
