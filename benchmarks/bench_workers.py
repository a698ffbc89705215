"""How many documents per second each way of loading gives: workers=1, 2, "auto",
and with the caller's garbage collector paused around the load.

    python benchmarks/bench_workers.py                       # 20,000 generated files
    python benchmarks/bench_workers.py --corpus ../shared/corpus/news-diablo4 \\
        --corpus ../shared/corpus/news --copies 20           # the real files, 20 times
    python benchmarks/bench_workers.py --files 300 --rounds 1   # the small mode CI runs

Each load runs in a fresh process (a load's speed depends on the heap it
runs in: the collector scans what the process holds), the ways taking turns
round after round; the median of each, and the ratios that matter, are
printed. Every way is checked to give the same documents.

The last way is not a way to load but the machine's ceiling for any split
of the work between two processes: two workers=1 loads started together,
each on every other file, with nothing carried between them. What workers=2
falls short of that rate is what the pool costs (carrying documents from
process to process, CPUs idle while it starts and ends); what that rate
falls short of twice one load's is the machine's own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_load import add_file_options, prepare_files

_TIMED = """
import gc, hashlib, sys, time
from seedcorpus import load_corpus
source, workers, paused = sys.argv[1], sys.argv[2], sys.argv[3] == "paused"
workers = workers if workers == "auto" else int(workers)
gc.collect()
print("ready", flush=True)  # then wait for the word, so that loads timed together start together
sys.stdin.readline()
started = time.time()  # the wall clock: two loads at once are timed together
if paused:  # what a batch job that owns its process may do for itself
    gc.disable()
corpus = load_corpus(source, workers=workers)
if paused:
    gc.enable()
ended = time.time()
ordered = hashlib.sha256("".join(d.source.sha256 + d.title for d in corpus).encode())
# the same documents in any order and split: a sum of one hash per document
unordered = sum(int(hashlib.sha256((d.source.sha256 + d.title).encode()).hexdigest(), 16)
                for d in corpus) % 2**256
print(len(corpus), started, ended, ordered.hexdigest(), unordered)
"""

WAYS = {
    "workers=1 (the default)": ("1", "on"),
    "workers=2": ("2", "on"),
    "workers='auto'": ("auto", "on"),
    "workers=1, collector paused by the caller": ("1", "paused"),
    "workers=2, collector paused by the caller": ("2", "paused"),
}
PAIR = "two workers=1 loads at once, half the files each"
"""The machine's ceiling (the module's docstring), timed with the ways above."""


def timed(*sources: str, workers: str = "1",
          collector: str = "on") -> tuple[float, str | None, int]:
    """Load each of ``sources`` in a fresh process, all at once: the documents per
    second of them together, their order-sensitive digest (``None`` for more
    than one source: two loads have no one order) and the sum of their
    per-document hashes."""
    children = [subprocess.Popen([sys.executable, "-c", _TIMED, source, workers, collector],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                for source in sources]
    for child in children:
        if child.stdout is None or child.stdout.readline() != "ready\n":
            raise SystemExit("a timed load failed before it began")
    for child in children:
        if child.stdin is not None:
            child.stdin.write("go\n")
            child.stdin.flush()
    outputs = [child.communicate()[0] for child in children]
    if any(child.returncode for child in children):
        raise SystemExit(f"a timed load failed: {[child.returncode for child in children]}")
    fields = [output.split() for output in outputs]
    documents = sum(int(count) for count, *_ in fields)
    started = min(float(start) for _, start, *_ in fields)
    seconds = max(float(end) for _, _, end, *_ in fields) - started
    ordered = fields[0][3] if len(fields) == 1 else None
    unordered = sum(int(found[4]) for found in fields) % 2**256
    return documents / seconds, ordered, unordered


def split_in_two(directory: Path, into: Path) -> tuple[str, str]:
    """Every other file of ``directory`` into ``into``/a, the rest into ``into``/b
    (hard links where the file system allows, copies elsewhere)."""
    halves = (into / "a", into / "b")
    for half in halves:
        half.mkdir()
    for index, path in enumerate(sorted(directory.iterdir())):
        target = halves[index % 2] / path.name
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
    return str(halves[0]), str(halves[1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_file_options(parser)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory, tempfile.TemporaryDirectory() as split:
        _, what = prepare_files(arguments, Path(directory))
        halves = split_in_two(Path(directory), Path(split))
        ways = [*WAYS, PAIR]
        rates: dict[str, list[float]] = {way: [] for way in ways}
        digests, sums = set(), set()
        for round_ in range(arguments.rounds):
            shift = round_ % len(ways)
            for way in ways[shift:] + ways[:shift]:
                if way == PAIR:
                    rate, _, total = timed(*halves)
                else:
                    workers, collector = WAYS[way]
                    rate, digest, total = timed(directory, workers=workers, collector=collector)
                    digests.add(digest)
                rates[way].append(rate)
                sums.add(total)
    assert len(digests) == 1, "the ways gave different documents"
    assert len(sums) == 1, "the two halves, loaded apart, gave other documents than one load"
    medians = {way: statistics.median(found) for way, found in rates.items()}
    print(f"python {sys.version.split()[0]}; {what}")
    print(f"median of {arguments.rounds} rounds, each load in a fresh process\n")
    width = max(map(len, ways))
    print(f"{'way':<{width}} {'docs/s':>8} {'x workers=1':>12}")
    one = medians["workers=1 (the default)"]
    for way, rate in medians.items():
        print(f"{way:<{width}} {rate:>8,.0f} {rate / one:>12.2f}")
    two = medians["workers=2"]
    print(f"\nworkers=2 / workers=1: {two / one:.2f}x")
    print(f"collector paused by the caller: {medians[ways[3]] / one:.2f}x with workers=1, "
          f"{medians[ways[4]] / two:.2f}x with workers=2")
    print(f"the machine's ceiling for two processes (the last way): {medians[PAIR] / one:.2f}x; "
          f"workers=2 reaches {two / medians[PAIR]:.0%} of it")
    print("(every way gave the same documents)")


if __name__ == "__main__":
    main()
