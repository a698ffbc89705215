"""The ``seedcorpus`` command line.

Every command keeps one contract (``seedcorpus --help``, docs/cli.md): exit 0
when every document loaded, 1 when some failed (they are listed), 2 when the
command could not run (a usage or environment error, nothing matched), 130
on Ctrl-C and 143 on SIGTERM; each failure is one line on stderr, and a
traceback only with ``--debug`` (or ``SEEDCORPUS_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import shutil
import signal
import stat
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from types import FrameType
from typing import TextIO

from . import _export
from . import _formats as formats
from ._corpus import Corpus
from ._errors import ParseError, SourceNotFoundError
from ._limits import Limits
from ._load import load_items
from ._load.one import load_one
from ._models import Document
from ._paths import portable, printable
from ._repair import RepairConfig
from ._sources import SEEDS, Item, NameFilter, Source, iter_paths
from ._version import __version__

PROGRESS_AFTER = 200
"""A progress bar is drawn when more files than this are loaded (on a terminal)."""

EXIT_STATUS = """\
exit status:
  0    every document loaded (validate: no problem found)
  1    some documents failed to load (each is listed, one per line)
  2    the command could not run: a usage error, a path that does not exist,
       nothing matched, an output that exists without --force or cannot be
       written, a missing optional dependency
  130  interrupted (Ctrl-C); 143: terminated (SIGTERM)
Failures are one line each on stderr; --debug (or SEEDCORPUS_DEBUG=1) adds
the traceback."""

_EXAMPLES = {
    None: """\
examples:
  seedcorpus summary                       the seed files bundled with seedcorpus
  seedcorpus summary corpus/news 'more/*.txt'
  seedcorpus validate corpus/              every problem, one per line
  seedcorpus export corpus/ -o corpus.parquet --exclude 'SOURCES.*'
  seedcorpus show seeds/004_8fd1721e0a86d0cc.txt
  seedcorpus schema news

'seedcorpus COMMAND --help' shows each command's options and examples.
""",
    "summary": """\
examples:
  seedcorpus summary                       the seed files bundled with seedcorpus
  seedcorpus summary corpus/ --exclude 'README*' --exclude 'SOURCES.*'
  seedcorpus summary 'corpus/**/*.md' | head
""",
    "validate": """\
examples:
  seedcorpus validate corpus/              every problem, one per line
  seedcorpus validate corpus/ --format json > problems.json
  seedcorpus validate corpus/ --include '*.md' -q && echo clean
""",
    "show": """\
examples:
  seedcorpus show seeds/004_8fd1721e0a86d0cc.txt
  seedcorpus show article.md | jq .title
""",
    "export": """\
examples:
  seedcorpus export corpus/ -o corpus.parquet      the format from the extension
  seedcorpus export corpus/ -o corpus.jsonl --force
  seedcorpus export corpus/ -o - | gzip > corpus.jsonl.gz
  seedcorpus export corpus/ -o table --to csv --exclude 'SOURCES.*'

The output is written to a temporary file beside it and renamed into place
when complete: an interrupted export leaves OUT as it was.
""",
    "schema": """\
examples:
  seedcorpus schema                        any document (one of the kinds)
  seedcorpus schema news > news.schema.json
