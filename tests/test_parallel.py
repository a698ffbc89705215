"""Loading in worker processes: the same corpus, in the same order, with the
same errors; and a library's manners: nothing of the caller's process is
changed, no process is started unless asked, and no worker outlives, hangs
or loses work to its parent, however the load ends."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seedcorpus import (
    CorpusError,
    Limits,
    ParseError,
    RepairConfig,
    _accel,
    load_corpus,
    parse_document,
)
from seedcorpus import _load as _loading
from seedcorpus._document import finish, prepare
from seedcorpus._load import load_items
from seedcorpus._load import one as _load
from seedcorpus._load import parallel as _parallel
from seedcorpus._load import plan as _corpus
from seedcorpus._load.plan import FILES_PER_FRESH_WORKER, FILES_PER_WORKER, default_workers
from seedcorpus._sources import iter_paths

from .conftest import DATA, SEEDS, real_news_files

FORK = multiprocessing.get_start_method() == "fork"
needs_fork = pytest.mark.skipif(not FORK, reason="patches reach workers only when forked")


def _mixed_directory(root: Path) -> Path:
    for path in [*SEEDS.iterdir(), *DATA.iterdir(), *real_news_files()]:
        if path.suffix != ".json":
            shutil.copy(path, root / path.name)
    return root


@pytest.fixture(scope="module")
def big_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4,000 good files: enough that a load with workers is well under way
    for a second or so."""
    root = tmp_path_factory.mktemp("big")
    sources = [path.read_bytes() for path in [*SEEDS.iterdir(), *real_news_files()]]
    for index in range(4000):
        (root / f"{index:05d}.md").write_bytes(sources[index % len(sources)])
    return root


def _alive(pid: int) -> bool:
    """Whether process ``pid`` is running (a zombie is not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as status:
            return status.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # pragma: no cover - no /proc here
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def _gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(map(_alive, pids)):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _workers_now() -> list[int]:
    return [child.pid for child in multiprocessing.active_children() if child.pid]


# -- the same corpus, whatever the number of processes ---------------------------


@pytest.mark.parametrize("wire", [True, False])
@pytest.mark.parametrize("workers", [2, 3, "auto"])
def test_workers_give_the_same_documents_and_errors_in_the_same_order(
        tmp_path: Path, workers: int | str, wire: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # With the wire shortcut (JSON text) and without (the fields and bytes, pickled).
    monkeypatch.setattr(_accel, "WIRE", wire)
    root = _mixed_directory(tmp_path)
    one = load_corpus(root, on_error="collect")
    many = load_corpus(root, on_error="collect", workers=workers)  # type: ignore[arg-type]
    assert len(one) > 500
    assert len(one.errors) > 10
    assert list(many) == list(one)
    assert [str(error) for error in many.errors] == [str(error) for error in one.errors]
    # Workers send unvalidated data, so validation errors are raised in this
    # process; they still point into the file, in both formats.
    located = {Path(error.path or "").suffix for error in many.errors
               if error.stage == "validate" and error.line}
    assert {".md", ".txt"} <= located


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("name", ["err_news_nested_type.md", "err_wiki_importance.txt"])
def test_a_validation_error_finds_its_line_in_the_bytes_a_worker_sent(
        name: str, encoding: str, newline: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8").replace("\n", newline) + "caf\u00e9"
    data = text.encode(encoding)
    with pytest.raises(ParseError) as direct:
        parse_document(data, name=name)
    prepared = pickle.loads(pickle.dumps(prepare(data, path=None, name=name,
                                                 repair=RepairConfig(), limits=Limits())))
    assert prepared.raw == data
    with pytest.raises(ParseError) as sent:
        finish(prepared)
    assert direct.value.stage == "validate"
    assert direct.value.line is not None
    assert str(sent.value) == str(direct.value)


def test_workers_raise_and_skip_like_one_process(tmp_path: Path) -> None:
    root = _mixed_directory(tmp_path)
    with pytest.raises(CorpusError) as caught:
        load_corpus(root, workers=2)
    assert caught.value.corpus is not None
    assert list(caught.value.corpus) == list(load_corpus(root, on_error="skip"))
    skipped = load_corpus(root, on_error="skip", workers=2)
    assert skipped.errors == ()


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_workers_started_afresh_give_the_same_corpus(tmp_path: Path, method: str) -> None:
    # Under "spawn" (macOS, Windows) and "forkserver" (Linux from Python 3.14)
    # everything a worker gets and sends back is pickled.
    if method not in multiprocessing.get_all_start_methods():  # pragma: no cover
        pytest.skip(f"no {method} here")
    root = _mixed_directory(tmp_path)
    code = f"""
