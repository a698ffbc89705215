"""Where documents come from: directories, files, globs, lists of paths.

The walk never opens anything but regular files, never follows a symlinked
directory (so a symlink loop cannot trap it), and refuses a symlinked file
that leads outside the directory being walked.

Where the platform allows (POSIX), a directory is walked by file descriptor,
as ``os.fwalk`` does: each subdirectory is opened relative to its parent's
descriptor without following a symlink, so a directory swapped for a
symlink after its parent was listed is refused, not followed out of the
root. Each file found is yielded as a `ListedFile` that carries the
identity (device and inode) the listing saw; reading it checks that the
file opened is that one, so no path component swapped in between can lead
elsewhere either.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Generator, Iterator
from typing import NamedTuple, Union

from .._errors import ParseError
from .._limits import Limits
from .names import NameFilter, is_hidden, keeps


class ListedFile(NamedTuple):
    """A file that a directory walk found, and what its listing said of it.

    A regular file is read without a stat first and opened without following
    a symlink; a symlink (``symlink``: it was checked to lead inside the
    walked directory) is followed. Either way the file opened must be the one
    the walk saw (``identity``: its device and inode), or it is refused.
    """

    path: str
    identity: tuple[int, int] | None
    """(st_dev, st_ino) as listed; ``None`` where the walk could not tell cheaply."""
    symlink: bool = False


# Walking by descriptor needs openat() without following a symlink, and
# scandir() of a descriptor: POSIX has both, Windows neither.
BY_DESCRIPTOR = (hasattr(os, "O_DIRECTORY") and hasattr(os, "O_NOFOLLOW")
                 and os.scandir in os.supports_fd and os.open in os.supports_dir_fd)
_DIRECTORY = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


FoundItem = Union[str, "ListedFile", ParseError]
"""What a walk finds: a file, or the reason something could not be walked."""


def walk(root: str, select: NameFilter | None) -> Iterator[FoundItem]:
    """Every file under ``root``: each directory's files in sorted order, then
    its subdirectories', depth first."""
    if BY_DESCRIPTOR:
        yield from _walk_by_descriptor(root, select)
    else:  # pragma: no cover - tested on POSIX by switching BY_DESCRIPTOR off
        yield from _walk_by_path(root, select)


