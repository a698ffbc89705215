"""Loading in worker processes that never outlive, hang or lose work to their parent.

A small pool of our own, not ``concurrent.futures``: its executor loses
every result when one worker dies (``BrokenProcessPool``), cannot stop a
running worker before Python 3.14, and can hang on Ctrl-C while a worker
waits to write to a pipe nobody reads. Here each worker has one pipe and at
most two tasks (the one it works on and the next), sends its results from a
thread of its own so that it always reads its next task, and the parent
waits on every pipe and every worker's sentinel at once, so that:

* a worker that dies (the OOM killer, a crash) costs only its own files:
  they are tried again one by one in fresh workers, and a file whose second
  worker dies too is that file's ``read`` error;
* every way out of a load (its end, an exception here or in the code
  consuming the documents, Ctrl-C, closing the generator) terminates and
  reaps every worker, without waiting on a pipe;
* workers ignore SIGINT (Ctrl-C is the parent's to handle), take SIGTERM's
  default action whatever handler the program set, and die with the parent
  (``PR_SET_PDEATHSIG`` on Linux, and everywhere a thread waiting on the
  parent's sentinel), so none is left behind if the parent is killed.

Workers read, parse and repair; the parent validates what they send
(the ``wire`` shortcut), in the order of the walk. The garbage collector is paused
in the workers, which are seedcorpus's own processes, never in the parent.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, NamedTuple

from .. import _formats as formats
from .._errors import ParseError
from .._formats import Format
from .._limits import Limits
from .._models import Document
from .._repair import RepairConfig
from .._sources import Item
from .one import Packed, prepare_chunk, unpack_one

_JOIN_SECONDS = 5.0
"""How long a terminated worker is given to exit before it is killed."""
_AHEAD = 2
"""Tasks a worker holds at most: the one it works on and the next."""
_POLL_EVERY = 8
"""Documents yielded between looks at the pipes: a worker is given its next
task only when the parent looks."""


class _Task(NamedTuple):
    chunk: int
    """The chunk the items belong to (chunks are yielded in order)."""
    start: int
    """Where the first item stands in its chunk."""
    items: list[Item]
    retry: bool
    """Whether this is the second try of a file whose worker died."""


class _Worker:
    __slots__ = ("connection", "process", "tasks")

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        # At most _AHEAD tasks, the first the one at work: a worker that ends
        # one starts the next at once, while its results go out in a thread
        # of its own (the parent may be busy, its collector running).
        self.tasks: deque[_Task] = deque()


def parallel_results(items: Iterator[Item], processes: int, size: int,
                     repair: RepairConfig | None,
                     limits: Limits) -> Iterator[Document | ParseError]:
    """The result of each item, in order, loaded by ``processes`` workers in
    chunks of ``size`` items. The workers are gone when this ends, however
    it ends."""
    pool = _Pool(processes, repair, limits)
    try:
        yield from pool.results(items, size)
    finally:
        pool.close()


class _Pool:
    def __init__(self, processes: int, repair: RepairConfig | None, limits: Limits) -> None:
        # The program's start method, as multiprocessing would use it: read, never set.
        self.context = multiprocessing.get_context()
        self.size = processes
        self.repair = repair
        self.limits = limits
        self.workers: list[_Worker] = []
        self.queue: deque[_Task] = deque()  # the second tries, first
        self.chunks: dict[int, tuple[list[Item], list[Any]]] = {}
        """Each chunk sent and not yielded yet: its items, and their results so far."""
        self.missing: dict[int, int] = {}
        self.idle_deaths = 0
        for _ in range(processes):
            self.start_worker()

    def start_worker(self) -> None:
        ours, theirs = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=_serve, args=(theirs, self.repair, self.limits, formats.registered()),
            name="seedcorpus-worker", daemon=True)
        try:
            with _signals_held(self.context.get_start_method()):
                process.start()
                # Tracked before a signal held back can interrupt: close() must see it.
                self.workers.append(_Worker(process, ours))
        finally:
            theirs.close()  # the worker's end, in the worker only

    def results(self, items: Iterator[Item], size: int) -> Iterator[Document | ParseError]:
        walk = iter(items)
        sent = 0  # chunks taken from the walk
        walked = False  # whether the walk has ended
        to_yield = 0
        while True:
            while self.chunks.get(to_yield) and self.missing[to_yield] == 0:
                chunk_items, results = self.chunks.pop(to_yield)
                del self.missing[to_yield]
                to_yield += 1
                for done, (item, result) in enumerate(zip(chunk_items, results, strict=True)):
                    if done % _POLL_EVERY == 0:
                        walked, sent = self.feed(walk, size, walked, sent)
                        self.receive(block=False)
                    yield unpack_one(result, self.limits, item)
            walked, sent = self.feed(walk, size, walked, sent)
            if walked and to_yield == sent:
                return
            self.receive(block=True)

    def feed(self, walk: Iterator[Item], size: int, walked: bool, sent: int) -> tuple[bool, int]:
        """Give every idle worker a task: a second try first, else the next chunk."""
        while len(self.workers) < self.size and (self.queue or not walked):
            self.start_worker()  # in place of one that died, while there is work left
        for depth in range(_AHEAD):  # idle workers first
            for worker in list(self.workers):
                if len(worker.tasks) != depth or (depth and worker.tasks[-1].retry):
                    continue  # a second try runs alone: if its worker dies, it is the cause
                if not self.queue and not walked:
                    chunk = list(islice(walk, size))  # the walk goes on while workers load
                    if chunk:
                        self.chunks[sent] = (chunk, [None] * len(chunk))
                        self.missing[sent] = len(chunk)
                        self.queue.append(_Task(sent, 0, chunk, retry=False))
                        sent += 1
                    else:
                        walked = True
                if not self.queue or (depth and self.queue[0].retry):
                    return walked, sent
                task = self.queue.popleft()
                worker.tasks.append(task)
                try:
                    worker.connection.send((task.items,))
                except OSError:
                    self.died(worker)  # it is dead: its sentinel says so too
        return walked, sent

    def receive(self, *, block: bool) -> None:
        """Take in what the workers sent, and see to those that died."""
        busy = [worker.connection for worker in self.workers if worker.tasks]
        sentinels = [worker.process.sentinel for worker in self.workers]
        if (not busy and not block) or not sentinels:
            return  # nothing to wait for: the next feed starts workers if work is left
        ready = set(wait([*busy, *sentinels], timeout=None if block else 0))
        for worker in list(self.workers):
            if worker.connection in ready:
                try:
                    kind, payload = worker.connection.recv()
                except (EOFError, OSError):
                    self.died(worker)
                    continue
                if kind == "error":  # a bug, not bad input: raised as it would be here
                    worker.tasks.clear()  # it stops after a bug: no task of it goes on
                    raise payload
                self.done(worker, payload)
            if worker.process.sentinel in ready:
                self.died(worker)

    def done(self, worker: _Worker, results: list[Packed | ParseError]) -> None:
        task = worker.tasks.popleft()  # results come back in the order tasks went
        self.chunks[task.chunk][1][task.start:task.start + len(results)] = results
        self.missing[task.chunk] -= len(results)

    def died(self, worker: _Worker) -> None:
        """A worker is gone: its files are tried again, or are errors if they were."""
        worker.process.join(_JOIN_SECONDS)
        worker.connection.close()
        self.workers.remove(worker)
        if not worker.tasks:
            self.idle_deaths += 1
            if self.idle_deaths > 2 * self.size + 2:
                raise RuntimeError(f"seedcorpus: {self.idle_deaths} worker processes died "
                                   "before they were given work; the last "
                                   f"{_cause(worker.process.exitcode)}")
            return
        task, *waiting = worker.tasks
        worker.tasks.clear()
        # The first task was at work, or done with its results not yet sent:
        # it may hold the cause, so its files go again one by one. The next
        # may have been begun too: it goes again as it was, and is split in
        # turn should its next worker die as well. No file is its own error
        # before its worker has died with that file alone.
        self.queue.extendleft(reversed(waiting))
        if not task.retry:
            # Each file alone, so that one that kills its worker takes no other with it.
            self.queue.extendleft(reversed([
                _Task(task.chunk, task.start + offset, [item], retry=True)
                for offset, item in enumerate(task.items)]))
        else:
            [item] = task.items
            self.done_with(task, ParseError(
                f"the worker process loading it died ({_cause(worker.process.exitcode)}), "
                "in its first worker and again in a fresh one", stage="read",
                path=_display(item)))

    def done_with(self, task: _Task, error: ParseError) -> None:
        self.chunks[task.chunk][1][task.start] = error
        self.missing[task.chunk] -= 1

    def close(self) -> None:
        """Stop and reap every worker; never wait on a pipe.

        An idle worker is told to stop (it is waiting to read), one still at
        work is terminated.
        """
        workers, self.workers = self.workers, []
        for worker in workers:
            stopped = False
            if not worker.tasks:
                try:
                    worker.connection.send(None)
                    stopped = True
                except OSError:  # pragma: no cover - died meanwhile
                    pass
            worker.connection.close()
            if not stopped and worker.process.exitcode is None:
                worker.process.terminate()
        for worker in workers:
            worker.process.join(_JOIN_SECONDS)
            if worker.process.exitcode is None:  # pragma: no cover - SIGTERM is not caught
                worker.process.kill()
                worker.process.join()


# Ctrl-C reaches the whole process group, workers included. A worker ignores
# it, but only once it has started: until then, the parent's handler (fork)
# or Python's (spawn) would raise KeyboardInterrupt in it, and print a
# traceback to the terminal. So the thread that starts a worker holds both
# signals back while it does (its own signal mask, restored at once: what
# arrives meanwhile is delivered then), and the worker, which inherits the
# mask, lets them through once it ignores SIGINT and takes SIGTERM's default.
# Not for "forkserver": its server, a process of the whole program, forks
# the workers, and would keep the mask if this started it.
_HELD = frozenset({signal.SIGINT, signal.SIGTERM})


@contextmanager
def _signals_held(method: str) -> Iterator[None]:
    hold = method != "forkserver" and hasattr(signal, "pthread_sigmask")
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD) if hold else set()
    try:
        yield
    finally:
        if hold:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _cause(exitcode: int | None) -> str:
    if exitcode is None:  # pragma: no cover - joined before this is asked
        return "still running"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:  # pragma: no cover - a signal Python has no name for
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


def _display(item: Item) -> str | None:
    """The path an item's error names."""
    if isinstance(item, str):
        return item
    return getattr(item, "path", None) or getattr(item, "url", None)


