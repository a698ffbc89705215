"""Hostile and broken input: no crash, no hang, no code run, nothing lost."""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from seedcorpus import ParseError, dumps, load_corpus, parse_document

from .conftest import DATA, SEEDS

SAMPLES = [path.read_bytes() for path in [*sorted(SEEDS.iterdir()), *sorted(DATA.iterdir())]
           if path.suffix != ".json"]

# Generous: a healthy parse takes milliseconds, a hang or a blow-up takes forever.
TIME_BOUND = timedelta(seconds=2)


def _outcome(data: bytes) -> None:
    """The oracle: a document (that writes back, or says why not) or a ParseError."""
    try:
        document = parse_document(data)
    except ParseError as error:
        assert str(error)
        return
    try:
        dumps(document)
    except ValueError as error:
        assert "cannot be written" in str(error)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 4))):
        lines = bytes(data).split(b"\n")
        action = draw(st.sampled_from(["drop", "duplicate", "flip", "truncate", "crlf",
                                       "insert"]))
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        if action == "drop" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "crlf":
            lines[index] += b"\r"
        elif action == "insert":
            lines.insert(index, draw(st.sampled_from(
                [b"", b"---", b"Summary", b"Resource ID: 0123456789abcdef", b"  \xe2\x80\xa2 x",
                 b"Cited by 2 pages", b"PageTypeQuality", b"key: &a [*a]", b"- [", b"\x00"])))
        data = bytearray(b"\n".join(lines))
        if action == "flip" and data:
            position = draw(st.integers(0, len(data) - 1))
            data[position] ^= draw(st.integers(1, 255))
        elif action == "truncate":
            del data[draw(st.integers(0, len(data))):]
    return bytes(data)


@settings(deadline=TIME_BOUND)
@given(mutated())
def test_mutated_seeds_give_a_document_or_a_parse_error_in_bounded_time(data: bytes) -> None:
    _outcome(data)


@settings(deadline=TIME_BOUND)
@given(st.binary(max_size=4096))
@example(b"\xef\xbb\xbf")
@example(b"---\n" + b"[" * 100_000 + b"\n---\n")
@example(b"---\n" + b"- " * 50_000 + b"x\n---\n")
def test_arbitrary_bytes_give_a_document_or_a_parse_error_in_bounded_time(data: bytes) -> None:
    _outcome(data)


def test_a_yaml_tag_never_runs_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payloads = [
        f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\n',
        f"---\ntitle: !!python/object/new:subprocess.Popen [[touch, {marker}]]\n---\n",
        "---\n!!python/name:os.system : x\n---\n",
        "---\ndata: !!binary aGVsbG8=\n---\n",
    ]
    for payload in payloads:
        with pytest.raises(ParseError, match=r"YAML tag .* is not allowed"):
            parse_document(payload)
    assert not marker.exists()


def test_billion_laughs_is_refused_at_its_first_anchor() -> None:
    data = (DATA / "err_news_billion_laughs.md").read_bytes()
    with pytest.raises(ParseError) as caught:
        parse_document(data)
    assert caught.value.line == 2
    assert "anchors or aliases" in caught.value.message


def _hostile_directory(root: Path) -> tuple[set[str], set[str]]:
    """Every bad input of the hostile-input issue beside the seeds: (good, bad) names."""
    good = {path.name for path in SEEDS.iterdir()}
    for path in SEEDS.iterdir():
        shutil.copy(path, root / path.name)
    for path in DATA.iterdir():
        wanted = path.name.startswith("err_") or path.stem in {"news_cp1252", "news_utf16"}
        if wanted and path.suffix != ".json":
            shutil.copy(path, root / path.name)
    good |= {"news_cp1252.md", "news_utf16.md"}
    bad = {path.name for path in root.iterdir()} - good
    outside = root.parent / "outside.md"
    outside.write_bytes((DATA / "news_minimal.md").read_bytes())
    (root / "link-outside.md").symlink_to(outside)
    (root / "loop.md").symlink_to(root / "loop.md")
    (root / "locked.md").write_bytes((DATA / "news_minimal.md").read_bytes())
    with (root / "huge.md").open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    bad |= {"link-outside.md", "loop.md", "locked.md", "huge.md"}
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.md")
        bad.add("pipe.md")
    return good, bad


def test_a_hostile_directory_loads_every_good_file_and_one_error_per_bad_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    good, bad = _hostile_directory(root)
    real_open = os.open

    def deny_locked(path: str, *args: int) -> int:
        if str(path).endswith("locked.md"):  # root can read any file; pretend it cannot
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args)

    monkeypatch.setattr("seedcorpus._sources.os.open", deny_locked)
    started = time.perf_counter()
    with ThreadPoolExecutor(1) as pool:  # a hang (a FIFO opened for reading) fails, not blocks
        corpus = pool.submit(load_corpus, root, on_error="collect").result(timeout=120)
    elapsed = time.perf_counter() - started
    assert {doc.source.name for doc in corpus} == good
    assert len(corpus) == len(good)
    assert sorted(Path(error.path or "").name for error in corpus.errors) == sorted(bad)
    print(f"hostile directory: {len(good)} documents, {len(bad)} errors in {elapsed:.2f} s")
