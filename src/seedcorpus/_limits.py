"""Resource limits applied to every input before and while it is parsed."""

from __future__ import annotations

from dataclasses import dataclass

from ._errors import ParseError

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_DEPTH = 32
DEFAULT_MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from exhausting time or memory.

    ``max_bytes``: files larger than this are refused before being read whole
    (the largest real document seen is a few kilobytes).
    ``max_depth``: deepest nesting of YAML collections accepted in front matter
    (real news files nest four levels deep).
    ``max_archive_bytes``: the most bytes decompressed from one archive in all
    (each member is also held to ``max_bytes``).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_archive_bytes: int = DEFAULT_MAX_ARCHIVE_BYTES

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_depth", "max_archive_bytes"):
            value = getattr(self, name)
            # bool is an int to Python, and 100.5 bytes is no size: refused
            # here, rather than failing in the middle of a load.
            if type(value) is not int:
                raise TypeError(f"Limits.{name} must be an int, not {value!r}")
            if value < 1:
                raise ValueError(f"Limits.{name} must be at least 1, not {value}")

    def too_large(self, path: str | None, size: int | None = None,
                  what: str = "file") -> ParseError:
        """The ``read`` error for ``what`` at ``path`` being over ``max_bytes``."""
        stated = f" is {size} bytes," if size is not None else " is"
        return ParseError(f"{what}{stated} over the limit of {self.max_bytes} bytes "
                          "(Limits.max_bytes)", stage="read", path=path)
