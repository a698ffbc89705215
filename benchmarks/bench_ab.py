"""Two versions of seedcorpus, alternated on the same files: is a change faster?

    git worktree add /tmp/before <commit>
    python benchmarks/bench_ab.py /tmp/before/src src              # 8 pairs, 20,000 files
    python benchmarks/bench_ab.py /tmp/before/src src --workers 2  # with two worker processes
    python benchmarks/bench_ab.py /tmp/before/src src --workers 2 \\
        --corpus ../shared/corpus/news-diablo4 --corpus ../shared/corpus/news --copies 35
    python benchmarks/bench_ab.py src src --files 300 --pairs 2    # the small mode CI runs

This machine's speed drifts by 15-30% from run to run, more than most changes
are worth, so one run of each version says little. Here each pair times
``load_corpus`` once with each version, in fresh processes one right after the
other, the order alternating from pair to pair; the medians, their ratio, and
the number of pairs the second version won are printed. The files are
generated once, as bench_load.py makes them, or copied from real corpora.
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
import gc, sys, time
sys.path.insert(0, sys.argv[1])
from seedcorpus import load_corpus
workers = sys.argv[3] if sys.argv[3] == "auto" else int(sys.argv[3])
gc.collect()
started = time.perf_counter()
corpus = load_corpus(sys.argv[2], workers=workers)
print(len(corpus) / (time.perf_counter() - started))
"""


def docs_per_second(src: str, directory: str, workers: str) -> float:
    """One timed load of ``directory`` in a fresh process importing seedcorpus from ``src``."""
    result = subprocess.run([sys.executable, "-c", _TIMED, src, directory, str(workers)],
                            capture_output=True, text=True, check=True)
    return float(result.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", help="the src directory of the first version")
    parser.add_argument("second", help="the src directory of the second version")
    add_file_options(parser)
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--workers", default="1", help="a number, or 'auto' (default: 1, "
                        "load_corpus's default)")
    arguments = parser.parse_args(argv)
    sources = [str(Path(arguments.first).resolve()), str(Path(arguments.second).resolve())]
    for source in sources:
        if not (Path(source) / "seedcorpus" / "__init__.py").is_file():
            # Else the subprocess would import the installed seedcorpus, and
            # compare it with itself.
            parser.error(f"no seedcorpus package in {source}")
    with tempfile.TemporaryDirectory() as directory:
        _, what = prepare_files(arguments, Path(directory))
        print(f"python {sys.version.split()[0]}; {what}; workers={arguments.workers}")
        timings: list[tuple[float, float]] = []
        for pair in range(arguments.pairs):
            order = [0, 1] if pair % 2 == 0 else [1, 0]
            measured = {index: docs_per_second(sources[index], directory, arguments.workers)
                        for index in order}
            timings.append((measured[0], measured[1]))
            print(f"pair {pair + 1}: {measured[0]:9,.0f} {measured[1]:9,.0f} docs/s")
    first = statistics.median(timing[0] for timing in timings)
    second = statistics.median(timing[1] for timing in timings)
    ahead = sum(after > before for before, after in timings)
    print(f"median: {first:,.0f} -> {second:,.0f} docs/s ({second / first:.3f}x); "
          f"the second version ahead in {ahead} of {len(timings)} pairs")


if __name__ == "__main__":
    main()