import multiprocessing
if __name__ == "__main__":
    multiprocessing.set_start_method({method!r})
    from seedcorpus import load_corpus
    one = load_corpus({str(root)!r}, on_error="collect")
    two = load_corpus({str(root)!r}, on_error="collect", workers=2)
    assert list(one) == list(two)
    assert [str(e) for e in one.errors] == [str(e) for e in two.errors]
    assert not multiprocessing.active_children()
    print(len(two), len(two.errors))
"""
    script = tmp_path / "spawned.py"
    script.write_text(code, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    documents, errors = map(int, result.stdout.split())
    assert documents > 10
    assert errors > 10


# -- how many processes ----------------------------------------------------------


def test_the_default_is_the_calling_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process was started")

    monkeypatch.setattr(_parallel._Pool, "start_worker", no_process)
    assert len(load_corpus(SEEDS)) == 3
    assert len(load_corpus(SEEDS, workers=1)) == 3
    assert len(load_corpus(SEEDS, workers="auto")) == 3  # too few files to pay


@pytest.mark.parametrize("bad", [0, -1])
def test_workers_must_be_positive(bad: int) -> None:
    with pytest.raises(ValueError, match=f"workers must be at least 1, not {bad}"):
        load_corpus(workers=bad)


@pytest.mark.parametrize("bad", [True, 2.0, "2", None])
def test_workers_must_be_an_int_or_auto(bad: object) -> None:
    with pytest.raises(TypeError, match="workers must be an int or 'auto'"):
        load_corpus(workers=bad)  # type: ignore[arg-type]


def test_default_workers() -> None:
    assert default_workers(0) == 1
    assert default_workers(_corpus.files_per_worker() - 1) == 1
    assert 1 <= default_workers(100 * _corpus.files_per_worker()) <= _corpus.usable_cpus()


@pytest.mark.parametrize(("method", "files"), [("fork", FILES_PER_WORKER),
                                               ("spawn", FILES_PER_FRESH_WORKER),
                                               ("forkserver", FILES_PER_FRESH_WORKER)])
def test_workers_that_import_seedcorpus_afresh_need_more_files_each(
        monkeypatch: pytest.MonkeyPatch, method: str, files: int) -> None:
    monkeypatch.setattr(_corpus, "usable_cpus", lambda: 2)
    monkeypatch.setattr(multiprocessing, "get_start_method", lambda allow_none: method)
    assert _corpus.files_per_worker() == files
    assert default_workers(2 * files - 1) == 1
    assert default_workers(2 * files) == 2


@pytest.mark.parametrize(("default", "files"), [("fork", FILES_PER_WORKER),
                                                ("forkserver", FILES_PER_FRESH_WORKER)])
def test_with_no_start_method_set_the_platforms_default_decides(
        monkeypatch: pytest.MonkeyPatch, default: str, files: int) -> None:
    monkeypatch.setattr(multiprocessing, "get_start_method", lambda allow_none: None)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods",
                        lambda: [default, "spawn"])
    assert _corpus.files_per_worker() == files


def _plan_for_the_whole(count: int, workers: int | str) -> tuple[int, int]:
    """The processes and chunk size for ``count`` files, as if all were known."""
    processes = default_workers(count) if workers == "auto" else int(workers)
    size = max(1, min(_corpus.CHUNK, -(-count // (processes * 4))))
    return max(1, min(processes, -(-count // size))), size


@pytest.mark.parametrize("count", [0, 1, 10, 74, 1999, 2000, 3999, 4000, 4001, 12_345, 50_000])
@pytest.mark.parametrize("workers", ["auto", 2, 3, 512])
def test_a_walk_is_read_only_as_far_as_the_plan_needs(count: int, workers: int | str) -> None:
    read: list[str] = []

    def walk() -> Iterator[str]:
        for index in range(count):
            read.append(f"file{index}")
            yield read[-1]

    rest, processes, size = _corpus.plan_load(walk(), workers)  # type: ignore[arg-type]
    cpus = _corpus.usable_cpus()
    enough = max(_corpus.files_per_worker() * cpus,
                 _corpus.CHUNK * 4 * (cpus if workers == "auto" else int(workers)))
    assert len(read) == min(count, enough)  # the rest is walked while loading
    assert (processes, size) == _plan_for_the_whole(min(count, enough), workers)
    assert processes <= max(1, count)  # never more processes than files
    assert list(rest) == [f"file{index}" for index in range(count)]


def test_never_more_processes_than_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real = _parallel._Pool.start_worker

    def count(pool: Any) -> None:
        started.append(1)
        real(pool)

    monkeypatch.setattr(_parallel._Pool, "start_worker", count)
    files = real_news_files()[:74] or sorted(DATA.glob("news_*.md"))
    corpus = load_corpus(files, workers=512, on_error="collect")
    assert len(corpus) + len(corpus.errors) == len(files)
    assert 1 <= len(started) <= len(files)


def _in_a_pool_worker(path: str) -> tuple[int, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(path, workers=2)
    return len(corpus), [f"{w.category.__name__}: {w.message}" for w in caught]


def test_a_daemonic_process_loads_in_itself_with_a_warning(big_directory: Path) -> None:
    # A multiprocessing.Pool worker is daemonic: it may not start processes.
    with multiprocessing.get_context().Pool(2) as pool:
        results = pool.map(_in_a_pool_worker, [str(big_directory)] * 2)
    for count, caught in results:
        assert count == 4000
        assert caught == ["RuntimeWarning: seedcorpus: a daemonic process cannot start "
                          "worker processes (workers=2): loading in this process instead"]


def test_eight_threads_loading_at_once(tmp_path: Path) -> None:
    root = _mixed_directory(tmp_path)
    expected = load_corpus(root, on_error="collect")
    results: list[Any] = [None] * 8

    def load(slot: int) -> None:
        results[slot] = load_corpus(root, on_error="collect")

    threads = [threading.Thread(target=load, args=(slot,)) for slot in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for corpus in results:
        assert list(corpus) == list(expected)
        assert [str(error) for error in corpus.errors] == [str(e) for e in expected.errors]


# -- nothing of the caller's process is changed -----------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_the_callers_collector_is_never_touched(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, workers: int) -> None:
    root = _mixed_directory(tmp_path)
    calls: list[str] = []
    for name in ("disable", "enable", "freeze", "unfreeze", "collect", "set_threshold"):
        real = getattr(gc, name)

        def spy(*args: Any, _name: str = name, _real: Any = real, **kwargs: Any) -> Any:
            if os.getpid() == parent:
                calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(gc, name, spy)
    parent = os.getpid()
    frozen = gc.get_freeze_count()
    load_corpus(root, on_error="collect", workers=workers)
    assert calls == []
    assert gc.get_freeze_count() == frozen


@pytest.mark.parametrize("workers", [1, 2])
def test_the_collector_is_on_all_through_a_load_and_as_the_host_left_it(
        big_directory: Path, workers: int) -> None:
    samples: list[bool] = []
    running = threading.Event()
    running.set()

    def sample() -> None:
        while running.is_set():
            samples.append(gc.isenabled())
            time.sleep(0.001)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        seen: list[bool] = []
        load_items(iter_paths(big_directory, None), on_error="raise", repair=RepairConfig(),
                   limits=Limits(), workers=workers,
                   progress=lambda done, total: seen.append(gc.isenabled()))
    finally:
        running.clear()
        sampler.join()
    assert len(samples) > 10
    assert all(samples)
    assert seen == [True] * 4000


@pytest.mark.parametrize("workers", [1, 2])
def test_a_collector_the_host_disabled_stays_disabled(workers: int) -> None:
    items = list(iter_paths(SEEDS, None))
    gc.disable()
    try:
        load_corpus(SEEDS, workers=workers)
        assert not gc.isenabled()
    finally:
        gc.enable()
    try:
        # Switched off in the middle of a load: still off after it.
        load_items(items, on_error="raise", repair=RepairConfig(), limits=Limits(),
                   workers=workers, progress=lambda done, total: gc.disable())
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("workers", [1, 2])
def test_no_thread_is_started_in_the_calling_process(big_directory: Path, workers: int) -> None:
    # Workers run threads of their own; the calling process runs none for them.
    before = set(threading.enumerate())
    during: set[threading.Thread] = set()
    load_items(iter_paths(big_directory, None), on_error="raise", repair=RepairConfig(),
               limits=Limits(), workers=workers,
               progress=lambda done, total: during.update(threading.enumerate()))
    assert during
    assert during <= before  # a subset: a thread of an earlier test may end meanwhile
    assert set(threading.enumerate()) <= before


@pytest.mark.parametrize("workers", [1, 2])
def test_signal_handlers_and_the_start_method_are_left_as_they_were(workers: int) -> None:
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    method = multiprocessing.get_start_method(allow_none=True)
    held = hasattr(signal, "pthread_sigmask")
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, []) if held else None
    load_corpus(SEEDS, workers=workers)
    assert {number: signal.getsignal(number) for number in handlers} == handlers
    assert multiprocessing.get_start_method(allow_none=True) == method
    if mask is not None:  # held while workers start, and given back
        assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == mask
    assert not multiprocessing.active_children()


# -- every way out of a load ------------------------------------------------------


def test_a_finished_load_leaves_no_worker(big_directory: Path) -> None:
    pids: list[int] = []
    load_items(iter_paths(big_directory, None), on_error="raise", repair=RepairConfig(),
               limits=Limits(), workers=2,
               progress=lambda done, total: pids.extend(_workers_now()) if done == 1 else None)
    assert len(pids) == 2
    assert not any(map(_alive, pids))
    assert not multiprocessing.active_children()


class _Stop(Exception):
    pass


def test_an_exception_in_the_consumer_stops_the_workers_at_once(big_directory: Path) -> None:
    pids: list[int] = []

    def progress(done: int, total: int) -> None:
        if done == 10:
            pids.extend(_workers_now())
            raise _Stop

    with pytest.raises(_Stop):
        load_items(iter_paths(big_directory, None), on_error="raise", repair=RepairConfig(),
                   limits=Limits(), workers=2, progress=progress)
    assert len(pids) == 2
    assert _gone_within(pids, 2)


def test_a_logging_filter_that_raises_stops_the_workers(tmp_path: Path) -> None:
    root = _mixed_directory(tmp_path)
    logger = logging.getLogger("seedcorpus")
    pids: list[int] = []

    def failing(record: logging.LogRecord) -> bool:
        pids.extend(_workers_now())
        raise _Stop

    logger.addFilter(failing)
    try:
        with pytest.raises(_Stop):
            load_corpus(root, on_error="collect", workers=2)
    finally:
        logger.removeFilter(failing)
    assert pids
    assert _gone_within(pids, 2)


def test_closing_the_results_early_stops_the_workers(big_directory: Path) -> None:
    results = _loading._results(iter_paths(big_directory, None), 2, RepairConfig(), Limits())
    assert not isinstance(next(results), ParseError)
    pids = _workers_now()
    assert len(pids) == 2
    results.close()
    assert not any(map(_alive, pids))


def test_a_walk_that_fails_while_workers_load_stops_them(tmp_path: Path) -> None:
    def walk() -> Iterator[str]:
        for index in range(6000):
            yield str(tmp_path / f"missing{index}.md")  # each an error, quickly
        raise OSError("the disk went away")

    pids: list[int] = []
    with pytest.raises(OSError, match="the disk went away"):
        load_items(walk(), on_error="collect", repair=RepairConfig(), limits=Limits(),
                   workers=2,
                   progress=lambda done, total: pids.extend(_workers_now()) if done == 1 else None)
    assert not multiprocessing.active_children()
    assert not any(map(_alive, pids))


def _kill_one_worker(done: int, total: int) -> None:
    if done == 1:
        os.kill(_workers_now()[0], signal.SIGKILL)  # as the OOM killer would


@pytest.mark.parametrize("on_error", ["collect", "raise"])
def test_a_worker_killed_costs_nothing(big_directory: Path, on_error: str) -> None:
    expected = load_corpus(big_directory)
    corpus = load_items(iter_paths(big_directory, None), on_error=on_error,  # type: ignore[arg-type]
                        repair=RepairConfig(), limits=Limits(), workers=2,
                        progress=_kill_one_worker)
    assert list(corpus) == list(expected)  # its files were loaded again, in a fresh worker
    assert corpus.errors == ()
    assert not multiprocessing.active_children()


def _killed(item: Any, repair: Any, limits: Any) -> Any:
    """Kills the worker that reads a file named poison.md, every time."""
    if str(getattr(item, "path", item)).endswith("poison.md"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_prepare_one(item, repair, limits)


def _exits(item: Any, repair: Any, limits: Any) -> Any:
    """Ends the worker that reads a file named poison.md, every time."""
    if str(getattr(item, "path", item)).endswith("poison.md"):
        os._exit(3)
    return _real_prepare_one(item, repair, limits)


_real_prepare_one = _load.prepare_one


@needs_fork
@pytest.mark.parametrize(("poison", "cause"), [(_killed, "killed by SIGKILL"),
                                               (_exits, "exit status 3")])
@pytest.mark.parametrize("listed", [True, False])
def test_a_file_that_kills_its_worker_twice_is_its_own_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, poison: Any, cause: str,
        listed: bool) -> None:
    root = _mixed_directory(tmp_path)
    shutil.copy(SEEDS / "000_b494c12b6cc522b8.txt", root / "poison.md")
    # Found by a walk, or named in a list of paths.
    source: Any = root if listed else sorted(root.iterdir())
    expected = load_corpus(source, on_error="collect")
    monkeypatch.setattr(_load, "prepare_one", poison)
    corpus = load_corpus(source, on_error="collect", workers=2)
    assert list(corpus) == [doc for doc in expected if doc.source.name != "poison.md"]
    poison_errors = [error for error in corpus.errors if error.path == str(root / "poison.md")]
    assert [str(error) for error in poison_errors] == [
        f"{root / 'poison.md'}: read: the worker process loading it died ({cause}), "
        "in its first worker and again in a fresh one"]
    assert [str(e) for e in corpus.errors if e not in poison_errors] == [
        str(e) for e in expected.errors]
    assert not multiprocessing.active_children()


_real_prepare_chunk = _parallel.prepare_chunk


@needs_fork
def test_a_worker_killed_with_a_task_waiting_gives_that_task_again_whole(
        big_directory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A worker holds the chunk it works on and the next one. Killed in the
    # first, the first's files are tried one by one; the second, not begun,
    # goes again as it was, and no file of it is an error.
    items = list(iter_paths(big_directory, None))[:10]
    log = tmp_path / "chunks"
    killed = tmp_path / "killed"

    def chunk_once_killed(chunk: list[Any], repair: Any, limits: Any) -> Any:
        with log.open("a") as file:
            file.write(f"{len(chunk)}\n")
        if len(chunk) == 5 and not killed.exists():
            killed.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return _real_prepare_chunk(chunk, repair, limits)

    monkeypatch.setattr(_parallel, "prepare_chunk", chunk_once_killed)
    results = list(_parallel.parallel_results(iter(items), 1, 5, RepairConfig(), Limits()))
    assert results == list(load_corpus([item.path for item in items]))
    assert sorted(map(int, log.read_text().split())) == [1, 1, 1, 1, 1, 5, 5]
    assert not multiprocessing.active_children()


def _broken_chunk(items: Any, repair: Any, limits: Any) -> Any:
    raise ValueError("a bug in the worker")


def _unpicklable_failure(items: Any, repair: Any, limits: Any) -> Any:
    error = ValueError("cannot travel")
    error.handle = threading.Lock()  # type: ignore[attr-defined]
    raise error


@needs_fork
def test_an_unexpected_exception_in_a_worker_is_raised_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _mixed_directory(tmp_path)
    monkeypatch.setattr(_parallel, "prepare_chunk", _broken_chunk)
    with pytest.raises(ValueError, match="a bug in the worker"):
        load_corpus(root, workers=2)
    monkeypatch.setattr(_parallel, "prepare_chunk", _unpicklable_failure)
    with pytest.raises(RuntimeError, match="in a seedcorpus worker process: ValueError: "
                                           "cannot travel"):
        load_corpus(root, workers=2)
    assert not multiprocessing.active_children()


def _kill_an_idle_worker(pool: Any) -> None:
    if not pool.workers:
        pool.start_worker()
    os.kill(pool.workers[0].process.pid or 0, signal.SIGKILL)
    pool.receive(block=True)


def test_a_worker_found_dead_when_given_work_is_replaced(big_directory: Path) -> None:
    items = list(iter_paths(big_directory, None))[:10]
    pool = _parallel._Pool(1, RepairConfig(), Limits())
    try:
        [dead] = pool.workers
        dead.process.kill()
        dead.process.join()  # sending it the first chunk fails: it is dead
        results = list(pool.results(iter(items), 5))
        assert dead not in pool.workers
    finally:
        pool.close()
    assert results == list(load_corpus([item.path for item in items]))


def test_workers_that_keep_dying_idle_end_the_load() -> None:
    pool = _parallel._Pool(1, RepairConfig(), Limits())
    try:
        for _ in range(4):  # up to 2 * processes + 2: each replaced when work comes
            _kill_an_idle_worker(pool)
        with pytest.raises(RuntimeError, match="5 worker processes died before they were "
                                               "given work; the last killed by SIGKILL"):
            _kill_an_idle_worker(pool)
    finally:
        pool.close()
    assert not multiprocessing.active_children()


# -- the parent killed, or interrupted: subprocesses --------------------------------

_LOADING = """
import multiprocessing, sys
from seedcorpus import Limits, RepairConfig
from seedcorpus._load import load_items
from seedcorpus._sources import iter_paths

