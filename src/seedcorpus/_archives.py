"""Documents inside .zip, .tar and .tar.gz archives, read member by member.

Nothing is ever extracted to disk. A member is refused, as that member's
``read`` error, when its name is absolute or climbs out with ``..``, when it is
not a regular file (a symlink, a device), or when it is larger than
``Limits.max_bytes`` (judged by the bytes actually decompressed, so a member
that lies about its size is caught too). Reading stops, with an error naming
the archive, once ``Limits.max_archive_bytes`` have been decompressed in all.
"""

from __future__ import annotations

import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import partial
from pathlib import PurePosixPath
from typing import IO

from ._errors import ParseError
from ._limits import Limits
from ._names import is_hidden


@dataclass(frozen=True)
class Blob:
    """A document already read (an archive member): where it came from, and its bytes."""

    path: str
    data: bytes


# Leading bytes of the containers recognised: zip (local header, or the end
# record of an empty archive), gzip, bzip2, xz; a plain tar says "ustar" at 257.
_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")


# O_NONBLOCK: should a FIFO take the file's place after it was found regular,
# opening it cannot wait for a writer.
_SNIFF_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def holds_archive(path: str) -> bool:
    """Whether ``path`` is a regular file holding a zip or tar archive (by content).

    Every file named in a source is asked this (once a stat found it
    regular), so a look at its first bytes (one open, one read, no buffered
    file object) settles it for documents before the archive modules open
    anything. The open file is checked to be regular again.
    """
    try:
        descriptor = os.open(path, _SNIFF_FLAGS)
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return False
            head = os.read(descriptor, 262)
        finally:
            os.close(descriptor)
        if not head.startswith(_SIGNATURES) and head[257:262] != b"ustar":
            return False
        return zipfile.is_zipfile(path) or tarfile.is_tarfile(path)
    except OSError:
        return False


def iter_archive(path: str, pattern: str | None, limits: Limits) -> Iterator[Blob | ParseError]:
    """Every member of the archive at ``path``, in archive order."""
    try:
        reader = _Reader(path, pattern, limits)
        yield from reader.members(reader.zip() if zipfile.is_zipfile(path) else reader.tar())
    except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError, zlib.error) as error:
        yield ParseError(f"cannot read archive: {error}", stage="read", path=path)


@dataclass(frozen=True)
class _Entry:
    """One archive member, as zip and tar both describe it."""

    name: str
    regular: bool
    size: int
    """The size the archive declares (the bytes read are counted separately)."""
    open: Callable[[], IO[bytes]]


def _extract(archive: tarfile.TarFile, info: tarfile.TarInfo) -> IO[bytes]:
    member = archive.extractfile(info)
    assert member is not None, "only regular files are opened"
    return member


class _Reader:
    def __init__(self, path: str, pattern: str | None, limits: Limits) -> None:
        self.path = path
        self.pattern = pattern
        self.limits = limits
        self.total = 0

    def zip(self) -> Iterator[_Entry]:
        with zipfile.ZipFile(self.path) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                # Unix file type bits, when the archiver recorded any (many record
                # only permissions, and then it is a regular file).
                kind = stat.S_IFMT(info.external_attr >> 16)
                yield _Entry(info.filename, not kind or kind == stat.S_IFREG, info.file_size,
                             partial(archive.open, info))

    def tar(self) -> Iterator[_Entry]:
        # Streaming mode: members are read in order, never seeking back, so a
        # compressed archive is decompressed once.
        with tarfile.open(self.path, mode="r|*") as archive:
            for info in archive:
                if not info.isdir():
                    yield _Entry(info.name, info.isfile(), info.size,
                                 partial(_extract, archive, info))

    def members(self, entries: Iterator[_Entry]) -> Iterator[Blob | ParseError]:
        """The checks every member passes, whatever the kind of archive."""
        for entry in entries:
            if not self.wanted(entry.name):
                continue
            if _unsafe(entry.name):
                yield self.refuse(entry.name, "member path is absolute or leaves the "
                                  "archive with '..': refused")
            elif not entry.regular:
                yield self.refuse(entry.name, "not a regular file (a link or special "
                                  "file): refused")
            elif entry.size > self.limits.max_bytes:
                yield self.too_large(entry.name)
            else:
                yield self.read(entry)
            if self.total > self.limits.max_archive_bytes:
                yield self.over_total()
                return

    def wanted(self, name: str) -> bool:
        parts = PurePosixPath(name).parts
        if any(is_hidden(part) for part in parts):
            return False
        return self.pattern is None or fnmatchcase(parts[-1] if parts else "", self.pattern)

    def display(self, name: str) -> str:
        return f"{self.path}!/{name}"

    def read(self, entry: _Entry) -> Blob | ParseError:
        try:
            with entry.open() as member:
                data = member.read(self.limits.max_bytes + 1)
        except RuntimeError as error:  # an encrypted zip member
            return self.refuse(entry.name, str(error))
        self.total += len(data)
        if len(data) > self.limits.max_bytes:
            return self.too_large(entry.name)
        return Blob(self.display(entry.name), data)

    def refuse(self, name: str, message: str) -> ParseError:
        return ParseError(message, stage="read", path=self.display(name))

    def too_large(self, name: str) -> ParseError:
        return self.limits.too_large(self.display(name), what="member")

    def over_total(self) -> ParseError:
        return ParseError(f"archive decompresses to more than {self.limits.max_archive_bytes} "
                          "bytes (Limits.max_archive_bytes): the rest is not read",
                          stage="read", path=self.path)


def _unsafe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")
