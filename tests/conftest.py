from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DATA = REPO / "tests" / "data"
GOLDEN = REPO / "tests" / "golden"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
SHARED_NEWS = SHARED_CORPUS / "news"
SHARED_DIABLO4 = SHARED_CORPUS / "news-diablo4"
REAL_CORPORA = ("news", "news-diablo4")
"""The real news corpora beside the project: one site (71 files), and another
site's files of 2016-2023 (502, HEAD and older versions from its history)."""

settings.register_profile("ci", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
# HYPOTHESIS_PROFILE=thorough for a long local run; CI=true (set by CI) for more
# examples than the quick default.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI") else "dev"))


def real_news_files(*corpora: str) -> list[Path]:
    """The real news files of ``corpora`` (by default both) beside the project.

    SOURCES.md and SOURCES.tsv describe them; they are not news files.
    """
    files: list[Path] = []
    for corpus in corpora or REAL_CORPORA:
        directory = SHARED_CORPUS / corpus
        if directory.is_dir():
            files += sorted(path for path in directory.iterdir()
                            if not path.name.startswith("SOURCES."))
    return files


needs_shared = pytest.mark.skipif(
    not all((SHARED_CORPUS / corpus).is_dir() for corpus in REAL_CORPORA),
    reason="../shared/corpus/news and news-diablo4 are not beside the project")
