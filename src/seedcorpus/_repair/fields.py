"""Text fields: the strings of parsed data that patterns such as
``("related", "*", "title")`` name, found in one walk of the data."""

from __future__ import annotations

from functools import cache
from operator import itemgetter
from typing import Any, Union

from .._types import FieldPattern

Field = tuple[Any, Any, FieldPattern]
"""A field found: its container, its key there, and its path from the top."""


class _Branch:
    """Patterns sharing a prefix: the index of the one that ends here, and longer ones."""

    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.ends: int | None = None
        self.children: dict[str | int, _Branch] = {}

    def plan(self) -> _Plan:
        return tuple((head, child.ends, child.plan() if child.children else None)
                     for head, child in self.children.items())


_Plan = tuple[tuple[Union[str, int], Union[int, None], Union["_Plan", None]], ...]
"""The walk of a set of patterns, one level: each head met there, the index of
the pattern ending at it (or None), and the walk below it (or None)."""


def string_fields(data: dict[str, Any], patterns: tuple[FieldPattern, ...]) -> list[Field]:
    """Every string that a pattern names, in the order of ``patterns``, then of the data.

    Values of other types are left out: they are the validator's to report.
    A pattern given twice is followed once.
    """
    found = find_strings(data, patterns)
    found.sort(key=_PATTERN)  # stable: within a pattern, the data's order stays
    return [(container, key, (*where, key)) for _, container, key, where in found]


Found = tuple[int, Any, Any, FieldPattern]
"""A string found: the index of the pattern naming it, its container, its key
there, and the path of the container (the string's path less its key)."""


def find_strings(data: dict[str, Any], patterns: tuple[FieldPattern, ...]) -> list[Found]:
    """What `string_fields` finds, in the order of the walk, paths left to build.

    For callers that need the order and the paths of a few of the strings
    only (repair changes about one field in forty on the benchmark's files,
    with a tenth of their excerpts damaged): sorting every string, and a
    path tuple for each, took a third of the walk's time.
    """
    found: list[Found] = []
    _collect(data, _compile(patterns), (), found)
    return found


_PATTERN = itemgetter(0)


@cache
def _compile(patterns: tuple[FieldPattern, ...]) -> _Plan:
    root = _Branch()
    for index, pattern in enumerate(patterns):
        branch = root
        for head in pattern:
            branch = branch.children.setdefault(head, _Branch())
        if branch.ends is None:
            branch.ends = index
    return root.plan()


def _collect(node: Any, plan: _Plan, where: FieldPattern, found: list[Found]) -> None:
    # A named key is the common head; it is handled without a loop of one.
    for head, ends, inner in plan:
        if head != "*":
            if isinstance(node, dict) and head in node:
                value = node[head]
                if ends is not None and isinstance(value, str):
                    found.append((ends, node, head, where))
                if inner is not None:
                    _collect(value, inner, (*where, head), found)
            continue
        if isinstance(node, list):
            keys: Any = range(len(node))
        elif isinstance(node, dict):
            keys = list(node)
        else:
            continue
        for key in keys:
            value = node[key]
            if ends is not None and isinstance(value, str):
                found.append((ends, node, key, where))
            if inner is not None:
                _collect(value, inner, (*where, key), found)
