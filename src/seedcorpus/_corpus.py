"""The documents of a corpus, with the failures met while loading it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, Union, overload

from . import _export
from . import _formats as formats
from ._errors import ParseError, SeedCorpusError
from ._formats.news import NewsArticle
from ._formats.wiki import WikiResource
from ._models import Document
from ._optional import require

if TYPE_CHECKING:
    import datasets  # type: ignore[import-untyped]
    import pandas  # type: ignore[import-untyped]
    import pyarrow  # type: ignore[import-untyped]

D_co = TypeVar("D_co", bound=Document, covariant=True)
PathLike = Union[str, "os.PathLike[str]"]


class Corpus(Sequence[D_co]):
    """The documents of a corpus, in load order, and the failures met on the way.

    A read-only sequence: ``len``, indexing, iteration. A slice, `filter`
    and the views by kind (`news`, `wiki`, `of_kind`) are corpora of their
    own, with every export; they hold no failures. Two corpora are equal when
    their documents are, and their failures.

    Example:
        ```python
        >>> from seedcorpus import load_corpus
        >>> corpus = load_corpus()
        >>> corpus[:2]
        <Corpus: 2 news, 0 wiki, 0 errors>
        >>> corpus.filter(lambda doc: doc.kind == "wiki")[0].importance
        28

        ```
    """

    def __init__(self, documents: Iterable[D_co] = (),
                 errors: Iterable[ParseError] = ()) -> None:
        self._documents: tuple[D_co, ...] = tuple(documents)
        self.errors: tuple[ParseError, ...] = tuple(errors)
        """Every failure met while loading (``on_error="collect"``)."""
        self._by_kind: dict[str, Corpus[Document]] = {}

    @overload
    def __getitem__(self, index: int) -> D_co: ...

    @overload
    def __getitem__(self, index: slice) -> Corpus[D_co]: ...

    def __getitem__(self, index: int | slice) -> D_co | Corpus[D_co]:
        if isinstance(index, slice):
            return Corpus(self._documents[index])
        return self._documents[index]

    def __len__(self) -> int:
        return len(self._documents)

    def __iter__(self) -> Iterator[D_co]:
        return iter(self._documents)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Corpus):
            return NotImplemented
        return self._documents == other._documents and self.errors == other.errors

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(self.of_kind(kind))} {kind}" for kind in formats.kinds())
        return f"<Corpus: {counts}, {len(self.errors)} errors>"

    def filter(self, predicate: Callable[[D_co], bool]) -> Corpus[D_co]:
        """The documents for which ``predicate`` is true, in order."""
        return Corpus(document for document in self._documents if predicate(document))

    def of_kind(self, kind: str) -> Corpus[Document]:
        """The documents of one kind (``"news"``, ``"wiki"``, or any registered
        format's), in load order; ``ValueError`` for a kind no format has."""
        found = self._by_kind.get(kind)
        if found is None:
            formats.format_of(kind)  # no such kind: ValueError
            found = self._by_kind[kind] = Corpus(
                document for document in self._documents if document.kind == kind)
        return found

    @property
    def news(self) -> Corpus[NewsArticle]:
        """The news articles, in load order (found once)."""
        return self.of_kind("news")  # type: ignore[return-value]

    @property
    def wiki(self) -> Corpus[WikiResource]:
        """The wiki resource pages, in load order (found once)."""
        return self.of_kind("wiki")  # type: ignore[return-value]

    # -- exports, and back (heavy libraries are imported only when asked for) ---

    def to_records(self) -> list[dict[str, Any]]:
        """JSON-ready dicts: ISO 8601 dates, explicit nulls, one set of keys per kind."""
        return [_export.to_record(document) for document in self._documents]

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> Corpus[Document]:
        """The documents of records as `to_records` gives them (any kind, by ``kind``)."""
        return Corpus(_export.from_records(records))

    def to_jsonl(self, path: PathLike) -> int:
        """Write one JSON record per line, whole or not at all; return the number written.

        `from_jsonl` reads the file back into equal documents. ``"-"`` writes
        to standard output.
        """
        return _export.write_jsonl(self._documents, path)

    @classmethod
    def from_jsonl(cls, path: PathLike) -> Corpus[Document]:
        """The documents of a file written by `to_jsonl`.

        A line that is not a valid record raises `ParseError`, naming the file
        and the line.
        """
        documents = []
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    documents.append(_from_line(line, os.fspath(path), number))
        return Corpus(documents)

    def to_arrow(self) -> pyarrow.Table:
        """A ``pyarrow.Table``: a ``kind`` column and every field of every kind.

        The schema (`seedcorpus.arrow_schema`) is fixed, whatever was loaded.
        Needs ``seedcorpus[arrow]``.
        """
        return _export.to_arrow(self._documents)

    @classmethod
    def from_arrow(cls, table: pyarrow.Table) -> Corpus[Document]:
        """The documents of a table `to_arrow` made: ``from_arrow(c.to_arrow()) == c``."""
        return Corpus(_export.from_arrow(table))

    def to_pandas(self) -> pandas.DataFrame:
        """A ``pandas.DataFrame`` of `to_arrow`. Needs ``seedcorpus[pandas]``.

        Scalar columns get pandas' nullable dtypes (``string``, ``Int64``,
        ``boolean``), timestamps ``datetime64[us, UTC]`` (they compare with
        strings: ``df[df.published_at > "2023-01-01"]``), nested values are
        Python objects: the frame round-trips through ``to_parquet`` and
        ``pandas.read_parquet`` with pandas' defaults.
        """
        return _export.to_pandas(self._documents)

    @classmethod
    def from_pandas(cls, frame: pandas.DataFrame) -> Corpus[Document]:
        """The documents of a frame `to_pandas` made (also once read back from Parquet)."""
        return Corpus(_export.from_pandas(frame))

    def to_parquet(self, path: PathLike) -> int:
        """Write a Parquet file of `to_arrow`'s table, whole or not at all; return
        the number of documents. The same file as ``seedcorpus export``'s."""
        return _export.write_parquet(self._documents, path)

    @classmethod
    def from_parquet(cls, path: PathLike) -> Corpus[Document]:
        """The documents of a Parquet file written by `to_parquet`."""
        parquet = require("pyarrow.parquet", "arrow", "Corpus.from_parquet")
        return cls.from_arrow(parquet.read_table(os.fspath(path)))

    def to_csv(self, path: PathLike) -> int:
        """Write one CSV row per document (nested values as JSON), whole or not
        at all; return the number written."""
        return _export.write_csv(self._documents, path)

    def to_hf_dataset(self) -> datasets.Dataset:
        """A ``datasets.Dataset`` with explicit ``Features``. Needs ``seedcorpus[hf]``."""
        return _export.to_hf_dataset(self._documents)


def _from_line(line: str, path: str, number: int) -> Document:
    try:
        return _export.from_json(line)
    except ValueError as error:  # pydantic's ValidationError, or bad JSON
        first = str(error).splitlines()
        raise ParseError(f"not a record of a document: {' '.join(first[:3])}",
                         stage="validate", path=path, line=number) from None


LISTED_ERRORS = 20
"""How many failures a `CorpusError` message lists."""


class CorpusError(SeedCorpusError):
    """Some documents of a corpus failed to load (``on_error="raise"``).

    ``errors`` lists every failure; ``corpus`` holds the documents that did load,
    so nothing read is lost by raising. The message lists the first 20
    failures and says how many more there are.
    """

    def __init__(self, errors: Sequence[ParseError],
                 corpus: Corpus[Document] | None = None) -> None:
        self.errors: tuple[ParseError, ...] = tuple(errors)
        self.corpus = corpus
        count = len(self.errors)
        # A message long enough to read: the first failures, and how many more
        # there are (every one is in ``errors``).
        lines = [f"  {error}" for error in self.errors[:LISTED_ERRORS]]
        if count > LISTED_ERRORS:
            lines.append(f"  ... and {count - LISTED_ERRORS} more (all are in .errors)")
        plural = "" if count == 1 else "s"
        super().__init__(f"{count} document{plural} failed to load:\n" + "\n".join(lines))
