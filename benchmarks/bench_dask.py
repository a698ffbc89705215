"""Throughput of seedcorpus.dask on a local cluster, beside load_corpus, in one run.

    python benchmarks/bench_dask.py                 # 20,000 generated news files
    python benchmarks/bench_dask.py --files 300     # the small mode CI runs

Uses the corpus of bench_load.py. The cluster is a distributed.LocalCluster of
worker processes (one thread each) on loopback; its start-up is not timed.
Needs the test extras (dask, distributed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this directory is on sys.path: the corpus is bench_load's.
from bench_load import generate
from distributed import Client, LocalCluster

from seedcorpus import load_corpus
from seedcorpus._load.plan import usable_cpus
from seedcorpus.dask import read_corpus


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    arguments = parser.parse_args(argv)
    cpus = usable_cpus()
    print(f"python {sys.version.split()[0]}, {cpus} CPUs, {arguments.files} news files\n")
    with tempfile.TemporaryDirectory() as directory:
        generate(Path(directory), arguments.files)
        rows = []
        started = time.perf_counter()
        expected = load_corpus(directory, workers=1)
        rows.append(("load_corpus(workers=1)", time.perf_counter() - started))
        started = time.perf_counter()
        load_corpus(directory, workers=2)
        rows.append(("load_corpus(workers=2)", time.perf_counter() - started))
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              host="127.0.0.1", dashboard_address=None) as cluster, \
                    Client(cluster):
                started = time.perf_counter()
                documents = read_corpus(directory, files_per_partition=500).compute()
                rows.append((f"dask, {workers} local worker{'s' * (workers > 1)}",
                             time.perf_counter() - started))
                assert documents == list(expected), "dask gave other documents"
        print(f"{'method':<32} {'docs/s':>9}")
        for label, seconds in rows:
            print(f"{label:<32} {arguments.files / seconds:>9,.0f}")
        print("\n(the dask results were checked equal to load_corpus's)")


if __name__ == "__main__":
    main()
