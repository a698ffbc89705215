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
        if self.max_bytes < 1:
            raise ValueError("Limits.max_bytes must be at least 1")
        if self.max_depth < 1:
            raise ValueError("Limits.max_depth must be at least 1")
        if self.max_archive_bytes < 1:
            raise ValueError("Limits.max_archive_bytes must be at least 1")

    def too_large(self, path: str | None, size: int | None = None,
                  what: str = "file") -> ParseError:
        """The ``read`` error for ``what`` at ``path`` being over ``max_bytes``."""
        stated = f" is {size} bytes," if size is not None else " is"
        return ParseError(f"{what}{stated} over the limit of {self.max_bytes} bytes "
                          "(Limits.max_bytes)", stage="read", path=path)
