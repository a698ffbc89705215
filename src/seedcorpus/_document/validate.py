"""Turn parsed data into a model, or a ParseError that points into the file."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .._errors import ParseError
from .._types import DataPath, LocatePositions, Positions

ModelT = TypeVar("ModelT", bound=BaseModel)


def validate(model: type[ModelT], data: dict[str, Any], positions: LocatePositions,
             path: str | None) -> ModelT:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        loc: DataPath = tuple(first["loc"])
        line, column = _locate(loc, positions())
        more = error.error_count() - 1
        message = first["msg"] + (f" (and {more} more error{'s' if more > 1 else ''})"
                                  if more else "")
        raise ParseError(message, stage="validate", path=path, line=line, column=column,
                         field=".".join(str(part) for part in loc) or None) from None


def _locate(loc: DataPath, positions: Positions) -> tuple[int | None, int | None]:
    # A missing field has no position of its own: point at its parent, the
    # nearest enclosing value that was written in the file.
    for end in range(len(loc), 0, -1):
        found = positions.get(loc[:end])
        if found is not None:
            return found
    return None, None
