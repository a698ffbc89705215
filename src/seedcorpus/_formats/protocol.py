"""What a document format provides: the `Format` every format implements."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, NamedTuple, Union

from .._limits import Limits
from .._models import Document
from .._types import FieldPattern, LocatePositions, Positions


class Parsed(NamedTuple):
    """What `Format.parse` makes of a file's text."""

    data: dict[str, Any]
    """Model-ready data: what the format's model validates, ``source`` aside
    (seedcorpus adds the provenance). Keys may be the model's field names or
    their aliases."""
    positions: Union[Positions, LocatePositions, None] = None
    """Where each value of ``data`` is written, as ``(line, column)`` by its
    path (``("related", 0, "title")``), so that a validation error can point
    into the file; or a function that finds them, asked only when validation
    fails; or ``None``, and errors give no line."""
    repairs: tuple[Mapping[str, Any], ...] = ()
    """What reading had to change, as records of ``source.repairs``: each a
    mapping of ``field``, ``original`` and ``steps`` (``[{"action": ...,
    "parameter": ...}]``)."""


class Format(ABC):
    """One document format: how to recognise it, read it, and write it back.

    Subclass it, fill in the class attributes and the three methods, and
    register an instance with `seedcorpus.register_format` (or through
    the ``seedcorpus.formats`` entry-point group of an installed package).
    Everything that names formats follows: loading and detection, the
    ``Corpus`` views and repr, the command line, the JSON Schema, the Arrow
    schema and every export. docs/formats.md walks through an example.
    """

    kind: ClassVar[str]
    """The name of the format, and the value of its model's ``kind`` field."""
    model: ClassVar[type[Document]]
    """The pydantic model of its documents: a subclass of `Document`
    whose ``kind`` field is ``Literal[<kind>]`` with that default."""
    text_fields: ClassVar[tuple[FieldPattern, ...]] = ()
    """Where the text that repair may change is, as patterns into ``Parsed.data``."""
    url_fields: ClassVar[tuple[FieldPattern, ...]] = ()
    """Where the URLs are, whose HTML character references repair unescapes."""
    field_names: ClassVar[Mapping[str, str]] = {}
    """Keys of ``Parsed.data`` that are aliases, by the field name repair
    records should give (``{"webUrl": "web_url"}``)."""
    signature: ClassVar[str] = ""
    """How a file of the format looks, for the error a file of no known
    format gets (``"front matter opened by '---' on line 1"``)."""
    json_exact: ClassVar[bool] = False
    """Whether ``Parsed.data`` holds only what JSON carries exactly (strings,
    ``None``, ints, lists, str-keyed dicts): worker processes then send it as
    JSON text, which is faster. Leave it ``False`` when unsure."""

    @abstractmethod
    def detect(self, text: str) -> bool:
        """Whether ``text`` (a whole decoded file) is of this format.

        Formats are asked in the order they were registered; the first that
        says yes reads the file. Decide from the content alone, cheaply.
        """

    @abstractmethod
    def parse(self, text: str, *, path: str | None, limits: Limits) -> Parsed:
        """Read ``text`` (a file this format detected) into model-ready data.

        Raise `seedcorpus.ParseError` with ``stage="parse"`` (and the
        line and column) for text that does not follow the format; respect
        ``limits``. ``path`` is for error messages.
        """

    @abstractmethod
    def dump(self, document: Any) -> str:
        """The text of ``document`` in this format, which `parse` reads
        back into an equal document (``source`` aside)."""

    def date(self, document: Any) -> dt.date | None:
        """The date the command line's summary shows for ``document``, if any."""
        return None

    def strategy(self) -> Any:
        """A hypothesis strategy of valid documents, for
        `seedcorpus.strategies.documents`; ``None`` if there is none."""
        return None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind!r}>"
