"""What each shortcut of seedcorpus._accel buys, end to end, on real files.

    python benchmarks/bench_accel.py --corpus ../shared/corpus/news-diablo4 \\
        --corpus ../shared/corpus/news --copies 20          # the measure that decides
    python benchmarks/bench_accel.py --files 20000          # generated files instead
    python benchmarks/bench_accel.py --files 300 --rounds 1 --workers 1   # CI's small mode

Each load runs in a fresh process with ``SEEDCORPUS_PURE`` naming the
shortcuts switched off: none, each one alone, all of them. The ways take
turns round after round; the median of each is printed with what the
shortcut buys (documents per second with every shortcut on, over those with
it off). A shortcut stays in seedcorpus only if it buys 5% or more.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_load import add_file_options, prepare_files

from seedcorpus._accel import SHORTCUTS

_TIMED = """
import gc, sys, time
from seedcorpus import load_corpus
gc.collect()
started = time.perf_counter()
corpus = load_corpus(sys.argv[1], workers=int(sys.argv[2]))
print(len(corpus) / (time.perf_counter() - started))
"""


def timed(directory: str, workers: int, off: str) -> float:
    environment = {**os.environ, "SEEDCORPUS_PURE": off}
    result = subprocess.run([sys.executable, "-c", _TIMED, directory, str(workers)],
                            capture_output=True, text=True, check=True, env=environment)
    return float(result.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_file_options(parser)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, action="append",
                        help="1 and 2 unless given (repeatable)")
    arguments = parser.parse_args(argv)
    ways = ["", *SHORTCUTS, ",".join(SHORTCUTS)]
    with tempfile.TemporaryDirectory() as directory:
        _, what = prepare_files(arguments, Path(directory))
        print(f"python {sys.version.split()[0]}; {what}")
        print(f"median of {arguments.rounds} rounds, each load in a fresh process")
        for workers in arguments.workers or [1, 2]:
            rates: dict[str, list[float]] = {way: [] for way in ways}
            for round_ in range(arguments.rounds):
                shift = round_ % len(ways)
                for way in ways[shift:] + ways[:shift]:
                    rates[way].append(timed(directory, workers, way))
            medians = {way: statistics.median(found) for way, found in rates.items()}
            all_on = medians[""]
            print(f"\nworkers={workers}: every shortcut on, {all_on:,.0f} docs/s")
            print(f"{'switched off':<36} {'docs/s':>8} {'what it buys':>13}")
            for way in ways[1:]:
                label = "all of them" if "," in way else way
                print(f"{label:<36} {medians[way]:>8,.0f} {all_on / medians[way]:>12.2f}x")


if __name__ == "__main__":
    main()
