"""Archives (.zip, .tar, .tar.gz) read member by member, and fsspec URLs."""

from __future__ import annotations

import contextlib
import io
import os
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import fsspec
import pytest

from seedcorpus import Limits, SourceNotFoundError, iter_corpus, load_corpus
from seedcorpus._sources.archives import holds_archive

from .conftest import DATA, SEEDS

INPUTS = sorted(path for path in DATA.iterdir() if path.suffix != ".json")


def _expected() -> list[object]:
    """What load_corpus gives for the same files on disk, without provenance."""
    corpus = load_corpus(INPUTS, on_error="collect")
    return [doc.model_dump(exclude={"source"}) for doc in corpus]


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _tar(path: Path, members: dict[str, bytes], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


MEMBERS = {f"corpus/{path.name}": path.read_bytes() for path in INPUTS}


@pytest.mark.parametrize("build", ["zip", "tar", "tar.gz"])
def test_an_archive_loads_like_the_same_files_on_disk(tmp_path: Path, build: str) -> None:
    archive = (_zip(tmp_path / "c.zip", MEMBERS) if build == "zip"
               else _tar(tmp_path / f"c.{build}", MEMBERS, "w" if build == "tar" else "w:gz"))
    corpus = load_corpus(archive, on_error="collect")
    assert [doc.model_dump(exclude={"source"}) for doc in corpus] == _expected()
    on_disk = load_corpus(INPUTS, on_error="collect")
    assert len(corpus.errors) == len(on_disk.errors)
    first = corpus[0]
    assert first.source.path == f"{archive}!/corpus/{Path(on_disk[0].source.path or '').name}"
    assert first.source.sha256 == on_disk[0].source.sha256
    assert all(str(error.path).startswith(f"{archive}!/corpus/") for error in corpus.errors)


def test_seeds_in_an_archive_keep_their_ids(tmp_path: Path) -> None:
    seeds = {path.name: path.read_bytes() for path in sorted(SEEDS.iterdir())}
    archive = _zip(tmp_path / "seeds.zip", seeds)
    corpus = load_corpus(archive)
    assert [doc.source.doc_id for doc in corpus] == [
        "b494c12b6cc522b8", "7ae3a81e5f7e2936", "8fd1721e0a86d0cc"]
    assert [doc.source.seq for doc in corpus] == [0, 2, 4]


def test_malicious_zip(tmp_path: Path) -> None:
    good = (SEEDS / "000_b494c12b6cc522b8.txt").read_bytes()
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("ok.txt", good)
        out.writestr("../escape.txt", good)
        out.writestr("/etc/absolute.txt", good)
        out.writestr("bomb.txt", b"\0" * (20 * 1024 * 1024))  # 20 MiB of zeros, ~20 KB packed
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (0o120777 << 16)
        out.writestr(link, "/etc/passwd")
        out.writestr(".hidden/skipped.txt", good)
    corpus = load_corpus(archive, on_error="collect")
    assert [doc.source.path for doc in corpus] == [f"{archive}!/ok.txt"]
    errors = {error.path: error.message for error in corpus.errors}
    assert errors[f"{archive}!/../escape.txt"].startswith("member path is absolute or leaves")
    assert errors[f"{archive}!//etc/absolute.txt"].startswith("member path is absolute")
    assert "over the limit of 8388608 bytes" in errors[f"{archive}!/bomb.txt"]
    assert errors[f"{archive}!/link.txt"].startswith("not a regular file")
    assert len(errors) == 4
    assert not (tmp_path / "escape.txt").exists()


def test_a_member_that_lies_about_its_size_is_caught_by_what_it_decompresses(
        tmp_path: Path) -> None:
    archive = _tar(tmp_path / "c.tar.gz", {"big.txt": b"x" * 5000})
    corpus = load_corpus(archive, on_error="collect", limits=Limits(max_bytes=4096))
    assert corpus.errors[0].message == ("member is over the limit of 4096 bytes "
                                        "(Limits.max_bytes)")


def test_the_total_bytes_of_an_archive_are_bounded(tmp_path: Path) -> None:
    members = {f"{index}.txt": (SEEDS / "000_b494c12b6cc522b8.txt").read_bytes()
               for index in range(10)}
    archive = _zip(tmp_path / "many.zip", members)
    corpus = load_corpus(archive, on_error="collect", limits=Limits(max_archive_bytes=10_000))
    assert len(corpus) == 4  # 2,709 bytes each: the fourth passes 10,000
    assert corpus.errors[-1].path == str(archive)
    assert "Limits.max_archive_bytes" in corpus.errors[-1].message


def test_malicious_tar(tmp_path: Path) -> None:
    good = (SEEDS / "000_b494c12b6cc522b8.txt").read_bytes()
    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as out:
        for name in ("ok.txt", "../../escape.txt"):
            info = tarfile.TarInfo(name)
            info.size = len(good)
            out.addfile(info, io.BytesIO(good))
        link = tarfile.TarInfo("link.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        out.addfile(link)
        fifo = tarfile.TarInfo("pipe")
        fifo.type = tarfile.FIFOTYPE
        out.addfile(fifo)
    corpus = load_corpus(archive, on_error="collect")
    assert len(corpus) == 1
    messages = sorted(error.message.split(":")[0] for error in corpus.errors)
    assert messages == ["member path is absolute or leaves the archive with '..'",
                        "not a regular file (a link or special file)",
                        "not a regular file (a link or special file)"]


def test_a_corrupt_archive_is_one_error(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "c.zip", MEMBERS)
    data = bytearray(archive.read_bytes())
    directory = data.find(b"PK\x01\x02")  # the central directory: where members are
    data[directory:directory + 4] = b"\xff" * 4
    archive.write_bytes(bytes(data))
    corpus = load_corpus(archive, on_error="collect")
    assert len(corpus) == 0
    assert [error.stage for error in corpus.errors] == ["read"]
    assert corpus.errors[0].path == str(archive)


# Ten members, each with a body of its own that does not compress.
TEN = {f"corpus/{index:02d}.md": (DATA / "news_minimal.md").read_bytes()
       + os.urandom(1500).hex().encode() + b"\n" for index in range(10)}


@pytest.mark.parametrize("damage", ["crc", "deflate"])
def test_one_corrupt_zip_member_among_ten_is_one_error(tmp_path: Path, damage: str) -> None:
    archive = _zip(tmp_path / "c.zip", TEN)
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zipped:
        info = zipped.getinfo("corpus/04.md")
    # The member's compressed data starts after its local header (30 bytes,
    # its name, no extra field here).
    start = info.header_offset + 30 + len(info.filename)
    if damage == "crc":
        data = bytearray(_with_bad_crc(bytes(data), "corpus/04.md"))
    else:
        data[start:start + 8] = b"\xff" * 8
    archive.write_bytes(bytes(data))
    corpus = load_corpus(archive, on_error="collect")
    assert len(corpus) == 9
    [error] = corpus.errors
    assert error.stage == "read"
    assert error.path == f"{archive}!/corpus/04.md"
    assert error.message.startswith("cannot read member: ")
    assert [Path(doc.source.path or "").name for doc in corpus] == [
        f"{index:02d}.md" for index in range(10) if index != 4]


def _with_bad_crc(data: bytes, name: str) -> bytes:
    """``data`` with the CRC-32 of member ``name`` wrong in both headers."""
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        info = zipped.getinfo(name)
        crc = info.CRC.to_bytes(4, "little")
    bad = (info.CRC ^ 0xFFFFFFFF).to_bytes(4, "little")
    assert data.count(crc) == 2  # the local header and the central directory
    return data.replace(crc, bad)


def test_a_broken_tar_stream_ends_the_walk_with_one_error_saying_how_far(tmp_path: Path) -> None:
    archive = _tar(tmp_path / "c.tar.gz", TEN)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])  # cut short, as a failed download
    corpus = load_corpus(archive, on_error="collect")
    assert 0 < len(corpus) < 10
    [error] = corpus.errors
    assert error.path == str(archive)
    assert error.message.startswith(f"archive broken after {len(corpus)} members (")
    assert error.message.endswith("): the rest of it could not be read")


