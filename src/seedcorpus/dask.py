"""Read a corpus with Dask: a ``dask.bag.Bag`` of documents, partitioned by files.

Needs the optional extra ``seedcorpus[dask]``:

```python
from seedcorpus.dask import read_corpus, to_dataframe

bag = read_corpus("s3://bucket/corpus/", files_per_partition=500)
articles = bag.filter(lambda doc: doc.kind == "news")
frame = to_dataframe(bag)          # the schema of Corpus.to_arrow()
```

The files are listed where ``read_corpus`` is called and read by the workers
(archive members are the exception: they are read while listing, since an
archive is read in one pass). Documents come out in the order
`seedcorpus.load_corpus` gives them. ``on_error`` works per partition:
``"skip"`` drops failures, ``"collect"`` leaves them in the bag as
`ParseError` objects (see `split_errors`), and
``"raise"`` makes computing a partition with failures raise a
`CorpusError` listing that partition's failures.
"""

from __future__ import annotations

from typing import Any

from ._corpus import Corpus, CorpusError
from ._document import RepairOption, resolve_repair
from ._errors import ParseError
from ._limits import Limits
from ._load import OnError, check_on_error
from ._load.one import load_one
from ._models import Document
from ._optional import require
from ._repair import RepairConfig
from ._sources import Item, Source, iter_paths
from ._sources.names import Globs, name_filter

__all__ = ["read_corpus", "split_errors", "to_dataframe"]


def read_corpus(urlpath: Source, *, pattern: Globs = None, exclude: Globs = None,
                on_error: OnError = "raise",
                repair: RepairOption = True, limits: Limits | None = None,
                files_per_partition: int = 256) -> Any:
    """A ``dask.bag.Bag`` of the documents of ``urlpath``.

    ``urlpath`` is anything `seedcorpus.load_corpus` accepts: a directory,
    a file, a glob, an archive, an fsspec URL, or a list of them.
    """
    bag_module = require("dask.bag", "dask", "seedcorpus.dask")
    check_on_error(on_error)
    if files_per_partition < 1:
        raise ValueError("files_per_partition must be at least 1")
    limits = limits or Limits()
    items = list(iter_paths(urlpath, name_filter(pattern, exclude), limits))
    if not items:
        return bag_module.from_sequence([], npartitions=1)
    return bag_module.from_sequence(items, partition_size=files_per_partition).map_partitions(
        _load_partition, resolve_repair(repair), limits, on_error)


def _load_partition(items: list[Item], repair: RepairConfig | None, limits: Limits,
                    on_error: OnError) -> list[Document | ParseError]:
    results = [load_one(item, repair, limits) for item in items]
    errors = [result for result in results if isinstance(result, ParseError)]
    if errors and on_error == "raise":
        raise CorpusError(errors)
    if on_error == "skip":
        return [result for result in results if not isinstance(result, ParseError)]
    return results


def split_errors(bag: Any) -> tuple[Any, Any]:
    """``(documents, errors)``: two bags from one read with ``on_error="collect"``."""
    return (bag.filter(lambda item: not isinstance(item, ParseError)),
            bag.filter(lambda item: isinstance(item, ParseError)))


def to_dataframe(bag: Any) -> Any:
    """A Dask DataFrame of the documents in ``bag``, with the columns and types of
    `seedcorpus.Corpus.to_pandas` (parse errors in the bag are left out)."""
    dataframe = require("dask.dataframe", "dask", "seedcorpus.dask.to_dataframe")
    dask = require("dask", "dask", "seedcorpus.dask.to_dataframe")
    meta = Corpus().to_pandas()
    parts = [dask.delayed(_partition_frame)(part) for part in bag.to_delayed()]
    # Dask turns every object column into strings by default, which would
    # replace the nested values (dicts, lists) by their str(). Its setting is
    # read once, while the frame is built: off for that call only.
    with dask.config.set({"dataframe.convert-string": False}):
        return dataframe.from_delayed(parts, meta=meta)


def _partition_frame(items: list[Document | ParseError]) -> Any:
    return Corpus([item for item in items if not isinstance(item, ParseError)]).to_pandas()
