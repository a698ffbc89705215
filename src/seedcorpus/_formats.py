"""The registry of document formats: one handler module per format.

A handler detects its format from the text, parses it into model-ready data,
finds the file position of each value (when an error must point at one),
names its text fields (for repair), and writes a document back. Adding a
format means adding a module and a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from . import _news, _wiki
from ._fields import FieldPattern
from ._limits import Limits
from ._yaml import Positions


@dataclass(frozen=True)
class Handler:
    kind: str
    model: type[BaseModel]
    detect: Callable[[str], bool]
    parse: Callable[[str, str | None, Limits], tuple[dict[str, Any], list[Any]]]
    """(text, path, limits) -> model-ready data, and the audit records
    (``Repair`` data) of what reading it had to change."""
    locate: Callable[[str, str | None, Limits], Positions]
    """(text, path, limits) -> where each value of that data is written.

    Asked only when validation fails, of a text that ``parse`` read: most
    documents never need it, and it is not sent from worker to parent.
    """
    text_fields: tuple[FieldPattern, ...]
    url_fields: tuple[FieldPattern, ...]
    rename: dict[str, str]
    """Key as written -> model field name, where they differ (for repair records)."""
    dump: Callable[[Any], str]
    json_exact: bool
    """Whether ``parse`` builds only data that JSON carries exactly (strings,
    None, ints, lists, str-keyed dicts), so that a worker may send it as JSON."""


HANDLERS = tuple(
    Handler(module.KIND, module.MODEL, module.detect, module.parse, module.locate,
            module.TEXT_FIELDS, module.URL_FIELDS, module.RENAME, module.dump, module.JSON_EXACT)
    for module in (_news, _wiki)
)
BY_KIND = {handler.kind: handler for handler in HANDLERS}


def detect(text: str) -> Handler | None:
    return next((handler for handler in HANDLERS if handler.detect(text)), None)
