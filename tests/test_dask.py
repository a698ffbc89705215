"""seedcorpus.dask on a real local cluster: two worker processes on loopback."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import dask
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from seedcorpus import CorpusError, ParseError, load_corpus
from seedcorpus.dask import read_corpus, split_errors, to_dataframe

from .conftest import DATA, SEEDS, real_news_files


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # The scheduler runs in this process. Its profiler (distributed starts it
    # on every Python but 3.11) is a thread that wakes every 10 ms, samples a
    # stack each second and outlives the cluster: every later test that forks
    # a worker would fork a process with a thread at work in it.
    with dask.config.set({"distributed.worker.profile.enabled": False}), \
            LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                         host="127.0.0.1", dashboard_address=None) as cluster, \
            Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask-corpus")
    for path in [*SEEDS.iterdir(), *DATA.iterdir(), *real_news_files()]:
        if path.suffix != ".json":
            shutil.copy(path, root / path.name)
    return root


def test_the_bag_holds_what_load_corpus_gives_in_the_same_order(
        client: Client, corpus_dir: Path) -> None:
    expected = load_corpus(corpus_dir, on_error="skip")
    bag = read_corpus(corpus_dir, on_error="skip", files_per_partition=7)
    assert bag.npartitions > 2
    assert bag.compute() == list(expected)


def test_errors_follow_on_error_across_partitions(client: Client, corpus_dir: Path) -> None:
    expected = load_corpus(corpus_dir, on_error="collect")
    documents, errors = split_errors(read_corpus(corpus_dir, on_error="collect",
                                                 files_per_partition=7))
    assert documents.compute() == list(expected)
    found = errors.compute()
    assert all(isinstance(error, ParseError) for error in found)
    assert [str(error) for error in found] == [str(error) for error in expected.errors]
    with pytest.raises(CorpusError):
        read_corpus(corpus_dir, files_per_partition=7).compute()


def test_the_dataframe_has_the_arrow_schema(client: Client, corpus_dir: Path) -> None:
    expected = load_corpus(corpus_dir, on_error="skip")
    frame = to_dataframe(read_corpus(corpus_dir, on_error="skip", files_per_partition=7))
    computed = frame.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(computed, expected.to_pandas())
    assert list(frame.dtypes) == list(expected.to_pandas().dtypes)


def test_empty_and_bad_arguments(tmp_path: Path) -> None:
    assert read_corpus(tmp_path).compute() == []
    with pytest.raises(ValueError, match="files_per_partition"):
        read_corpus(tmp_path, files_per_partition=0)
    with pytest.raises(ValueError, match="on_error"):
        read_corpus(tmp_path, on_error="ignore")  # type: ignore[arg-type]
