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

When it is switched back on, what was built meanwhile is moved to the oldest
generation first (``gc.freeze()`` then ``gc.unfreeze()``, which relink the
generations' lists and scan nothing). Left in the youngest generation, a
corpus of 20,000 documents (a million tracked objects) was scanned by the
first collection after the load (0.4 s, inside ``load_corpus``) and again
by the next middle-generation one (0.65 s), only to be found alive both
times. Objects the program made before the load move with it, and the
cycles among them, if any, are freed by the next full collection rather
than an earlier young one. A process that has frozen objects of its own
(``gc.get_freeze_count()``) is left as it is: unfreezing would thaw them too.
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
                _promote_to_oldest_generation()
                gc.enable()


def _promote_to_oldest_generation() -> None:
    # gc.freeze is CPython's; elsewhere the collector finds its own way.
    if hasattr(gc, "freeze") and gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


_PAUSES = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off for the duration of the block."""
    _PAUSES.begin()
    try:
        yield
    finally:
        _PAUSES.end()
