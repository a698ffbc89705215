"""Loading in several processes gives the same corpus, in the same order, with the same errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seedcorpus import CorpusError, load_corpus
from seedcorpus._corpus import FILES_PER_WORKER, default_workers

from .conftest import DATA, SEEDS, real_news_files


def _mixed_directory(root: Path) -> Path:
    for path in [*SEEDS.iterdir(), *DATA.iterdir(), *real_news_files()]:
        if path.suffix != ".json":
            shutil.copy(path, root / path.name)
    return root


def test_workers_give_the_same_documents_and_errors_in_the_same_order(tmp_path: Path) -> None:
    root = _mixed_directory(tmp_path)
    one = load_corpus(root, on_error="collect", workers=1)
    two = load_corpus(root, on_error="collect", workers=2)
    assert len(one) > 10
    assert len(one.errors) > 10
    assert list(two) == list(one)
    assert [str(error) for error in two.errors] == [str(error) for error in one.errors]


def test_workers_raise_and_skip_like_one_process(tmp_path: Path) -> None:
    root = _mixed_directory(tmp_path)
    with pytest.raises(CorpusError) as caught:
        load_corpus(root, workers=2)
    assert caught.value.corpus is not None
    assert list(caught.value.corpus) == list(load_corpus(root, on_error="skip", workers=1))
    skipped = load_corpus(root, on_error="skip", workers=2)
    assert skipped.errors == ()


def test_default_workers() -> None:
    assert default_workers(0) == 1
    assert default_workers(FILES_PER_WORKER - 1) == 1
    assert 1 <= default_workers(100 * FILES_PER_WORKER) <= 1024
    with pytest.raises(ValueError, match="workers must be at least 1"):
        load_corpus(workers=0)
