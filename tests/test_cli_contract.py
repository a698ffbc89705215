"""The command line's contract, as docs/cli.md states it: exit status 0, 1, 2,
130 or 143, one line on stderr and no traceback; outputs checked before
anything is loaded and written whole or not at all; names of any bytes."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from seedcorpus import Corpus, _cli, load_corpus
from seedcorpus._cli import _parser

from .conftest import DATA, SEEDS

NEWS = (DATA / "news_minimal.md").read_bytes()
BAD = (DATA / "err_news_quality_eighty.md").read_bytes()


def run(*args: str, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLUMNS": "100", **(env or {})}
    environment.pop("SEEDCORPUS_DEBUG", None)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "seedcorpus", *args], capture_output=True,
                          text=True, env=environment, timeout=120, check=False, cwd=cwd)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line the command wrote on stderr, checked to be one line and no traceback."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("seedcorpus: ")
    return lines[0]


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 good files: a load of a second or so, a summary well over a pipe's buffer."""
    root = tmp_path_factory.mktemp("many")
    for index in range(3000):
        (root / f"{index:05d}.md").write_bytes(NEWS)
    return root


# -- exit status 2: the command cannot run, and says why in one line -----------------

@pytest.mark.parametrize(("args", "said"), [
    (("summary", "no/such/dir"), "no such file or directory: no/such/dir"),
    (("validate", "typo/*.md"), "nothing to load: typo/*.md matched no file"),
    (("summary", str(SEEDS), "--include", "*.nothing"),
     "matched no file (after --include/--exclude)"),
    (("summary", str(SEEDS), "--exclude", "*.txt"), "matched no file"),
    (("show", str(SEEDS)), "is a directory: show takes one file"),
    (("show", "no-such-file.md"), "no such file or directory: no-such-file.md"),
    (("export", str(SEEDS), "-o", "nodir/out.jsonl"),
     "cannot write nodir/out.jsonl: no such directory: nodir"),
    (("export", str(SEEDS), "-o", "/dev/full", "--to", "jsonl"),
     "/dev/full is not a regular file"),
    (("export", str(SEEDS), "-o", "out.xlsx"), "cannot tell the format of out.xlsx"),
    (("export", str(SEEDS), "-o", "-", "--to", "parquet"), "-o - writes JSON Lines only"),
    (("summary", "s3://bucket/corpus/"), "cannot read s3://bucket/corpus/: "),
])
def test_usage_and_environment_errors_exit_2(tmp_path: Path, args: tuple[str, ...],
                                             said: str) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert said in one_line(result)
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


