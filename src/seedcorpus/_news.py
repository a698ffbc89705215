"""News articles: Jekyll-style YAML front matter between two ``---`` lines."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel

from ._errors import ParseError
from ._fastyaml import load_simple
from ._fields import FieldPattern
from ._limits import Limits
from ._models import Image, NewsArticle, Provider, RelatedArticle
from ._yaml import Positions, load_mapping

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

TEXT_FIELDS: tuple[FieldPattern, ...] = (
    ("category",), ("title",), ("excerpt",), ("type",), ("body",), ("topics", "*"),
    ("provider", "name"), ("provider", "images", "*", "title"), ("images", "*", "title"),
    ("related", "*", "title"), ("related", "*", "excerpt"), ("related", "*", "type"),
    ("related", "*", "provider", "name"),
    ("related", "*", "provider", "images", "*", "title"),
    ("related", "*", "images", "*", "title"),
)


def detect(text: str) -> bool:
    return _OPEN.match(text) is not None


def parse(text: str, path: str | None, limits: Limits) -> dict[str, Any]:
    """Split and load a news file into model-ready data."""
    front_matter, body = _split(text, path)
    data = load_simple(front_matter, limits.max_depth)
    if data is None:
        data, _ = _load(front_matter, path, limits.max_depth)
    model_data = _gather_extra(NewsArticle, data)
    model_data["body"] = body.strip()
    return model_data


def locate(text: str, path: str | None, limits: Limits) -> Positions:
    """Where each value of ``parse(text, ...)`` is written, as the full loader finds it.

    Asked only when validation fails and its error must point into the file.
    """
    return _load(_split(text, path)[0], path, limits.max_depth)[1]


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


def _gather_extra(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """Move the keys that ``model`` does not name into ``extra``, at every level.

    In place: the loader built ``data`` for this alone (and refuses aliases,
    so no mapping is reached twice). Keys stay as written; the models accept
    the camelCase ones as aliases.
    """
    known = _KEYS[model]
    extra: dict[str, Any] = {}
    if not data.keys() <= known.keys():
        for key in [key for key in data if key not in known]:
            extra[key] = data.pop(key)
    for key, inner in _NESTED[model].items():
        value = data.get(key)
        if isinstance(value, dict):
            _gather_extra(inner, value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _gather_extra(inner, item)
    data["extra"] = extra
    return data


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