# -- in the worker ----------------------------------------------------------------


def _serve(connection: Connection, repair: RepairConfig | None, limits: Limits,
           known: tuple[Format, ...]) -> None:
    """A worker's life: take a chunk, send back what it made of it, until told to stop."""
    _become_a_worker()
    formats.use(known)  # the formats of the parent, registered there at run time or not
    # Results go out in a thread of their own, so that a parent slow to read
    # them (its collector running) does not keep this one from the next
    # chunk. Never more than _AHEAD of them wait: the parent sends no more.
    outbox: queue.SimpleQueue[tuple[str, Any] | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(connection, outbox),
                              name="seedcorpus-worker-sender", daemon=True)
    sender.start()
    try:
        while True:
            try:
                task = connection.recv()
            except EOFError:  # pragma: no cover - the parent closed its end without a word
                return
            if task is None:  # the parent's word to stop
                return
            (items,) = task
            try:
                results = prepare_chunk(items, repair, limits)
            except BaseException as error:
                outbox.put(("error", _portable(error)))
                return  # a bug, not bad input: the parent raises it, and the load ends
            outbox.put(("ok", results))
            del task, items, results
            gc.collect(0)  # what this chunk left in cycles, if anything
    finally:
        outbox.put(None)
        sender.join()


def _send_all(connection: Connection, outbox: queue.SimpleQueue[tuple[str, Any] | None]) -> None:
    while (message := outbox.get()) is not None:
        try:
            connection.send(message)
        except OSError:  # pragma: no cover - the parent is gone: so is this worker, soon
            return