""",
}


class UsageError(Exception):
    """The command cannot run as asked (exit status 2)."""


class Terminated(BaseException):
    """SIGTERM arrived (exit status 143); a BaseException so that, like
    KeyboardInterrupt, no ``except Exception`` on the way stops it."""


def run() -> None:
    """The ``seedcorpus`` command: `main`, in a process of its own.

    An application may set what a library may not: this one pauses the
    garbage collector for its whole (short) life, which makes a load about a
    quarter faster, and turns SIGTERM into an orderly exit (workers stopped,
    a partial export removed) with status 143.
    """
    gc.disable()
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    sys.exit(main())


_received: list[int] = []
"""The signals `run`'s handlers caught: a library on the way (pydantic, calling
our serializers) may wrap the exception a handler raises into one of its own."""


def _on_signal(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    if signum == signal.SIGTERM:
        raise Terminated
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv``; return the exit status.

    Changes nothing in the calling process (tests call it in-process).
    """
    arguments = _parser().parse_args(argv)
    debug = (getattr(arguments, "debug", False)
             or os.environ.get("SEEDCORPUS_DEBUG", "") not in ("", "0"))
    try:
        return int(arguments.run(arguments, sys.stdout, sys.stderr))
    except UsageError as error:
        return _fail(str(error), 2, debug)
    except KeyboardInterrupt:
        # Everything the load started has been stopped on the way out.
        return _fail("interrupted", 130, debug)
    except Terminated:
        return _fail("terminated", 143, debug)
    except BrokenPipeError:
        # The reader went away (`seedcorpus summary | head`): that is how a
        # pipe ends, not an error. Point stdout at nothing so that Python's
        # flush at exit does not complain again.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        return _fail(_os_error(error), 2, debug)
    except Exception as error:
        if _received:  # a signal's exception, wrapped on its way up
            interrupted = _received[-1] == signal.SIGINT
            return _fail("interrupted" if interrupted else "terminated",
                         130 if interrupted else 143, debug)
        # A bug of ours: say so in one line, and how to see more.
        return _fail(f"internal error: {type(error).__name__}: {error} (please report it; "
                     "--debug shows the traceback)", 2, debug)


def _fail(message: str, status: int, debug: bool) -> int:
    if debug:
        traceback.print_exc(file=sys.stderr)
    print(f"seedcorpus: {printable(message)}", file=sys.stderr)
    return status


def _os_error(error: OSError) -> str:
    what = error.strerror or str(error)
    if error.filename is not None:
        return f"{what}: {os.fsdecode(error.filename)}"
    return what


# -- the parser ----------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="on failure, print the traceback too (or set SEEDCORPUS_DEBUG=1)")
    parser = argparse.ArgumentParser(
        prog="seedcorpus", parents=[common],
        description="Load scraped news and wiki documents into validated records.",
        epilog=f"{_EXAMPLES[None]}\n{EXIT_STATUS}",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"seedcorpus {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, description=help_text, parents=[common],
            epilog=f"{_EXAMPLES[name]}\n{EXIT_STATUS}",
            formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.set_defaults(run=run)
        return sub

    def loads(sub: argparse.ArgumentParser, required: bool) -> None:
        sub.add_argument("paths", nargs="+" if required else "*", metavar="PATH",
                         help="files, directories, globs, archives or URLs"
                         + ("" if required else " (default: the bundled seed files)"))
        sub.add_argument("--include", action="append", default=[], metavar="GLOB",
                         help="load only files whose name matches GLOB (repeatable; "
                         "applies to files found in directories, archives and globs)")
        sub.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                         help="skip files whose name matches GLOB (repeatable), e.g. "
                         "'SOURCES.*'")
        sub.add_argument("-q", "--quiet", action="store_true",
                         help="draw no progress bar (one is drawn on a terminal for more "
                         f"than {PROGRESS_AFTER} files)")
        sub.add_argument("--workers", type=_workers, default="auto", metavar="N",
                         help="worker processes: a number, or 'auto' (the default: one "
                         "per usable CPU when the corpus is large enough to gain)")

    loads(command("summary", _summary, "One line per document (kind, id, date, title), "
                  "then the number of each kind, then every error."), required=False)
    validate = command("validate", _validate, "Print every problem as "
                       "'path:line:column: stage: message'; exit 1 if there is any.")
    loads(validate, required=True)
    validate.add_argument("--format", choices=("text", "json"), default="text",
                          help="text: one problem per line (the default); json: a list "
                          "of objects with path, line, column, stage, field, message")
    show = command("show", _show, "One document as indented JSON.")
    show.add_argument("file", metavar="FILE", help="the file of the document")
    export = command("export", _export_command, "Write every document to a file "
                     "(JSON Lines, Parquet or CSV), whole or not at all.")
    loads(export, required=True)
    export.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="the file to write; '-' writes JSON Lines to standard output")
    export.add_argument("--to", choices=sorted(_export.WRITERS),
                        help="the format (default: from the extension of OUT: "
                        f"{', '.join(sorted(_export.FORMATS))})")
    export.add_argument("--force", action="store_true",
                        help="replace OUT if it exists (only once the export is complete)")
    schema = command("schema", _schema, "The JSON Schema of document records.")
    schema.add_argument("kind", nargs="?", choices=formats.kinds(),
                        help="one kind of document (default: any of them)")
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


