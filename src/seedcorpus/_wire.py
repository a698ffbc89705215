"""What a worker process sends its parent: a prepared document, packed for the pipe.

The parent validates what the workers read, parse and repair (a validated
model pickles far slower than the data it is made from). Where a format's
data is of the kinds JSON carries exactly (strings, ``None``, ints, lists and
str-keyed dicts: a handler's ``json_exact``), the fields travel as JSON text,
written in the worker by pydantic-core and validated in the parent straight
from that text: the parent builds no dict to validate and unpickles only one
bytes object, the worker pickles no tree. Measured on 3,000 prepared news
documents: 6.5 us each to write instead of 12 to pickle; 19 to validate from
JSON instead of 15 to unpickle and 21 to validate (benchmarks/bench_stages.py
times pack and unpack).

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

from ._document import Prepared, finish
from ._formats import BY_KIND
from ._limits import Limits
from ._models import Document, NewsArticle, WikiResource

Packed = tuple[str, Union[bytes, dict[str, Any]], bytes, Union[str, None]]
"""(kind, fields as JSON text or as they are, the raw bytes, path or name).

The limits are the same for every document of a load: the parent has them.
"""


def pack(prepared: Prepared) -> Packed:
    kind, fields, raw, where, _ = prepared
    if BY_KIND[kind].json_exact:
        try:
            return kind, to_json(fields), raw, where
        except PydanticSerializationError:
            pass  # a lone surrogate: UTF-8 cannot hold it
    return kind, fields, raw, where


def unpack(packed: Packed, limits: Limits) -> Document:
    """The model of a packed document, or the ParseError the plain path raises."""
    kind, fields, raw, where = packed
    if isinstance(fields, bytes):
        try:
            document = BY_KIND[kind].model.model_validate_json(fields)
        except ValidationError:
            fields = json.loads(fields)
        else:
            assert isinstance(document, (NewsArticle, WikiResource))  # what handlers build
            return document
    return finish(Prepared(kind, fields, raw, where, limits))