def _become_a_worker() -> None:
    """What a worker changes in its own process, and only there."""
    # Ctrl-C reaches the whole process group; the parent alone decides what
    # it means. SIGTERM is how the parent stops a worker: its default action,
    # whatever handler a forked worker inherited.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # pragma: no branch - all but Windows
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # held while it started
    _die_with_the_parent()
    # Nothing a worker builds outlives its chunk: the collector would only
    # scan it (a fifth of the time), and with "fork" it would write to every
    # page of the parent's heap it scanned, copying it.
    gc.disable()


_PR_SET_PDEATHSIG = 1


def _die_with_the_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - always started by multiprocessing
        return
    if sys.platform == "linux" and os.getppid() == parent.pid:  # fork and spawn
        import ctypes  # noqa: PLC0415 - only a Linux worker needs it

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass
        if os.getppid() != parent.pid:  # pragma: no cover - it died before prctl
            os._exit(1)
    # Everywhere, with every start method: the parent's sentinel becomes
    # ready when it exits, however it exits.
    threading.Thread(target=_exit_when_ready, args=(parent.sentinel,),
                     name="seedcorpus-parent-watch", daemon=True).start()


def _exit_when_ready(sentinel: int) -> None:  # pragma: no cover - runs in a worker
    wait([sentinel])
    os._exit(1)


def _portable(error: BaseException) -> BaseException:
    """``error``, or a RuntimeError saying what it was if it cannot be pickled."""
    try:
        pickle.dumps(error)
    except Exception:
        return RuntimeError(f"in a seedcorpus worker process: {type(error).__name__}: {error}")
    return error
