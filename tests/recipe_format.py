"""A third document format, made up for the tests and docs/formats.md: recipe cards.

A recipe card is a text file such as::

    %recipe
    Title: Pancakes
    Serves: 4

    - 2 eggs
    - 250 ml milk

    Whisk everything, then fry in a hot pan.

The first line says what it is; then the title and how many it serves; a
blank line; one ingredient per line; a blank line; the method, to the end.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from seedcorpus import Document, Format, Limits, Parsed, ParseError


class Recipe(Document):
    """A recipe card."""

    kind: Literal["recipe"] = "recipe"
    title: str
    serves: int
    ingredients: list[str]
    method: str


_HEADER = "%recipe"
_FIELD = re.compile(r"(Title|Serves): (.*)")


class RecipeFormat(Format):
    kind = "recipe"
    model = Recipe
    text_fields = (("title",), ("ingredients", "*"), ("method",))
    signature = "'%recipe' on line 1"

    def detect(self, text: str) -> bool:
        return text.startswith(_HEADER + "\n")

    def parse(self, text: str, *, path: str | None, limits: Limits) -> Parsed:
        lines = text.split("\n")
        data: dict[str, Any] = {}
        positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
        for number, key in ((2, "Title"), (3, "Serves")):
            match = _FIELD.fullmatch(lines[number - 1]) if number <= len(lines) else None
            if match is None or match.group(1) != key:
                raise ParseError(f"line {number} must read '{key}: ...'", stage="parse",
                                 path=path, line=number, column=1)
            data[key.lower()] = match.group(2)
            positions[(key.lower(),)] = (number, len(key) + 3)
        if len(lines) < 5 or lines[3] != "":
            raise ParseError("a blank line must follow 'Serves'", stage="parse", path=path,
                             line=4, column=1)
        ingredients, number = [], 5
        while number <= len(lines) and lines[number - 1].startswith("- "):
            positions[("ingredients", len(ingredients))] = (number, 3)
            ingredients.append(lines[number - 1][2:])
            number += 1
        if number > len(lines) or lines[number - 1] != "":
            raise ParseError("the ingredients, one per line as '- ...', must be followed by "
                             "a blank line and the method", stage="parse", path=path,
                             line=number, column=1)
        data["ingredients"] = ingredients
        data["method"] = "\n".join(lines[number:]).strip()
        positions[("method",)] = (number + 1, 1)
        return Parsed(data, positions)

    def dump(self, document: Any) -> str:
        ingredients = "".join(f"- {item}\n" for item in document.ingredients)
        return (f"{_HEADER}\nTitle: {document.title}\nServes: {document.serves}\n\n"
                f"{ingredients}\n{document.method}\n")


RECIPE = RecipeFormat()
