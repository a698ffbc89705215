"""A deliberately small YAML loader for front matter.

It reads PyYAML's event stream (libyaml's C parser when available) and builds
plain data itself, which is what makes it safe and precise:

* every scalar stays a string (or ``None`` for an empty/``null`` plain scalar):
  types come from the models, never from YAML 1.1 guessing (``no`` is not
  ``False``, ``10:00`` is not 600);
* tags, anchors and aliases are refused: the format never uses them, and they
  are how YAML builds objects or explodes in size ("billion laughs");
* nesting deeper than a limit is refused without recursion;
* duplicate keys are an error, not "last one wins";
* the line and column of every value are kept, so a validation error can point
  into the file.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from ..._errors import ParseError
from ..._types import DataPath, Positions

_EventSource = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
"""Plain scalars read as ``None``: the core schema's nulls, and nothing else.
(The fast reader keeps a table of its own: tests hold both to PyYAML's.)"""


class _Frame:
    __slots__ = ("container", "first_seen", "key", "key_mark", "path")

    def __init__(self, container: dict[str, Any] | list[Any], path: DataPath) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_mark: tuple[int, int] = (0, 0)
        self.first_seen: dict[str, int] = {}


def load_mapping(text: str, *, first_line: int, max_depth: int,
                 path: str | None = None,
                 rename: dict[str, str] | None = None) -> tuple[dict[str, Any], Positions]:
    """Parse ``text`` (one YAML document) into a mapping of plain data.

    ``first_line`` is the line of the file on which ``text`` starts, so that
    positions refer to the file. ``rename`` maps keys as written to the names
    used in the returned positions (the data itself keeps the keys as written).
    """
    try:
        builder = _read_events(text, _EventSource, first_line, max_depth, path, rename)
    except _Refused:
        # libyaml (from PyYAML 6.0.4's wheels) refuses nesting beyond its own
        # bound while scanning ahead, before this builder has seen the level
        # that breaks Limits.max_depth (or under a larger max_depth). The pure
        # parser has no such bound and looks at most 1024 characters ahead,
        # so the error, or the mapping, is the same whichever libyaml is here.
        builder = _read_events(text, yaml.BaseLoader, first_line, max_depth, path, rename)
    return builder.result(), builder.positions


# libyaml's message when a document nests deeper than its own bound.
_LIBYAML_DEPTH = "exceeded maximum nesting depth"


class _Refused(Exception):
    """libyaml refused a document for its nesting alone."""


def _read_events(text: str, source: Any, first_line: int, max_depth: int,
                 path: str | None, rename: dict[str, str] | None) -> _Builder:
    builder = _Builder(first_line=first_line, max_depth=max_depth, path=path,
                       rename=rename or {})
    loader = source(text)
    try:
        while loader.check_event():
            builder.feed(loader.get_event())
    except yaml.MarkedYAMLError as error:
        if error.problem == _LIBYAML_DEPTH and source is not yaml.BaseLoader:
            raise _Refused from None
        mark = error.problem_mark or error.context_mark
        line, column = builder.position(mark) if mark is not None else (None, None)
        problem = error.problem or error.context or "invalid YAML"
        raise ParseError(f"invalid YAML: {problem}", stage="parse", path=path,
                         line=line, column=column) from None
    except yaml.reader.ReaderError as error:
        # Raised for characters YAML forbids; it gives an index, not a mark.
        line = text.count("\n", 0, error.position) + first_line
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        character = (f"U+{error.character:04X}" if isinstance(error.character, int)
                     else repr(error.character))
        raise ParseError(f"invalid YAML: character {character} is not allowed "
                         f"({error.reason})", stage="parse", path=path, line=line,
                         column=column) from None
    finally:
        loader.dispose()
    return builder


class _Builder:
    def __init__(self, *, first_line: int, max_depth: int, path: str | None,
                 rename: dict[str, str]) -> None:
        self.first_line = first_line
        self.max_depth = max_depth
        self.path = path
        self.rename = rename
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self.positions: Positions = {}

    def position(self, mark: Any) -> tuple[int, int]:
        return mark.line + self.first_line, mark.column + 1

    def error(self, message: str, event: Event) -> ParseError:
        line, column = self.position(event.start_mark)
        return ParseError(message, stage="parse", path=self.path, line=line, column=column)

    def result(self) -> dict[str, Any]:
        if self.root is None:
            raise ParseError("front matter is empty: expected a mapping of keys",
                             stage="parse", path=self.path, line=self.first_line)
        if not isinstance(self.root, dict):
            kind = "a list" if isinstance(self.root, list) else "a single value"
            raise ParseError(f"front matter is {kind}, not a mapping of keys",
                             stage="parse", path=self.path, line=self.first_line, column=1)
        return self.root

    def feed(self, event: Event) -> None:
        if isinstance(event, (StreamStartEvent, StreamEndEvent, DocumentEndEvent)):
            return
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.error("front matter holds more than one YAML document", event)
            return
        if isinstance(event, AliasEvent):
            raise self.error(f"YAML alias *{event.anchor} is not allowed "
                             "(the format never uses anchors or aliases)", event)
        if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            self.stack.pop()
            return
        assert isinstance(event, NodeEvent)
        self.check_node(event)
        if isinstance(event, ScalarEvent):
            self.add_scalar(event)
        else:
            assert isinstance(event, CollectionStartEvent)
            self.open_collection(event)

    def check_node(self, event: NodeEvent) -> None:
        if event.anchor is not None:
            raise self.error(f"YAML anchor &{event.anchor} is not allowed "
                             "(the format never uses anchors or aliases)", event)
        tag = getattr(event, "tag", None)
        # "!" is YAML's non-specific tag ("a string, do not guess"); any other
        # tag asks for a type to be built, which front matter never needs.
        if tag is not None and tag != "!":
            raise self.error(f"YAML tag {tag} is not allowed", event)

    def add_scalar(self, event: ScalarEvent) -> None:
        # libyaml reports a plain scalar's style as "", the pure parser as None.
        plain = not event.style and event.tag is None
        value = None if plain and event.value in _NULLS else event.value
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            self.set_key(frame, value, event)
            return
        self.place(value, event)

    def set_key(self, frame: _Frame, key: str | None, event: Event) -> None:
        if key is None:
            raise self.error("a mapping key is empty", event)
        line, column = self.position(event.start_mark)
        if key in frame.first_seen:
            raise self.error(f"duplicate key {key!r} (first defined on line "
                             f"{frame.first_seen[key]})", event)
        frame.first_seen[key] = line
        frame.key = key
        frame.key_mark = (line, column)

    def place(self, value: Any, event: Event) -> DataPath:
        position = self.position(event.start_mark)
        if not self.stack:
            self.root = value
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            here: DataPath = (*frame.path, len(frame.container))
            frame.container.append(value)
        else:
            assert frame.key is not None
            here = (*frame.path, self.rename.get(frame.key, frame.key))
            frame.container[frame.key] = value
            frame.key = None
        self.positions[here] = position
        return here

    def open_collection(self, event: CollectionStartEvent) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            raise self.error("a mapping key must be a plain string, "
                             "not a list or mapping", event)
        if len(self.stack) >= self.max_depth:
            levels = "level" if self.max_depth == 1 else "levels"
            raise self.error(f"nesting deeper than {self.max_depth} {levels} "
                             "(Limits.max_depth)", event)
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, MappingStartEvent) else [])
        here = self.place(container, event)
        self.stack.append(_Frame(container, here))