# -- loading -------------------------------------------------------------------------

def _items(arguments: argparse.Namespace) -> list[Item]:
    """Every file the command's paths name, checked before anything is loaded."""
    select = None
    if arguments.include or arguments.exclude:
        select = NameFilter(tuple(arguments.include), tuple(arguments.exclude))
    # Each path is expanded on its own, as load_corpus expands a single source,
    # so that one naming nothing raises SourceNotFoundError: on the command line
    # that is a usage error, not a document that failed.
    items: list[Item] = []
    missing = []
    sources: list[Source] = [*arguments.paths] or [SEEDS]
    for source in sources:
        try:
            items.extend(iter_paths(source, select))
        except SourceNotFoundError:
            missing.append(printable(str(source)))
        except ImportError as error:  # a URL without fsspec, or without its backend
            raise UsageError(f"cannot read {printable(str(source))}: {error}") from None
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    if not items:
        named = " ".join(printable(str(path)) for path in arguments.paths) or "the seeds"
        filters = " (after --include/--exclude)" if select is not None else ""
        raise UsageError(f"nothing to load: {named} matched no file{filters}")
    return items


def _load(arguments: argparse.Namespace, err: TextIO) -> Corpus[Document]:
    items = _items(arguments)
    show = not arguments.quiet and len(items) > PROGRESS_AFTER and err.isatty()
    corpus = load_items(items, on_error="collect", repair=RepairConfig(), limits=Limits(),
                        workers=arguments.workers,
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


# -- the commands --------------------------------------------------------------------

_ID_AT_MOST = 32
"""The width of the summary's id column at most; a longer id is cut in its middle."""
_TITLE_AT_LEAST = 20
"""Characters of a title the summary shows however narrow the terminal."""


def _summary(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    corpus = _load(arguments, err)
    width = shutil.get_terminal_size((100, 24)).columns
    kind_width = max(5, *(len(kind) for kind in formats.kinds()))
    ids = [printable(document.source.doc_id or "-") for document in corpus]
    id_width = min(max(map(len, ids), default=0), _ID_AT_MOST)
    for document, doc_id in zip(corpus, ids, strict=True):
        shown = _middle_cut(doc_id, id_width)
        line = f"{document.kind:<{kind_width}} {shown:<{id_width}} {_date(document)}  "
        title = printable(str(getattr(document, "title", "")).replace("\n", " "))
        room = max(width - len(line), _TITLE_AT_LEAST)
        out.write(line + (title if len(title) <= room else title[: room - 1] + "…") + "\n")
    counts = Counter(document.kind for document in corpus)
    total = ", ".join(f"{counts[kind]} {kind}" for kind in formats.kinds())
    out.write(f"\n{_count(len(corpus), 'document')} ({total}), "
              f"{_count(len(corpus.errors), 'error')}\n")
    for problem in corpus.errors:
        out.write(f"{printable(str(problem))}\n")
    return 1 if corpus.errors else 0


def _validate(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    corpus = _load(arguments, err)
    if arguments.format == "json":
        json.dump([_error_record(error) for error in corpus.errors], out, indent=2)
        out.write("\n")
    else:
        for error in corpus.errors:
            out.write(f"{printable(str(error))}\n")
    return 1 if corpus.errors else 0


def _error_record(error: ParseError) -> dict[str, object]:
    return {"path": None if error.path is None else portable(error.path),
            "line": error.line, "column": error.column,
            "stage": error.stage, "field": error.field, "message": error.message}


def _show(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = arguments.file
    if not os.path.lexists(path):
        raise UsageError(f"no such file or directory: {printable(path)}")
    if os.path.isdir(path):
        raise UsageError(f"{printable(path)} is a directory: show takes one file "
                         "(summary lists a directory)")
    document = load_one(path, RepairConfig(), Limits())
    if isinstance(document, ParseError):
        err.write(f"{printable(str(document))}\n")
        return 1
    out.write(document.model_dump_json(indent=2) + "\n")
    return 0


def _export_command(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    output: str = arguments.output
    to_stdout = output == "-"
    kind = _output_format(output, arguments.to)
    writer = _export.WRITERS[kind]
    try:
        writer.check()
    except ImportError as error:
        raise UsageError(str(error)) from None
    if to_stdout:
        if writer.binary:
            raise UsageError(f"-o - writes JSON Lines only, not {kind}: give a file name")
        corpus = _load(arguments, err)
        written = writer.write(corpus, out)
        report = err  # stdout holds the records
    else:
        _check_output(output, arguments.force)
        # Opened (as a temporary file) before the load, so that an output that
        # cannot be written fails now, not after minutes of loading.
        with _export.atomic_file(output, binary=writer.binary) as file:
            corpus = _load(arguments, err)
            written = writer.write(corpus, file)
        report = out
    for problem in corpus.errors:
        err.write(f"{printable(str(problem))}\n")
    where = "standard output" if to_stdout else printable(output)
    report.write(f"wrote {_count(written, 'document')} to {where} ({kind})"
                 f"{', ' + _count(len(corpus.errors), 'error') if corpus.errors else ''}\n")
    return 1 if corpus.errors else 0


def _output_format(output: str, to: str | None) -> str:
    if to is not None:
        return to
    if output == "-":
        return "jsonl"
    kind = _export.FORMATS.get(os.path.splitext(output)[1].lower())
    if kind is None:
        raise UsageError(f"cannot tell the format of {printable(output)} from its extension "
                         f"({', '.join(sorted(_export.FORMATS))}): use --to "
                         f"{', '.join(sorted(_export.WRITERS))}")
    return kind


def _check_output(output: str, force: bool) -> None:
    """Refuse, before loading, an output that could not be written or replaced."""
    shown = printable(output)
    directory = os.path.dirname(output) or "."
    if not os.path.isdir(directory):
        raise UsageError(f"cannot write {shown}: no such directory: {printable(directory)}")
    try:
        mode = os.stat(output).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise UsageError(f"cannot write {shown}: {error.strerror}") from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"{shown} is a directory: give the file to write")
    if not stat.S_ISREG(mode):
        raise UsageError(f"{shown} is not a regular file: exports are written to files "
                         "(-o - writes JSON Lines to standard output)")
    if not force:
        raise UsageError(f"{shown} exists: use --force to replace it")


def _schema(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    json.dump(_export.json_schema(arguments.kind), out, indent=2)
    out.write("\n")
    return 0


def _date(document: Document) -> str:
    date = formats.format_of(document.kind).date(document)
    return date.isoformat() if date is not None else "-" * 10


def _middle_cut(text: str, width: int) -> str:
    """``text`` in ``width`` characters, its middle replaced by "…" if need be.

    Real ids are file names ("2023-03-17-how-to-join-the-diablo-4-beta"): the
    documents of a corpus share their first characters and differ anywhere
    after, so a cut keeps both ends.
    """
    if len(text) <= width:
        return text
    tail = (width - 1) // 2
    return text[: width - 1 - tail] + "…" + text[len(text) - tail:]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"

