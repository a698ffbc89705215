"""One item of a walk loaded, in the calling process or a worker: its document,
or the ParseError that says why not."""

from __future__ import annotations

from typing import Any, Union

from .. import _accel as accel
from .._accel import wire
from .._document import Prepared, finish, prepare
from .._errors import ParseError
from .._limits import Limits
from .._models import Document
from .._repair import RepairConfig
from .._sources import Item, read_item

Packed = Union[wire.Packed, tuple[str, dict[str, Any], bytes, Union[str, None]]]
"""What a worker sends for one document: the ``wire`` shortcut's form, or the
plain one (kind, fields, the file's bytes, path or name)."""


def load_one(item: Item, repair: RepairConfig | None, limits: Limits) -> Document | ParseError:
    """Read, parse, repair and validate one item."""
    prepared = prepare_one(item, repair, limits)
    if isinstance(prepared, ParseError):
        return prepared
    try:
        return finish(prepared)
    except ParseError as error:
        return kept(error)


def prepare_one(item: Item, repair: RepairConfig | None,
                limits: Limits) -> Prepared | ParseError:
    """Every step of `load_one` but validation."""
    if isinstance(item, ParseError):
        return item
    try:
        path, data = read_item(item, limits)
        return prepare(data, path=path, name=None, repair=repair, limits=limits)
    except ParseError as error:
        return kept(error)


def prepare_chunk(items: list[Item], repair: RepairConfig | None,
                  limits: Limits) -> list[Packed | ParseError]:
    """What a worker process does with a chunk of items: read, parse, repair, pack."""
    results: list[Packed | ParseError] = []
    for item in items:
        prepared = prepare_one(item, repair, limits)
        results.append(prepared if isinstance(prepared, ParseError) else pack(prepared, item))
    return results


def pack(prepared: Prepared, item: Item) -> Packed:
    """``prepared`` as a worker sends it; ``item`` is what it was read from."""
    if accel.WIRE:
        return wire.pack(prepared, item)
    kind, fields, raw, where, _ = prepared
    return kind, fields, raw, where  # the plain way: pickled as they are


def unpack_one(packed: Packed | ParseError, limits: Limits,
               item: Item) -> Document | ParseError:
    """The document a worker sent for ``item``, validated here."""
    if isinstance(packed, ParseError):
        return packed
    try:
        if accel.WIRE:
            return wire.unpack(packed, limits, item)
        kind, fields, raw, where = packed
        assert isinstance(fields, dict)  # the plain form: the fields and the bytes
        assert raw is not None
        return finish(Prepared(kind, fields, raw, where, limits))
    except ParseError as error:
        return kept(error)


def kept(error: ParseError) -> ParseError:
    """``error`` as it is kept among a corpus's failures: the message alone.

    Its traceback's frames hold the file's bytes and all that was parsed from
    them, and so does the exception it was raised while handling (a
    UnicodeDecodeError holds the whole file): a corpus with many bad files
    would keep them all in memory. ParseErrors are raised "from None"; neither
    is part of what they report.
    """
    error.__context__ = None
    return error.with_traceback(None)
