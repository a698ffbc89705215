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

A pause may also ask that what it builds go to the oldest generation when
it ends (``promote``: ``load_corpus`` asks for large corpora, a worker
process for every chunk). Left in the youngest generation, a corpus of
20,000 documents (a million tracked objects) was scanned by the first
collection after the load (0.4 s, inside ``load_corpus``) and again by the
next middle-generation one (0.65 s), only to be found alive both times.
``gc.freeze()`` then ``gc.unfreeze()`` relink the generations' lists
instead, scanning nothing. So that nothing of the program's goes along
unseen, such a pause first collects the young generations (``gc.collect(1)``:
a few thousand objects at most); without that, a program making cyclic
garbage between loads would see it promoted at every load and never
collected, since the collector's counts start again from zero after a
freeze. A process that has frozen objects of its own (``gc.freeze()``) is
not promoted: unfreezing would thaw them. That is not told by
``gc.get_freeze_count()`` alone: Python 3.12's collector moves the immortal
objects it meets into the permanent generation itself (375 tuples in a bare
3.12.1 interpreter), so the count is never zero there; see
``_frozen_by_the_program``.
"""

from __future__ import annotations

import gc
import operator
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import repeat


class _Pauses:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0
        self.was_enabled = False
        self.promote = False
        # The freeze count last looked at, and whether the program had frozen
        # objects then (see _frozen_by_the_program).
        self.verdict = (0, False)

    def begin(self, promote: bool) -> None:
        with self.lock:
            if self.active == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            if promote and self.was_enabled and not self.promote and self.can_promote():
                gc.collect(1)  # the program's young objects: collected, not promoted
                self.promote = True
            self.active += 1

    def end(self) -> None:
        with self.lock:
            self.active -= 1
            if self.active == 0:
                if self.promote and self.can_promote():
                    gc.freeze()
                    gc.unfreeze()
                self.promote = False
                if self.was_enabled:
                    gc.enable()

    def can_promote(self) -> bool:
        # gc.freeze is CPython's; elsewhere the collector finds its own way.
        if not hasattr(gc, "freeze"):
            return False
        count = gc.get_freeze_count()
        if count == 0:
            return True
        if self.verdict[0] != count:
            self.verdict = (count, _frozen_by_the_program())
        return not self.verdict[1]


def _frozen_by_the_program() -> bool:
    """Whether the objects in the permanent generation include the program's own.

    The freeze count alone cannot say: Python 3.12 moves the immortal objects
    it meets there as it collects. What only ``gc.freeze()`` puts there is
    every object tracked at the time, the ``sys`` module among them. Listing
    the generations costs about 25 ms for a million objects, so the answer is
    kept while the count stays the same; freezing and unfreezing change it.
    """
    # By identity: "in" on a list would call the __eq__ of every object there.
    return not any(any(map(operator.is_, gc.get_objects(generation), repeat(sys)))
                   for generation in (2, 1, 0))


_PAUSES = _Pauses()


@contextmanager
def collector_paused(*, promote: bool = False) -> Iterator[None]:
    """Keep the cyclic garbage collector off for the duration of the block.

    With ``promote``, what the block builds goes to the oldest generation,
    unscanned, when the last pause ends (see the module's docstring).
    """
    _PAUSES.begin(promote)
    try:
        yield
    finally:
        _PAUSES.end()
