"""Many documents: ``load_corpus``, ``iter_corpus`` and the ``Corpus`` they give."""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import Any, Literal, overload

from . import _export
from ._document import Prepared, RepairOption, finish, prepare, resolve_repair
from ._errors import CorpusError, ParseError
from ._gcpause import collector_paused
from ._limits import Limits
from ._models import Document, NewsArticle, WikiResource
from ._repair import RepairConfig
from ._sources import Item, Source, iter_paths, read_item
from ._wire import Packed, pack, unpack

logger = logging.getLogger("seedcorpus")
# A library does not print: failures are logged for applications that configure
# logging, and are always returned or raised as ParseError objects.
logger.addHandler(logging.NullHandler())

OnError = Literal["raise", "collect", "skip"]
_ON_ERROR = ("raise", "collect", "skip")
FILES_PER_WORKER = 2000
"""Below this many files per forked process, parallel loading does not pay."""
FILES_PER_FRESH_WORKER = 3000
"""The same for processes that import seedcorpus first ("spawn", "forkserver")."""
_CHUNK = 500
# From this many files, what a load builds goes straight to the collector's
# oldest generation (_gcpause): below it, scanning it as new costs little.
_PROMOTED_FROM = 1000


class Corpus(Sequence[Document]):
    """The documents of a corpus, in load order, and the failures met on the way."""

    def __init__(self, documents: Sequence[Document] = (),
                 errors: Sequence[ParseError] = ()) -> None:
        self._documents = tuple(documents)
        self.errors: tuple[ParseError, ...] = tuple(errors)

    @overload
    def __getitem__(self, index: int) -> Document: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Document]: ...

    def __getitem__(self, index: int | slice) -> Document | Sequence[Document]:
        return self._documents[index]

    def __len__(self) -> int:
        return len(self._documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self._documents)

    def __repr__(self) -> str:
        return (f"<Corpus: {len(self.news)} news, {len(self.wiki)} wiki, "
                f"{len(self.errors)} errors>")

    @property
    def news(self) -> list[NewsArticle]:
        """The news articles, in load order."""
        return [doc for doc in self._documents if isinstance(doc, NewsArticle)]

    @property
    def wiki(self) -> list[WikiResource]:
        """The wiki resource pages, in load order."""
        return [doc for doc in self._documents if isinstance(doc, WikiResource)]

    # -- exports (heavy libraries are imported only when asked for) ------------

    def to_records(self) -> list[dict[str, Any]]:
        """JSON-ready dicts: ISO 8601 dates, explicit nulls, one set of keys per kind."""
        return [_export.to_record(document) for document in self._documents]

    def to_jsonl(self, path: str | os.PathLike[str]) -> int:
        """Write one JSON record per line; return the number written.

        :meth:`from_jsonl` reads the file back into equal documents.
        """
        return _export.write_jsonl(self._documents, path)

    @classmethod
    def from_jsonl(cls, path: str | os.PathLike[str]) -> Corpus:
        """The documents of a file written by :meth:`to_jsonl`."""
        with open(path, encoding="utf-8") as lines:
            return cls([_export.from_json(line) for line in lines if line.strip()])

    def to_arrow(self) -> Any:
        """A ``pyarrow.Table``: a ``kind`` column and every field of both kinds.

        The schema (:func:`seedcorpus.arrow_schema`) is fixed, whatever was loaded.
        Needs ``seedcorpus[arrow]``.
        """
        return _export.to_arrow(self._documents)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` of :meth:`to_arrow`. Needs ``seedcorpus[pandas]``."""
        return _export.to_pandas(self._documents)

    def to_hf_dataset(self) -> Any:
        """A ``datasets.Dataset`` with explicit ``Features``. Needs ``seedcorpus[hf]``."""
        return _export.to_hf_dataset(self._documents)


class CorpusIterator(Iterator[Document]):
    """Documents parsed one at a time, in order; returned by :func:`iter_corpus`.

    Failures are handled as ``on_error`` says: ``"collect"`` appends them to
    ``errors`` as iteration goes; ``"raise"`` also collects them, and raises a
    :class:`CorpusError` listing them all once every document has been yielded.
    """

    def __init__(self, source: Source, *, pattern: str | None, on_error: OnError,
                 repair: RepairOption, limits: Limits | None) -> None:
        _check_on_error(on_error)
        self.errors: list[ParseError] = []
        self._on_error = on_error
        config, limits = resolve_repair(repair), limits or Limits()
        self._results = (_load_one(item, config, limits)
                         for item in iter_paths(source, pattern, limits))

    def __iter__(self) -> CorpusIterator:
        return self

    def __next__(self) -> Document:
        for result in self._results:
            if not isinstance(result, ParseError):
                return result
            _note(result, self._on_error, self.errors)
        if self._on_error == "raise" and self.errors:
            errors, self.errors = self.errors, []
            raise CorpusError(errors)
        raise StopIteration


def _check_on_error(on_error: str) -> None:
    if on_error not in _ON_ERROR:
        raise ValueError(f"on_error must be one of {_ON_ERROR}, not {on_error!r}")


def _note(error: ParseError, on_error: OnError, errors: list[ParseError]) -> None:
    """Log a failure, and keep it unless ``on_error`` is ``"skip"``."""
    logger.warning("%s", error)
    if on_error != "skip":
        errors.append(error)


def _load_one(item: Item, repair: RepairConfig | None, limits: Limits) -> Document | ParseError:
    prepared = _prepare_one(item, repair, limits)
    return prepared if isinstance(prepared, ParseError) else _finish(prepared)


def _prepare_one(item: Item, repair: RepairConfig | None,
                 limits: Limits) -> Prepared | ParseError:
    if isinstance(item, ParseError):
        return item
    try:
        path, data = read_item(item, limits)
        return prepare(data, path=path, name=None, repair=repair, limits=limits)
    except ParseError as error:
        return _kept(error)


def _finish(prepared: Prepared) -> Document | ParseError:
    try:
        return finish(prepared)
    except ParseError as error:
        return _kept(error)


def _kept(error: ParseError) -> ParseError:
    """``error`` as it is kept among a corpus's failures: the message alone.

    Its traceback's frames hold the file's bytes and all that was parsed from
    them, and so does the exception it was raised while handling (a
    UnicodeDecodeError holds the whole file): a corpus with many bad files
    would keep them all in memory. ParseErrors are raised "from None"; neither
    is part of what they report.
    """
    error.__context__ = None
    return error.with_traceback(None)


def _load_chunk(items: list[Item], repair: RepairConfig | None,
                limits: Limits) -> list[Document | ParseError]:
    return [_load_one(item, repair, limits) for item in items]


def _prepare_chunk(items: list[Item], repair: RepairConfig | None,
                   limits: Limits) -> list[Packed | ParseError]:
    """What a worker does with a chunk of files: read, parse, repair, pack."""
    # In a worker process the chunk lives until it is sent: the collector
    # would scan it over and over, as it would a whole corpus in the parent.
    with collector_paused(promote=True):
        results: list[Packed | ParseError] = []
        for item in items:
            prepared = _prepare_one(item, repair, limits)
            results.append(prepared if isinstance(prepared, ParseError)
                           else pack(prepared, item))
        return results


def _unpack(packed: Packed, limits: Limits, item: Item) -> Document | ParseError:
    try:
        return unpack(packed, limits, item)
    except ParseError as error:
        return _kept(error)


def default_workers(files: int) -> int:
    """Processes used for ``files`` files when ``workers`` is not given.

    One per :func:`files_per_worker` files, at most one per usable CPU, at
    least one: on a small corpus, starting a process costs more than it saves.
    """
    return max(1, min(usable_cpus(), files // files_per_worker()))


def files_per_worker() -> int:
    """Files per process from which one more process pays, by how processes start.

    A forked worker has seedcorpus imported already; one started by "spawn" or
    "forkserver" (the defaults on macOS and Windows, and on Linux from Python
    3.14) imports it first, at every load. Measured on 2 CPUs: with "fork",
    two workers loaded 4,000 files in 0.37-0.44 s against 0.55-0.62 s in one
    process; started afresh, two broke even with one at about 6,000 files.
    """
    method = (multiprocessing.get_start_method(allow_none=True)
              or multiprocessing.get_all_start_methods()[0])  # the platform's default
    return FILES_PER_WORKER if method == "fork" else FILES_PER_FRESH_WORKER


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _plan(items: Iterable[Item], workers: int | None) -> tuple[Iterator[Item], int, int, int]:
    """How to load ``items``: them again, the processes, the files per chunk, and
    how many files there are at least, having read no more of them than that takes.

    The default number of processes grows with the files up to one per usable
    CPU (from ``files_per_worker()`` per CPU on), and chunks with them up to
    ``_CHUNK`` (from four chunks per process on): past both, how many more
    files there are changes nothing, and a walk still going on goes on while
    the workers start on the first chunks.
    """
    cpus = usable_cpus()
    enough = max(files_per_worker() * cpus, _CHUNK * 4 * (workers or cpus), _PROMOTED_FROM)
    iterator = iter(items)
    first = list(islice(iterator, enough))
    count = len(first)
    workers = workers or default_workers(count)
    # Chunks large enough to amortise pickling, small enough to balance the load.
    size = max(1, min(_CHUNK, -(-count // (workers * 4))))
    return chain(first, iterator), workers, size, count


def _parallel_results(items: Iterator[Item], workers: int, size: int,
                      repair: RepairConfig | None,
                      limits: Limits) -> Iterator[Document | ParseError]:
    # Workers read, parse, repair and pack (_wire); this process validates. A
    # validated model takes far longer to pickle and unpickle than the data it
    # is made from takes to validate, and errors are the same either way.
    # Results are taken in the order the chunks were sent: deterministic.
    pool = ProcessPoolExecutor(workers)
    sent: deque[tuple[list[Item], Future[list[Packed | ParseError]]]] = deque()
    finished = False
    try:
        while chunk := list(islice(items, size)):  # the walk goes on meanwhile
            sent.append((chunk, pool.submit(_prepare_chunk, chunk, repair, limits)))
        yield from _in_order(sent, limits)
        finished = True
    finally:
        for _, future in sent:  # none left to wait for, should this stop early
            future.cancel()
        # With every result in, the workers have only to exit, which the
        # executor's own thread sees to: waiting for them took 20-30 ms at the
        # end of every load, both CPUs idle. Stopped early, a load waits for
        # the chunks still running, so that none goes on using a CPU after it.
        pool.shutdown(wait=not finished)


def _in_order(sent: deque[tuple[list[Item], Future[list[Packed | ParseError]]]],
              limits: Limits) -> Iterator[Document | ParseError]:
    """The documents of the chunks in ``sent``, in order, each chunk taken off
    the queue as it is read."""
    # Taken off, a chunk's packed results are freed once read, and the next
    # chunk's message reuses their memory. Kept, they held every document a
    # second time, as JSON text (60 MB for 20,000 news files), and each
    # message arrived in pages never touched before.
    while sent:
        chunk, future = sent.popleft()
        for item, result in zip(chunk, future.result(), strict=True):
            yield (result if isinstance(result, ParseError)
                   else _unpack(result, limits, item))


def iter_corpus(source: Source = None, *, pattern: str | None = None,
                on_error: OnError = "raise", repair: RepairOption = True,
                limits: Limits | None = None) -> CorpusIterator:
    """Yield the documents of ``source`` lazily, one file in memory at a time.

    Arguments are those of :func:`load_corpus` (``workers`` aside: this reads
    in the calling process).
    """
    return CorpusIterator(source, pattern=pattern, on_error=on_error, repair=repair,
                          limits=limits)


def load_corpus(source: Source = None, *, pattern: str | None = None,
                on_error: OnError = "raise", repair: RepairOption = True,
                limits: Limits | None = None, workers: int | None = None) -> Corpus:
    """Load every document of ``source`` into a :class:`Corpus`.

    ``source``: a directory (walked recursively in sorted order, hidden entries
    skipped), a file, a glob, a .zip/.tar/.tar.gz archive, an fsspec URL, or an
    iterable of those; ``None`` loads the seed files bundled with the package.
    A path that does not exist raises :class:`SourceNotFoundError`; an empty
    directory gives an empty corpus.
    ``pattern``: only files whose name matches this glob (``"*.md"``).
    ``on_error``: ``"raise"`` reads everything, then raises one
    :class:`CorpusError` listing every failure (the loaded documents are on its
    ``corpus``); ``"collect"`` keeps failures in ``corpus.errors``; ``"skip"``
    drops them. Every failure is also logged on the ``seedcorpus`` logger.
    ``repair``: ``True`` (default :class:`RepairConfig`), ``False``, or a config.
    ``limits``: size and nesting bounds (:class:`Limits`).
    ``workers``: processes to parse in; by default one per CPU for large corpora
    (see :func:`default_workers`) and 1 for small ones. Results, their order
    and errors are the same whatever the number.

    While it runs, Python's cyclic garbage collector is paused (it was a
    fifth of the loading time); it is switched back on afterwards if it was
    on, once no other load in another thread is still running. From 1,000
    files, the young generations are collected before the load, and what it
    built is moved to the collector's oldest generation without a scan
    afterwards (``gc.freeze()`` and ``gc.unfreeze()``), unless the process
    has frozen objects of its own: scanning a large corpus as young objects,
    twice, only to find it alive cost more than a second per 20,000
    documents.
    """
    _check_on_error(on_error)
    limits = limits or Limits()
    return load_items(iter_paths(source, pattern, limits), on_error=on_error,
                      repair=resolve_repair(repair), limits=limits, workers=workers)


def load_items(items: Iterable[Item], *, on_error: OnError, repair: RepairConfig | None,
               limits: Limits, workers: int | None,
               progress: Callable[[int, int], None] | None = None) -> Corpus:
    """:func:`load_corpus` on the items of a walk, read as the walk goes on;
    ``progress(done, total)`` is called after each file (the command line draws
    its progress bar with it), and so needs the walk done first."""
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    total = 0
    if progress is not None:
        items = list(items)
        total = len(items)
    rest, workers, size, count = _plan(items, workers)
    results: Iterable[Document | ParseError] = (
        _parallel_results(rest, workers, size, repair, limits) if workers > 1
        else (_load_one(item, repair, limits) for item in rest))
    documents: list[Document] = []
    errors: list[ParseError] = []
    with collector_paused(promote=count >= _PROMOTED_FROM):
        for done, result in enumerate(results, start=1):
            if isinstance(result, ParseError):
                _note(result, on_error, errors)
            else:
                documents.append(result)
            if progress is not None:
                progress(done, total)
    corpus = Corpus(documents, errors)
    if on_error == "raise" and errors:
        raise CorpusError(errors, corpus)
    return corpus
