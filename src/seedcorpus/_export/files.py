"""Writing exports to files: whole or not at all.

An export is written to a temporary file beside its target, flushed to disk
(``fsync``), then renamed over the target in one step: whatever stops it on
the way (an error, Ctrl-C, a full disk, the process killed) leaves the target
as it was, an older file included, and the temporary file is removed
(but for a kill, which runs no code: it is left as ``.<name>.<random>.partial``
beside the target).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, NamedTuple, Union

from .._models import Document
from .._optional import require
from . import tables
from .records import to_record

PathLike = Union[str, "os.PathLike[str]"]

FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".csv": "csv"}
"""The export formats, by the file extension that names them."""


@contextlib.contextmanager
def atomic_file(path: PathLike, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write ``path``'s new content into; it becomes ``path`` only
    when the block ends without an exception."""
    target = os.fspath(path)
    directory = os.path.dirname(target) or "."
    # The name first, the file inside the try: a Ctrl-C the moment after the
    # file exists, even before `created` is set, still removes it (mkstemp,
    # before the try, left it behind).
    temporary = os.path.join(directory,
                             f".{os.path.basename(target)}.{secrets.token_hex(6)}.partial")
    created = False
    try:
        descriptor = os.open(temporary, _CREATE, 0o600)  # as mkstemp makes them
        created = True
        if hasattr(os, "fchmod"):  # pragma: no branch - all but Windows
            os.fchmod(descriptor, _mode_for(target))
        opened: IO[Any] = (os.fdopen(descriptor, "wb") if binary else
                           os.fdopen(descriptor, "w", encoding="utf-8", newline=""))
        with opened as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        # Ours to remove, unless the name was another's (48 random bits: in
        # practice never; then the error names it, and it is left alone).
        if created or not isinstance(error, FileExistsError):
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise
    _sync_directory(directory)


_CREATE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
           | getattr(os, "O_BINARY", 0))


def _mode_for(target: str) -> int:
    """The permissions a new file gets (those of the file replaced, if any):
    mkstemp makes its files readable by their owner alone."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # Read, never set: os.umask() would change it for every thread meanwhile.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:  # pragma: no cover - no /proc here
        pass
    return 0o022  # pragma: no cover - the usual one


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a directory)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - a filesystem that cannot
        pass
    finally:
        os.close(descriptor)


class Writer(NamedTuple):
    """How one export format is written to an open file."""

    binary: bool
    """Whether the file is opened in binary mode (else UTF-8 text, no newline translation)."""
    write: Callable[[Iterable[Document], IO[Any]], int]
    """Write the documents to the file; return how many were written."""
    needs: tuple[str, str, str] | None = None
    """The module it imports, the extra that installs it, and what for."""

    def check(self) -> None:
        """Raise ``ImportError`` (naming the extra) if the writer cannot run here."""
        if self.needs is not None:
            require(*self.needs)


def _jsonl_to(documents: Iterable[Document], out: IO[str]) -> int:
    count = 0
    for document in documents:
        out.write(document.model_dump_json())
        out.write("\n")
        count += 1
    return count


def _parquet_to(documents: Iterable[Document], out: IO[bytes]) -> int:
    parquet = require("pyarrow.parquet", "arrow", "Parquet export")
    table = tables.to_arrow(documents)
    parquet.write_table(table, out)
    return int(table.num_rows)


def _csv_to(documents: Iterable[Document], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=tables.columns())
    writer.writeheader()
    count = 0
    for document in documents:
        record = to_record(document)
        writer.writerow({key: value if isinstance(value, (str, int, float)) or value is None
                         else json.dumps(value, ensure_ascii=False)
                         for key, value in record.items()})
        count += 1
    return count


WRITERS: dict[str, Writer] = {
    "jsonl": Writer(binary=False, write=_jsonl_to),
    "parquet": Writer(binary=True, write=_parquet_to,
                      needs=("pyarrow.parquet", "arrow", "Parquet export")),
    "csv": Writer(binary=False, write=_csv_to),
}
"""The writer of each export format, by the name `FORMATS` gives it."""


def write(documents: Iterable[Document], path: PathLike, format: str) -> int:
    """Write ``documents`` to ``path`` in ``format`` (a key of `WRITERS`),
    whole or not at all; return how many were written."""
    writer = WRITERS[format]
    writer.check()
    with atomic_file(path, binary=writer.binary) as out:
        return writer.write(documents, out)


def write_jsonl(documents: Iterable[Document], path: PathLike) -> int:
    """Write one JSON record per line (UTF-8); return how many were written.

    ``path`` ``"-"`` writes to standard output.
    """
    if os.fspath(path) == "-":
        return _jsonl_to(documents, sys.stdout)
    return write(documents, path, "jsonl")


def write_parquet(documents: Iterable[Document], path: PathLike) -> int:
    """Write a Parquet file with `arrow_schema`; return how many documents it holds."""
    return write(documents, path, "parquet")


def write_csv(documents: Iterable[Document], path: PathLike) -> int:
    """One row per document, the columns of `arrow_schema`; nested values as JSON."""
    return write(documents, path, "csv")
