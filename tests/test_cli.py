"""The seedcorpus command, run as a user runs it: in a subprocess."""

from __future__ import annotations

import gc
import json
import os
import pty
import runpy
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import seedcorpus
from seedcorpus import Corpus, arrow_schema, json_schema, load_corpus
from seedcorpus._cli import PROGRESS_AFTER, main

from .conftest import DATA, SEEDS, SHARED_NEWS, needs_shared, real_news_files


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "seedcorpus", *args], capture_output=True,
                          text=True, env=env, timeout=60, check=False)


def test_summary_of_the_bundled_seeds() -> None:
    result = run("summary")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("news  b494c12b6cc522b8 2021-04-14  The EU is considering")
    assert lines[0].endswith("…")
    assert len(lines[0]) == 100
    assert lines[2] == ("wiki  8fd1721e0a86d0cc 2026-04-07  "
                        "over 200 million AI-powered surveillance cameras")
    assert lines[-1] == "3 documents (2 news, 1 wiki), 0 errors"


def test_summary_of_a_path_with_errors_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_bytes((DATA / "news_minimal.md").read_bytes())
    (tmp_path / "bad.md").write_bytes((DATA / "err_news_quality_eighty.md").read_bytes())
    result = run("summary", str(tmp_path))
    assert result.returncode == 1
    assert "news  good 2021-03-08  Minimal article" in result.stdout
    assert "1 document (1 news, 0 wiki), 1 error" in result.stdout
    assert f"{tmp_path / 'bad.md'}:7:10: validate: quality:" in result.stdout


