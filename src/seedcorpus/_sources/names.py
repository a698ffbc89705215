"""What a name says before anything is opened: a glob, a hidden entry, one
the caller wants or not."""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase
from typing import NamedTuple, Union

_MAGIC = frozenset("*?[")


def is_glob(text: str) -> bool:
    """Whether ``text`` has glob wildcards (``*``, ``?``, ``[``)."""
    return not _MAGIC.isdisjoint(text)


def is_hidden(part: str) -> bool:
    """Whether one path component names a hidden entry (``.git``, ``.DS_Store``).

    Hidden entries are never documents; ``.`` and ``..`` are not hidden.
    """
    return part.startswith(".") and part not in (".", "..")


Globs = Union[str, Sequence[str], None]
"""One glob, several, or none."""


class NameFilter(NamedTuple):
    """Which files a walk keeps, by their names: ``pattern=`` and ``exclude=``."""

    include: tuple[str, ...]
    exclude: tuple[str, ...]

    def wanted(self, name: str) -> bool:
        """Whether ``name`` matches an include glob (if any is given) and no exclude glob."""
        if self.include and not any(fnmatchcase(name, glob) for glob in self.include):
            return False
        return not any(fnmatchcase(name, glob) for glob in self.exclude)


def keeps(select: NameFilter | None, name: str) -> bool:
    """Whether a walk keeps a file named ``name``; no filter keeps every file."""
    return select is None or select.wanted(name)


def name_filter(include: Globs, exclude: Globs) -> NameFilter | None:
    """The filter of ``include`` and ``exclude`` globs; ``None`` if it keeps every file."""
    included, excluded = _globs(include, "pattern"), _globs(exclude, "exclude")
    return NameFilter(included, excluded) if included or excluded else None


def _globs(value: Globs, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    globs = (value,) if isinstance(value, str) else tuple(value)
    if not all(isinstance(glob, str) for glob in globs):
        raise TypeError(f"{name} must be a glob or a sequence of globs, not {value!r}")
    return globs
