"""Writing a news article back as a front-matter file."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel

# Fields of the models that are not front-matter keys.
NOT_KEYS = frozenset({"kind", "source", "body", "extra"})


def dump(article: BaseModel) -> str:
    """Write ``article`` (a `NewsArticle`) as a front-matter file (LF newlines,
    UTF-8 text). Reads the model's fields and aliases only: the models
    import this module (``NewsArticle.to_post``), not the other way."""
    lines = ["---"]
    _write_mapping(lines, article, indent="")
    lines.append("---")
    text = "\n".join(lines) + "\n"
    body: str = getattr(article, "body", "")
    return text + (f"\n{body}\n" if body else "")


def _write_mapping(lines: list[str], model: BaseModel, indent: str) -> None:
    for name, info in type(model).model_fields.items():
        if name in NOT_KEYS:
            continue
        value = getattr(model, name)
        if value is None or value == []:
            continue  # absent and empty read back as the same defaults
        key = info.alias or name
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
