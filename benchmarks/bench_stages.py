"""Where one process spends its time loading a news file, stage by stage.

    python benchmarks/bench_stages.py                # 20,000 generated files
    python benchmarks/bench_stages.py --corpus ../shared/corpus/news-diablo4 \\
        --corpus ../shared/corpus/news --copies 10   # the real files, 10 times
    python benchmarks/bench_stages.py --files 300    # the small mode CI runs

Runs each stage of load_corpus over the corpus of bench_load.py (or real
files), on its own and with the garbage collector off (as in a worker
process; a load leaves the calling process's collector on, and its cost is
bench_workers.py's to show), and prints microseconds per document. Of the
repair stage it also shows the part ftfy takes on the strings that no
shortcut clears (the damaged ones). Timings move by 10-20% between runs on a
busy machine; compare stages within one run.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_load import add_file_options, prepare_files, print_micros

from seedcorpus import NewsArticle, RepairConfig
from seedcorpus._accel.fastyaml import load_simple
from seedcorpus._accel.wire import pack, unpack
from seedcorpus._document import _source_info, finish, prepare
from seedcorpus._document.decode import decode
from seedcorpus._formats.news import fields as _news_fields
from seedcorpus._formats.news import reader as _news
from seedcorpus._limits import Limits
from seedcorpus._repair import repair_fields
from seedcorpus._repair.fields import string_fields
from seedcorpus._sources import read_file


def _timed(label: str, function: Callable[[Any], Any], inputs: list[Any],
           rows: list[tuple[str, float]]) -> list[Any]:
    started = time.perf_counter()
    outputs = [function(value) for value in inputs]
    rows.append((label, _per_document(started, inputs)))
    return outputs


def _per_document(started: float, documents: list[Any]) -> float:
    return (time.perf_counter() - started) / len(documents) * 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_file_options(parser)
    arguments = parser.parse_args(argv)
    limits, config = Limits(), RepairConfig()
    with tempfile.TemporaryDirectory() as directory:
        paths, what = prepare_files(arguments, Path(directory))
        print(f"python {sys.version.split()[0]}, {what}, one process\n")
        rows: list[tuple[str, float]] = []
        gc.disable()
        # As the walk gives them: listed files, no stat before opening.
        raw = _timed("read the file", lambda path: read_file(path, limits),
                     paths, rows)
        texts = _timed("decode", lambda data: decode(data).text, raw, rows)
        front = [text.split("---\n", 2)[1] for text in texts]
        mappings = _timed("  fast YAML reader", lambda text: load_simple(text, 32), front, rows)
        _timed("  gather extra keys", lambda data: _news._gather_extra(NewsArticle, data, (), []),
               mappings, rows)
        fields = _timed("split + YAML + gather (parse)",
                        lambda text: _news.read(text, None, limits)[0], texts, rows)
        # The strings no shortcut clears, repaired on their own: ftfy's share.
        hard = [container[key] for data in fields
                for container, key, _ in string_fields(data, _news_fields.TEXT_FIELDS)
                if not config._settled(container[key])]
        started = time.perf_counter()
        for text in hard:
            config.repair(text)
        ftfy_micros = (time.perf_counter() - started) / len(paths) * 1e6
        _timed("repair", lambda data: repair_fields(data, _news_fields.TEXT_FIELDS, config.repair),
               fields, rows)
        rows.append((f"  of which ftfy ({len(hard)} strings)", ftfy_micros))
        _timed("provenance (sha256...)",
               lambda data: _source_info(data, "/x", None, "utf-8", "\n", []), raw, rows)
        prepared = _timed("all of the above (prepare)",
                          lambda path: prepare(read_file(path, limits), path=path, name=None,
                                               repair=config, limits=limits), paths, rows)
        _timed("validate (finish)", finish, prepared, rows)
        # With workers: each packs what it prepared, the parent unpacks it (_wire).
        started = time.perf_counter()
        packed = [pack(each, path) for each, path in zip(prepared, paths, strict=True)]
        rows.append(("pack, in a worker (JSON text of the fields)",
                     _per_document(started, packed)))
        started = time.perf_counter()
        sent = pickle.dumps(packed, -1)
        rows.append(("  pickle them, in the worker", _per_document(started, packed)))
        started = time.perf_counter()
        received = pickle.loads(sent)
        rows.append(("  unpickle them, in the parent", _per_document(started, packed)))
        started = time.perf_counter()
        for each, path in zip(received, paths, strict=True):
            unpack(each, limits, path)
        rows.append(("unpack (validate from JSON), in the parent",
                     _per_document(started, received)))
        gc.enable()
    print_micros("stage", "us/doc", rows)


if __name__ == "__main__":
    main()
