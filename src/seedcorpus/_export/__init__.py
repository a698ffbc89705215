"""Documents as records, JSON Lines, Parquet, CSV, Arrow, pandas and Hugging
Face datasets, and back: every export from one schema, written whole or not
at all."""

from __future__ import annotations

from .files import (
    FORMATS,
    WRITERS,
    Writer,
    atomic_file,
    write,
    write_csv,
    write_jsonl,
    write_parquet,
)
from .records import from_json, from_record, from_records, json_schema, to_record
from .tables import (
    arrow_schema,
    columns,
    from_arrow,
    from_pandas,
    to_arrow,
    to_hf_dataset,
    to_pandas,
)

__all__ = ["FORMATS", "WRITERS", "Writer", "arrow_schema", "atomic_file", "columns", "from_arrow",
           "from_json", "from_pandas", "from_record", "from_records", "json_schema",
           "to_arrow", "to_hf_dataset", "to_pandas", "to_record", "write", "write_csv",
           "write_jsonl", "write_parquet"]
