"""Loading in several processes gives the same corpus, in the same order, with the same
errors; and the garbage collector, paused while loading, is left as it was found."""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import shutil
import subprocess
import sys
import threading
import weakref
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import pytest

from seedcorpus import (
    CorpusError,
    Limits,
    ParseError,
    RepairConfig,
    _corpus,
    _gcpause,
    load_corpus,
    parse_document,
)
from seedcorpus._corpus import (
    FILES_PER_FRESH_WORKER,
    FILES_PER_WORKER,
    default_workers,
    load_items,
)
from seedcorpus._document import finish, prepare
from seedcorpus._sources import iter_paths
from seedcorpus._wire import pack

from .conftest import DATA, SEEDS, real_news_files


def _mixed_directory(root: Path) -> Path:
    for path in [*SEEDS.iterdir(), *DATA.iterdir(), *real_news_files()]:
        if path.suffix != ".json":
            shutil.copy(path, root / path.name)
    return root


def test_workers_give_the_same_documents_and_errors_in_the_same_order(tmp_path: Path) -> None:
    root = _mixed_directory(tmp_path)
    one = load_corpus(root, on_error="collect", workers=1)
    two = load_corpus(root, on_error="collect", workers=2)
    assert len(one) > 10
    assert len(one.errors) > 10
    assert list(two) == list(one)
    assert [str(error) for error in two.errors] == [str(error) for error in one.errors]
    # Workers send unvalidated data, so validation errors are raised in this
    # process; they still point into the file, in both formats.
    located = {Path(error.path or "").suffix for error in two.errors
               if error.stage == "validate" and error.line}
    assert {".md", ".txt"} <= located


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("name", ["err_news_nested_type.md", "err_wiki_importance.txt"])
def test_a_validation_error_finds_its_line_in_the_bytes_a_worker_sent(
        name: str, encoding: str, newline: str) -> None:
    # A worker sends the raw bytes, not the text or the positions of its
    # values: the parent decodes them again only to locate an error.
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
    assert list(caught.value.corpus) == list(load_corpus(root, on_error="skip", workers=1))
    skipped = load_corpus(root, on_error="skip", workers=2)
    assert skipped.errors == ()


def test_default_workers() -> None:
    assert default_workers(0) == 1
    assert default_workers(_corpus.files_per_worker() - 1) == 1
    assert 1 <= default_workers(100 * _corpus.files_per_worker()) <= 1024
    with pytest.raises(ValueError, match="workers must be at least 1"):
        load_corpus(workers=0)


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


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_paused_while_loading_and_restored(enabled: bool) -> None:
    was = gc.isenabled()
    seen: list[bool] = []
    try:
        (gc.enable if enabled else gc.disable)()
        items = list(iter_paths(SEEDS, None, Limits()))
        load_items(items, on_error="raise", repair=RepairConfig(), limits=Limits(),
                   workers=1, progress=lambda done, total: seen.append(gc.isenabled()))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False] * len(items)


