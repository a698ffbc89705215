"""Directory walks that meet things other than regular files, and size limits."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from seedcorpus import Limits, ParseError, _sources, load_corpus

from .conftest import DATA

NEWS = (DATA / "news_minimal.md").read_bytes()


def _errors_by_name(root: Path, **kwargs: object) -> dict[str, ParseError]:
    corpus = load_corpus(root, on_error="collect", **kwargs)  # type: ignore[arg-type]
    return {Path(error.path or "").name: error for error in corpus.errors}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    os.mkfifo(tmp_path / "pipe.md")  # opening it for reading would block forever
    errors = _errors_by_name(tmp_path)
    assert errors["pipe.md"].stage == "read"
    assert "named pipe (FIFO)" in errors["pipe.md"].message
    assert len(load_corpus(tmp_path, on_error="skip")) == 1


def test_symlinks(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    outside = tmp_path / "outside.md"
    outside.write_bytes(NEWS)
    (root / "real.md").write_bytes(NEWS)
    (root / "inside-link.md").symlink_to(root / "real.md")
    (root / "outside-link.md").symlink_to(outside)
    (root / "loop.md").symlink_to(root / "loop.md")
    (root / "dir-link").symlink_to(root, target_is_directory=True)
    (root / "dangling.md").symlink_to(root / "gone.md")
    corpus = load_corpus(root, on_error="collect")
    assert sorted(doc.source.name or "" for doc in corpus) == ["inside-link.md", "real.md"]
    errors = {Path(error.path or "").name: error.message for error in corpus.errors}
    assert "outside the corpus directory" in errors["outside-link.md"]
    assert "symbolic links" in errors["loop.md"]
    assert "symlink to a directory: not followed" in errors["dir-link"]
    assert "No such file" in errors["dangling.md"]
    assert len(errors) == 4
    # A file named explicitly is read wherever it lives.
    assert len(load_corpus(root / "outside-link.md")) == 1


def test_an_unreadable_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    (tmp_path / "locked.md").write_bytes(NEWS)
    real_open = os.open

    def deny(path: str, *args: int) -> int:
        if str(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args)

    monkeypatch.setattr(_sources.os, "open", deny)
    errors = _errors_by_name(tmp_path)
    assert errors["locked.md"].message == "cannot open: Permission denied"
    assert errors["locked.md"].stage == "read"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads files whatever their mode")
def test_an_unreadable_file_by_mode_is_an_error(tmp_path: Path) -> None:  # pragma: no cover
    locked = tmp_path / "locked.md"
    locked.write_bytes(NEWS)
    locked.chmod(0)
    assert "Permission denied" in _errors_by_name(tmp_path)["locked.md"].message


def test_an_unlistable_directory_is_an_error(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.md").write_bytes(NEWS)
    real_scandir = os.scandir

    def deny(path: Path) -> object:
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(_sources.os, "scandir", deny)
    corpus = load_corpus(tmp_path, on_error="collect")
    assert len(corpus) == 1
    assert corpus.errors[0].message == "cannot list directory: Permission denied"


def test_a_large_file_is_refused_before_it_is_read(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as handle:  # 64 MiB, sparse: nothing is written but the size
        handle.truncate(64 * 1024 * 1024)
    (tmp_path / "a.md").write_bytes(NEWS)
    reads: list[int] = []
    real_read = _sources.os.read

    def spy(fd: int, size: int) -> bytes:
        data = real_read(fd, size)
        reads.append(len(data))
        return data

    monkeypatch.setattr(_sources.os, "read", spy)
    errors = _errors_by_name(tmp_path)
    assert errors["big.md"].message == ("file is 67108864 bytes, over the limit of "
                                        "8388608 bytes (Limits.max_bytes)")
    assert sum(reads) == len(NEWS)  # only a.md was read
    assert len(load_corpus(tmp_path, on_error="collect",
                           limits=Limits(max_bytes=128 * 1024 * 1024)).errors) == 1


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(NEWS)
    limits = Limits(max_bytes=len(NEWS))
    monkeypatch.setattr(_sources, "_check_regular", lambda *args: None)
    path.write_bytes(NEWS + b"more")
    with pytest.raises(ParseError, match=r"file is over the limit of \d+ bytes"):
        _sources.read_file(str(path), limits)


@pytest.mark.parametrize("reported", [0, 10, len(NEWS) - 1])
def test_a_file_longer_than_its_size_said_is_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reported: int) -> None:
    # The first read asks for the size fstat gave, plus one byte; a file that
    # grew in between is read on to its end.
    path = tmp_path / "a.md"
    path.write_bytes(NEWS)
    real_fstat = _sources.os.fstat

    def shrunk(fd: int) -> os.stat_result:
        status = list(real_fstat(fd))
        status[6] = reported  # st_size
        return os.stat_result(status)

    monkeypatch.setattr(_sources.os, "fstat", shrunk)
    assert _sources.read_file(str(path), Limits()) == NEWS


def test_a_directory_named_explicitly_in_a_list_is_walked_and_a_device_refused(
        tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    corpus = load_corpus([tmp_path, "/dev/null"], on_error="collect")
    assert len(corpus) == 1
    assert corpus.errors[0].message == "a device: only regular files are read"


def test_the_bundled_seeds_fall_back_to_the_repository_in_editable_installs(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    package = tmp_path / "src" / "seedcorpus"
    package.mkdir(parents=True)
    (tmp_path / "seeds").mkdir()
    monkeypatch.setattr(_sources, "__file__", str(package / "_sources.py"))
    assert _sources.bundled_seeds() == tmp_path / "seeds"


def test_a_read_failure_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(NEWS)

    opened: list[int] = []
    real_open = _sources.os.open

    def spy_open(*args: Any) -> int:
        opened.append(real_open(*args))
        return opened[-1]

    def failing_read(fd: int, size: int) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(_sources.os, "open", spy_open)
    monkeypatch.setattr(_sources.os, "read", failing_read)
    with pytest.raises(ParseError, match="cannot read: Input/output error"):
        _sources.read_file(str(path), Limits())
    monkeypatch.undo()
    with pytest.raises(OSError, match="Bad file descriptor"):
        os.fstat(opened[0])  # the descriptor was closed all the same


def test_a_listed_regular_file_is_read_without_a_stat_of_its_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    (tmp_path / "link.md").symlink_to(tmp_path / "a.md")
    items = {os.path.basename(item): item for item in _sources.iter_paths(tmp_path, None)
             if isinstance(item, str)}
    assert type(items["a.md"]) is _sources.ListedFile
    assert type(items["link.md"]) is str  # a symlink: stat()ed, then followed
    stats: list[str] = []
    real_stat = _sources.os.stat

    def spy(path: str, *args: Any, **kwargs: Any) -> os.stat_result:
        stats.append(os.path.basename(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(_sources.os, "stat", spy)
    for item in items.values():
        path, data = _sources.read_item(item, Limits())
        assert data == NEWS
        assert type(path) is str
    assert stats == ["link.md"]
    corpus = load_corpus([items["a.md"]])  # a path in a list: stat()ed like any other
    assert type(corpus[0].source.path) is str


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="no O_NOFOLLOW here")
def test_a_listed_file_replaced_by_a_symlink_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    (tmp_path / "elsewhere.md").write_bytes(NEWS)
    [listed, _] = _sources.iter_paths(tmp_path, None)
    os.remove(listed)
    os.symlink(tmp_path / "elsewhere.md", listed)  # after the listing, before the read
    with pytest.raises(ParseError, match="replaced by a symlink after its directory was "
                                         "listed: not followed"):
        _sources.read_item(listed, Limits())


def test_a_listed_file_pickles_as_itself() -> None:
    listed = _sources.ListedFile("/corpus/a.md")
    again = pickle.loads(pickle.dumps(listed))
    assert type(again) is _sources.ListedFile
    assert again == "/corpus/a.md"
