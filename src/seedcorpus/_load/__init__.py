"""Loading many documents: ``load_corpus``, ``iter_corpus``, and the loop they share."""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Literal

from .._corpus import Corpus, CorpusError
from .._document import RepairOption, resolve_repair
from .._errors import ParseError
from .._limits import Limits
from .._models import Document
from .._repair import RepairConfig
from .._sources import SEEDS, Item, Source, check_source, iter_paths
from .._sources.names import Globs, name_filter
from .one import load_one
from .parallel import parallel_results
from .plan import Workers, check_workers, plan_load

logger = logging.getLogger("seedcorpus")
# A library does not print: failures are logged for applications that configure
# logging, and are always returned or raised as ParseError objects.
logger.addHandler(logging.NullHandler())

OnError = Literal["raise", "collect", "skip"]
_ON_ERROR = ("raise", "collect", "skip")


class CorpusIterator(Iterator[Document]):
    """Documents parsed one at a time, in order; returned by `iter_corpus`.

    Failures are handled as ``on_error`` says: ``"collect"`` appends them to
    ``errors`` as iteration goes; ``"raise"`` also collects them, and raises a
    `CorpusError` listing them all once every document has been yielded.

    A context manager: leaving the ``with`` block, or `close`, closes
    what the walk holds open (a directory, an archive), as does the end of
    the iteration.
    """

    def __init__(self, source: Source, *, pattern: Globs, exclude: Globs, on_error: OnError,
                 repair: RepairOption, limits: Limits | None) -> None:
        check_on_error(on_error)
        check_source(source)
        self._errors: list[ParseError] = []
        self._on_error = on_error
        self._source = source
        self._yielded = 0
        self._closed = False
        config, limits = resolve_repair(repair), limits or Limits()
        self._walk = iter_paths(source, name_filter(pattern, exclude), limits)
        self._results = (load_one(item, config, limits) for item in self._walk)

    @property
    def errors(self) -> tuple[ParseError, ...]:
        """The failures met so far (all of them, once iteration has ended)."""
        return tuple(self._errors)

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return (f"<CorpusIterator of {self._source!r}: {self._yielded} documents, "
                f"{len(self._errors)} errors so far, {state}>")

    def __iter__(self) -> CorpusIterator:
        return self

    def __next__(self) -> Document:
        for result in self._results:
            if not isinstance(result, ParseError):
                self._yielded += 1
                return result
            _note(result, self._on_error, self._errors)
        self.close()
        if self._on_error == "raise" and self._errors:
            errors, self._errors = self._errors, []
            raise CorpusError(errors)
        raise StopIteration

    def close(self) -> None:
        """Stop here: close what the walk holds open. Iterating further ends at once."""
        self._closed = True
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


def _results(items: Iterable[Item], workers: Workers, repair: RepairConfig | None,
             limits: Limits) -> Generator[Document | ParseError, None, None]:
    """The result of each item, in order, from this process or from workers."""
    walk = iter(items)
    try:
        processes, size = 1, 0
        if workers != 1:
            walk_again, processes, size = plan_load(walk, workers)
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


def iter_corpus(source: Source = SEEDS, *, pattern: Globs = None, exclude: Globs = None,
                on_error: OnError = "raise", repair: RepairOption = True,
                limits: Limits | None = None) -> CorpusIterator:
    """Yield the documents of ``source`` lazily, one file in memory at a time.

    Arguments are those of `load_corpus` (``workers`` aside: this reads in
    the calling process). Use it as a context manager, or call ``close()``,
    to release an archive or directory left half read.
    """
    return CorpusIterator(source, pattern=pattern, exclude=exclude, on_error=on_error,
                          repair=repair, limits=limits)


def load_corpus(source: Source = SEEDS, *, pattern: Globs = None, exclude: Globs = None,
                on_error: OnError = "raise", repair: RepairOption = True,
                limits: Limits | None = None, workers: Workers = 1) -> Corpus[Document]:
    """Load every document of ``source`` into a `Corpus`.

    Args:
        source: A directory (walked recursively in sorted order, hidden
            entries skipped), a file, a glob, a ``.zip``/``.tar``/``.tar.gz``
            archive, an fsspec URL, or an iterable of those; given none, the
            seed files bundled with the package. A path that does not exist
            raises `SourceNotFoundError`; ``None`` is a ``TypeError``.
        pattern: Of the files found in directories, archives and globs, only
            those whose name matches this glob, or one of these globs
            (``"*.md"``). A file named on its own is always read.
        exclude: Of the files found in directories, archives and globs, none
            whose name matches this glob, or one of these globs
            (``["README.md", "SOURCES.*"]``).
        on_error: ``"raise"`` reads everything, then raises one `CorpusError`
            listing every failure (the loaded documents are on its
            ``corpus``); ``"collect"`` keeps failures in ``corpus.errors``;
            ``"skip"`` drops them. Every failure is also logged on the
            ``seedcorpus`` logger.
        repair: ``True`` (the default `RepairConfig`), ``False``, or a config.
        limits: Size and nesting bounds (`Limits`).
        workers: ``1`` (the default) loads in the calling process; ``N`` in up
            to N worker processes; ``"auto"`` in one per usable CPU for large
            corpora. Results, their order and errors are the same whatever
            the number.

    Returns:
        The documents, in load order, with ``errors``.
    """
    check_on_error(on_error)
    check_workers(workers)
    limits = limits or Limits()
    return load_items(iter_paths(source, name_filter(pattern, exclude), limits),
                      on_error=on_error, repair=resolve_repair(repair), limits=limits,
                      workers=workers)


def load_items(items: Iterable[Item], *, on_error: OnError, repair: RepairConfig | None,
               limits: Limits, workers: Workers,
               progress: Callable[[int, int], None] | None = None) -> Corpus[Document]:
    """`load_corpus` on the items of a walk, read as the walk goes on;
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