def progress(done, total):
    if done == 1:
        print(*[child.pid for child in multiprocessing.active_children()], flush=True)

if __name__ == "__main__":
    load_items(iter_paths(sys.argv[1], None), on_error="raise", repair=RepairConfig(),
               limits=Limits(), workers=2, progress=progress)
    print("finished", flush=True)
"""


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGKILL])
def test_workers_die_with_their_parent(tmp_path: Path, big_directory: Path,
                                       sent: signal.Signals) -> None:
    script = tmp_path / "loading.py"
    script.write_text(_LOADING, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script), str(big_directory)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        pids = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(pids) == 2
        parent.send_signal(sent)
        parent.wait(timeout=30)
        assert parent.returncode == -sent
        assert _gone_within(pids, 5), [pid for pid in pids if _alive(pid)]
    finally:
        parent.kill()
        parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()


def test_ctrl_c_during_a_parallel_load_never_hangs(tmp_path: Path, big_directory: Path) -> None:
    # Ctrl-C sends SIGINT to the terminal's whole process group: the command
    # line and its workers. It must end the command with 130 and one line,
    # wherever the load is, and leave no worker behind.
    for attempt in range(30):
        output = tmp_path / f"out{attempt}.jsonl"
        command = subprocess.Popen(
            [sys.executable, "-m", "seedcorpus", "export", str(big_directory), "-o", str(output),
             "--workers", "2", "-q"], stderr=subprocess.PIPE, text=True,
            start_new_session=True)
        try:
            pids = _wait_for_workers(command.pid)
            time.sleep(0.03 * attempt % 0.4)  # at different points of the load
            os.killpg(command.pid, signal.SIGINT)
            _, stderr = command.communicate(timeout=30)
        finally:
            if command.poll() is None:  # pragma: no cover - the hang this test looks for
                os.killpg(command.pid, signal.SIGKILL)
                command.wait()
        if output.exists():  # pragma: no cover - the export was quicker
            # A signal that comes as Python exits (when it restores the
            # default handlers) ends it by the signal: 128 + 2 for a shell.
            assert command.returncode in (0, -signal.SIGINT), stderr
            continue
        assert command.returncode in (130, -signal.SIGINT), stderr
        assert stderr == "seedcorpus: interrupted\n"
        assert _gone_within(pids, 5)


def _wait_for_workers(pid: int) -> list[int]:
    """The pids of the children of ``pid`` once it has two."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="utf-8")
        except OSError:  # pragma: no cover - no /proc here
            pytest.skip("children cannot be listed here")
        if len(children.split()) >= 2:
            return [int(child) for child in children.split()]
        time.sleep(0.01)
    raise AssertionError("no workers started")  # pragma: no cover


def test_loading_code_as_a_script_shows_the_pids(tmp_path: Path) -> None:
    # The script above is what the kill tests run; it must load to the end.
    script = tmp_path / "loading.py"
    script.write_text(textwrap.dedent(_LOADING), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(SEEDS)], capture_output=True,
                            text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "finished"


class _Daemon:
    daemon = True


def test_in_a_daemonic_process_the_plan_is_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_corpus.multiprocessing, "current_process", _Daemon)
    with pytest.warns(RuntimeWarning, match=r"a daemonic process cannot start worker processes "
                                            r"\(workers=2\): loading in this process instead"):
        _, processes, _ = _corpus.plan_load(iter(["a"] * 100), 2)
    assert processes == 1
