"""One document: bytes in, validated model out; and a model back to text."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import PurePath
from typing import Any, NamedTuple, Union

from .. import _accel as accel
from .. import _formats as formats
from .._accel.fieldsets import share_fields_sets
from .._errors import ParseError
from .._limits import Limits
from .._models import Document
from .._repair import RepairConfig, repair_fields
from .._sources import read_file
from .._types import Positions
from .decode import decode
from .validate import validate

RepairOption = Union[bool, RepairConfig]
"""``True`` for the default `RepairConfig`, ``False`` for raw text."""

_SEED_NAME = re.compile(r"(\d{3})_([0-9a-f]{16})\.txt")
_DEFAULT_REPAIR = RepairConfig()
_DEFAULT_LIMITS = Limits()


def resolve_repair(repair: RepairOption) -> RepairConfig | None:
    if repair is True:
        return _DEFAULT_REPAIR
    if repair is False:
        return None
    if isinstance(repair, RepairConfig):
        return repair
    raise TypeError(f"repair must be True, False or a RepairConfig, not {repair!r}")


def parse_document(data: bytes | str, *, name: str | None = None,
                   repair: RepairOption = True, limits: Limits | None = None) -> Document:
    """Parse one document from its text: raw bytes, or text already decoded.

    ``name`` is used for provenance (``seq``, ``doc_id``) and in error
    messages; the format is always detected from the content. To read a file,
    use `load`. Raises `ParseError` for any input that is not a valid
    document, and ``TypeError`` for anything but ``bytes`` or ``str``.
    """
    if not isinstance(data, (bytes, str)):
        hint = (": to read a file, use seedcorpus.load(path)"
                if isinstance(data, os.PathLike) else "")
        raise TypeError("parse_document reads the text of a document (bytes or str), "
                        f"not {type(data).__name__}{hint}")
    return parse_bytes(data, path=None, name=name, repair=resolve_repair(repair),
                       limits=limits or _DEFAULT_LIMITS)


def loads(data: bytes | str, *, name: str | None = None, repair: RepairOption = True,
          limits: Limits | None = None) -> Document:
    """One document from its text, as ``json.loads`` and ``frontmatter.loads`` do:
    the same as `parse_document`."""
    return parse_document(data, name=name, repair=repair, limits=limits)


def load(path: str | os.PathLike[str], *, repair: RepairOption = True,
         limits: Limits | None = None) -> Document:
    """One document from the file at ``path``: read as `load_corpus` reads files
    (regular files only, at most ``limits.max_bytes``), with the path in its
    provenance. Raises `ParseError` naming the file for any failure, reading
    included."""
    limits = limits or _DEFAULT_LIMITS
    where = os.fspath(path)
    return parse_bytes(read_file(where, limits), path=where, name=None,
                       repair=resolve_repair(repair), limits=limits)


class Prepared(NamedTuple):
    """A document read, parsed and repaired, not yet validated.

    What a worker process sends its parent, which validates it: plain data
    travels several times faster than the models it becomes. The raw bytes
    are kept, rather than the decoded text or the positions of its values,
    because bytes pickle as one copy; a validation error finds its line in
    them again (`finish`). The ``wire`` shortcut leaves them in the
    worker when the parent can read the file again.
    """

    kind: str
    fields: dict[str, Any]
    raw: bytes
    where: str | None
    limits: Limits


def parse_bytes(data: bytes | str, *, path: str | None, name: str | None,
                repair: RepairConfig | None, limits: Limits) -> Document:
    return finish(prepare(data, path=path, name=name, repair=repair, limits=limits))


def prepare(data: bytes | str, *, path: str | None, name: str | None,
            repair: RepairConfig | None, limits: Limits) -> Prepared:
    """Every step of `parse_bytes` but validation."""
    where = path if path is not None else name
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ParseError(f"text holds an unpaired surrogate at index {error.start}",
                             stage="decode", path=where) from None
    if len(data) > limits.max_bytes:
        raise limits.too_large(where, len(data), "document")
    decoded = decode(data, where)
    text, encoding, newline = decoded.text, decoded.encoding, decoded.newline
    format_ = formats.detect(text)
    if format_ is None:
        hint = _a_path(text) if where is None else ""  # text given in memory only
        raise ParseError(f"not a known format: none of {_signatures()}{hint}",
                         stage="detect", path=where, line=1, column=1)
    parsed = format_.parse(text, path=where, limits=limits)
    fields = parsed.data
    repairs = [dict(record) for record in parsed.repairs]
    if repair:
        repairs += repair_fields(fields, format_.text_fields, repair.repair)
        if repair.unescape_urls and format_.url_fields:
            repairs += repair_fields(fields, format_.url_fields, repair.repair_url,
                                     dict(format_.field_names))
    fields["source"] = _source_info(data, path, name, encoding, newline, repairs)
    return Prepared(format_.kind, fields, data, where, limits)


def _a_path(text: str) -> str:
    """A hint, when the text given is in fact the name of a file."""
    if "\n" in text or len(text) > 4096 or not os.path.isfile(text):
        return ""
    return f" (this text is the name of a file: to read it, use seedcorpus.load({text!r}))"


def _signatures() -> str:
    """What a file of each format looks like, for the error a file of none of them gets."""
    return ", ".join(f"{format_.kind} ({format_.signature})" if format_.signature
                     else format_.kind for format_ in formats.registered())


def finish(prepared: Prepared) -> Document:
    """The model of a prepared document, or the ParseError that says why not."""
    kind, fields, raw, where, limits = prepared
    format_ = formats.format_of(kind)

    def positions() -> Positions:
        # The text parse() read again: decoding is deterministic, and
        # succeeded then, as did the parse.
        found = format_.parse(decode(raw, where).text, path=where, limits=limits).positions
        return (found() if callable(found) else found) or {}

    document = validate(format_.model, fields, positions, where)
    if accel.FIELDSETS:
        share_fields_sets(document)
    return document


def _source_info(raw: bytes, path: str | None, name: str | None, encoding: str,
                 newline: str, repairs: list[dict[str, Any]]) -> dict[str, Any]:
    if name is None and path is not None:
        name = _file_name(path)
    seq = doc_id = None
    if name is not None:
        match = _SEED_NAME.fullmatch(name)
        if match:
            seq, doc_id = int(match.group(1)), match.group(2)
        else:
            doc_id = _stem(_file_name(name))
    return {"path": path, "name": name, "seq": seq, "doc_id": doc_id,
            "sha256": content_digest(raw), "encoding": encoding,
            "newline": newline, "repairs": repairs}


def content_digest(raw: bytes) -> str:
    """The ``sha256`` that provenance records for a file's bytes."""
    return hashlib.sha256(raw).hexdigest()


