"""The keys of front matter and the model fields they fill."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from ..._types import DataPath
from .models import Image, NewsArticle, Provider, RelatedArticle
from .writer import NOT_KEYS

# Which keys hold another front-matter model (written as the field names: none
# has an alias), so that keys the models do not name can be gathered into
# ``extra`` at every level.
NESTED: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    NewsArticle: {"provider": Provider, "images": Image, "related": RelatedArticle},
    RelatedArticle: {"provider": Provider, "images": Image},
    Provider: {"images": Image},
    Image: {},
}


def _file_keys(model: type[BaseModel]) -> dict[str, str]:
    return {info.alias or name: name for name, info in model.model_fields.items()
            if name not in NOT_KEYS}


KEYS = {model: _file_keys(model) for model in NESTED}
# camelCase key as written -> model field name, for error positions.
RENAME = {key: name for keys in KEYS.values() for key, name in keys.items() if key != name}


def _children(model: type[BaseModel]) -> tuple[tuple[str, str, bool, Any], ...]:
    """In field order, the keys of ``model`` to look into: (key as written,
    field name, whether the field is a list, the model of its value or items)."""
    children = []
    for key, name in KEYS[model].items():
        is_list = typing.get_origin(model.model_fields[name].annotation) is list
        inner = NESTED[model].get(key)
        if is_list or inner is not None:
            children.append((key, name, is_list, inner))
    return tuple(children)


CHILDREN = {model: _children(model) for model in NESTED}
Dropped = list[tuple[DataPath, Sequence[int], int]]
"""Each list that lost null items: its path, the indices it kept, its length in the file."""

