"""Deterministic, hive-partitioned Parquet: ``DIR/<table>/fiscal_year=N/part-0.parquet``.

Each (table, fiscal year) is one file, rewritten whole when any of its
documents change: read the old rows, drop those of replaced documents, add
the new ones, sort by the table's key, write to a temporary file and rename it
into place, so a reader never sees half a file. The same input rows give the
same bytes.
"""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import PARSER_VERSION
from pipeline.schema import PARTITION, SCHEMA_VERSION, SORT_KEYS, TABLES

PART_FILE = "part-0.parquet"
FILE_METADATA = {b"thaireports.schema_version": SCHEMA_VERSION.encode(),
                 b"thaireports.parser_version": PARSER_VERSION.encode()}


def partition_path(out: Path, table: str, fiscal_year: int) -> Path:
    return out / table / f"{PARTITION}={fiscal_year}" / PART_FILE


def existing_years(out: Path, table: str = "documents") -> list[int]:
    root = out / table
    if not root.is_dir():
        return []
    years = []
    for child in root.iterdir():
        name, _, value = child.name.partition("=")
        if name == PARTITION and value.lstrip("-").isdigit():
            years.append(int(value))
    return sorted(years)


def read_partition(out: Path, table: str, fiscal_year: int) -> pa.Table:
    path = partition_path(out, table, fiscal_year)
    if not path.exists():
        return TABLES[table].empty_table()
    return pq.read_table(path, schema=TABLES[table])


def to_table(table: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=TABLES[table])


def write_partition(out: Path, table: str, fiscal_year: int, data: pa.Table) -> None:
    data = _sorted(table, data).replace_schema_metadata(FILE_METADATA)
    path = partition_path(out, table, fiscal_year)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(data, temporary, compression="zstd", write_statistics=True)
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _sorted(table: str, data: pa.Table) -> pa.Table:
    if data.num_rows < 2:
        return data
    indices = pc.sort_indices(data, sort_keys=[(key, "ascending") for key in SORT_KEYS[table]])
    return data.take(indices)


def merge_partition(out: Path, table: str, fiscal_year: int, drop_ids: set[str], new_rows: list[dict]) -> None:
    """Replace the rows of `drop_ids` in one partition by `new_rows`."""
    old = read_partition(out, table, fiscal_year)
    if drop_ids and old.num_rows:
        keep = pc.invert(pc.is_in(old["doc_id"], value_set=pa.array(sorted(drop_ids), pa.string())))
        old = old.filter(keep)
    merged = pa.concat_tables([old, to_table(table, new_rows)]) if new_rows else old
    write_partition(out, table, fiscal_year, merged)


def documents_by_path(out: Path) -> dict[str, tuple[str, int]]:
    """source_path -> (doc_id, fiscal_year) of what is written now."""
    found: dict[str, tuple[str, int]] = {}
    for year in existing_years(out):
        docs = read_partition(out, "documents", year).select(["doc_id", "source_path"]).to_pylist()
        for row in docs:
            found[row["source_path"]] = (row["doc_id"], year)
    return found


def replace_documents(out: Path, rows_by_year: dict[int, dict[str, list[dict]]],
                      drop: Iterable[tuple[str, int]]) -> None:
    """Write new rows per fiscal year and drop the (doc_id, fiscal_year) pairs given."""
    drops: dict[int, set[str]] = defaultdict(set)
    for doc_id, year in drop:
        drops[year].add(doc_id)
    for year in sorted(set(rows_by_year) | set(drops)):
        new = rows_by_year.get(year, {})
        for table in TABLES:
            merge_partition(out, table, year, drops.get(year, set()), new.get(table, []))
