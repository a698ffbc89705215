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
from functools import partial
from pathlib import PurePosixPath
from typing import IO, TypeVar

from .._errors import ParseError
from .._limits import Limits
from .names import NameFilter, is_hidden, keeps


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


# What reading an archive or one of its members raises when its bytes are
# damaged (a bad CRC, bad deflate data, a truncated stream, a bad header).
_DAMAGE = (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError, zlib.error, ValueError)


def iter_archive(path: str, select: NameFilter | None,
                 limits: Limits) -> Iterator[Blob | ParseError]:
    """Every member of the archive at ``path``, in archive order.

    A damaged member is that member's error. A zip archive goes on with the
    next member (its directory says where each one is); a tar archive is one
    stream, so a member that breaks it ends the walk with an error saying how
    many members were read and that the rest, if any, could not be.
    """
    reader = _Reader(path, select, limits)
    try:
        entries = reader.zip() if zipfile.is_zipfile(path) else reader.tar()
        yield from reader.members(entries)
    except _Broken as broken:
        yield ParseError(f"archive broken after {_count(reader.seen, 'member')} "
                         f"({broken.reason}): the rest of it could not be read",
                         stage="read", path=path)
    except _DAMAGE as error:
        yield ParseError(f"cannot read archive: {error}", stage="read", path=path)


class _Broken(Exception):
    """A tar stream that cannot be read past a damaged member."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class _Entry:
    """One archive member, as zip and tar both describe it."""

    name: str
    regular: bool
    size: int
    """The size the archive declares (the bytes read are counted separately)."""
    open: Callable[[], IO[bytes]]


_BROKEN = "_seedcorpus_broken_header"
# What tarfile raises for a damaged header (the end of an archive is an
# EOFHeaderError or EmptyHeaderError instead); not in typeshed, in every tarfile.
_DAMAGED_HEADER: tuple[type[Exception], ...] = tuple(
    getattr(tarfile, name) for name in ("InvalidHeaderError", "TruncatedHeaderError"))
_HeaderT = TypeVar("_HeaderT", bound="_Header")


class _Header(tarfile.TarInfo):
    """A tar member's header that remembers, on its archive, why one could not be read.

    tarfile ends its iteration without a word at a damaged header past the
    first one, as at the end of the archive: the members after it would be
    lost in silence.
    """

    @classmethod
    def fromtarfile(cls: type[_HeaderT], tarfile_: tarfile.TarFile) -> _HeaderT:
        try:
            return super().fromtarfile(tarfile_)
        except _DAMAGED_HEADER as error:
            setattr(tarfile_, _BROKEN, f"a damaged header: {error}")
            raise


def _extract(archive: tarfile.TarFile, info: tarfile.TarInfo) -> IO[bytes]:
    member = archive.extractfile(info)
    assert member is not None, "only regular files are opened"
    return member


class _Reader:
    def __init__(self, path: str, select: NameFilter | None, limits: Limits) -> None:
        self.path = path
        self.select = select
        self.limits = limits
        self.total = 0
        self.seen = 0
        """Members read or refused so far."""
        self.stream = False
        """Whether the archive is a stream (tar), which a damaged member ends."""

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
        self.stream = True
        with tarfile.open(self.path, mode="r|*", tarinfo=_Header) as archive:
            members = iter(archive)
            while True:
                try:
                    info = next(members, None)
                except _DAMAGE as error:  # a header past the last member read
                    raise _Broken(str(error) or type(error).__name__) from None
                if info is None:
                    broken = getattr(archive, _BROKEN, None)
                    if broken is not None:
                        raise _Broken(broken)
                    return
                if not info.isdir():
                    yield _Entry(info.name, info.isfile(), info.size,
                                 partial(_extract, archive, info))

    def members(self, entries: Iterator[_Entry]) -> Iterator[Blob | ParseError]:
        """The checks every member passes, whatever the kind of archive."""
        for entry in entries:
            if not self.wanted(entry.name):
                continue
            result: Blob | ParseError
            if _unsafe(entry.name):
                result = self.refuse(entry.name, "member path is absolute or leaves the "
                                     "archive with '..': refused")
            elif not entry.regular:
                result = self.refuse(entry.name, "not a regular file (a link or special "
                                     "file): refused")
            elif entry.size > self.limits.max_bytes:
                result = self.too_large(entry.name)
            else:
                result = self.read(entry)
            self.seen += 1
            yield result
            if self.total > self.limits.max_archive_bytes:
                yield self.over_total()
                return

    def wanted(self, name: str) -> bool:
        parts = PurePosixPath(name).parts
        if any(is_hidden(part) for part in parts):
            return False
        return keeps(self.select, parts[-1] if parts else "")

    def display(self, name: str) -> str:
        return f"{self.path}!/{name}"

    def read(self, entry: _Entry) -> Blob | ParseError:
        try:
            with entry.open() as member:
                data = member.read(self.limits.max_bytes + 1)
        except RuntimeError as error:  # an encrypted zip member
            return self.refuse(entry.name, str(error))
        except _DAMAGE as error:
            if self.stream:
                raise _Broken(f"{self.display(entry.name)}: {error}") from None
            return self.refuse(entry.name, f"cannot read member: {error}")
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
