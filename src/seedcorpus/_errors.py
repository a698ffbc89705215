"""The exceptions seedcorpus raises for bad input.

Every failure caused by the content or location of an input is reported as a
`SeedCorpusError`; callers can catch that one class and know they have
seen every problem the library can attribute to the data.
"""

from __future__ import annotations

from typing import Literal

Stage = Literal["read", "decode", "detect", "split", "parse", "validate"]
"""Where in the pipeline a document failed, in pipeline order."""


class SeedCorpusError(Exception):
    """Base class of every error seedcorpus raises for bad input."""


class ParseError(SeedCorpusError, ValueError):
    """One document could not be turned into a model.

    ``str()`` reads like a compiler diagnostic:

    ```text
    seeds/000_x.txt:14:10: validate: quality: Input should be a valid integer
    ```

    Parts that are unknown (no path, no line, no field) are left out.
    """

    def __init__(
        self,
        message: str,
        *,
        stage: Stage,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.stage: Stage = stage
        self.path = path
        self.line = line
        self.column = column
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        location = self.path if self.path is not None else "<input>"
        if self.line is not None:
            location += f":{self.line}"
            if self.column is not None:
                location += f":{self.column}"
        field = f"{self.field}: " if self.field else ""
        return f"{location}: {self.stage}: {field}{self.message}"

    def __repr__(self) -> str:
        return f"ParseError({str(self)!r})"

    def _key(self) -> tuple[object, ...]:
        return (self.message, self.stage, self.path, self.line, self.column, self.field)

    def __eq__(self, other: object) -> bool:
        # By value, as documents are: the same failure found by two loads
        # (or sent back by a worker process) is the same error.
        if not isinstance(other, ParseError):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments are not restored by the default pickling of
        # exceptions; errors must survive being sent between processes.
        return (_rebuild_parse_error, (self.message, self.stage, self.path,
                                       self.line, self.column, self.field))

    def with_path(self, path: str | None) -> ParseError:
        """Return a copy of this error that names ``path``."""
        return ParseError(self.message, stage=self.stage, path=path, line=self.line,
                          column=self.column, field=self.field)


def _rebuild_parse_error(message: str, stage: Stage, path: str | None, line: int | None,
                         column: int | None, field: str | None) -> ParseError:
    return ParseError(message, stage=stage, path=path, line=line, column=column, field=field)


class SourceNotFoundError(SeedCorpusError, FileNotFoundError):
    """The path given to ``load_corpus`` does not exist."""
