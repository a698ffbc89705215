"""Directory walks that meet things other than regular files, and size limits."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from seedcorpus import Limits, ParseError, SourceNotFoundError, _sources, load_corpus
from seedcorpus._sources import files as _files

from .conftest import DATA

NEWS = (DATA / "news_minimal.md").read_bytes()


@pytest.fixture(params=["by descriptor", "by path"])
def walk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each walk test runs twice: walking by descriptor (POSIX) and by path
    (where the platform cannot: Windows)."""
    if request.param == "by path":
        monkeypatch.setattr(_files, "BY_DESCRIPTOR", False)
    elif not _files.BY_DESCRIPTOR:  # pragma: no cover - Windows
        pytest.skip("directories cannot be walked by descriptor here")
    return str(request.param)


def _errors_by_name(root: Path, **kwargs: object) -> dict[str, ParseError]:
    corpus = load_corpus(root, on_error="collect", **kwargs)  # type: ignore[arg-type]
    return {Path(error.path or "").name: error for error in corpus.errors}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.usefixtures("walk")
def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    os.mkfifo(tmp_path / "pipe.md")  # opening it for reading would block forever
    errors = _errors_by_name(tmp_path)
    assert errors["pipe.md"].stage == "read"
    assert "named pipe (FIFO)" in errors["pipe.md"].message
    assert len(load_corpus(tmp_path, on_error="skip")) == 1


@pytest.mark.usefixtures("walk")
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


