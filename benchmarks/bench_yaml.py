"""The front-matter reader against compiled YAML parsers, on the same front matter.

    python benchmarks/bench_yaml.py                  # 5,000 generated files
    python benchmarks/bench_yaml.py --files 300      # the small mode CI runs

Measures what an optional compiled backend (the issue's ``seedcorpus[fast]``
idea) could save: microseconds per front matter for seedcorpus's fast reader,
PyYAML's libyaml loader, and each of ryaml, yaml_rs, pyyaml_rs, fastyaml and
rapidyaml (ryml) that is installed (``pip install ryaml yaml-rs pyyaml-rs
fastyaml rapidyaml``; none is a dependency). The compiled parsers return
typed values (ints, booleans) where seedcorpus keeps the strings written,
and rapidyaml's number is for parsing alone, before a single Python object
is built: all are lower bounds for a backend that would give seedcorpus's
answers.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from bench_load import generate, print_micros

from seedcorpus._accel.fastyaml import load_simple


def _candidates() -> dict[str, Callable[[str], Any]]:
    found: dict[str, Callable[[str], Any]] = {
        "seedcorpus fast reader": lambda text: load_simple(text, 32),
        "PyYAML, libyaml (CSafeLoader)":
            lambda text: yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)),
    }
    for module, label, call in [
        ("ryaml", "ryaml.loads (typed values)", "loads"),
        ("yaml_rs", "yaml_rs.loads (typed values)", "loads"),
        ("pyyaml_rs", "pyyaml_rs.safe_load (typed values)", "safe_load"),
        ("fastyaml", "fastyaml.loads (typed values)", "loads"),
    ]:
        try:
            found[label] = getattr(importlib.import_module(module), call)
        except ImportError:
            print(f"({module} is not installed: skipped)")
    try:
        ryml = importlib.import_module("ryml")
        found["rapidyaml, parse only (no objects)"] = (
            lambda text: ryml.parse_in_arena(text.encode("utf-8")))
    except ImportError:
        print("(ryml is not installed: skipped)")
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5_000)
    arguments = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {arguments.files} generated front matters")
    with tempfile.TemporaryDirectory() as directory:
        paths = generate(Path(directory), arguments.files)
        texts = [Path(path).read_text(encoding="utf-8").split("---\n", 2)[1] for path in paths]
    rows = []
    gc.disable()
    for label, parse in _candidates().items():
        best = float("inf")
        for _ in range(3):  # the best of three: the least disturbed by the machine
            started = time.perf_counter()
            for text in texts:
                parse(text)
            best = min(best, time.perf_counter() - started)
        rows.append((label, best / len(texts) * 1e6))
    gc.enable()
    print()
    print_micros("parser", "us each", rows)


if __name__ == "__main__":
    main()
