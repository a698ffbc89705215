"""Reading a news file: its front matter split off, loaded, and made model-ready."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from ... import _accel as accel
from ..._accel.fastyaml import load_simple
from ..._limits import Limits
from ..._types import DataPath, Positions
from .keys import CHILDREN, KEYS, RENAME, Dropped
from .models import NewsArticle
from .text import shield, split
from .yaml import load_mapping


def read(text: str, path: str | None, limits: Limits) -> tuple[dict[str, Any], list[Any]]:
    """Split and load a news file into model-ready data, and the records of
    the null list items dropped on the way."""
    front_matter, body = split(text, path)
    shielded, restore = shield(front_matter)
    data = load_simple(shielded, limits.max_depth) if accel.FASTYAML else None
    if data is None:
        data, _ = _load(shielded, path, limits.max_depth)
    if restore is not None:
        data = restore(data)
    dropped: Dropped = []
    model_data = _gather_extra(NewsArticle, data, (), dropped)
    model_data["body"] = body.strip()
    return model_data, list(_drop_records(dropped))


def locate(text: str, path: str | None, limits: Limits) -> Positions:
    """Where each value of ``read(text, ...)`` is written, as the full loader finds it.

    Asked only when validation fails and its error must point into the file.
    """
    data, positions = _load(shield(split(text, path)[0])[0], path, limits.max_depth)
    dropped: Dropped = []
    _gather_extra(NewsArticle, data, (), dropped)
    return _renumbered(positions, dropped) if dropped else positions


def _load(front_matter: str, path: str | None, max_depth: int) -> tuple[dict[str, Any], Positions]:
    return load_mapping(front_matter, first_line=2, max_depth=max_depth, path=path,
                        rename=RENAME)


def _gather_extra(model: type[BaseModel], data: dict[str, Any], where: DataPath,
                  dropped: Dropped) -> dict[str, Any]:
    """Move the keys that ``model`` does not name into ``extra``, and drop the
    null items of its lists, at every level.

    In place: the loader built ``data`` for this alone (and refuses aliases,
    so no mapping is reached twice). Keys stay as written; the models accept
    the camelCase ones as aliases. ``where`` is the path of ``data`` (field
    names, list indices as in the file); each list that lost items is added
    to ``dropped``, in the order of the fields.
    """
    known = KEYS[model]
    extra: dict[str, Any] = {}
    if not data.keys() <= known.keys():
        for key in [key for key in data if key not in known]:
            extra[key] = data.pop(key)
    for key, name, is_list, inner in CHILDREN[model]:
        value = data.get(key)
        here = (*where, name)
        if is_list and isinstance(value, list):
            indices: Sequence[int] = range(len(value))
            if None in value:
                # "  - " alone on a line is a null item (a topic left empty):
                # it holds nothing, and would fail the whole document.
                indices = [index for index, item in enumerate(value) if item is not None]
                dropped.append((here, indices, len(value)))
                value = data[key] = [value[index] for index in indices]
            if inner is not None:
                for index, item in zip(indices, value, strict=True):
                    if isinstance(item, dict):
                        _gather_extra(inner, item, (*here, index), dropped)
        elif inner is not None and isinstance(value, dict):
            _gather_extra(inner, value, here, dropped)
    data["extra"] = extra
    return data


def _drop_records(dropped: Dropped) -> Iterator[dict[str, Any]]:
    """One audit record per null item dropped, named by its place in the file."""
    for path, kept, length in dropped:
        for index in sorted(set(range(length)).difference(kept)):
            yield {"field": ".".join(map(str, (*path, index))), "original": None,
                   "steps": [{"action": "drop", "parameter": "null_item"}]}


def _renumbered(positions: Positions, dropped: Dropped) -> Positions:
    """``positions`` with list indices as they are once null items are dropped."""
    new_index = {path: {old: new for new, old in enumerate(kept)}
                 for path, kept, _ in dropped}
    result: Positions = {}
    for key, position in positions.items():
        parts = list(key)
        for depth in range(1, len(key)):
            renumber, part = new_index.get(key[:depth]), key[depth]
            if renumber is not None and isinstance(part, int):
                index = renumber.get(part)
                if index is None:
                    break  # the dropped item itself
                parts[depth] = index
        else:
            result[tuple(parts)] = position
    return result


