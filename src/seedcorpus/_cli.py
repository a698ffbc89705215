"""The ``seedcorpus`` command line."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from ._corpus import load_corpus
from ._models import Document, NewsArticle
from ._version import __version__

_GLOB = frozenset("*?[")
_EXAMPLES = """\
examples:
  seedcorpus summary                 the seed files bundled with seedcorpus
  seedcorpus summary corpus/news     every file under a directory
  seedcorpus summary 'data/*.txt'    the files a glob matches

exit status: 0 if every document loaded, 1 if any failed, 2 for a usage error
or a path that does not exist.
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="seedcorpus", description="Load scraped news and wiki documents into "
        "validated records.", epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"seedcorpus {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    summary = commands.add_parser(
        "summary", help="one line per document, then counts and errors",
        description="Print one line per document (kind, id, date, title), then the "
        "number of documents of each kind, then every error.")
    summary.add_argument("paths", nargs="*", metavar="PATH",
                         help="files, directories or globs (default: the bundled seeds)")
    arguments = parser.parse_args(argv)
    return _summary(arguments.paths, sys.stdout, sys.stderr)


def _summary(paths: list[str], out: TextIO, err: TextIO) -> int:
    # A path typed on the command line that names nothing is a usage error,
    # not a document that failed; globs may legitimately match nothing.
    missing = [path for path in paths if not os.path.lexists(path) and not _GLOB & set(path)]
    if missing:
        print(f"seedcorpus: no such file or directory: {', '.join(missing)}", file=err)
        return 2
    corpus = load_corpus(paths or None, on_error="collect")
    width = shutil.get_terminal_size((100, 24)).columns
    for document in corpus:
        doc_id = document.source.doc_id or "-"
        doc_id = doc_id if len(doc_id) <= 16 else doc_id[:15] + "…"
        line = f"{document.kind:<5} {doc_id:<16} {_date(document)}  "
        title = document.title.replace("\n", " ")
        room = max(width - len(line), 10)
        out.write(line + (title if len(title) <= room else title[: room - 1] + "…") + "\n")
    counts = Counter(document.kind for document in corpus)
    total = ", ".join(f"{counts[kind]} {kind}" for kind in ("news", "wiki"))
    out.write(f"\n{_count(len(corpus), 'document')} ({total}), "
              f"{_count(len(corpus.errors), 'error')}\n")
    for problem in corpus.errors:
        out.write(f"{problem}\n")
    return 1 if corpus.errors else 0


def _date(document: Document) -> str:
    if isinstance(document, NewsArticle):
        return document.published_at.date().isoformat()
    cached = document.cached_content
    return cached.fetched_on.isoformat() if cached else "-" * 10


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
