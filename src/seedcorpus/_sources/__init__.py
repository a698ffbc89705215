"""Where documents come from: directories, files, globs, archives, URLs, lists of them."""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import Union

from .._errors import ParseError, SourceNotFoundError
from .._limits import Limits
from .archives import Blob, holds_archive, iter_archive
from .files import ListedFile, read_file, walk
from .names import NameFilter, is_glob, keeps
from .remote import Remote, is_url, iter_url, read_url

__all__ = ["SEEDS", "Blob", "BundledSeeds", "Item", "ListedFile", "NameFilter", "Remote",
           "Source", "bundled_seeds", "check_source", "iter_paths", "read_file", "read_item"]

class BundledSeeds:
    """The default source: the seed files shipped inside the package."""

    def __repr__(self) -> str:
        return "<the bundled seeds>"


SEEDS = BundledSeeds()

Source = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]], BundledSeeds]
"""What ``load_corpus`` accepts: a directory, a file, a glob, an archive, a
URL, an iterable of those; by default, the bundled seeds."""

Item = Union[str, ListedFile, Blob, Remote, ParseError]
"""A path to read, a file a walk found, an archive member already read, a URL
to read, or the reason something found on the way cannot be read."""


def bundled_seeds() -> Path:
    """The directory of seed files shipped inside the package."""
    package = Path(__file__).parents[1]
    packaged = package / "seeds"
    if packaged.is_dir():
        return packaged
    # An editable install runs from src/, where the build has not copied the
    # repository's top-level seeds/ into the package.
    return package.parents[1] / "seeds"


def check_source(source: object) -> None:
    """Raise ``TypeError`` at once for what can never be a source (iter_paths is lazy)."""
    if source is None:
        raise TypeError("source is None (an unset environment variable?): give a path, a "
                        "glob or a list of them, or no source at all for the bundled seeds")
    if isinstance(source, (bytes, bytearray)):
        raise TypeError("source must be a path, a glob or an iterable of paths, not bytes")


def iter_paths(source: Source, select: NameFilter | None,
               limits: Limits | None = None) -> Generator[Item, None, None]:
    """Yield, in a stable order, every file ``source`` names.

    Archives named directly (not found in a directory walk) are opened and
    their members yielded already read, bounded by ``limits``.
    """
    limits = limits or Limits()
    check_source(source)
    if isinstance(source, BundledSeeds):
        yield from walk(str(bundled_seeds()), select)
    elif isinstance(source, (str, os.PathLike)):
        yield from _expand(os.fspath(source), select, limits)
    else:
        for item in source:
            if not isinstance(item, (str, os.PathLike)):
                raise TypeError(f"every item of source must be a path, not {item!r}")
            # In a list, a missing path is that document's error, not the whole load's.
            yield from _expand(os.fspath(item), select, limits, missing_is_fatal=False)


def _expand(source: str, select: NameFilter | None, limits: Limits, *,
            missing_is_fatal: bool = True) -> Iterator[Item]:
    # One stat answers "directory?" and "regular file?" (os.path asks twice).
    try:
        mode = os.stat(source).st_mode
    except (OSError, ValueError):
        mode = 0
    if stat.S_ISDIR(mode):
        yield from walk(str(Path(source)), select)
    elif stat.S_ISREG(mode) and holds_archive(source):
        yield from iter_archive(source, select, limits)
    elif mode or os.path.lexists(source):
        yield source
    elif is_url(source):
        yield from iter_url(source, select)
    elif is_glob(source):
        for match in sorted(glob.glob(source, recursive=True)):
            if os.path.isdir(match):
                yield from walk(str(Path(match)), select)
            elif keeps(select, os.path.basename(match)):
                yield match  # a file the glob found is chosen like one a walk found
    elif missing_is_fatal:
        raise SourceNotFoundError(2, "No such file or directory", source)
    else:
        yield source  # reading it reports "No such file or directory"


def read_item(item: Blob | Remote | ListedFile | str, limits: Limits) -> tuple[str, bytes]:
    """The display path and the bytes of one item."""
    if isinstance(item, Blob):
        return item.path, item.data
    if isinstance(item, Remote):
        return item.url, read_url(item.url, limits)
    if isinstance(item, ListedFile):
        return item.path, read_file(item.path, limits, listed=item)
    return item, read_file(item, limits)


