"""One set of set fields per shape of model, shared by the documents of that shape.

pydantic gives every model instance a set of the fields that were set
(``model_fields_set``): nine of them for a news article with its provider,
images and related articles. They were a third of a document's memory
(12.9 KB of a generated article, 8.5 KB once shared), and a quarter of the
objects the garbage collector scans again and again as a corpus grows:
sharing them made loading 20,000 generated files 6% faster in the calling
process and 10% faster with two workers (benchmarks/RESULTS.md).

Documents are frozen, so nothing pydantic does changes such a set in place:
``model_copy`` and ``copy``/``deepcopy`` copy it (into a plain ``set``, which
its copy can change), pickling writes a plain ``set``. To keep a caller from
changing every document's set at once, the shared sets refuse to be changed
(``TypeError``), and say why. The plain path, one set per model as pydantic
makes them, is what ``SEEDCORPUS_PURE=1`` gives; tests/test_fieldsets.py
holds pydantic to accepting these sets wherever it reads them.
"""

from __future__ import annotations

import threading
import typing
from functools import cache
from typing import Any, NoReturn

from pydantic import BaseModel

_MAX_SHAPES = 4096
"""Shapes shared at most: a corpus has a few dozen; a hostile one gets plain sets beyond."""


class SharedFieldsSet(set[str]):
    """The fields set of every model of one class with the same fields set."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("this model_fields_set is shared by every document of the same "
                        "shape, and cannot be changed: change a copy, set(...)")

    add = discard = remove = pop = clear = update = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> set[str]:
        return set(self)

    def __reduce__(self) -> tuple[type[set[str]], tuple[list[str]]]:
        return set, (list(self),)

    def __repr__(self) -> str:
        return repr(set(self))


_shapes: dict[tuple[type[BaseModel], frozenset[str]], SharedFieldsSet] = {}
_lock = threading.Lock()


def share_fields_sets(model: BaseModel) -> None:
    """Give ``model``, and every model inside it, its shape's shared fields set."""
    fields = model.__pydantic_fields_set__
    if type(fields) is not SharedFieldsSet:
        key = (type(model), frozenset(fields))
        shared = _shapes.get(key)
        if shared is None:
            with _lock:
                if len(_shapes) < _MAX_SHAPES:
                    shared = _shapes.setdefault(key, SharedFieldsSet(fields))
        if shared is not None:
            object.__setattr__(model, "__pydantic_fields_set__", shared)
    values = model.__dict__
    for name in _nested(type(model)):
        value = values[name]
        if isinstance(value, list):
            for item in value:
                share_fields_sets(item)
        elif value is not None:
            share_fields_sets(value)


@cache
def _nested(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` that hold a model, or a list of models."""
    return tuple(name for name, info in model.model_fields.items()
                 if _holds_models(info.annotation))


def _holds_models(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_models(argument) for argument in typing.get_args(annotation))
