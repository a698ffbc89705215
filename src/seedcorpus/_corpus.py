"""The documents of a corpus, with the failures met while loading it."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any, overload

from . import _export
from . import _formats as formats
from ._errors import ParseError, SeedCorpusError
from ._formats.news import NewsArticle
from ._formats.wiki import WikiResource
from ._models import Document


class Corpus(Sequence[Document]):
    """The documents of a corpus, in load order, and the failures met on the way."""

    def __init__(self, documents: Sequence[Document] = (),
                 errors: Sequence[ParseError] = ()) -> None:
        self._documents = tuple(documents)
        self.errors: tuple[ParseError, ...] = tuple(errors)
        self._by_kind: dict[str, tuple[Document, ...]] = {}

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
        counts = ", ".join(f"{len(self.of_kind(kind))} {kind}" for kind in formats.kinds())
        return f"<Corpus: {counts}, {len(self.errors)} errors>"

    def of_kind(self, kind: str) -> tuple[Document, ...]:
        """The documents of one kind (``"news"``, ``"wiki"``, or any registered
        format's), in load order; ``ValueError`` for a kind no format has."""
        found = self._by_kind.get(kind)
        if found is None:
            formats.format_of(kind)  # no such kind: ValueError
            found = self._by_kind[kind] = tuple(
                document for document in self._documents if document.kind == kind)
        return found

    @property
    def news(self) -> tuple[NewsArticle, ...]:
        """The news articles, in load order."""
        return self.of_kind("news")  # type: ignore[return-value]

    @property
    def wiki(self) -> tuple[WikiResource, ...]:
        """The wiki resource pages, in load order."""
        return self.of_kind("wiki")  # type: ignore[return-value]

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
        """A ``pyarrow.Table``: a ``kind`` column and every field of every kind.

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


LISTED_ERRORS = 20
"""How many failures a :class:`CorpusError` message lists."""



class CorpusError(SeedCorpusError):
    """Some documents of a corpus failed to load (``on_error="raise"``).

    ``errors`` lists every failure; ``corpus`` holds the documents that did load,
    so nothing read is lost by raising. The message lists the first 20
    failures and says how many more there are.
    """

    def __init__(self, errors: Sequence[ParseError], corpus: Corpus | None = None) -> None:
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