def _file_name(path: str) -> str:
    return PurePath(path).name


def _stem(name: str) -> str:
    """``name`` without its last suffix: "a.tar.gz" -> "a.tar", ".bashrc" and "a." as they are.

    The rule of ``PurePath.stem`` up to Python 3.13, kept the same on every version.
    """
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def dumps(document: Document) -> str:
    """Write ``document`` back in its own format.

    ``parse_document(dumps(d))`` equals ``d`` except for ``source``. A document
    whose fields cannot be written that way (say, a one-line field holding a
    newline) raises ``ValueError`` naming the first field that would change.
    """
    text = formats.format_of(document.kind).dump(document)
    try:
        again = parse_document(text, repair=False, limits=Limits(max_bytes=2**62))
    except ParseError as error:
        raise ValueError(f"document cannot be written in the {document.kind} format: "
                         f"it would not read back ({error})") from None
    expected = document.model_dump(exclude={"source"})
    found = again.model_dump(exclude={"source"})
    if found != expected:
        field = _first_difference(expected, found)
        raise ValueError(f"document cannot be written in the {document.kind} format "
                         f"without changing {field}")
    return text


def _first_difference(expected: Any, found: Any, where: str = "") -> str:
    if isinstance(expected, dict) and isinstance(found, dict):
        for key in [*expected, *(key for key in found if key not in expected)]:
            if expected.get(key) != found.get(key):
                return _first_difference(expected.get(key), found.get(key),
                                         f"{where}.{key}" if where else str(key))
    if isinstance(expected, list) and isinstance(found, list) and len(expected) == len(found):
        for index, (left, right) in enumerate(zip(expected, found, strict=False)):
            if left != right:
                return _first_difference(left, right, f"{where}.{index}")
    return where or "the document"