def test_a_worker_prepares_its_chunk_with_the_collector_paused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = _corpus._prepare_one

    def spy(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(_corpus, "_prepare_one", spy)
    items = list(iter_paths(SEEDS, None, Limits()))
    assert gc.isenabled()
    packed = _corpus._prepare_chunk(items, RepairConfig(), Limits())
    assert gc.isenabled()
    assert seen == [False] * len(items)
    unpacked = [_corpus._unpack(each, Limits(), item)
                for each, item in zip(packed, items, strict=True)]
    assert unpacked == list(load_corpus(SEEDS))


def _generation_of(documents: list[Any]) -> set[int]:
    """The generations of the collector that hold ``documents``."""
    wanted = {id(document) for document in documents}
    return {generation for generation in range(3)
            if wanted & {id(each) for each in gc.get_objects(generation)}}


def _load_seeds() -> list[Any]:
    return list(load_items(list(iter_paths(SEEDS, None, Limits())), on_error="raise",
                           repair=RepairConfig(), limits=Limits(), workers=1))


class _Cycle:
    """Cyclic garbage, as a program may leave between loads."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def promoted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loads of the three seeds count as large: what they build is promoted."""
    monkeypatch.setattr(_corpus, "_PROMOTED_FROM", 3)


@contextmanager
def _collections() -> Iterator[list[int]]:
    """The generation of every collection that starts inside the block."""
    started: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        yield started
    finally:
        gc.callbacks.remove(seen)


@pytest.mark.usefixtures("promoted")
def test_what_a_large_load_built_goes_to_the_oldest_generation_unscanned() -> None:
    assert gc.isenabled()
    gc.collect(0)  # so that no other collection is due while the seeds load
    garbage = weakref.ref(_Cycle())
    with _collections() as collections:
        documents = _load_seeds()
    assert _generation_of(documents) == {2}
    # One collection of the young generations before the load, which freed
    # the program's garbage; none after it to put the documents where they are.
    assert collections == [1]
    assert garbage() is None
    assert gc.get_freeze_count() == 0


def test_a_small_load_leaves_the_collector_as_it_goes() -> None:
    assert gc.isenabled()
    gc.collect()
    garbage = _Cycle()
    with _collections() as collections:
        documents = _load_seeds()
    # Young, both: the next young collection sees them, the garbage too.
    assert 2 not in _generation_of(documents)
    assert 2 not in _generation_of([garbage])
    assert max(collections, default=0) == 0  # nothing but young collections, if any


@pytest.mark.usefixtures("promoted")
def test_objects_frozen_by_the_program_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        documents = _load_seeds()
        # Not unfrozen (the count would fall to nothing) and nothing more
        # frozen; a few frozen objects may have been freed: the last answers
        # repair remembers (_fastfix._remember_last) are replaced.
        assert frozen - 100 < gc.get_freeze_count() <= frozen
        assert 2 not in _generation_of(documents)  # young, as without the promotion
    finally:
        gc.unfreeze()


def test_a_program_that_froze_objects_is_told_from_one_that_did_not() -> None:
    assert not _gcpause._frozen_by_the_program()
    gc.freeze()
    try:
        assert _gcpause._frozen_by_the_program()
    finally:
        gc.unfreeze()
    assert not _gcpause._frozen_by_the_program()


@pytest.fixture
def interpreter_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """A freeze count as Python 3.12 leaves it: immortal objects its collector
    moved to the permanent generation (375 in a bare 3.12.1), none of them the
    program's."""
    real_count = gc.get_freeze_count
    monkeypatch.setattr(gc, "get_freeze_count", lambda: real_count() + 375)
    monkeypatch.setattr(_gcpause._PAUSES, "verdict", (0, False))


@pytest.mark.usefixtures("promoted", "interpreter_frozen")
def test_objects_the_interpreter_froze_do_not_stop_the_promotion() -> None:
    gc.collect(0)
    documents = _load_seeds()
    assert _generation_of(documents) == {2}


@pytest.mark.usefixtures("promoted", "interpreter_frozen")
def test_the_generations_are_listed_again_only_when_the_freeze_count_changes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    listed: list[int | None] = []
    real_get_objects = gc.get_objects

    def get_objects(generation: int | None = None) -> list[Any]:
        listed.append(generation)
        return real_get_objects(generation)

    monkeypatch.setattr(gc, "get_objects", get_objects)
    _load_seeds()
    assert listed  # 375 objects frozen: by whom is looked up
    listed.clear()
    _load_seeds()
    assert listed == []  # the same count: the same answer
    real_count = gc.get_freeze_count
    monkeypatch.setattr(gc, "get_freeze_count", lambda: real_count() + 1)
    _load_seeds()
    assert listed


@pytest.mark.usefixtures("promoted")
def test_the_collector_left_off_is_left_as_it_is() -> None:
    gc.disable()
    try:
        documents = _load_seeds()
        assert not gc.isenabled()
        assert _generation_of(documents) == {0}
    finally:
        gc.enable()


@pytest.mark.usefixtures("promoted")
def test_without_gc_freeze_the_collector_is_still_restored(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(gc, "freeze")
    documents = _load_seeds()
    assert gc.isenabled()
    assert 2 not in _generation_of(documents)


def test_loads_in_several_threads_restore_the_collector_once_all_end() -> None:
    assert gc.isenabled()
    inside = threading.Barrier(2)
    states: list[bool] = []

    def load() -> None:
        def progress(done: int, total: int) -> None:
            if done == 1:
                inside.wait(timeout=30)  # both loads are running now
                states.append(gc.isenabled())
        load_items(list(iter_paths(SEEDS, None, Limits())), on_error="raise",
                   repair=RepairConfig(), limits=Limits(), workers=1, progress=progress)

    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert states == [False, False]
    assert gc.isenabled()


def test_workers_started_by_spawn_give_the_same_corpus(tmp_path: Path) -> None:
    # Under "spawn" (macOS, Windows) and "forkserver" (Linux from Python 3.14)
    # everything a worker gets and sends back is pickled: the items, the
    # repair config, and the prepared documents with their error locators.
    root = _mixed_directory(tmp_path)
    code = f"""
import multiprocessing
if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    from seedcorpus import load_corpus
    one = load_corpus({str(root)!r}, on_error="collect", workers=1)
    two = load_corpus({str(root)!r}, on_error="collect", workers=2)
    assert list(one) == list(two)
    assert [str(e) for e in one.errors] == [str(e) for e in two.errors]
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


def _plan_for_the_whole(count: int, workers: int | None) -> tuple[int, int]:
    """The processes and chunk size for ``count`` files, as if all were known."""
    workers = workers or default_workers(count)
    return workers, max(1, min(_corpus._CHUNK, -(-count // (workers * 4))))


@pytest.mark.parametrize("count", [0, 1, 10, 1999, 2000, 3999, 4000, 4001, 12_345, 50_000])
@pytest.mark.parametrize("workers", [None, 1, 2, 3])
def test_a_walk_is_read_only_as_far_as_the_plan_needs(count: int, workers: int | None) -> None:
    read: list[str] = []

    def walk() -> Iterator[str]:
        for index in range(count):
            read.append(f"file{index}")
            yield read[-1]

    rest, planned_workers, size, seen = _corpus._plan(walk(), workers)
    enough = max(_corpus.files_per_worker() * _corpus.usable_cpus(),
                 _corpus._CHUNK * 4 * (workers or _corpus.usable_cpus()), 1000)
    assert len(read) == seen == min(count, enough)  # the rest is walked while loading
    assert (planned_workers, size) == _plan_for_the_whole(count, workers)
    assert list(rest) == [f"file{index}" for index in range(count)]


class _Results(list[Any]):
    """A chunk's results that a weak reference can watch (a plain list cannot)."""


def test_a_chunk_read_is_let_go_before_the_next_is_read() -> None:
    # The parent used to keep every chunk's packed results (JSON text, as much
    # again as the corpus) until the load ended.
    paths = [str(path) for path in real_news_files()[:4]]
    packed = [pack(prepare(Path(path).read_bytes(), path=path, name=None,
                           repair=RepairConfig(), limits=Limits()), path)
              for path in paths]
    sent: deque[tuple[list[Any], Future[list[Any]]]] = deque()
    watched = []
    for start in (0, 2):
        future: Future[list[Any]] = Future()
        results = _Results(packed[start:start + 2])
        future.set_result(results)
        watched.append(weakref.ref(results))
        sent.append((paths[start:start + 2], future))
    del future, results
    documents = _corpus._in_order(sent, Limits())

    def next_path() -> str | None:
        document = next(documents)
        assert not isinstance(document, ParseError)
        return document.source.path

    assert [next_path(), next_path()] == paths[:2]
    assert watched[0]() is not None  # still being read
    assert next_path() == paths[2]
    assert watched[0]() is None
    assert watched[1]() is not None
    assert next_path() == paths[3]
    assert next(documents, None) is None
    assert not sent


class _RecordingExecutor(ProcessPoolExecutor):
    shutdowns: ClassVar[list[bool]] = []

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.shutdowns.append(wait)
        super().shutdown(wait, cancel_futures=cancel_futures)


def test_a_finished_load_does_not_wait_for_its_workers_to_exit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_corpus, "ProcessPoolExecutor", _RecordingExecutor)
    monkeypatch.setattr(_RecordingExecutor, "shutdowns", [])
    directory = _mixed_directory(tmp_path)
    assert len(load_corpus(directory, workers=2, on_error="skip")) > 0
    assert _RecordingExecutor.shutdowns == [False]


def test_a_walk_that_fails_while_workers_load_raises_once_running_chunks_end(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Raised without loading the chunks still queued; the running ones are
    # waited for, so that no worker goes on after the load.
    monkeypatch.setattr(_corpus, "ProcessPoolExecutor", _RecordingExecutor)
    monkeypatch.setattr(_RecordingExecutor, "shutdowns", [])

    def walk() -> Iterator[str]:
        for index in range(6000):
            yield str(tmp_path / f"missing{index}.md")  # each an error, quickly
        raise OSError("the disk went away")

    with pytest.raises(OSError, match="the disk went away"):
        load_items(walk(), on_error="collect", repair=RepairConfig(), limits=Limits(),
                   workers=2)
    assert _RecordingExecutor.shutdowns == [True]