def _walk_by_descriptor(root: str, select: NameFilter | None) -> Iterator[FoundItem]:
    real_root = os.path.realpath(root)
    try:
        # The root was named by the caller: a symlink to it is followed.
        descriptor = os.open(root, _DIRECTORY)
    except OSError as error:
        yield _unlistable(root, error)
        return
    # The open directories from the root down to the one being walked, each
    # with its subdirectories still to walk: as many descriptors as levels.
    open_directories: list[tuple[int, str, Iterator[str]]] = [(descriptor, root, iter(()))]
    try:
        subdirectories = yield from _list(descriptor, root, select, real_root)
        open_directories[-1] = (descriptor, root, iter(subdirectories))
        while open_directories:
            parent, path, pending = open_directories[-1]
            name = next(pending, None)
            if name is None:
                os.close(parent)
                open_directories.pop()
                continue
            child = os.path.join(path, name)
            try:
                descriptor = os.open(name, _DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
            except OSError as error:
                yield (ParseError("replaced by a symlink after its parent was listed: not "
                                  "followed", stage="read", path=child)
                       if error.errno in (errno.ELOOP, errno.ENOTDIR)
                       else _unlistable(child, error))
                continue
            open_directories.append((descriptor, child, iter(())))
            subdirectories = yield from _list(descriptor, child, select, real_root)
            open_directories[-1] = (descriptor, child, iter(subdirectories))
    finally:
        for descriptor, _, _ in open_directories:
            os.close(descriptor)


def _list(directory: int | str, path: str, select: NameFilter | None,
          real_root: str) -> Generator[FoundItem, None, list[str]]:
    """Yield the files of the directory ``path``, and return the names of its
    subdirectories, both in sorted order.

    ``directory`` is its open descriptor where the walk is by descriptor (a
    regular file is then yielded with the identity the listing saw), else
    its path.
    """
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield _unlistable(path, error)
        return []
    subdirectories = []
    for entry in entries:
        if is_hidden(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            subdirectories.append(entry.name)
            continue
        if not keeps(select, entry.name):
            continue
        full = os.path.join(path, entry.name)
        if entry.is_file(follow_symlinks=False):
            if not isinstance(directory, int):
                yield ListedFile(full, None)  # an identity costs a stat on Windows
                continue
            try:
                status = entry.stat(follow_symlinks=False)
            except OSError as error:  # gone since the listing
                yield ParseError(f"cannot open: {error.strerror}", stage="read", path=full)
                continue
            yield ListedFile(full, (status.st_dev, status.st_ino))
        else:
            yield _check_entry(entry, full, real_root)
    return subdirectories


def _walk_by_path(root: str, select: NameFilter | None) -> Iterator[FoundItem]:
    """The walk where directories cannot be opened by descriptor (Windows)."""
    real_root = os.path.realpath(root)
    pending = [root]
    while pending:
        directory = pending.pop()
        subdirectories = yield from _list(directory, directory, select, real_root)
        pending.extend(os.path.join(directory, name) for name in reversed(subdirectories))


def _unlistable(path: str, error: OSError) -> ParseError:
    return ParseError(f"cannot list directory: {error.strerror}", stage="read", path=path)


def _check_entry(entry: os.DirEntry[str], path: str, real_root: str) -> FoundItem:
    """A listed entry that is neither a directory nor a regular file."""
    if entry.is_symlink():
        # realpath, unlike Path.resolve on older Pythons, does not raise on a
        # symlink loop; the loop is reported when the file is opened.
        target = os.path.realpath(path)
        if os.path.isdir(target):
            return ParseError("symlink to a directory: not followed", stage="read",
                              path=path)
        if os.path.commonpath([target, real_root]) != real_root:
            return ParseError(f"symlink leads outside the corpus directory (to {target}): "
                              "refused", stage="read", path=path)
        try:
            status = os.stat(target)
        except OSError:
            return path  # dangling, or a loop: reading it says which
        return ListedFile(path, (status.st_dev, status.st_ino), symlink=True)
    return path  # a FIFO, socket or device: refused, unopened, when read


_READ_SIZE = 1 << 20


# O_NONBLOCK: should the path be swapped for a FIFO after the check, opening it
# must not wait for a writer.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
               | getattr(os, "O_CLOEXEC", 0))
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_file(path: str, limits: Limits, *, listed: ListedFile | None = None) -> bytes:
    """Read a regular file of at most ``limits.max_bytes`` bytes.

    Anything else (FIFO, socket, device, directory) is refused before it is
    opened, and checked again on the open descriptor, so reading never blocks.
    ``listed``: what a directory walk saw of the file. Its listing was the
    check before opening; a regular file is opened without following a
    symlink, and the file opened must be the one listed.
    """
    nofollow = listed is not None and not listed.symlink
    try:
        if listed is None:
            _check_regular(os.stat(path), path, limits)
        fd = os.open(path, _OPEN_FLAGS | _NOFOLLOW if nofollow else _OPEN_FLAGS)
    except OSError as error:
        if nofollow and error.errno == errno.ELOOP:
            raise ParseError("replaced by a symlink after its directory was listed: "
                             "not followed", stage="read", path=path) from None
        raise ParseError(f"cannot open: {error.strerror}", stage="read", path=path) from None
    try:
        status = os.fstat(fd)
        if listed is not None and listed.identity not in (None, (status.st_dev, status.st_ino)):
            raise ParseError("replaced after its directory was listed (the path now leads "
                             "to another file): not read", stage="read", path=path)
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

