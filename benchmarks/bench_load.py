"""Loading speed and memory: seedcorpus against the loop a user would write.

    python benchmarks/bench_load.py                # 20,000 files, RSS at 1k and 100k
    python benchmarks/bench_load.py --no-rss       # the same without the memory runs
    python benchmarks/bench_load.py --files 300 --no-rss --repeat 2  # the small mode CI runs
    python benchmarks/bench_load.py --corpus ../shared/corpus/news-diablo4 \\
        --corpus ../shared/corpus/news --no-rss            # real files

It generates news files in a temporary directory (the seed layout, realistic
sizes, 10% of excerpts with mojibake and 3% of titles with HTML entities),
checks that every method gives the same documents, and prints documents per
second for each method and their ratios to the naive loop, all from one run.

The naive loop is the one issue 4 measures against: for each file,
``frontmatter.load()``, ``ftfy.fix_text()`` on every string, then the model.
A second, faster loop repairs only the fields seedcorpus repairs (a user
who knows which fields need it), and every ratio to it is printed too.
Needs the test extras (python-frontmatter).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frontmatter
import ftfy
import yaml
from pydantic import BaseModel

from seedcorpus import NewsArticle, RepairConfig, load_corpus
from seedcorpus._formats.news import quote
from seedcorpus._load.plan import default_workers, usable_cpus

WORDS = (
    "ai", "model", "data", "policy", "research", "safety", "regulation", "chip", "market",
    "cloud", "robot", "vision", "language", "ethics", "startup", "funding", "privacy",
    "surveillance", "health", "climate", "training", "benchmark", "open", "source", "agency",
    "government", "report", "study", "launch", "security",
)
PROVIDERS = [("The Verge", "theverge.com"), ("Reuters", "reuters.com"),
             ("South China Morning Post", "scmp.com"), ("아크로팬", "acrofan.com"),
             ("New Scientist", "newscientist.com"), ("中国日报网", "chinadaily.com.cn")]
NAIVE = "naive loop: frontmatter, ftfy on every string, pydantic"
NARROW = "  the same, ftfy only on the fields seedcorpus repairs"
ONE = "seedcorpus, default (workers=1: this process)"
TWO = "seedcorpus, workers=2"
SOURCE = {"path": None, "name": None, "seq": None, "doc_id": None, "sha256": "0" * 64,
          "encoding": "utf-8", "newline": "\n"}


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _excerpt(rng: random.Random) -> str:
    text = _sentence(rng, rng.randint(20, 60)) + " the agency’s view — “quoted” …"
    if rng.random() < 0.10:  # UTF-8 read as Windows-1252, as in seeds 000 and 002
        text = text.encode("utf-8").decode("cp1252", "replace")
    return text


def _title(rng: random.Random) -> str:
    title = _sentence(rng, rng.randint(5, 14))
    return title + " H&#038;M &amp; co" if rng.random() < 0.03 else title


def news_file(rng: random.Random, index: int) -> str:
    name, domain = rng.choice(PROVIDERS)
    lines = ["---", "category: news", f"title: {quote(_title(rng))}",
             f"excerpt: {quote(_excerpt(rng))}",
             f"publishedDateTime: 2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
             f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
             f'originalUrl: "https://{domain}/news/{index}"',
             f'webUrl: "https://{domain}/news/{index}"',
             "type: article", f"quality: {rng.randint(0, 100)}",
             f"heat: {rng.randint(-1, 100)}", f"published: {rng.choice(['true', 'false'])}",
             "", "provider:", f"  name: {name}", f"  domain: {domain}", "", "topics:"]
    lines += [f"  - {rng.choice(['AI', 'AI Ethics', 'Machine Learning'])}"
              for _ in range(rng.randint(1, 3))]
    lines += ["", "images:"]
    for _ in range(rng.randint(1, 2)):
        lines += [f'  - url: "https://cdn.{domain}/img/{rng.getrandbits(64):016x}.jpg"',
                  f"    width: {rng.randint(300, 1600)}", f"    height: {rng.randint(200, 900)}",
                  "    isCached: true"]
    related = rng.randint(0, 3)
    if related:
        lines += ["", "related:"]
    for _ in range(related):
        other, other_domain = rng.choice(PROVIDERS)
        lines += [f"  - title: {quote(_title(rng))}", f"    excerpt: {quote(_excerpt(rng))}",
                  "    publishedDateTime: 2021-04-13T18:29:00Z",
                  f'    webUrl: "https://{other_domain}/a/{rng.getrandbits(32)}"',
                  "    type: article", "    provider:", f"      name: {other}",
                  f"      domain: {other_domain}", f"    quality: {rng.randint(0, 100)}"]
    lines += ["", f'secured: "{rng.randbytes(240).hex()};{rng.randbytes(16).hex()}"', "---", ""]
    return "\n".join(lines) + "\n"


def generate(directory: Path, count: int) -> list[str]:
    rng = random.Random(20261122)
    paths = []
    for index in range(count):
        path = directory / f"{index:06d}_{rng.getrandbits(64):016x}.txt"
        path.write_text(news_file(rng, index), encoding="utf-8")
        paths.append(str(path))
    return paths


def add_file_options(parser: argparse.ArgumentParser) -> None:
    """--files, or --corpus and --copies: what `prepare_files` reads."""
    parser.add_argument("--files", type=int, default=20_000, help="generated files to load")
    parser.add_argument("--corpus", action="append", metavar="DIR",
                        help="real files instead of generated ones (repeatable)")
    parser.add_argument("--copies", type=int, default=1, help="copies of the --corpus files")


def prepare_files(arguments: argparse.Namespace, directory: Path) -> tuple[list[str], str]:
    """The files the options of `add_file_options` ask for, written into ``directory``:
    their paths, and what they are."""
    if arguments.corpus:
        paths = copy_corpora(arguments.corpus, arguments.copies, directory)
        return paths, (f"{len(paths)} files: {', '.join(arguments.corpus)}, "
                       f"{arguments.copies} times")
    paths = generate(directory, arguments.files)
    return paths, f"{len(paths)} generated files (as bench_load.py makes them)"


def copy_corpora(corpora: list[str], copies: int, into: Path) -> list[str]:
    """Every news file of ``corpora``, ``copies`` times over, into one directory:
    the paths of the copies."""
    news = [(Path(corpus).name, path) for corpus in corpora
            for path in sorted(Path(corpus).iterdir())
            if path.is_file() and path.read_bytes().startswith(b"---")]
    paths = []
    for copy in range(copies):
        for corpus_name, path in news:
            target = into / f"{copy:03d}-{corpus_name}-{path.name}"
            shutil.copyfile(path, target)
            paths.append(str(target))
    return paths


# -- the methods compared --------------------------------------------------------

_FTFY = RepairConfig()._ftfy_config
_TEXT_KEYS = frozenset({"category", "title", "excerpt", "type", "name", "topics"})
"""The keys of the text fields seedcorpus repairs (NewsArticle's TEXT_FIELDS)."""


def _fix_strings(value: Any, only: frozenset[str] | None = None, key: str = "") -> Any:
    """ftfy on every string value, as issue 4's user does; with ``only``, on
    the values of those keys alone (a user who knows which fields need it)."""
    if isinstance(value, dict):
        return {k: _fix_strings(v, only, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_fix_strings(item, only, key) for item in value]
    if isinstance(value, str) and (only is None or key in only):
        return ftfy.fix_text(value, _FTFY)
    return value


def naive(paths: list[str], only: frozenset[str] | None = None) -> list[NewsArticle]:
    """The loop issue 4 measures against: frontmatter.load, ftfy, then a model.

    Real files need two more steps before the model takes them: keys the
    model does not name gathered into ``extra``, and null list items dropped.
    """
    articles = []
    for path in paths:
        post = frontmatter.load(path)
        data = _fit(NewsArticle, _fix_strings(post.metadata, only))
        articles.append(NewsArticle.model_validate(
            {**data, "body": ftfy.fix_text(post.content, _FTFY), "source": SOURCE}))
    return articles


def _fit(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with what ``model`` does not name in ``extra``, and no null list items."""
    fields = {info.alias or name: info.annotation for name, info in model.model_fields.items()}
    extra = {key: data.pop(key) for key in [key for key in data if key not in fields]}
    for key, annotation in fields.items():
        value = data.get(key)
        inner = _model_in(annotation)
        if isinstance(value, list):
            value[:] = [item for item in value if item is not None]
            for item in value:
                if inner is not None and isinstance(item, dict):
                    _fit(inner, item)
        elif inner is not None and isinstance(value, dict):
            _fit(inner, value)
    if "extra" in fields:
        data["extra"] = extra
    return data


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    found = [_model_in(argument) for argument in typing.get_args(annotation)]
    return next((model for model in found if model is not None), None)


def floor(paths: list[str]) -> list[Any]:
    """Reading the files and parsing their YAML with libyaml, and nothing else."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [yaml.load(Path(path).read_text(encoding="utf-8").split("---\n", 2)[1],
                      Loader=loader) for path in paths]


def _time(method: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = method()
    return time.perf_counter() - started, result


def _digests(documents: Any) -> list[str]:
    """A hash of each document's fields but ``source``: what the methods are compared by.

    Hashes, not the documents, are kept from one method's run to the next, so
    that each method is timed on the same heap: tens of thousands of models
    left alive would slow whichever method runs after them (a larger heap for
    the collector to scan, and to fork into workers).
    """
    return [hashlib.sha256(json.dumps(document.model_dump(mode="json", exclude={"source"}),
                                      sort_keys=True).encode()).hexdigest()
            for document in documents]


def print_micros(heading: str, unit: str, rows: list[tuple[str, float]]) -> None:
    """A table of microseconds, one (label, value) per row: bench_stages and bench_yaml."""
    print(f"{heading:<40} {unit:>8}")
    for label, micros in rows:
        print(f"{label:<40} {micros:>8.1f}")


def print_cpu_use(source: Any, count: int) -> None:
    """Where the CPU time of one default load goes: this process and its workers.

    With the CPUs all busy, throughput is set by the CPU time a document
    costs in all processes together; this says how much that is, and how
    much of it is the kernel's (reading files, pipes, page faults).
    """
    gc.collect()
    before = os.times()
    corpus = load_corpus(source, workers=2)
    loaded = after = os.times()  # its workers are joined when it returns
    del corpus
    wall = loaded.elapsed - before.elapsed

    def micros(seconds: float) -> float:
        return seconds / count * 1e6

    parent = micros(loaded.user - before.user + loaded.system - before.system)
    workers = micros(after.children_user - before.children_user
                     + after.children_system - before.children_system)
    print(f"\none load with workers=2, CPU time per document (wall {micros(wall):.1f} us): "
          f"this process {parent:.1f} us (kernel {micros(loaded.system - before.system):.1f}), "
          f"workers {workers:.1f} us (kernel "
          f"{micros(after.children_system - before.children_system):.1f}); "
          f"{(parent + workers) / micros(wall):.2f} CPUs busy")


_PEAK_RSS = """
import resource, sys
from itertools import cycle, islice
from seedcorpus import iter_corpus

def peak_kib():
    # VmHWM belongs to this process's memory alone; ru_maxrss on Linux keeps
    # the parent's peak across fork and exec, so it would report the benchmark.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

paths = sys.stdin.read().split()
count = sum(1 for _ in iter_corpus(islice(cycle(paths), COUNT)))
assert count == COUNT, count
print(peak_kib())
"""


def peak_rss_of_iter_corpus(paths: list[str], documents: int) -> int:
    """Peak RSS (KiB) of a fresh process that iterates ``documents`` documents."""
    code = _PEAK_RSS.replace("COUNT", str(documents))
    result = subprocess.run([sys.executable, "-c", code], input=" ".join(paths),
                            capture_output=True, text=True, check=True)
    return int(result.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--corpus", metavar="DIR", action="append",
                        help="instead of generated files, the front-matter files of DIR "
                             "(repeatable), repeated (in a list of paths) up to --files")
    parser.add_argument("--no-rss", action="store_true", help="skip the memory runs")
    # One round is not enough on a shared machine: two methods timed a minute
    # apart have differed by 20% in the wrong direction (docs/performance.md).
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="run the methods N times, in turn, and report each one's "
                             "median (default 3: this machine's speed drifts)")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        if arguments.corpus:
            found = sorted(str(path) for corpus in arguments.corpus
                           for path in Path(corpus).iterdir()
                           if path.is_file() and path.read_bytes().startswith(b"---"))
            if not found:
                parser.error("no front-matter files (starting with ---) in "
                             f"{', '.join(arguments.corpus)}")
            paths = (found * -(-arguments.files // len(found)))[:arguments.files]
            source: Any = paths
            where = f"{len(found)} files of {', '.join(arguments.corpus)}, repeated"
        else:
            paths = generate(Path(directory), arguments.files)
            source = directory
            where = f"generated in {directory}"
        run(paths, source, where, rss=not arguments.no_rss, repeat=arguments.repeat)


def run(paths: list[str], source: Any, where: str, *, rss: bool, repeat: int) -> None:
    """Time every method on ``paths`` (``source`` is what load_corpus is given).

    With ``repeat``, each round runs every method once, so a method's runs
    are spread over the whole benchmark, and its median time is reported.
    """
    print(f"python {sys.version.split()[0]}, {usable_cpus()} CPUs, {len(paths)} news files")
    size = sum(os.path.getsize(path) for path in paths) / len(paths)
    print(f"{where} (mean {size:,.0f} bytes per file)\n")
    runs = {
        NAIVE: lambda: naive(paths),
        NARROW: lambda: naive(paths, _TEXT_KEYS),
        "floor: read + libyaml only": lambda: floor(paths),
        ONE: lambda: load_corpus(source),
        TWO: lambda: load_corpus(source, workers=2),
        f"seedcorpus, workers='auto' ({default_workers(len(paths))} here)":
            lambda: load_corpus(source, workers="auto"),
    }
    rounds: dict[str, list[float]] = {label: [] for label in runs}
    digests = {}
    labels = list(runs)
    for round_ in range(max(1, repeat)):
        # Each round starts one method later, so that no method always runs
        # right after the same one, or first.
        shift = round_ % len(labels)
        for label in labels[shift:] + labels[:shift]:
            method = runs[label]
            gc.collect()  # every method starts from the same, collected heap
            seconds, result = _time(method)
            rounds[label].append(seconds)
            if not label.startswith("floor"):  # the floor builds no documents
                digests[label] = _digests(result)
            del result
    timings = {label: statistics.median(times) for label, times in rounds.items()}
    if repeat > 1:
        print(f"median of {repeat} rounds, each running every method once\n")
    naive_digests = digests.pop(NAIVE), digests.pop(NARROW)
    expected = digests[ONE]
    for label, found in digests.items():
        assert found == expected, f"{label} differs from workers=1"
    # On generated files the loops give seedcorpus's documents; real files
    # hold what the loops read otherwise (YAML 1.1's typing of extra keys,
    # ftfy's repair of a URL's path), which seedcorpus keeps as written.
    same_as_loops = all(found == expected for found in naive_digests)
    base, narrow = timings[NAIVE], timings[NARROW]
    print(f"{'method':<58} {'docs/s':>7} {'x naive':>8} {'x ftfy on text fields':>22}")
    for label, seconds in timings.items():
        print(f"{label:<58} {len(paths) / seconds:>7,.0f} {base / seconds:>8.2f}"
              f" {narrow / seconds:>22.2f}")
    print(f"\nworkers=2 / workers=1: {timings[ONE] / timings[TWO]:.2f}x the documents per second")
    print("(every method gave the same documents" + (
        ", the loops included)" if same_as_loops else
        "; the loops differ where real files hold what they read otherwise)"))
    print_cpu_use(source, len(paths))
    if rss:
        print("\npeak RSS of iter_corpus, fresh process:")
        sample = paths[:1000]
        small = peak_rss_of_iter_corpus(sample, 1_000)
        large = peak_rss_of_iter_corpus(sample, 100_000)
        print(f"  1,000 documents:   {small / 1024:7.1f} MiB")
        print(f"  100,000 documents: {large / 1024:7.1f} MiB "
              f"(+{(large - small) / 1024:.1f} MiB)")


if __name__ == "__main__":
    main()
