"""Where documents come from: directories, files, globs, lists of paths.

The walk never opens anything but regular files, never follows a symlinked
directory (so a symlink loop cannot trap it), and refuses a symlinked file
that leads outside the directory being walked.

A file whose directory entry says it is a regular file, and not a symlink,
is yielded as a :class:`ListedFile`: its entry was the check before opening
(on Linux and Windows the listing says so without a stat), so reading it
costs no stat of its own (3 of the 12 µs that reading a 2 KB file takes),
and it is opened without following a symlink.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Union

from ._archives import Blob, holds_archive, iter_archive
from ._errors import ParseError, SourceNotFoundError
from ._limits import Limits
from ._names import is_glob, is_hidden
from ._remote import Remote, is_url, iter_url, read_url

Source = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]], None]
"""What ``load_corpus`` accepts: a directory, a file, a glob, paths, or None."""


class ListedFile(str):
    """The path of a file that its directory's listing showed as a regular file.

    Read without a stat first, and opened without following a symlink: one
    put in its place since the listing is refused, not followed.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type[ListedFile], tuple[str]]:
        # What workers are sent: pickle's own way for a str subclass (through
        # copyreg) took 2.4 us per path, this one 0.6.
        return ListedFile, (str(self),)


Item = Union[str, Blob, Remote, ParseError]
"""A local path to read (a :class:`ListedFile` or any other), an archive member
already read, a URL to read, or the reason something found on the way cannot
be read."""


def bundled_seeds() -> Path:
    """The directory of seed files shipped inside the package."""
    packaged = Path(__file__).parent / "seeds"
    if packaged.is_dir():
        return packaged
    # An editable install runs from src/, where the build has not copied the
    # repository's top-level seeds/ into the package.
    return Path(__file__).parents[2] / "seeds"


def iter_paths(source: Source, pattern: str | None,
               limits: Limits | None = None) -> Iterator[Item]:
    """Yield, in a stable order, every file ``source`` names.

    Archives named directly (not found in a directory walk) are opened and
    their members yielded already read, bounded by ``limits``.
    """
    limits = limits or Limits()
    if source is None:
        yield from _walk(bundled_seeds(), pattern)
    elif isinstance(source, (str, os.PathLike)):
        yield from _expand(os.fspath(source), pattern, limits)
    elif isinstance(source, bytes):
        raise TypeError("source must be a path, a glob or an iterable of paths, not bytes")
    else:
        for item in source:
            if not isinstance(item, (str, os.PathLike)):
                raise TypeError(f"every item of source must be a path, not {item!r}")
            # In a list, a missing path is that document's error, not the whole load's.
            yield from _expand(os.fspath(item), pattern, limits, missing_is_fatal=False)


def _expand(source: str, pattern: str | None, limits: Limits, *,
            missing_is_fatal: bool = True) -> Iterator[Item]:
    # One stat answers "directory?" and "regular file?" (os.path asks twice).
    try:
        mode = os.stat(source).st_mode
    except (OSError, ValueError):
        mode = 0
    if stat.S_ISDIR(mode):
        yield from _walk(Path(source), pattern)
    elif stat.S_ISREG(mode) and holds_archive(source):
        yield from iter_archive(source, pattern, limits)
    elif mode or os.path.lexists(source):
        yield source
    elif is_url(source):
        yield from iter_url(source, pattern)
    elif is_glob(source):
        for match in sorted(glob.glob(source, recursive=True)):
            yield from (_walk(Path(match), pattern) if os.path.isdir(match) else (match,))
    elif missing_is_fatal:
        raise SourceNotFoundError(2, "No such file or directory", source)
    else:
        yield source  # reading it reports "No such file or directory"