def test_missing_path_exits_2(tmp_path: Path) -> None:
    url = run("summary", "memory://seedcorpus-nothing/here.md")
    assert (url.returncode, url.stderr) == (
        2, "seedcorpus: no such file or directory: memory://seedcorpus-nothing/here.md\n")
    result = run("summary", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert result.stderr == f"seedcorpus: no such file or directory: {tmp_path / 'missing'}\n"


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"seedcorpus {seedcorpus.__version__}"
    help_text = run("--help").stdout
    assert "examples:" in help_text
    assert "exit status" in help_text
    assert run().returncode == 2  # a command is required


def test_console_script_entry_point_is_installed() -> None:
    script = Path(sys.executable).parent / "seedcorpus"
    result = subprocess.run([str(script), "summary"], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0
    assert "3 documents" in result.stdout


def test_main_in_process(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # The same command, run in this process so that coverage sees it.
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("\n3 documents (2 news, 1 wiki), 0 errors\n")
    assert main(["summary", str(tmp_path / "missing")]) == 2
    assert "no such file or directory" in capsys.readouterr().err
    long_name = tmp_path / "a-very-long-file-name-without-an-id.md"
    long_name.write_bytes((DATA / "news_minimal.md").read_bytes())
    (tmp_path / "broken.md").write_bytes(b"")
    assert main(["summary", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    # Ids longer than 32 characters are cut in the middle; the column is as
    # wide as the longest id, up to that.
    assert "news  a-very-long-file…e-without-an-id 2021-03-08  Minimal article" in out
    assert "broken.md:1:1: detect:" in out


def test_summary_ids_that_share_a_long_prefix_stay_apart(tmp_path: Path) -> None:
    """Real ids are file names: a corpus's documents share their first characters."""
    text = (DATA / "news_minimal.md").read_bytes()
    for name in ("diablo4__2019-11-01-diablo-4-announce-cinematic.md",
                 "diablo4__2019-11-01-diablo-4-announcement-reaction.md", "short.md"):
        (tmp_path / name).write_bytes(text)
    result = run("summary", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "news  diablo4__2019-11…ounce-cinematic 2021-03-08  Minimal article",
        "news  diablo4__2019-11…cement-reaction 2021-03-08  Minimal article",
        "news  short" + " " * 28 + "2021-03-08  Minimal article",
    ]


def test_python_dash_m_runs_main() -> None:
    try:
        with pytest.raises(SystemExit) as exited:
            runpy.run_module("seedcorpus", run_name="__main__", alter_sys=True)
        # The command, an application, pauses the collector for its short life.
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert exited.value.code == 2  # no command given: a usage error


def test_main_leaves_the_collector_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert gc.isenabled()
    assert main(["summary"]) == 0
    assert gc.isenabled()


def test_validate_prints_every_problem_like_a_compiler(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_bytes((DATA / "news_minimal.md").read_bytes())
    (tmp_path / "bad.md").write_bytes((DATA / "err_news_quality_eighty.md").read_bytes())
    (tmp_path / "worse.txt").write_bytes(b"")
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'bad.md'}:7:10: validate: quality: Input should be a valid integer, "
        "unable to parse string as an integer",
        f"{tmp_path / 'worse.txt'}:1:1: detect: not a known format: none of news "
        "(front matter opened by '---' on line 1), wiki "
        "('Skip to content' ... 'Resource ID: ...')"]
    assert result.stderr == ""
    as_json = run("validate", str(tmp_path), "--format", "json")
    assert as_json.returncode == 1
    problems = json.loads(as_json.stdout)
    assert problems[0] == {"path": str(tmp_path / "bad.md"), "line": 7, "column": 10,
                           "stage": "validate", "field": "quality",
                           "message": "Input should be a valid integer, unable to parse "
                                      "string as an integer"}
    clean = run("validate", str(SEEDS))
    assert (clean.returncode, clean.stdout) == (0, "")
    assert json.loads(run("validate", str(SEEDS), "--format", "json").stdout) == []


def test_show_prints_one_document_as_json() -> None:
    result = run("show", str(SEEDS / "004_8fd1721e0a86d0cc.txt"))
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["kind"] == "wiki"
    assert document["importance"] == 28
    assert result.stdout.startswith('{\n  "kind": "wiki"')
    bad = run("show", str(DATA / "err_news_quality_eighty.md"))
    assert bad.returncode == 1
    assert "validate: quality:" in bad.stderr
    assert run("show", "/no/such/file").returncode == 2


def test_export_infers_the_format_and_refuses_to_overwrite(tmp_path: Path) -> None:
    jsonl = tmp_path / "out.jsonl"
    result = run("export", str(SEEDS), "-o", str(jsonl))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote 3 documents to {jsonl} (jsonl)\n"
    assert [doc.title for doc in Corpus.from_jsonl(jsonl)] == [
        doc.title for doc in load_corpus()]
    again = run("export", str(SEEDS), "-o", str(jsonl))
    assert again.returncode == 2
    assert "exists: use --force" in again.stderr
    assert run("export", str(SEEDS), "-o", str(jsonl), "--force").returncode == 0
    parquet = tmp_path / "out.parquet"
    assert run("export", str(SEEDS), "-o", str(parquet)).returncode == 0
    assert pq.read_table(parquet).schema == arrow_schema()
    csv_out = tmp_path / "table.data"
    assert run("export", str(SEEDS), "-o", str(csv_out), "--to", "csv").returncode == 0
    assert csv_out.read_text(encoding="utf-8").startswith("kind,source,")
    unknown = run("export", str(SEEDS), "-o", str(tmp_path / "out.xlsx"))
    assert unknown.returncode == 2
    assert "use --to csv, jsonl, parquet" in unknown.stderr


def test_export_with_errors_writes_the_good_documents_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.md").write_bytes((DATA / "news_minimal.md").read_bytes())
    (tmp_path / "in" / "bad.md").write_bytes(b"")
    result = run("export", str(tmp_path / "in"), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 1
    assert result.stdout.endswith("(jsonl), 1 error\n")
    assert "bad.md:1:1: detect:" in result.stderr


def test_schema() -> None:
    news = json.loads(run("schema", "news").stdout)
    assert news == json_schema("news")
    assert json.loads(run("schema").stdout) == json_schema()


def test_progress_bar_only_on_a_terminal_and_not_when_quiet(tmp_path: Path) -> None:
    for index in range(PROGRESS_AFTER + 1):
        (tmp_path / f"{index:04d}.md").write_bytes((DATA / "news_minimal.md").read_bytes())
    piped = run("summary", str(tmp_path))
    assert "loading [" not in piped.stderr
    assert "loading [" in _in_a_terminal("summary", str(tmp_path))
    assert "loading [" not in _in_a_terminal("summary", "--quiet", str(tmp_path))


def _in_a_terminal(*args: str) -> str:
    """Run the command with stderr on a pseudo-terminal; return what it wrote there."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "seedcorpus", *args],
                               stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the other side closed: the command has finished
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(controller)
    return output.decode("utf-8", "replace")


@needs_shared
def test_every_command_on_the_real_news_corpus(tmp_path: Path) -> None:
    news = str(SHARED_NEWS / "[0-9]*.md")  # the articles, not SOURCES.md
    count = len(real_news_files("news"))
    assert run("validate", news).returncode == 0
    summary = run("summary", news)
    assert summary.returncode == 0
    assert summary.stdout.endswith(f"\n{count} documents ({count} news, 0 wiki), 0 errors\n")
    assert json.loads(run("show", str(real_news_files()[0])).stdout)["kind"] == "news"
    for suffix in (".jsonl", ".parquet", ".csv"):
        result = run("export", news, "-o", str(tmp_path / f"out{suffix}"))
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"wrote {count} documents")
    assert pq.read_table(tmp_path / "out.parquet").num_rows == count


@pytest.mark.parametrize(("given", "said"), [("0", "must be at least 1: 0"),
                                             ("two", "not a number nor 'auto': 'two'")])
def test_workers_must_be_a_positive_number_or_auto(given: str, said: str) -> None:
    result = run("summary", "--workers", given)
    assert result.returncode == 2
    assert result.stderr.endswith(f"argument --workers: {said}\n")


@pytest.mark.parametrize("workers", ["1", "2", "auto"])
def test_workers_on_the_command_line(workers: str) -> None:
    result = run("summary", str(SEEDS), "--workers", workers)
    assert result.returncode == 0, result.stderr
    assert "3 documents (2 news, 1 wiki), 0 errors" in result.stdout
