"""The ``seedcorpus`` command line."""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from . import _export
from . import _formats as formats
from ._corpus import Corpus
from ._errors import ParseError, SourceNotFoundError
from ._limits import Limits
from ._load import load_items
from ._load.one import load_one
from ._models import Document
from ._optional import require
from ._repair import RepairConfig
from ._sources import Item, iter_paths
from ._version import __version__

PROGRESS_AFTER = 200
"""A progress bar is drawn when more files than this are loaded (on a terminal)."""

_FORMATS = {".jsonl": "jsonl", ".parquet": "parquet", ".csv": "csv"}
_EXAMPLES = """\
examples:
  seedcorpus summary                       the seed files bundled with seedcorpus
  seedcorpus summary corpus/news 'more/*.txt'
  seedcorpus validate corpus/              every problem, one per line
  seedcorpus validate corpus/ --format json
  seedcorpus show seeds/004_8fd1721e0a86d0cc.txt
  seedcorpus export corpus/ -o corpus.parquet
  seedcorpus schema news

exit status:
  0  every document loaded (validate: no problem found)
  1  some documents failed to load (they are listed)
  2  usage error: unknown option, a path that does not exist, an output that
     exists without --force, a missing optional dependency
"""


class _UsageError(Exception):
    pass


def run() -> None:
    """The ``seedcorpus`` command: :func:`main`, in a process of its own.

    An application may set what a library may not: this one pauses the
    garbage collector for its whole (short) life, which makes a load about a
    quarter faster (docs/scaling.md); nothing it builds needs collecting
    before it exits.
    """
    gc.disable()
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv``; return the exit status.

    Changes nothing in the calling process (tests call it in-process).
    """
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        return int(arguments.run(arguments, sys.stdout, sys.stderr))
    except _UsageError as error:
        print(f"seedcorpus: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # Everything the load started has been stopped on the way out.
        print("seedcorpus: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`seedcorpus validate . | head`): stop quietly,
        # and keep Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seedcorpus", description="Load scraped news and wiki documents into "
        "validated records.", epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"seedcorpus {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(run=run)
        return sub

    def paths(sub: argparse.ArgumentParser, required: bool) -> None:
        sub.add_argument("paths", nargs="+" if required else "*", metavar="PATH",
                         help="files, directories or globs"
                         + ("" if required else " (default: the bundled seeds)"))
        sub.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
        sub.add_argument("--workers", type=_workers, default="auto", metavar="N",
                         help="worker processes: a number, or 'auto' (the default: one "
                         "per CPU for large corpora)")

    paths(command("summary", _summary, "One line per document (kind, id, date, title), "
                  "then the number of each kind, then every error."), required=False)
    validate = command("validate", _validate, "Print every problem as "
                       "'path:line:column: stage: message'; exit 1 if there is any.")
    paths(validate, required=True)
    validate.add_argument("--format", choices=("text", "json"), default="text")
    show = command("show", _show, "One document as indented JSON.")
    show.add_argument("file", metavar="FILE")
    export = command("export", _export_command, "Write every document to a file "
                     "(JSON Lines, Parquet or CSV).")
    paths(export, required=True)
    export.add_argument("-o", "--output", required=True, metavar="OUT")
    export.add_argument("--to", choices=sorted(set(_FORMATS.values())),
                        help="format (default: from the extension of OUT)")
    export.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    schema = command("schema", _schema, "The JSON Schema of document records.")
    schema.add_argument("kind", nargs="?", choices=formats.kinds())
    return parser


def _workers(text: str) -> int | str:
    if text == "auto":
        return text
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number nor 'auto': {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {number}")
    return number


def _load(paths: list[str], quiet: bool, err: TextIO, workers: int | str = "auto") -> Corpus:
    # Each path is expanded on its own, as load_corpus expands a single source,
    # so that one naming nothing raises SourceNotFoundError: on the command line
    # that is a usage error, not a document that failed. (Globs may match nothing.)
    items: list[Item] = []
    missing = []
    sources: list[str | None] = [*paths] or [None]  # None: the bundled seeds
    for path in sources:
        try:
            items.extend(iter_paths(path, None))
        except SourceNotFoundError:
            missing.append(str(path))
    if missing:
        raise _UsageError(f"no such file or directory: {', '.join(missing)}")
    show = not quiet and len(items) > PROGRESS_AFTER and err.isatty()
    corpus = load_items(items, on_error="collect", repair=RepairConfig(), limits=Limits(),
                        workers=workers,  # type: ignore[arg-type]
                        progress=_progress_bar(err) if show else None)
    if show:
        err.write("\n")
    return corpus


def _progress_bar(err: TextIO) -> Callable[[int, int], None]:
    width = 30

    def draw(done: int, total: int) -> None:
        if done % 50 and done != total:
            return
        filled = width * done // total
        err.write(f"\rloading [{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        err.flush()

    return draw


def _summary(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    corpus = _load(arguments.paths, arguments.quiet, err, arguments.workers)
    width = shutil.get_terminal_size((100, 24)).columns
    for document in corpus:
        doc_id = document.source.doc_id or "-"
        doc_id = doc_id if len(doc_id) <= 16 else doc_id[:15] + "…"
        line = f"{document.kind:<5} {doc_id:<16} {_date(document)}  "
        title = str(getattr(document, "title", "")).replace("\n", " ")
        room = max(width - len(line), 10)
        out.write(line + (title if len(title) <= room else title[: room - 1] + "…") + "\n")
    counts = Counter(document.kind for document in corpus)
    total = ", ".join(f"{counts[kind]} {kind}" for kind in formats.kinds())
    out.write(f"\n{_count(len(corpus), 'document')} ({total}), "
              f"{_count(len(corpus.errors), 'error')}\n")
    for problem in corpus.errors:
        out.write(f"{problem}\n")
    return 1 if corpus.errors else 0


def _validate(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    corpus = _load(arguments.paths, arguments.quiet, err, arguments.workers)
    if arguments.format == "json":
        json.dump([_error_record(error) for error in corpus.errors], out, indent=2)
        out.write("\n")
    else:
        for error in corpus.errors:
            out.write(f"{error}\n")
    return 1 if corpus.errors else 0


def _error_record(error: ParseError) -> dict[str, object]:
    return {"path": error.path, "line": error.line, "column": error.column,
            "stage": error.stage, "field": error.field, "message": error.message}


def _show(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = arguments.file
    if not os.path.lexists(path):
        raise _UsageError(f"no such file or directory: {path}")
    document = load_one(path, RepairConfig(), Limits())
    if isinstance(document, ParseError):
        err.write(f"{document}\n")
        return 1
    out.write(document.model_dump_json(indent=2) + "\n")
    return 0


def _export_command(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    output = Path(arguments.output)
    kind = arguments.to or _FORMATS.get(output.suffix.lower())
    if kind is None:
        raise _UsageError(f"cannot tell the format of {output} from its extension: "
                          "use --to jsonl, parquet or csv")
    if output.exists() and not arguments.force:
        raise _UsageError(f"{output} exists: use --force to overwrite it")
    if kind == "parquet":
        try:
            require("pyarrow.parquet", "arrow", "Parquet export")
        except ImportError as error:
            raise _UsageError(str(error)) from None
    corpus = _load(arguments.paths, arguments.quiet, err, arguments.workers)
    writers = {"jsonl": _export.write_jsonl, "parquet": _export.write_parquet,
               "csv": _export.write_csv}
    written = writers[kind](corpus, output)
    for problem in corpus.errors:
        err.write(f"{problem}\n")
    out.write(f"wrote {_count(written, 'document')} to {output} ({kind})"
              f"{', ' + _count(len(corpus.errors), 'error') if corpus.errors else ''}\n")
    return 1 if corpus.errors else 0


def _schema(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    json.dump(_export.json_schema(arguments.kind), out, indent=2)
    out.write("\n")
    return 0


def _date(document: Document) -> str:
    date = formats.format_of(document.kind).date(document)
    return date.isoformat() if date is not None else "-" * 10


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
