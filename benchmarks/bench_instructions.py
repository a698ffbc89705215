"""Instructions per document, stage by stage: a count that noise does not move.

    python benchmarks/bench_instructions.py              # 300 generated files
    python benchmarks/bench_instructions.py --files 100  # quicker

Timings on a shared machine drift by 15-30% between runs, more than most
single changes are worth. Valgrind's callgrind counts the instructions a
stage executes instead, the same on every run of the same code: each stage
runs once in a child process under callgrind, which counts only inside one
functools.reduce() call wrapped around the stage (so imports, file
generation and setup are left out), with the cyclic garbage collector off
as a load runs it. Kernel work (the read system calls) is
not counted. Needs valgrind (Debian's package) and the test extras; about a
minute for 300 files.
"""

from __future__ import annotations

import argparse
import copy
import functools
import gc
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_load import generate

from seedcorpus import RepairConfig
from seedcorpus._accel.fastyaml import load_simple
from seedcorpus._accel.wire import pack, unpack
from seedcorpus._document import finish, prepare
from seedcorpus._document.decode import decode
from seedcorpus._formats.news import reader as _news
from seedcorpus._formats.news.fields import TEXT_FIELDS
from seedcorpus._limits import Limits
from seedcorpus._repair import repair_fields
from seedcorpus._repair.fields import string_fields
from seedcorpus._sources import read_file, read_item

STAGES = ("read", "decode", "fast YAML reader", "parse", "find text fields", "repair",
          "prepare (all of the above)", "validate", "pack (worker)", "pickle packed (worker)",
          "unpickle packed (parent)", "unpack (parent)")


def stage_work(stage: str, paths: list[str]) -> Callable[[], Any]:
    """What ``stage`` does to every file, with its inputs made beforehand."""
    limits, config = Limits(), RepairConfig()
    raw = [read_file(path, limits) for path in paths]
    texts = [decode(data).text for data in raw]
    front = [text.split("---\n", 2)[1] for text in texts]
    fields = [_news.read(text, None, limits)[0] for text in texts]
    fresh = copy.deepcopy(fields)  # repair changes what it is given
    prepared = [prepare(data, path=path, name=None, repair=config, limits=limits)
                for data, path in zip(raw, paths, strict=True)]
    packed = [pack(each, path) for each, path in zip(prepared, paths, strict=True)]
    sent = pickle.dumps(packed, -1)
    return {
        # As the walk gives them: listed files, no stat before opening.
        "read": lambda: [read_item(path, limits) for path in paths],
        "decode": lambda: [decode(data) for data in raw],
        "fast YAML reader": lambda: [load_simple(text, limits.max_depth) for text in front],
        "parse": lambda: [_news.read(text, None, limits) for text in texts],
        "find text fields": lambda: [string_fields(data, TEXT_FIELDS) for data in fields],
        "repair": lambda: [repair_fields(data, TEXT_FIELDS, config.repair) for data in fresh],
        "prepare (all of the above)": lambda: [
            prepare(data, path=path, name=None, repair=config, limits=limits)
            for data, path in zip(raw, paths, strict=True)],
        "validate": lambda: [finish(each) for each in prepared],
        "pack (worker)": lambda: [pack(each, path)
                                  for each, path in zip(prepared, paths, strict=True)],
        "pickle packed (worker)": lambda: pickle.dumps(packed, -1),
        "unpickle packed (parent)": lambda: pickle.loads(sent),
        "unpack (parent)": lambda: [unpack(each, limits, path)
                                    for each, path in zip(packed, paths, strict=True)],
    }[stage]


def count(stage: str, directory: str, files: int) -> int:
    """Instructions callgrind counts for ``stage`` over ``files`` files of ``directory``."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--collect-atstart=no",
         "--toggle-collect=functools_reduce", "--callgrind-out-file=/dev/null",
         sys.executable, __file__, "--child", stage, directory, str(files)],
        capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", result.stderr)
    assert found, result.stderr
    return int(found.group(1))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:  # under callgrind: run one stage, counted
        stage, directory, files = arguments.child
        paths = sorted(str(path) for path in Path(directory).iterdir())[:int(files)]
        work = stage_work(stage, paths)
        gc.collect()
        gc.disable()  # as in a load, which pauses the cyclic collector
        functools.reduce(lambda _, __: work(), [None], None)
        return
    if shutil.which("valgrind") is None:
        sys.exit("needs valgrind (apt-get install valgrind)")
    print(f"python {sys.version.split()[0]}, {arguments.files} news files, instructions "
          "counted by callgrind\n")
    with tempfile.TemporaryDirectory() as directory:
        generate(Path(directory), arguments.files)
        print(f"{'stage':<40} {'instructions/doc':>16}")
        for stage in STAGES:
            per_document = count(stage, directory, arguments.files) / arguments.files
            print(f"{stage:<40} {per_document:>16,.0f}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")  # the same dict layouts from run to run
    main()
