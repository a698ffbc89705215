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
"""

from __future__ import annotations

import argparse
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
started = time.perf_counter()
if paused:  # what a batch job that owns its process may do for itself
    gc.disable()
corpus = load_corpus(source, workers=workers)
if paused:
    gc.enable()
seconds = time.perf_counter() - started
digest = hashlib.sha256("".join(d.source.sha256 + d.title for d in corpus).encode())
print(len(corpus) / seconds, digest.hexdigest())
"""

WAYS = {
    "workers=1 (the default)": ("1", "on"),
    "workers=2": ("2", "on"),
    "workers='auto'": ("auto", "on"),
    "workers=1, collector paused by the caller": ("1", "paused"),
    "workers=2, collector paused by the caller": ("2", "paused"),
}


def timed(directory: str, workers: str, collector: str) -> tuple[float, str]:
    result = subprocess.run([sys.executable, "-c", _TIMED, directory, workers, collector],
                            capture_output=True, text=True, check=True)
    rate, digest = result.stdout.split()
    return float(rate), digest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_file_options(parser)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        _, what = prepare_files(arguments, Path(directory))
        rates: dict[str, list[float]] = {way: [] for way in WAYS}
        digests = set()
        ways = list(WAYS)
        for round_ in range(arguments.rounds):
            shift = round_ % len(ways)
            for way in ways[shift:] + ways[:shift]:
                rate, digest = timed(directory, *WAYS[way])
                rates[way].append(rate)
                digests.add(digest)
    assert len(digests) == 1, "the ways gave different documents"
    medians = {way: statistics.median(found) for way, found in rates.items()}
    print(f"python {sys.version.split()[0]}; {what}")
    print(f"median of {arguments.rounds} rounds, each load in a fresh process\n")
    print(f"{'way':<46} {'docs/s':>8} {'x workers=1':>12}")
    one = medians["workers=1 (the default)"]
    for way, rate in medians.items():
        print(f"{way:<46} {rate:>8,.0f} {rate / one:>12.2f}")
    two = medians["workers=2"]
    print(f"\nworkers=2 / workers=1: {two / one:.2f}x")
    print(f"collector paused by the caller: {medians[ways[3]] / one:.2f}x with workers=1, "
          f"{medians[ways[4]] / two:.2f}x with workers=2")
    print("(every way gave the same documents)")


if __name__ == "__main__":
    main()
