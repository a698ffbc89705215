"""What the documents of a load cost the calling process's garbage collector,
and how much of it their list fields make up.

    python benchmarks/bench_tracked.py                       # 20,000 generated files
    python benchmarks/bench_tracked.py --corpus ../shared/corpus/news-diablo4 \\
        --corpus ../shared/corpus/news --copies 35           # the real files, 35 times
    python benchmarks/bench_tracked.py --files 300           # the small mode CI runs

Loads the files in this process (workers=1), then prints the objects the
collector tracks per document, by type, and the time of one full collection
(best of five). Then, as a what-if on these throwaway documents only, it
turns every list in them into a tuple (tuples of untracked values leave the
collector's lists at its next pass) and prints the same again: what a model
with tuples in place of lists would save each full collection of a program
that holds the documents. Timings move by 10-20% between runs; compare the
two lines of one run.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import timeit
from collections import Counter
from pathlib import Path

from bench_load import add_file_options, prepare_files
from pydantic import BaseModel

import seedcorpus


def full_collection_seconds() -> float:
    """The best of five full collections (timeit pauses automatic ones meanwhile)."""
    return min(timeit.repeat(gc.collect, number=1, repeat=5))


def lists_to_tuples(model: BaseModel) -> None:
    """Every list in ``model`` and the models it holds made a tuple, in place
    (past pydantic's frozen check: these documents are thrown away)."""
    fields = model.__dict__
    for name, value in fields.items():
        if isinstance(value, BaseModel):
            lists_to_tuples(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    lists_to_tuples(item)
            fields[name] = tuple(value)


def report(label: str, documents: int, before: set[int]) -> None:
    gc.collect()
    tracked = gc.get_objects()
    in_process = len(tracked)
    counts = Counter(type(found).__name__ for found in tracked if id(found) not in before)
    del tracked  # not to be scanned with the rest by the collections timed next
    new = sum(counts.values())
    top = ", ".join(f"{name} {count / documents:.1f}" for name, count in counts.most_common(6))
    print(f"{label}: {new / documents:.1f} tracked objects per document ({top}); "
          f"{in_process:,} in the process; "
          f"one full collection {full_collection_seconds():.3f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_file_options(parser)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        _, what = prepare_files(arguments, Path(directory))
        gc.collect()
        alive = gc.get_objects()  # held, so that no new object takes one of their ids
        before = {id(found) for found in alive}
        corpus = seedcorpus.load_corpus(directory)
        documents = list(corpus)
        print(f"{what}; {len(documents)} documents loaded in this process\n")
        report("as loaded", len(documents), before)
        for document in documents:
            lists_to_tuples(document)
        report("lists as tuples", len(documents), before)


if __name__ == "__main__":
    main()