def test_an_empty_directory_is_nothing_to_load(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("validate", str(tmp_path / "empty"))
    assert result.returncode == 2
    assert "nothing to load" in one_line(result)


def test_an_output_that_is_a_directory_or_exists(tmp_path: Path) -> None:
    (tmp_path / "out.jsonl").mkdir()
    result = run("export", str(SEEDS), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 2
    assert "is a directory" in one_line(result)
    existing = tmp_path / "old.jsonl"
    existing.write_text("old\n", encoding="utf-8")
    result = run("export", str(SEEDS), "-o", str(existing))
    assert result.returncode == 2
    assert "exists: use --force" in one_line(result)
    assert existing.read_text(encoding="utf-8") == "old\n"


def test_a_missing_extra_is_named_before_loading(tmp_path: Path) -> None:
    # An import of pyarrow (or fsspec) that fails, as it does where it is not installed.
    blocked = tmp_path / "blocked"
    for module in ("pyarrow", "fsspec"):
        (blocked / module).mkdir(parents=True)
        (blocked / module / "__init__.py").write_text(
            "raise ImportError('not installed here')\n", encoding="utf-8")
    environment = {"PYTHONPATH": str(blocked)}
    result = run("export", str(SEEDS), "-o", str(tmp_path / "out.parquet"), env=environment)
    assert result.returncode == 2
    assert "pip install 'seedcorpus[arrow]'" in one_line(result)
    result = run("summary", "memory://corpus/", env=environment)
    assert result.returncode == 2
    assert "seedcorpus[fsspec]" in one_line(result)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["blocked"]


def test_debug_adds_the_traceback() -> None:
    for result in (run("show", "nothere.md", "--debug"),
                   run("--debug", "show", "nothere.md"),
                   run("show", "nothere.md", env={"SEEDCORPUS_DEBUG": "1"})):
        assert result.returncode == 2
        assert result.stderr.startswith("Traceback (most recent call last):")
        assert result.stderr.endswith("seedcorpus: no such file or directory: nothere.md\n")
    assert "Traceback" not in run("show", "nothere.md", env={"SEEDCORPUS_DEBUG": "0"}).stderr


def test_an_internal_error_is_one_line_too(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: object) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(_cli, "_schema", broken)
    assert _cli.main(["schema"]) == 2
    assert capsys.readouterr().err == ("seedcorpus: internal error: ZeroDivisionError: a bug "
                                       "(please report it; --debug shows the traceback)\n")


# -- 0 and 1 -------------------------------------------------------------------------

def test_some_documents_failed_exits_1_on_every_loading_command(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_bytes(NEWS)
    (tmp_path / "bad.md").write_bytes(BAD)
    for args in (("summary",), ("validate",), ("export", "-o", str(tmp_path / "o.jsonl"))):
        result = run(*args[:1], str(tmp_path), *args[1:])
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert run("show", str(tmp_path / "bad.md")).returncode == 1
    assert run("show", str(tmp_path / "good.md")).returncode == 0


# -- standard output -----------------------------------------------------------------

def test_dash_writes_json_lines_to_standard_output(tmp_path: Path) -> None:
    result = run("export", str(SEEDS), "-o", "-", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == "wrote 3 documents to standard output (jsonl)\n"
    assert list(tmp_path.iterdir()) == []  # no file named '-'
    (tmp_path / "out.jsonl").write_text(result.stdout, encoding="utf-8")
    assert Corpus.from_jsonl(tmp_path / "out.jsonl") == load_corpus(SEEDS)


@pytest.mark.parametrize("command", ["summary", "validate", "export"])
def test_a_closed_pipe_ends_quietly_with_0(many: Path, tmp_path: Path, command: str) -> None:
    # `seedcorpus summary BIG | head -1`: the reader leaves after one line.
    args = {"summary": [str(many)], "validate": [str(many), "--format", "json"],
            "export": [str(many), "-o", "-"]}[command]
    if command == "validate":  # a problem per file, so that there is a lot to print
        args = [str(tmp_path)]
        for index in range(1500):
            (tmp_path / f"{index:05d}.md").write_bytes(BAD)
    process = subprocess.Popen([sys.executable, "-m", "seedcorpus", command, *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    status = process.wait(timeout=120)
    error = process.stderr.read().decode()
    process.stderr.close()
    assert status == 0
    assert "Traceback" not in error
    assert "Broken pipe" not in error


# -- interrupted: nothing half-written -----------------------------------------------

def _start_export(source: Path, output: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "seedcorpus", "export", str(source), "-o", str(output), "-q",
         *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True)


def _under_way(command: subprocess.Popen[str], directory: Path) -> None:
    """Wait until the export has opened its temporary file: it is loading."""
    deadline = time.monotonic() + 30
    while not any(path.name.endswith(".partial") for path in directory.iterdir()):
        assert command.poll() is None, "the export ended before it began"
        assert time.monotonic() < deadline
        time.sleep(0.002)


@pytest.mark.parametrize(("sent", "status", "said"), [
    (signal.SIGINT, 130, "seedcorpus: interrupted\n"),
    (signal.SIGTERM, 143, "seedcorpus: terminated\n"),
])
@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_an_interrupted_export_leaves_the_old_file(many: Path, tmp_path: Path, sent: int,
                                                   status: int, said: str,
                                                   suffix: str) -> None:
    output = tmp_path / f"out{suffix}"
    complete = tmp_path / f"complete{suffix}"
    assert run("export", str(many), "-o", str(complete), "-q").returncode == 0
    interrupted = finished = 0
    # From at once to past the end of the export: each delay half again the
    # last, so that how many exports run grows with the log of the machine's
    # slowness, not with it (a fixed step ran out of time on a slow machine).
    delay = 0.0
    while finished < 3:
        output.write_bytes(b"the old content\n")
        command = _start_export(many, output, "--force")
        _under_way(command, tmp_path)
        time.sleep(delay)
        os.killpg(command.pid, sent)  # as a terminal or a process manager sends it
        _, error = command.communicate(timeout=120)
        if output.read_bytes() != b"the old content\n":
            # The new file was in place before the signal came: whole. The
            # signal may still end the command, as it reports (status) or,
            # as Python shuts down and restores the default handlers, by the
            # signal itself (a shell sees 128 + N either way).
            assert command.returncode in (0, status, -sent), error
            if suffix == ".jsonl":
                assert output.read_bytes() == complete.read_bytes()
            else:
                assert pq.read_table(output) == pq.read_table(complete)
            finished += 1  # past the end of the export: the same delay, three times over
            continue
        interrupted += 1
        # Python restores the default handler as it exits, so a late signal
        # may end it by the signal itself: a shell shows 128 + N either way.
        assert command.returncode in (status, -sent)
        assert error == said
        assert output.read_bytes() == b"the old content\n"
        assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
            [complete.name, output.name])
        delay = max(0.01, delay * 1.5)
    assert interrupted >= 5


def test_a_killed_export_leaves_the_target_as_it_was(many: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_bytes(b"the old content\n")
    command = _start_export(many, output, "--force", "--workers", "1")
    _under_way(command, tmp_path)
    command.kill()  # no code runs: the temporary file stays, the target is untouched
    command.communicate(timeout=60)
    assert output.read_bytes() == b"the old content\n"
    left = [path.name for path in tmp_path.iterdir() if path != output]
    assert len(left) == 1
    assert left[0].startswith(".out.jsonl.")
    assert left[0].endswith(".partial")


def test_ctrl_c_while_loading_in_process(many: Path, tmp_path: Path) -> None:
    # Ctrl-C in a terminal reaches the command and its workers alike.
    output = tmp_path / "out.jsonl"
    command = _start_export(many, output, "--workers", "2")
    _under_way(command, tmp_path)
    time.sleep(0.3)
    os.killpg(command.pid, signal.SIGINT)
    _, error = command.communicate(timeout=60)
    if output.exists():  # it had finished: the file is whole, however it then ended
        assert command.returncode in (0, 130, -signal.SIGINT)
        assert len(Corpus.from_jsonl(output)) == 3000
    else:
        assert command.returncode in (130, -signal.SIGINT)
        assert error == "seedcorpus: interrupted\n"
        assert list(tmp_path.iterdir()) == []


# -- choosing files ------------------------------------------------------------------

def test_include_and_exclude_on_every_loading_command(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(NEWS)
    (tmp_path / "b.md").write_bytes(NEWS)
    (tmp_path / "SOURCES.md").write_text("# where the files came from\n", encoding="utf-8")
    (tmp_path / "README.txt").write_text("about\n", encoding="utf-8")
    assert run("validate", str(tmp_path)).returncode == 1  # the two notes fail
    assert run("validate", str(tmp_path), "--exclude", "SOURCES.*",
               "--exclude", "README*").returncode == 0
    assert run("validate", str(tmp_path), "--include", "?.md").returncode == 0
    summary = run("summary", str(tmp_path), "--include", "*.md", "--exclude", "SOURCES.md")
    assert summary.returncode == 0
    assert "2 documents (2 news, 0 wiki), 0 errors" in summary.stdout
    glob = run("validate", str(tmp_path / "*"), "--exclude", "[RS]*")
    assert glob.returncode == 0, glob.stdout
    out = tmp_path / "out.jsonl"
    assert run("export", str(tmp_path), "--exclude", "[RS]*", "-o", str(out)).returncode == 0
    assert len(Corpus.from_jsonl(out)) == 2


# -- names of any bytes --------------------------------------------------------------

@pytest.fixture
def odd_names(tmp_path: Path) -> Path:
    root = tmp_path / "odd"
    root.mkdir()
    os.makedirs(os.fsencode(root) + b"/sub\xff", exist_ok=True)
    for name in (b"caf\xe9.md", b"new\nline.md", b"tab\there.md", b"sub\xff/deep.md"):
        with open(os.fsencode(root) + b"/" + name, "wb") as file:
            file.write(NEWS)
    with open(os.fsencode(root) + b"/bad\x1b[31m.md", "wb") as file:
        file.write(BAD)
    return root


def test_the_command_line_escapes_names(odd_names: Path, tmp_path: Path) -> None:
    summary = run("summary", str(odd_names))
    assert summary.returncode == 1
    lines = summary.stdout.splitlines()
    assert len(lines) == 4 + 1 + 1 + 1  # the documents, a blank, the total, the error
    assert "\x1b" not in summary.stdout
    assert "bad\\x1b[31m.md:7:10: validate: quality:" in summary.stdout
    assert any("new\\nline" in line for line in lines)
    validate = run("validate", str(odd_names), "--format", "json")
    assert json.loads(validate.stdout)[0]["path"].endswith("bad\x1b[31m.md")
    for suffix in (".jsonl", ".parquet", ".csv"):
        output = tmp_path / f"out{suffix}"
        result = run("export", str(odd_names), "-o", str(output))
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
    names = sorted(os.fsdecode(os.path.basename(p))
                   for p in [os.fsencode(odd_names) + b"/caf\xe9.md"])
    back = Corpus.from_jsonl(tmp_path / "out.jsonl")
    assert any(document.source.path is not None and document.source.path.endswith(names[0])
               for document in back)
    assert Corpus.from_parquet(tmp_path / "out.parquet") == back


def test_every_export_keeps_every_name(odd_names: Path, tmp_path: Path) -> None:
    corpus = load_corpus(odd_names, on_error="skip")
    assert {Path(document.source.path or "").name for document in corpus} == {
        "caf\udce9.md", "new\nline.md", "tab\there.md", "deep.md"}
    assert corpus.to_jsonl(tmp_path / "c.jsonl") == 4
    assert Corpus.from_jsonl(tmp_path / "c.jsonl") == corpus
    assert corpus.to_parquet(tmp_path / "c.parquet") == 4
    assert Corpus.from_parquet(tmp_path / "c.parquet") == corpus
    assert pq.read_table(tmp_path / "c.parquet").num_rows == 4
    assert Corpus.from_arrow(corpus.to_arrow()) == corpus
    assert Corpus.from_pandas(corpus.to_pandas()) == corpus
    assert Corpus.from_records(json.loads(json.dumps(corpus.to_records()))) == corpus
    assert corpus.to_csv(tmp_path / "c.csv") == 4
    dataset = corpus.to_hf_dataset()
    assert sorted(Path(row["source"]["path"]).name for row in dataset) == sorted(
        ["caf\ufffdE9.md", "new\nline.md", "tab\there.md", "deep.md"])


# -- the help --------------------------------------------------------------------------

def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    for action in parser._actions:  # argparse keeps its subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


@pytest.mark.parametrize("command", ["summary", "validate", "show", "export", "schema"])
def test_every_command_has_examples_exit_status_and_help_on_every_option(
        command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert "examples:\n  seedcorpus " + command in result.stdout
    assert "exit status:\n  0 " in result.stdout
    for action in _subparsers()[command]._actions:
        assert action.help, f"{command}: {action.dest} has no help text"


def test_the_top_level_help() -> None:
    result = run("--help")
    assert "exit status:" in result.stdout
    assert "130  interrupted" in result.stdout