def test_fsspec_memory_urls(tmp_path: Path) -> None:
    memory = fsspec.filesystem("memory")
    for path in INPUTS:
        memory.pipe(f"/seedcorpus-test/{path.name}", path.read_bytes())
    memory.pipe("/seedcorpus-test/.hidden/x.md", b"")
    try:
        corpus = load_corpus("memory://seedcorpus-test", on_error="collect")
        assert [doc.model_dump(exclude={"source"}) for doc in corpus] == _expected()
        assert corpus[0].source.path == f"memory:///seedcorpus-test/{corpus[0].source.name}"
        only_md = load_corpus("memory://seedcorpus-test/*.md", on_error="collect")
        assert {Path(doc.source.path or "").suffix for doc in only_md} == {".md"}
        single = load_corpus(f"memory://seedcorpus-test/{INPUTS[-1].name}")
        assert len(single) == 1
        # Filters choose among the files a directory or a glob gives; a URL
        # naming one file is read whatever they say, as a local path is.
        named = INPUTS[-1].name
        assert len(load_corpus(f"memory://seedcorpus-test/{named}", exclude=named)) == 1
        for source in ["memory://seedcorpus-test", "memory://seedcorpus-test/*"]:
            chosen = load_corpus(source, on_error="collect", exclude=named)
            assert named not in {Path(doc.source.path or "").name for doc in chosen}
            assert all(not (error.path or "").endswith(named) for error in chosen.errors)
            assert len(chosen) + len(chosen.errors) == len(INPUTS) - 1
        small = load_corpus("memory://seedcorpus-test", on_error="collect",
                            limits=Limits(max_bytes=100))
        assert any("over the limit of 100 bytes" in error.message for error in small.errors)
        with pytest.raises(SourceNotFoundError):
            load_corpus("memory://seedcorpus-test-missing/none.md")
    finally:
        memory.rm("/seedcorpus-test", recursive=True)


