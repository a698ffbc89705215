"""News articles: Jekyll-style YAML front matter between two ``---`` lines."""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from ._errors import ParseError
from ._fastyaml import load_simple
from ._fields import FieldPattern
from ._limits import Limits
from ._models import Image, NewsArticle, Provider, RelatedArticle
from ._yaml import Path, Positions, load_mapping

KIND = "news"
MODEL = NewsArticle
# Both YAML loaders build only strings, None, lists and str-keyed dicts, and
# provenance adds ints: JSON carries all of it exactly (_wire).
JSON_EXACT = True

_OPEN = re.compile(r"---[ \t]*(?:\n|\Z)")
# The closing line, "---" alone on a line (``^---[ \t]*$`` in MULTILINE mode),
# found by its newline: a leading literal lets re skip ahead to each "\n---",
# where "^" would be tried at every character.
_CLOSE = re.compile(r"\n(---[ \t]*)(?=\n|\Z)")

# Which keys hold another front-matter model (written as the field names: none
# has an alias), so that keys the models do not name can be gathered into
# ``extra`` at every level.
_NESTED: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    NewsArticle: {"provider": Provider, "images": Image, "related": RelatedArticle},
    RelatedArticle: {"provider": Provider, "images": Image},
    Provider: {"images": Image},
    Image: {},
}
# Fields of the models that are not front-matter keys.
_NOT_KEYS = frozenset({"kind", "source", "body", "extra"})


def _file_keys(model: type[BaseModel]) -> dict[str, str]:
    return {info.alias or name: name for name, info in model.model_fields.items()
            if name not in _NOT_KEYS}


_KEYS = {model: _file_keys(model) for model in _NESTED}
# camelCase key as written -> model field name, for error positions.
RENAME = {key: name for keys in _KEYS.values() for key, name in keys.items() if key != name}


def _children(model: type[BaseModel]) -> tuple[tuple[str, str, bool, Any], ...]:
    """In field order, the keys of ``model`` to look into: (key as written,
    field name, whether the field is a list, the model of its value or items)."""
    children = []
    for key, name in _KEYS[model].items():
        is_list = typing.get_origin(model.model_fields[name].annotation) is list
        inner = _NESTED[model].get(key)
        if is_list or inner is not None:
            children.append((key, name, is_list, inner))
    return tuple(children)


_CHILDREN = {model: _children(model) for model in _NESTED}
Dropped = list[tuple[Path, Sequence[int], int]]
"""Each list that lost null items: its path, the indices it kept, its length in the file."""

TEXT_FIELDS: tuple[FieldPattern, ...] = (
    ("category",), ("title",), ("excerpt",), ("type",), ("body",), ("topics", "*"),
    ("provider", "name"), ("provider", "images", "*", "title"), ("images", "*", "title"),
    ("related", "*", "title"), ("related", "*", "excerpt"), ("related", "*", "type"),
    ("related", "*", "provider", "name"),
    ("related", "*", "provider", "images", "*", "title"),
    ("related", "*", "images", "*", "title"),
)

URL_FIELDS: tuple[FieldPattern, ...] = (
    ("originalUrl",), ("webUrl",), ("ampWebUrl",), ("cdnAmpWebUrl",),
    ("provider", "images", "*", "url"), ("images", "*", "url"),
    ("related", "*", "webUrl"), ("related", "*", "ampWebUrl"),
    ("related", "*", "cdnAmpWebUrl"), ("related", "*", "provider", "images", "*", "url"),
    ("related", "*", "images", "*", "url"),
)
"""Where URLs are, by the keys as written (repair records name them by
``RENAME``'s field names)."""


def detect(text: str) -> bool:
    return _OPEN.match(text) is not None


def parse(text: str, path: str | None, limits: Limits) -> tuple[dict[str, Any], list[Any]]:
    """Split and load a news file into model-ready data, and the records of
    the null list items dropped on the way."""
    front_matter, body = _split(text, path)
    shielded, restore = shield(front_matter)
    data = load_simple(shielded, limits.max_depth)
    if data is None:
        data, _ = _load(shielded, path, limits.max_depth)
    if restore is not None:
        data = restore(data)
    dropped: Dropped = []
    model_data = _gather_extra(NewsArticle, data, (), dropped)
    model_data["body"] = body.strip()
    return model_data, list(_drop_records(dropped))


def locate(text: str, path: str | None, limits: Limits) -> Positions:
    """Where each value of ``parse(text, ...)`` is written, as the full loader finds it.

    Asked only when validation fails and its error must point into the file.
    """
    data, positions = _load(shield(_split(text, path)[0])[0], path, limits.max_depth)
    dropped: Dropped = []
    _gather_extra(NewsArticle, data, (), dropped)
    return _renumbered(positions, dropped) if dropped else positions


# Characters that YAML 1.1 refuses in a file (C0 and C1 controls but tab and
# newline, DEL, U+FFFE and U+FFFF), and those it reads as line breaks where
# YAML 1.2 (and the generator's JavaScript YAML) sees text: NEL (U+0085, also
# a C1 control: Windows-1252's "…" decoded as Latin-1), U+2028, U+2029 and a
# lone CR. Real scraped text holds them; a file must not fail for one, and
# its lines must stay where they are.
_SHIELDED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_PRIVATE_USE = range(0xE000, 0xF900)


