"""The seedcorpus command, run as a user runs it: in a subprocess."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

import seedcorpus
from seedcorpus._cli import main

from .conftest import DATA


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
    assert "news  good             2021-03-08  Minimal article" in result.stdout
    assert "1 document (1 news, 0 wiki), 1 error" in result.stdout
    assert f"{tmp_path / 'bad.md'}:7:10: validate: quality:" in result.stdout


def test_missing_path_exits_2(tmp_path: Path) -> None:
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
    assert "news  a-very-long-fil… 2021-03-08  Minimal article" in out
    assert "broken.md:1:1: detect:" in out


def test_python_dash_m_runs_main() -> None:
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("seedcorpus", run_name="__main__", alter_sys=True)
    assert exited.value.code == 2  # no command given: a usage error
