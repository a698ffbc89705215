"""Exports are written whole or not at all (docs/exports.md): the temporary
file, its permissions, and every way out of writing it."""

from __future__ import annotations

import inspect
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from seedcorpus import Corpus, load_corpus
from seedcorpus._export import files

OLD = b"the old content\n"


def _left_beside(target: Path) -> list[str]:
    return sorted(path.name for path in target.parent.iterdir() if path != target)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_027() -> Iterator[None]:
    # The test's own process: the library only reads the umask.
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_export_gets_the_permissions_the_umask_gives(tmp_path: Path,
                                                           umask_027: None) -> None:
    target = tmp_path / "out.jsonl"
    assert load_corpus().to_jsonl(target) == 3
    assert _mode(target) == 0o640  # 0o666 & ~0o027, not mkstemp's 0o600
    assert _left_beside(target) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(OLD)
    target.chmod(0o604)
    load_corpus().to_jsonl(target)
    assert _mode(target) == 0o604
    assert len(Corpus.from_jsonl(target)) == 3


def test_an_error_while_writing_leaves_the_target_and_no_temporary_file(
        tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(OLD)

    def documents() -> Iterator[Any]:
        yield from load_corpus()
        raise RuntimeError("the source went away")

    with pytest.raises(RuntimeError, match="the source went away"):
        files.write_jsonl(documents(), target)
    assert target.read_bytes() == OLD
    assert _left_beside(target) == []


def _line_of(function: Any, text: str) -> int:
    lines, first = inspect.getsourcelines(inspect.unwrap(function))
    [index] = [index for index, line in enumerate(lines) if line.strip() == text]
    return first + index


def test_an_interrupt_the_moment_the_temporary_file_exists_removes_it(
        tmp_path: Path) -> None:
    # Ctrl-C right after the file is created, before the code that made it
    # has recorded so: the narrowest window there is (a signal's handler
    # runs between two lines like this). A trace function raises
    # KeyboardInterrupt there, as the handler would.
    target = tmp_path / "out.jsonl"
    target.write_bytes(OLD)
    line = _line_of(files.atomic_file, "created = True")
    code = inspect.unwrap(files.atomic_file).__code__

    def interrupt(frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code is code:
            if event == "line" and frame.f_lineno == line:
                assert [name for name in _left_beside(target) if name.endswith(".partial")]
                raise KeyboardInterrupt
            return interrupt
        return None

    previous = sys.gettrace()  # coverage's, when it measures: put back after
    sys.settrace(interrupt)
    try:
        with pytest.raises(KeyboardInterrupt), files.atomic_file(target) as out:
            out.write("never")  # pragma: no cover - interrupted before
    finally:
        sys.settrace(previous)
    assert target.read_bytes() == OLD
    assert _left_beside(target) == []


def test_a_temporary_name_already_taken_is_left_alone(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # 48 random bits make this a test-only case: the file is someone else's.
    target = tmp_path / "out.jsonl"
    target.write_bytes(OLD)
    theirs = tmp_path / ".out.jsonl.000000000000.partial"
    theirs.write_bytes(b"another writer's\n")
    monkeypatch.setattr(secrets, "token_hex", lambda size: "0" * (2 * size))
    with pytest.raises(FileExistsError), files.atomic_file(target) as out:
        out.write("never")  # pragma: no cover - not opened
    assert theirs.read_bytes() == b"another writer's\n"
    assert target.read_bytes() == OLD
