"""Documents behind fsspec URLs (``s3://``, ``gs://``, ``memory://``, ``file://`` ...).

Needs the optional extra ``seedcorpus[fsspec]``. A URL names a file, a
directory (walked recursively, in sorted order, hidden entries skipped) or a
glob. Files are listed first and read later, one at a time, so that a worker
process (or a Dask worker) can do the reading.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .._errors import ParseError, SourceNotFoundError
from .._limits import Limits
from .._optional import require
from .names import NameFilter, is_glob, is_hidden, keeps


@dataclass(frozen=True)
class Remote:
    """A file behind an fsspec URL, not read yet."""

    url: str


def is_url(source: str) -> bool:
    return "://" in source and not os.path.exists(source)


def _filesystem(url: str) -> tuple[Any, str]:
    fsspec_core = require("fsspec.core", "fsspec", "Loading from a URL")
    filesystem, path = fsspec_core.url_to_fs(url)
    return filesystem, path


def iter_url(url: str, select: NameFilter | None) -> Iterator[Remote]:
    filesystem, path = _filesystem(url)
    if filesystem.isdir(path):
        names = sorted(filesystem.find(path))
        names = [name for name in names if _visible(name[len(path.rstrip("/")):])]
    elif filesystem.isfile(path):
        # A file named on its own is read whatever the filter says, as a local one is.
        yield Remote(filesystem.unstrip_protocol(path))
        return
    elif is_glob(path):
        names = sorted(name for name in filesystem.glob(path) if filesystem.isfile(name))
    else:
        raise SourceNotFoundError(2, "No such file or directory", url)
    for name in names:
        if keeps(select, name.rsplit("/", 1)[-1]):
            yield Remote(filesystem.unstrip_protocol(name))


def _visible(relative: str) -> bool:
    return not any(is_hidden(part) for part in relative.split("/"))


def read_url(url: str, limits: Limits) -> bytes:
    """The bytes of one remote file, refused from its size when over the limit.

    Whatever the filesystem raises for this one file (a backend may raise its
    own exceptions, not OSError) is this file's ``read`` error.
    """
    try:
        return _read(url, limits)
    except ParseError:
        raise
    except Exception as error:
        message = str(error) or type(error).__name__
        raise ParseError(f"cannot read: {message}", stage="read", path=url) from None


def _read(url: str, limits: Limits) -> bytes:
    filesystem, path = _filesystem(url)
    info = filesystem.info(path)
    if info.get("type") != "file":
        raise ParseError("not a regular file: only files are read", stage="read", path=url)
    size = info.get("size")
    if size is not None and size > limits.max_bytes:
        raise limits.too_large(url, size)
    with filesystem.open(path, "rb") as handle:
        data: bytes = handle.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise limits.too_large(url)
    return data
