"""How many worker processes a load uses, and how many files each chunk holds."""

from __future__ import annotations

import multiprocessing
import os
import warnings
from collections.abc import Iterator
from itertools import chain, islice
from typing import Literal, Union

from .._sources import Item

Workers = Union[int, Literal["auto"]]
"""``1`` (load in the calling process), a number of worker processes, or ``"auto"``."""
FILES_PER_WORKER = 2000
"""Below this many files per forked process, parallel loading does not pay."""
FILES_PER_FRESH_WORKER = 3000
"""The same for processes that import seedcorpus first ("spawn", "forkserver")."""
CHUNK = 500
"""The most files sent to a worker at once."""


def check_workers(workers: Workers) -> None:
    if workers == "auto":
        return
    if type(workers) is not int:
        raise TypeError(f"workers must be an int or 'auto', not {workers!r}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")


def default_workers(files: int) -> int:
    """Processes ``workers="auto"`` uses for ``files`` files.

    One per `files_per_worker` files, at most one per usable CPU, at
    least one: on a small corpus, starting a process costs more than it saves.
    """
    return max(1, min(usable_cpus(), files // files_per_worker()))


def files_per_worker() -> int:
    """Files per process from which one more process pays, by how processes start.

    A forked worker has seedcorpus imported already; one started by "spawn" or
    "forkserver" (the defaults on macOS and Windows, and on Linux from Python
    3.14) imports it first, at every load.
    """
    method = (multiprocessing.get_start_method(allow_none=True)
              or multiprocessing.get_all_start_methods()[0])  # the platform's default
    return FILES_PER_WORKER if method == "fork" else FILES_PER_FRESH_WORKER


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def plan_load(items: Iterator[Item], workers: Workers) -> tuple[Iterator[Item], int, int]:
    """How to load ``items`` in worker processes: them again, the processes,
    and the files per chunk, having walked no further than that takes.

    ``"auto"`` grows the processes with the files up to one per usable CPU
    (from ``files_per_worker()`` per CPU on); chunks grow up to ``CHUNK``
    (from four chunks per process on). Past both, how many more files there
    are changes nothing, and the walk goes on while the workers load. There
    are never more processes than chunks: a small corpus gets no more than it
    can use, whatever was asked.
    """
    cpus = usable_cpus()
    wanted = cpus if workers == "auto" else workers
    enough = max(files_per_worker() * cpus, CHUNK * 4 * wanted)
    first = list(islice(items, enough))
    count = len(first)
    processes = default_workers(count) if workers == "auto" else workers
    # Chunks large enough to amortise sending them, small enough to balance the load.
    size = max(1, min(CHUNK, -(-count // (processes * 4))))
    processes = max(1, min(processes, -(-count // size)))
    if processes > 1 and multiprocessing.current_process().daemon:
        warnings.warn("seedcorpus: a daemonic process cannot start worker processes "
                      f"(workers={workers!r}): loading in this process instead",
                      RuntimeWarning, stacklevel=5)
        processes = 1
    return chain(first, items), processes, size