def _walk(root: Path, pattern: str | None) -> Iterator[Item]:
    real_root = os.path.realpath(root)
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            yield ParseError(f"cannot list directory: {error.strerror}", stage="read",
                             path=str(directory))
            continue
        subdirectories = []
        for entry in entries:
            if is_hidden(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                subdirectories.append(Path(entry.path))
                continue
            if pattern is not None and not fnmatchcase(entry.name, pattern):
                continue
            yield (ListedFile(entry.path) if entry.is_file(follow_symlinks=False)
                   else _check_entry(entry, real_root))
        pending.extend(reversed(subdirectories))


def _check_entry(entry: os.DirEntry[str], real_root: str) -> Item:
    if entry.is_symlink():
        # realpath, unlike Path.resolve on older Pythons, does not raise on a
        # symlink loop; the loop is reported when the file is opened.
        target = os.path.realpath(entry.path)
        if os.path.isdir(target):
            return ParseError("symlink to a directory: not followed", stage="read",
                              path=entry.path)
        if os.path.commonpath([target, real_root]) != real_root:
            return ParseError(f"symlink leads outside the corpus directory (to {target}): "
                              "refused", stage="read", path=entry.path)
    return entry.path


_READ_SIZE = 1 << 20


def read_item(item: Blob | Remote | str, limits: Limits) -> tuple[str, bytes]:
    """The display path and the bytes of one item."""
    if isinstance(item, Blob):
        return item.path, item.data
    if isinstance(item, Remote):
        return item.url, read_url(item.url, limits)
    if isinstance(item, ListedFile):
        path = str(item)  # provenance and errors hold a plain str
        return path, read_file(path, limits, listed=True)
    return item, read_file(item, limits)


# O_NONBLOCK: should the path be swapped for a FIFO after the check, opening it
# must not wait for a writer.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_file(path: str, limits: Limits, *, listed: bool = False) -> bytes:
    """Read a regular file of at most ``limits.max_bytes`` bytes.

    Anything else (FIFO, socket, device, directory) is refused before it is
    opened, and checked again on the open descriptor, so reading never blocks.
    ``listed``: the directory listing showed a regular file, not a symlink;
    that was the check before opening, and the file is opened without
    following a symlink.
    """
    try:
        if not listed:
            _check_regular(os.stat(path), path, limits)
        fd = os.open(path, _OPEN_FLAGS | _NOFOLLOW if listed else _OPEN_FLAGS)
    except OSError as error:
        if listed and error.errno == errno.ELOOP:
            raise ParseError("replaced by a symlink after its directory was listed: "
                             "not followed", stage="read", path=path) from None
        raise ParseError(f"cannot open: {error.strerror}", stage="read", path=path) from None
    try:
        status = os.fstat(fd)
        _check_regular(status, path, limits)
        data = _read_at_most(fd, limits.max_bytes + 1, first=status.st_size + 1)
    except OSError as error:
        raise ParseError(f"cannot read: {error.strerror}", stage="read", path=path) from None
    finally:
        os.close(fd)
    if len(data) > limits.max_bytes:
        raise limits.too_large(path)
    return data


def _read_at_most(fd: int, size: int, *, first: int) -> bytes:
    """Up to ``size`` bytes of ``fd``, asking for ``first`` bytes at first.

    ``first`` is the size the file says it has, plus one byte to see its end
    in one read: os.read allocates what it is asked for, and a megabyte
    allocated (and mapped) for every 2 KB file took 24 µs against 7. A file
    that has grown since is read on in larger chunks.
    """
    # os.read on the descriptor: a buffered file object would cost three
    # times as much as the read itself for the small files a corpus holds.
    chunks = []
    wanted = min(size, first)
    while size > 0:
        chunk = os.read(fd, wanted)
        chunks.append(chunk)
        size -= len(chunk)
        if len(chunk) < wanted:
            break  # a regular file reads short only at its end
        wanted = min(size, _READ_SIZE)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _check_regular(status: os.stat_result, path: str, limits: Limits) -> None:
    if not stat.S_ISREG(status.st_mode):
        kind = ("a directory" if stat.S_ISDIR(status.st_mode)
                else "a named pipe (FIFO)" if stat.S_ISFIFO(status.st_mode)
                else "a socket" if stat.S_ISSOCK(status.st_mode)
                else "a device" if stat.S_ISCHR(status.st_mode) or stat.S_ISBLK(status.st_mode)
                else "not a regular file")
        raise ParseError(f"{kind}: only regular files are read", stage="read", path=path)
    if status.st_size > limits.max_bytes:
        raise limits.too_large(path, status.st_size)