def test_an_unlistable_directory_is_an_error(tmp_path: Path, walk: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_bytes(NEWS)
    (tmp_path / "a.md").write_bytes(NEWS)
    real_scandir = os.scandir
    real_open = os.open
    sub = os.stat(tmp_path / "sub")

    def deny(path: Any) -> object:
        listed = os.fstat(path) if isinstance(path, int) else os.stat(path)
        if (listed.st_dev, listed.st_ino) == (sub.st_dev, sub.st_ino):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(_sources.os, "scandir", deny)
    corpus = load_corpus(tmp_path, on_error="collect")
    assert len(corpus) == 1
    assert [str(error) for error in corpus.errors] == [
        f"{tmp_path / 'sub'}: read: cannot list directory: Permission denied"]
    monkeypatch.undo()
    if walk == "by descriptor":  # a directory that cannot be opened

        def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if path == "sub":
                raise PermissionError(13, "Permission denied", path)
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(_sources.os, "open", refuse)
        corpus = load_corpus(tmp_path, on_error="collect")
        assert [error.message for error in corpus.errors] == [
            "cannot list directory: Permission denied"]
    with pytest.raises(SourceNotFoundError):
        load_corpus(tmp_path / "missing")


def test_a_root_that_cannot_be_opened_is_an_error(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if not _files.BY_DESCRIPTOR:  # pragma: no cover - Windows
        pytest.skip("directories are not opened here")
    real_open = os.open

    def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_DIRECTORY:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(_sources.os, "open", refuse)
    corpus = load_corpus(tmp_path, on_error="collect")
    assert [error.message for error in corpus.errors] == [
        "cannot list directory: Permission denied"]


@pytest.mark.skipif(not _files.BY_DESCRIPTOR, reason="walked by path here")
def test_a_directory_swapped_for_a_symlink_after_listing_is_not_followed(
        tmp_path: Path) -> None:
    root, outside = tmp_path / "corpus", tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (root / "a.md").write_bytes(NEWS)
    (root / "sub" / "b.md").write_bytes(NEWS)
    (outside / "secret.md").write_bytes(NEWS)
    walk = _sources.iter_paths(root, None)
    first = next(walk)  # root is listed: "sub" is a directory
    assert isinstance(first, _sources.ListedFile)
    (root / "sub" / "b.md").unlink()
    (root / "sub").rmdir()
    (root / "sub").symlink_to(outside, target_is_directory=True)  # swapped in between
    rest = list(walk)
    assert len(rest) == 1
    assert isinstance(rest[0], ParseError)
    assert str(rest[0]) == (f"{root / 'sub'}: read: replaced by a symlink after its parent "
                            "was listed: not followed")


@pytest.mark.usefixtures("walk")
def test_a_directory_on_the_path_swapped_after_listing_leads_nowhere(tmp_path: Path) -> None:
    # The file is read by its path later, maybe in a worker: a directory of
    # that path swapped for a symlink in between must not lead to another file.
    root, outside = tmp_path / "corpus", tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (root / "sub" / "b.md").write_bytes(NEWS)
    (outside / "b.md").write_bytes(b"---\ntitle: secret\n---\n")
    [listed] = _sources.iter_paths(root, None)
    assert isinstance(listed, _sources.ListedFile)
    (root / "sub" / "b.md").unlink()
    (root / "sub").rmdir()
    (root / "sub").symlink_to(outside, target_is_directory=True)
    if listed.identity is None:  # pragma: no cover - Windows: not told apart
        return
    with pytest.raises(ParseError, match=r"replaced after its directory was listed \(the "
                                         r"path now leads to another file\): not read"):
        _sources.read_item(listed, Limits())


def test_the_two_walks_give_the_same_items(tmp_path: Path) -> None:
    for name in ("b/x.md", "a/y.md", "a/c/z.md", "top.md", ".hidden/h.md", "a/.h.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(NEWS)
    (tmp_path / "link.md").symlink_to(tmp_path / "top.md")
    by_descriptor = list(_sources.iter_paths(tmp_path, _sources.NameFilter(("*.md",), ())))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_files, "BY_DESCRIPTOR", False)
        by_path = list(_sources.iter_paths(tmp_path, _sources.NameFilter(("*.md",), ())))

    def paths(items: list[Any]) -> list[str]:
        return [item.path if isinstance(item, _sources.ListedFile) else item for item in items]

    assert paths(by_descriptor) == paths(by_path) == [
        str(tmp_path / name) for name in ("link.md", "top.md", "a/y.md", "a/c/z.md", "b/x.md")]


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
    monkeypatch.setattr(_files, "_check_regular", lambda *args: None)
    path.write_bytes(NEWS + b"more")
    with pytest.raises(ParseError, match=r"file is over the limit of \d+ bytes"):
        _files.read_file(str(path), limits)


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
    assert _files.read_file(str(path), Limits()) == NEWS


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
    monkeypatch.setattr(_sources, "__file__", str(package / "_sources" / "__init__.py"))
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
        _files.read_file(str(path), Limits())
    monkeypatch.undo()
    with pytest.raises(OSError, match="Bad file descriptor"):
        os.fstat(opened[0])  # the descriptor was closed all the same


def test_a_listed_regular_file_is_read_without_a_stat_of_its_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    (tmp_path / "link.md").symlink_to(tmp_path / "a.md")
    items = {os.path.basename(item.path): item for item in _sources.iter_paths(tmp_path, None)
             if isinstance(item, _sources.ListedFile)}
    assert not items["a.md"].symlink
    assert items["link.md"].symlink  # followed, and checked to be what was listed
    assert items["a.md"].identity == items["link.md"].identity
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
    assert stats == []
    corpus = load_corpus([items["a.md"].path])  # a path in a list: stat()ed like any other
    assert "a.md" in stats
    assert type(corpus[0].source.path) is str


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="no O_NOFOLLOW here")
@pytest.mark.usefixtures("walk")
def test_a_listed_file_replaced_by_a_symlink_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    (tmp_path / "elsewhere.md").write_bytes(NEWS)
    [listed, _] = _sources.iter_paths(tmp_path, None)
    assert isinstance(listed, _sources.ListedFile)
    os.remove(listed.path)
    os.symlink(tmp_path / "elsewhere.md", listed.path)  # after the listing, before the read
    with pytest.raises(ParseError, match="replaced by a symlink after its directory was "
                                         "listed: not followed"):
        _sources.read_item(listed, Limits())


def test_a_listed_file_replaced_by_another_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    [listed] = _sources.iter_paths(tmp_path, None)
    assert isinstance(listed, _sources.ListedFile)
    (tmp_path / "b.md").write_bytes(NEWS)
    os.replace(tmp_path / "b.md", tmp_path / "a.md")  # another inode under the same name
    with pytest.raises(ParseError, match="replaced after its directory was listed"):
        _sources.read_item(listed, Limits())


def test_a_file_gone_between_listing_and_stat_is_its_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    (tmp_path / "b.md").write_bytes(NEWS)
    entries: list[Any] = []
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        scan = real_scandir(path)

        class Scan:
            def __enter__(self) -> Any:
                return self

            def __exit__(self, *args: object) -> None:
                scan.close()

            def __iter__(self) -> Any:
                for entry in scan:
                    entries.append(_Entry(entry))
                    yield entries[-1]

        return Scan()

    class _Entry:
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self.entry = entry
            self.name = entry.name
            self.path = entry.path

        def is_dir(self, *, follow_symlinks: bool) -> bool:
            return self.entry.is_dir(follow_symlinks=follow_symlinks)

        def is_file(self, *, follow_symlinks: bool) -> bool:
            return self.entry.is_file(follow_symlinks=follow_symlinks)

        def stat(self, *, follow_symlinks: bool) -> os.stat_result:
            if self.name == "b.md":
                raise FileNotFoundError(2, "No such file or directory")
            return self.entry.stat(follow_symlinks=follow_symlinks)

    if not _files.BY_DESCRIPTOR:  # pragma: no cover - Windows
        pytest.skip("listed files are not stat()ed here")
    monkeypatch.setattr(_sources.os, "scandir", scandir)
    corpus = load_corpus(tmp_path, on_error="collect")
    assert len(corpus) == 1
    assert [str(error) for error in corpus.errors] == [
        f"{tmp_path / 'b.md'}: read: cannot open: No such file or directory"]


def test_a_listed_file_pickles_as_itself() -> None:
    listed = _sources.ListedFile("/corpus/a.md", (1, 2))
    again = pickle.loads(pickle.dumps(listed))
    assert type(again) is _sources.ListedFile
    assert again == listed
