"""Pausing Python's cyclic garbage collector while a corpus loads.

Building tens of thousands of models sets off collection after collection,
and the older generations are scanned again and again as the corpus grows:
a fifth to a quarter of ``load_corpus``'s time (benchmarks/bench_load.py).
Nearly all that loading discards is freed by reference counting, as
before; the rest (a caught error's traceback, say) is collected once the
collector is back on.

The pause is counted, so loads running in several threads at once switch
the collector back on only when the last of them ends, and only if it was
on when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0
        self.was_enabled = False

    def begin(self) -> None:
        with self.lock:
            if self.active == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.active += 1

    def end(self) -> None:
        with self.lock:
            self.active -= 1
            if self.active == 0 and self.was_enabled:
                gc.enable()


_PAUSES = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off for the duration of the block."""
    _PAUSES.begin()
    try:
        yield
    finally:
        _PAUSES.end()