@pytest.mark.parametrize("failure", [RuntimeError("backend bug"), KeyError("gone"),
                                     OSError(5, "Input/output error")])
@pytest.mark.parametrize("where", ["info", "_open"])
def test_a_backend_failing_on_one_file_is_that_files_error(
        monkeypatch: pytest.MonkeyPatch, failure: Exception, where: str) -> None:
    memory = fsspec.filesystem("memory")
    for index in range(3):
        memory.pipe(f"/seedcorpus-fail/{index}.md", (DATA / "news_minimal.md").read_bytes())
    real = getattr(type(memory), where)

    def failing(self: object, path: str, *args: object, **kwargs: object) -> object:
        if path.endswith("/1.md"):
            raise failure
        return real(self, path, *args, **kwargs)

    try:
        listed = list(iter_corpus("memory://seedcorpus-fail", on_error="collect"))
        assert len(listed) == 3
        monkeypatch.setattr(type(memory), where, failing)
        corpus = load_corpus("memory://seedcorpus-fail", on_error="collect")
        assert [doc.source.name for doc in corpus] == ["0.md", "2.md"]
        [error] = corpus.errors
        assert error.stage == "read"
        assert error.path == "memory:///seedcorpus-fail/1.md"
        assert error.message == f"cannot read: {failure}"
    finally:
        monkeypatch.undo()
        memory.rm("/seedcorpus-fail", recursive=True)


def test_file_urls(tmp_path: Path) -> None:
    corpus = load_corpus(f"file://{SEEDS}")
    assert len(corpus) == 3
    assert corpus[0].source.path == f"file://{SEEDS / '000_b494c12b6cc522b8.txt'}"