def shield(text: str) -> tuple[str, Any | None]:
    """``text`` with every character YAML would refuse or break a line at
    replaced by a stand-in it reads as text, and the function that puts the
    characters back into the loaded data (``None`` if there were none).

    Each stand-in is one private-use character that the text neither holds
    nor can produce by an escape (``\\uE000``), so positions and values
    come back exactly: the loaders then read such characters as the
    characters they are, and repair (``fix_c1_controls``,
    ``remove_control_chars``...) decides what becomes of them in text fields.
    """
    found = sorted(set(_SHIELDED.findall(text)))
    if not found:
        return text, None
    lowered = text.lower()  # "\\U0000E000" reads "\\u0000e000"
    free = (chr(code) for code in _PRIVATE_USE
            if chr(code) not in text and f"\\u{code:04x}" not in lowered
            and f"\\u{code:08x}" not in lowered)
    stand_ins = dict(zip(found, free, strict=False))  # 6,400 to draw from, 67 at most needed
    back = str.maketrans({stand_in: char for char, stand_in in stand_ins.items()})
    shielded = text.translate(str.maketrans(stand_ins))

    def restore(value: Any) -> Any:
        if isinstance(value, str):
            return value.translate(back)
        if isinstance(value, list):
            return [restore(item) for item in value]
        if isinstance(value, dict):
            return {restore(key): restore(item) for key, item in value.items()}
        return value

    return shielded, restore


def _split(text: str, path: str | None) -> tuple[str, str]:
    """The front matter, and what follows its closing line."""
    opening = _OPEN.match(text)
    assert opening is not None, "detect() is checked first"
    # From the newline that ends the opening line, if it does end with one.
    closing = _CLOSE.search(text, opening.end() - 1)
    if closing is None:
        raise ParseError("front matter opened by '---' on line 1 is never closed "
                         "by a second '---' line", stage="split", path=path, line=1, column=1)
    return text[opening.end():closing.start(1)], text[closing.end(1):]


def _load(front_matter: str, path: str | None, max_depth: int) -> tuple[dict[str, Any], Positions]:
    return load_mapping(front_matter, first_line=2, max_depth=max_depth, path=path,
                        rename=RENAME)


def _gather_extra(model: type[BaseModel], data: dict[str, Any], where: Path,
                  dropped: Dropped) -> dict[str, Any]:
    """Move the keys that ``model`` does not name into ``extra``, and drop the
    null items of its lists, at every level.

    In place: the loader built ``data`` for this alone (and refuses aliases,
    so no mapping is reached twice). Keys stay as written; the models accept
    the camelCase ones as aliases. ``where`` is the path of ``data`` (field
    names, list indices as in the file); each list that lost items is added
    to ``dropped``, in the order of the fields.
    """
    known = _KEYS[model]
    extra: dict[str, Any] = {}
    if not data.keys() <= known.keys():
        for key in [key for key in data if key not in known]:
            extra[key] = data.pop(key)
    for key, name, is_list, inner in _CHILDREN[model]:
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


# -- writing ------------------------------------------------------------------


def dump(article: NewsArticle) -> str:
    """Write ``article`` as a front-matter file (LF newlines, UTF-8 text)."""
    lines = ["---"]
    _write_mapping(lines, article, indent="")
    lines.append("---")
    text = "\n".join(lines) + "\n"
    return text + (f"\n{article.body}\n" if article.body else "")


def _write_mapping(lines: list[str], model: BaseModel, indent: str) -> None:
    keys = {name: key for key, name in _KEYS[type(model)].items()}
    for name in type(model).model_fields:
        if name in _NOT_KEYS:
            continue
        value = getattr(model, name)
        if value is None or value == []:
            continue  # absent and empty read back as the same defaults
        key = keys[name]
        if isinstance(value, BaseModel):
            lines.append(f"{indent}{key}:")
            _write_mapping(lines, value, indent + "  ")
        elif isinstance(value, list) and isinstance(value[0], BaseModel):
            lines.append(f"{indent}{key}:")
            for item in value:
                start = len(lines)
                _write_mapping(lines, item, indent + "    ")
                lines[start] = f"{indent}  - {lines[start][len(indent) + 4:]}"
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:")
            lines.extend(f"{indent}  - {_scalar(item)}" for item in value)
        else:
            lines.append(f"{indent}{key}: {_scalar(value)}")
    extra = getattr(model, "extra", {})
    for key, value in extra.items():
        lines.append(f"{indent}{quote(key)}: {_flow(value)}")


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    assert isinstance(value, str)
    return quote(value)


def _flow(value: Any) -> str:
    """Write parsed data (str, None, list, dict) in YAML flow style."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{quote(k)}: {_flow(v)}" for k, v in value.items()) + "}"


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
            "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}
# Characters YAML allows unescaped inside a double-quoted scalar.
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, escaping what YAML requires."""
    return '"' + "".join(_escape(char) for char in text) + '"'


def _escape(char: str) -> str:
    escaped = _ESCAPES.get(char)
    if escaped is not None:
        return escaped
    if _PRINTABLE.match(char):
        return char
    code = ord(char)
    return f"\\x{code:02X}" if code <= 0xFF else (
        f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
