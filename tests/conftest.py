from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DATA = REPO / "tests" / "data"
GOLDEN = REPO / "tests" / "golden"
SHARED_NEWS = REPO.parent / "shared" / "corpus" / "news"

settings.register_profile("ci", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
# HYPOTHESIS_PROFILE=thorough for a long local run; CI=true (set by CI) for more
# examples than the quick default.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI") else "dev"))


def real_news_files() -> list[Path]:
    """The real news files beside the project (SOURCES.md describes them, it is not one)."""
    if not SHARED_NEWS.is_dir():
        return []
    return sorted(path for path in SHARED_NEWS.iterdir() if path.name != "SOURCES.md")


needs_shared = pytest.mark.skipif(not SHARED_NEWS.is_dir(),
                                  reason="../shared/corpus/news is not beside the project")