def test_only_archives_are_taken_for_archives(tmp_path: Path) -> None:
    looks_like_gzip = tmp_path / "fake.gz"
    looks_like_gzip.write_bytes(b"\x1f\x8b not really gzip")
    assert not holds_archive(str(looks_like_gzip))
    assert not holds_archive(str(SEEDS / "000_b494c12b6cc522b8.txt"))
    assert not holds_archive(str(tmp_path))
    assert holds_archive(str(_tar(tmp_path / "plain.tar", {"a.txt": b"x"}, "w")))
    assert holds_archive(str(_zip(tmp_path / "empty.zip", {})))
    assert not holds_archive(str(tmp_path / "missing.zip"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_sniffing_a_fifo_put_in_a_files_place_does_not_wait(tmp_path: Path) -> None:
    # holds_archive is asked of paths found to be regular files; should a
    # FIFO replace one in between, opening it must not wait for a writer.
    fifo = tmp_path / "was-a-file.zip"
    os.mkfifo(fifo)
    assert not holds_archive(str(fifo))


def test_iter_corpus_reads_archives_and_urls_too(tmp_path: Path) -> None:
    archive = _tar(tmp_path / "c.tar.gz", MEMBERS)
    streamed = iter_corpus(archive, on_error="collect")
    assert list(streamed) == list(load_corpus(archive, on_error="collect"))
    assert len(streamed.errors) == len(load_corpus(archive, on_error="collect").errors)
    memory = fsspec.filesystem("memory")
    memory.pipe("/seedcorpus-iter/a.txt", (SEEDS / "000_b494c12b6cc522b8.txt").read_bytes())
    try:
        assert [doc.source.path for doc in iter_corpus("memory://seedcorpus-iter")] == [
            "memory:///seedcorpus-iter/a.txt"]
    finally:
        memory.rm("/seedcorpus-iter", recursive=True)


def _open_files() -> set[str]:
    """What this process holds open (Linux's /proc)."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the listing's own descriptor, gone
            found.add(os.readlink(f"/proc/self/fd/{fd}"))
    return found


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="no /proc here")


def _fail_inside(documents: Any) -> None:
    with documents:
        next(documents)
        raise KeyError("the caller's own error")


@needs_proc
@pytest.mark.parametrize("kind", ["zip", "tar.gz", "directory"])
@pytest.mark.parametrize("way_out", ["with", "close", "exception", "end"])
def test_an_iterator_closes_what_it_opened_on_every_way_out(
        tmp_path: Path, kind: str, way_out: str) -> None:
    if kind == "directory":
        source = tmp_path / "corpus"
        (source / "sub").mkdir(parents=True)
        for name, data in list(TEN.items())[:4]:
            (source / "sub" / Path(name).name).write_bytes(data)
    else:
        source = (_zip(tmp_path / "c.zip", TEN) if kind == "zip"
                  else _tar(tmp_path / "c.tar.gz", TEN))
    held = str(source / "sub") if kind == "directory" else str(source)
    documents = iter_corpus(source)
    if way_out == "with":
        with documents:
            next(documents)
            assert held in _open_files()
    elif way_out == "close":
        next(documents)
        assert held in _open_files()
        documents.close()
        assert next(documents, None) is None  # closed: nothing more
    elif way_out == "exception":
        with pytest.raises(KeyError):
            _fail_inside(documents)
    else:
        assert len(list(documents)) == (4 if kind == "directory" else 10)
    assert held not in _open_files()


def test_a_tar_header_broken_in_the_middle_ends_the_walk_with_one_error(tmp_path: Path) -> None:
    archive = _tar(tmp_path / "c.tar", TEN, mode="w")
    data = bytearray(archive.read_bytes())
    with tarfile.open(archive) as tar:
        fourth = tar.getmembers()[3]
    # Its header: neither a member nor the end of the archive.
    data[fourth.offset:fourth.offset + 512] = b"\x01" * 512
    archive.write_bytes(bytes(data))
    corpus = load_corpus(archive, on_error="collect")
    assert len(corpus) == 3
    [error] = corpus.errors
    assert error.message.startswith("archive broken after 3 members (")
