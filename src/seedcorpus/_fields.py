"""Text fields: the strings of parsed data that patterns such as
``("related", "*", "title")`` name, found in one walk of the data."""

from __future__ import annotations

from functools import cache
from operator import itemgetter
from typing import Any, Union

FieldPattern = tuple[Union[str, int], ...]
"""A path into parsed data; ``"*"`` stands for every item of a list or mapping."""

Field = tuple[Any, Any, FieldPattern]
"""A field found: its container, its key there, and its path from the top."""


class _Branch:
    """Patterns sharing a prefix: the index of the one that ends here, and longer ones."""

    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.ends: int | None = None
        self.children: dict[str | int, _Branch] = {}


def string_fields(data: dict[str, Any], patterns: tuple[FieldPattern, ...]) -> list[Field]:
    """Every string that a pattern names, in the order of ``patterns``, then of the data.

    Values of other types are left out: they are the validator's to report.
    A pattern given twice is followed once.
    """
    found: list[tuple[int, Any, Any, FieldPattern]] = []
    _collect(data, _compile(patterns).children, (), found)
    found.sort(key=_PATTERN)  # stable: within a pattern, the data's order stays
    return [(container, key, where) for _, container, key, where in found]


_PATTERN = itemgetter(0)


@cache
def _compile(patterns: tuple[FieldPattern, ...]) -> _Branch:
    root = _Branch()
    for index, pattern in enumerate(patterns):
        branch = root
        for head in pattern:
            branch = branch.children.setdefault(head, _Branch())
        if branch.ends is None:
            branch.ends = index
    return root


def _collect(node: Any, children: dict[str | int, _Branch], where: FieldPattern,
             found: list[tuple[int, Any, Any, FieldPattern]]) -> None:
    for head, branch in children.items():
        if head == "*":
            keys: Any = (range(len(node)) if isinstance(node, list)
                         else list(node) if isinstance(node, dict) else ())
        elif isinstance(node, dict) and head in node:
            keys = (head,)
        else:
            continue
        for key in keys:
            value = node[key]
            path = (*where, key)
            if branch.ends is not None and isinstance(value, str):
                found.append((branch.ends, node, key, path))
            if branch.children:
                _collect(value, branch.children, path, found)
