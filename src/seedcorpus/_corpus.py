"""Many documents: ``load_corpus``, ``iter_corpus`` and the ``Corpus`` they give."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Literal, overload

from ._document import RepairOption, parse_bytes, resolve_repair
from ._errors import CorpusError, ParseError
from ._limits import Limits
from ._models import Document, NewsArticle, WikiResource
from ._sources import Source, iter_paths, read_file

logger = logging.getLogger("seedcorpus")

OnError = Literal["raise", "collect", "skip"]
_ON_ERROR = ("raise", "collect", "skip")


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


class CorpusIterator(Iterator[Document]):
    """Documents parsed one at a time, in order; returned by :func:`iter_corpus`.

    Failures are handled as ``on_error`` says: ``"collect"`` appends them to
    ``errors`` as iteration goes; ``"raise"`` also collects them, and raises a
    :class:`CorpusError` listing them all once every document has been yielded.
    """

    def __init__(self, source: Source, *, pattern: str | None, on_error: OnError,
                 repair: RepairOption, limits: Limits | None) -> None:
        if on_error not in _ON_ERROR:
            raise ValueError(f"on_error must be one of {_ON_ERROR}, not {on_error!r}")
        self.errors: list[ParseError] = []
        self._on_error = on_error
        self._repair = resolve_repair(repair)
        self._limits = limits or Limits()
        self._paths = iter_paths(source, pattern)

    def __iter__(self) -> CorpusIterator:
        return self

    def __next__(self) -> Document:
        for item in self._paths:
            try:
                if isinstance(item, ParseError):
                    raise item
                data = read_file(item, self._limits)
                return parse_bytes(data, path=item, name=None, repair=self._repair,
                                   limits=self._limits)
            except ParseError as error:
                logger.warning("%s", error)
                if self._on_error != "skip":
                    self.errors.append(error)
        if self._on_error == "raise" and self.errors:
            errors, self.errors = self.errors, []
            raise CorpusError(errors)
        raise StopIteration


def iter_corpus(source: Source = None, *, pattern: str | None = None,
                on_error: OnError = "raise", repair: RepairOption = True,
                limits: Limits | None = None) -> CorpusIterator:
    """Yield the documents of ``source`` lazily, one file in memory at a time.

    Arguments are those of :func:`load_corpus`.
    """
    return CorpusIterator(source, pattern=pattern, on_error=on_error, repair=repair,
                          limits=limits)


def load_corpus(source: Source = None, *, pattern: str | None = None,
                on_error: OnError = "raise", repair: RepairOption = True,
                limits: Limits | None = None) -> Corpus:
    """Load every document of ``source`` into a :class:`Corpus`.

    ``source``: a directory (walked recursively in sorted order, hidden entries
    skipped), a file, a glob, or an iterable of paths; ``None`` loads the seed
    files bundled with the package. A path that does not exist raises
    :class:`SourceNotFoundError`; an empty directory gives an empty corpus.
    ``pattern``: only files whose name matches this glob (``"*.md"``).
    ``on_error``: ``"raise"`` reads everything, then raises one
    :class:`CorpusError` listing every failure (the loaded documents are on its
    ``corpus``); ``"collect"`` keeps failures in ``corpus.errors``; ``"skip"``
    drops them. Every failure is also logged on the ``seedcorpus`` logger.
    ``repair``: ``True`` (default :class:`RepairConfig`), ``False``, or a config.
    ``limits``: size and nesting bounds (:class:`Limits`).
    """
    if on_error not in _ON_ERROR:
        raise ValueError(f"on_error must be one of {_ON_ERROR}, not {on_error!r}")
    iterator = iter_corpus(source, pattern=pattern, on_error="collect", repair=repair,
                           limits=limits)
    documents = list(iterator)
    errors = iterator.errors if on_error != "skip" else []
    corpus = Corpus(documents, errors)
    if on_error == "raise" and errors:
        raise CorpusError(errors, corpus)
    return corpus
