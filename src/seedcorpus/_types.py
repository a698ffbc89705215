"""Types the stages of the pipeline share; this module imports nothing of seedcorpus's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Union

DataPath = tuple[Union[str, int], ...]
"""Where a value sits in parsed data: its keys and list indices, from the top."""

Positions = dict[DataPath, tuple[int, int]]
"""Where each value starts in the file: (line, column), both 1-based."""

LocatePositions = Callable[[], Positions]
"""Positions on demand: they are only needed to report a validation error."""

FieldPattern = tuple[Union[str, int], ...]
"""A path into parsed data in which ``"*"`` stands for every item of a list or
mapping: ``("related", "*", "title")`` is the title of every related article."""
