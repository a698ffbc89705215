"""The text of a news file: where its front matter is, and the characters
YAML would refuse in it. Imports nothing of the models, so that writing
(python-frontmatter's Post) can use it too."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..._errors import ParseError

OPEN = re.compile(r"---[ \t]*(?:\n|\Z)")
# The closing line: "---" alone on a line, after the opening one.
_CLOSE = re.compile(r"^(---[ \t]*)$", re.MULTILINE)


# Characters that YAML 1.1 refuses in a file (C0 and C1 controls but tab and
# newline, DEL, U+FFFE and U+FFFF), and those it reads as line breaks where
# YAML 1.2 (and the generator's JavaScript YAML) sees text: NEL (U+0085, also
# a C1 control: Windows-1252's "…" decoded as Latin-1), U+2028, U+2029 and a
# lone CR. Real scraped text holds them; a file must not fail for one, and
# its lines must stay where they are.
_SHIELDED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_PRIVATE_USE = range(0xE000, 0xF900)


def shield(text: str) -> tuple[str, Callable[[Any], Any] | None]:
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


def split(text: str, path: str | None) -> tuple[str, str]:
    """The front matter, and what follows its closing line."""
    opening = OPEN.match(text)
    assert opening is not None, "detect() is checked first"
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        raise ParseError("front matter opened by '---' on line 1 is never closed "
                         "by a second '---' line", stage="split", path=path, line=1, column=1)
    return text[opening.end():closing.start(1)], text[closing.end(1):]
