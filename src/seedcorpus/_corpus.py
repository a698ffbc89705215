"""Many documents: ``load_corpus``, ``iter_corpus`` and the ``Corpus`` they give."""

from __future__ import annotations

import logging
import multiprocessing
import os
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import Any, Literal, Union, overload

from . import _export
from ._document import RepairOption, resolve_repair
from ._errors import CorpusError, ParseError
from ._limits import Limits
from ._load import load_one
from ._models import Document, NewsArticle, WikiResource
from ._parallel import parallel_results
from ._repair import RepairConfig
from ._sources import Item, Source, iter_paths

logger = logging.getLogger("seedcorpus")
# A library does not print: failures are logged for applications that configure
# logging, and are always returned or raised as ParseError objects.
logger.addHandler(logging.NullHandler())

OnError = Literal["raise", "collect", "skip"]
_ON_ERROR = ("raise", "collect", "skip")
Workers = Union[int, Literal["auto"]]
"""``1`` (load in the calling process), a number of worker processes, or ``"auto"``."""
FILES_PER_WORKER = 2000
"""Below this many files per forked process, parallel loading does not pay."""
FILES_PER_FRESH_WORKER = 3000
"""The same for processes that import seedcorpus first ("spawn", "forkserver")."""
_CHUNK = 500


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

    A context manager: leaving the ``with`` block, or :meth:`close`, closes
    what the walk holds open (a directory, an archive), as does the end of
    the iteration.
    """

    def __init__(self, source: Source, *, pattern: str | None, on_error: OnError,
                 repair: RepairOption, limits: Limits | None) -> None:
        check_on_error(on_error)
        self.errors: list[ParseError] = []
        self._on_error = on_error
        config, limits = resolve_repair(repair), limits or Limits()
        self._walk = iter_paths(source, pattern, limits)
        self._results = (load_one(item, config, limits) for item in self._walk)

    def __iter__(self) -> CorpusIterator:
        return self

    def __next__(self) -> Document:
        for result in self._results:
            if not isinstance(result, ParseError):
                return result
            _note(result, self._on_error, self.errors)
        self.close()
        if self._on_error == "raise" and self.errors:
            errors, self.errors = self.errors, []
            raise CorpusError(errors)
        raise StopIteration

    def close(self) -> None:
        """Stop here: close what the walk holds open. Iterating further ends at once."""
        self._results.close()
        self._walk.close()

    def __enter__(self) -> CorpusIterator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def check_on_error(on_error: str) -> None:
    if on_error not in _ON_ERROR:
        raise ValueError(f"on_error must be one of {_ON_ERROR}, not {on_error!r}")


def _note(error: ParseError, on_error: OnError, errors: list[ParseError]) -> None:
    """Log a failure, and keep it unless ``on_error`` is ``"skip"``."""
    logger.warning("%s", error)
    if on_error != "skip":
        errors.append(error)


def check_workers(workers: Workers) -> None:
    if workers == "auto":
        return
    if type(workers) is not int:
        raise TypeError(f"workers must be an int or 'auto', not {workers!r}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")


def default_workers(files: int) -> int:
    """Processes ``workers="auto"`` uses for ``files`` files.

    One per :func:`files_per_worker` files, at most one per usable CPU, at
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


def _plan(items: Iterator[Item], workers: Workers) -> tuple[Iterator[Item], int, int]:
    """How to load ``items`` in worker processes: them again, the processes,
    and the files per chunk, having walked no further than that takes.

    ``"auto"`` grows the processes with the files up to one per usable CPU
    (from ``files_per_worker()`` per CPU on); chunks grow up to ``_CHUNK``
    (from four chunks per process on). Past both, how many more files there
    are changes nothing, and the walk goes on while the workers load. There
    are never more processes than chunks: a small corpus gets no more than it
    can use, whatever was asked.
    """
    cpus = usable_cpus()
    wanted = cpus if workers == "auto" else workers
    enough = max(files_per_worker() * cpus, _CHUNK * 4 * wanted)
    first = list(islice(items, enough))
    count = len(first)
    processes = default_workers(count) if workers == "auto" else workers
    # Chunks large enough to amortise sending them, small enough to balance the load.
    size = max(1, min(_CHUNK, -(-count // (processes * 4))))
    processes = max(1, min(processes, -(-count // size)))
    if processes > 1 and multiprocessing.current_process().daemon:
        warnings.warn("seedcorpus: a daemonic process cannot start worker processes "
                      f"(workers={workers!r}): loading in this process instead",
                      RuntimeWarning, stacklevel=4)
        processes = 1
    return chain(first, items), processes, size


def _results(items: Iterable[Item], workers: Workers, repair: RepairConfig | None,
             limits: Limits) -> Generator[Document | ParseError, None, None]:
    """The result of each item, in order, from this process or from workers."""
    walk = iter(items)
    try:
        processes, size = 1, 0
        if workers != 1:
            walk_again, processes, size = _plan(walk, workers)
        else:
            walk_again = walk
        if processes > 1:
            yield from parallel_results(walk_again, processes, size, repair, limits)
        else:
            for item in walk_again:
                yield load_one(item, repair, limits)
    finally:
        close = getattr(walk, "close", None)
        if close is not None:  # a walk still going: what it holds open is closed
            close()


def iter_corpus(source: Source = None, *, pattern: str | None = None,
                on_error: OnError = "raise", repair: RepairOption = True,
                limits: Limits | None = None) -> CorpusIterator:
    """Yield the documents of ``source`` lazily, one file in memory at a time.

    Arguments are those of :func:`load_corpus` (``workers`` aside: this reads
    in the calling process). Use it as a context manager, or call
    ``close()``, to release an archive or directory left half read.
    """
    return CorpusIterator(source, pattern=pattern, on_error=on_error, repair=repair,
                          limits=limits)


def load_corpus(source: Source = None, *, pattern: str | None = None,
                on_error: OnError = "raise", repair: RepairOption = True,
                limits: Limits | None = None, workers: Workers = 1) -> Corpus:
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
    ``workers``: ``1`` (the default) loads in the calling process; ``N`` loads
    in up to N worker processes, ``"auto"`` in one per usable CPU for large
    corpora (see :func:`default_workers`). Results, their order and errors
    are the same whatever the number.
    """
    check_on_error(on_error)
    check_workers(workers)
    limits = limits or Limits()
    return load_items(iter_paths(source, pattern, limits), on_error=on_error,
                      repair=resolve_repair(repair), limits=limits, workers=workers)


def load_items(items: Iterable[Item], *, on_error: OnError, repair: RepairConfig | None,
               limits: Limits, workers: Workers,
               progress: Callable[[int, int], None] | None = None) -> Corpus:
    """:func:`load_corpus` on the items of a walk, read as the walk goes on;
    ``progress(done, total)`` is called after each file (the command line draws
    its progress bar with it), and so needs the walk done first."""
    check_workers(workers)
    total = 0
    if progress is not None:
        items = list(items)
        total = len(items)
    documents: list[Document] = []
    errors: list[ParseError] = []
    results = _results(items, workers, repair, limits)
    try:
        for done, result in enumerate(results, start=1):
            if isinstance(result, ParseError):
                _note(result, on_error, errors)
            else:
                documents.append(result)
            if progress is not None:
                progress(done, total)
    finally:
        # Whatever ends the loop (an exception in a logging handler, in the
        # progress callback, Ctrl-C), the workers and the walk stop now, not
        # when the generator is collected.
        results.close()
    corpus = Corpus(documents, errors)
    if on_error == "raise" and errors:
        raise CorpusError(errors, corpus)
    return corpus
