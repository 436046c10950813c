"""Deterministic Parquet, one folder per table and fiscal year: ``DIR/<table>/N/part-<b>.parquet``.

Every file holds its fiscal year as an int32 column (`stored_schema`), and
the folder is named by the bare year, not ``fiscal_year=N``: a hive folder
name would reach plain `pd.read_parquet` as a category column. Any reader
(pandas, pyarrow, DuckDB, polars, with or without hive partitioning) then
gets `fiscal_year` as an integer from the files themselves.

Every document's rows live in one fixed file per table and fiscal year: its
bucket ``b`` comes from the first hex digit of its doc_id, so there are at
most `BUCKETS` files per table and year. Because a document can only ever be
in that one file, replacing the file (temporary file, fsync, rename) moves the
dataset from one consistent state to the next: a reader sees the old rows or
the new ones, never both and never half a file. Rows are sorted by the
table's key and written with fixed settings, so the same documents give the
same bytes whatever order, chunking or crashes produced them.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, islice
from operator import le
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import PARSER_VERSION
from pipeline.store.schema import FISCAL_YEAR, SCHEMA_VERSION, SORT_KEYS, TABLES

# A few files per table and year: enough to keep each rewrite small in an
# archive of tens of thousands of reports, few enough for small datasets.
BUCKETS = 4
# Part files up to this many rows are checked for rows already in order before sorting.
IN_ORDER_CHECK_ROWS = 5_000
IN_ORDER_HEAD = 64
LAYOUT = f"year-folders-doc_id-buckets-{BUCKETS}"
FILE_METADATA = {
    b"thaireports.schema_version": SCHEMA_VERSION.encode(),
    b"thaireports.parser_version": PARSER_VERSION.encode(),
    b"thaireports.layout": LAYOUT.encode(),
}
CHILD_TABLES = tuple(name for name in TABLES if name != "documents")

Slot = tuple[int, int]  # (fiscal_year, bucket)


def bucket_of(doc_id: str) -> int:
    return int(doc_id[0], 16) * BUCKETS // 16


def slot_of(doc_id: str, fiscal_year: int) -> Slot:
    return fiscal_year, bucket_of(doc_id)


def part_path(out: Path, table: str, slot: Slot) -> Path:
    year, bucket = slot
    return out / table / str(year) / f"part-{bucket}.parquet"


def year_folders(out: Path, table: str) -> list[Path]:
    """The fiscal-year folders of one table."""
    root = out / table
    if not root.is_dir():
        return []
    return sorted(child for child in root.iterdir() if child.name.isdigit() and child.is_dir())


def existing_years(out: Path, table: str = "documents") -> list[int]:
    return sorted(int(folder.name) for folder in year_folders(out, table))


class ForeignPartError(Exception):
    """A file at a part file's path that is not a part file of this table."""


def read_part(out: Path, table: str, slot: Slot) -> pa.Table:
    path = part_path(out, table, slot)
    if not path.exists():
        return pa.Table.from_batches([], TABLES[table])  # not `empty_table()`, which imports pandas
    try:
        return pq.ParquetFile(path).read(columns=TABLES[table].names).cast(TABLES[table])
    except (pa.ArrowException, OSError, ValueError) as err:
        raise ForeignPartError(
            f"{path} is not a {table} part file thaireports can read ({type(err).__name__}: {err}); "
            "move it out of the output folder, or convert into a new folder"
        ) from err


@dataclass(frozen=True)
class StagedPart:
    """A part file written under a temporary name (None: the part is to go), not yet in place."""

    path: Path
    temporary: Path | None

    def commit(self) -> Path:
        """Put the file in place: flushed to disk first, so a crash leaves the old file or the new one."""
        if self.temporary is None:
            self.path.unlink(missing_ok=True)
            return self.path
        with open(self.temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(self.temporary, self.path)
        return self.path


def stage_part(out: Path, table: str, slot: Slot, data: pa.Table) -> StagedPart:
    """Write one part file's new content (rows in key order) under a temporary name;
    `StagedPart.commit` puts it in place (for an empty table: removes the file). Apart, so
    that the disk's wait (fsync) can overlap the next file's ordering and compression.
    """
    path = part_path(out, table, slot)
    if data.num_rows == 0:
        return StagedPart(path, None)
    data = with_fiscal_year(data, slot[0]).replace_schema_metadata(FILE_METADATA)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(data, temporary, compression="zstd", write_statistics=True)
    return StagedPart(path, temporary)


def with_fiscal_year(data: pa.Table, year: int) -> pa.Table:
    """The rows of one part file with their `fiscal_year` column (the file's year) appended."""
    column = pa.Array.from_buffers(pa.int32(), data.num_rows, [None, _int32_buffer([year] * data.num_rows)])
    return data.append_column(FISCAL_YEAR, column)


def remove_empty_partitions(out: Path) -> None:
    """Drop year folders whose last file went; not done per file, where a
    parallel writer of the same year could find its folder gone."""
    for table in TABLES:
        for folder in year_folders(out, table):
            try:
                folder.rmdir()  # only succeeds when empty
            except OSError:
                pass


def sort_rows(table: str, data: pa.Table) -> pa.Table:
    keys = SORT_KEYS[table]
    if data.num_rows < 2 or _in_key_order(data, keys):
        return data
    # pyarrow.compute takes 25-50 ms to import (a tenth of an unchanged re-run, which never
    # rewrites a part file, and of a one-report run): imported where rows need sorting, as here.
    import pyarrow.compute as pc

    indices = pc.sort_indices(data, sort_keys=[(key, "ascending") for key in keys])
    return data.take(indices)


def _in_key_order(data: pa.Table, keys: Sequence[str]) -> bool:
    """Are a small table's rows already in key order (where the stable sort would leave them)?

    A report's rows are built in key order, so a part file of one report, or of a
    few, needs no sort; the rows of many, staged as their files finished, are
    seldom in order even at the start, which is looked at first. The key columns
    hold no nulls, and Python orders strings by code point as Arrow orders their
    UTF-8 bytes.
    """
    if data.num_rows > IN_ORDER_CHECK_ROWS:
        return False
    return _ordered(data.slice(0, IN_ORDER_HEAD), keys) and _ordered(data, keys)


def _ordered(data: pa.Table, keys: Sequence[str]) -> bool:
    rows = list(zip(*(data.column(key).to_pylist() for key in keys)))
    return all(map(le, rows, islice(rows, 1, None)))


def rewrite_part(
    out: Path,
    table: str,
    slot: Slot,
    drop: Collection[str],
    new: Sequence[pa.Table] = (),
    paths: Mapping[str, list[str]] | None = None,
) -> StagedPart:
    """One part file minus the rows of `drop`, plus `new` (staged rows: each record batch one
    document's, in key order), staged; documents get their `paths`."""
    old = read_part(out, table, slot)
    if drop and old.num_rows:
        import pyarrow.compute as pc  # see `sort_rows`

        value_set = string_array(sorted(drop))
        old = old.filter(pc.invert(pc.is_in(old["doc_id"], value_set=value_set)))
    schema = TABLES[table]
    new = [t if t.schema == schema else t.cast(schema) for t in new]
    merged = documents_in_order(new, schema) if new and not old.num_rows else None
    if merged is None:
        merged = sort_rows(table, pa.concat_tables([old, *new]))
    if table == "documents" and paths is not None:
        merged = with_paths(merged, paths)
    return stage_part(out, table, slot, merged)


def documents_in_order(staged: Sequence[pa.Table], schema: pa.Schema) -> pa.Table | None:
    """Staged rows in key order, put there by moving whole documents; None when they cannot be.

    Each record batch a worker staged holds one document's rows, already in key
    order (`wire.encode_documents`), so batches in doc_id order are rows in key
    order, without a sort of every row by every key (docs/speed.md). A batch of
    more than one document, or a document in more than one batch, is left to
    the sort.
    """
    batches = [batch for table in staged for batch in table.to_batches() if batch.num_rows]
    ends = _first_and_last_ids(batches, schema.get_field_index("doc_id"))
    firsts = [first for first, _ in ends]
    if len(set(firsts)) < len(firsts) or any(first != last for first, last in ends):
        return None
    order = sorted(range(len(batches)), key=firsts.__getitem__)
    # One contiguous table, as a sort leaves it: the same bytes whichever way the rows came.
    return pa.Table.from_batches([batches[n] for n in order], schema).combine_chunks()


def _first_and_last_ids(batches: Sequence[pa.RecordBatch], column: int) -> list[tuple[bytes, bytes]]:
    """Each batch's first and last doc_id as UTF-8 bytes (which order as the strings do), cut
    from the joined column's buffers: a Python scalar per batch costs two and a half times as much."""
    if not batches:
        return []
    ids = pa.concat_arrays([batch.column(column) for batch in batches])
    _, offset_buffer, data_buffer = ids.buffers()
    offsets = memoryview(offset_buffer).cast("i")[ids.offset : ids.offset + len(ids) + 1]
    text = data_buffer.to_pybytes() if data_buffer is not None else b""
    ends = []
    row = 0
    for batch in batches:
        last = row + batch.num_rows - 1
        ends.append((text[offsets[row] : offsets[row + 1]], text[offsets[last] : offsets[last + 1]]))
        row = last + 1
    return ends


def with_paths(documents: pa.Table, paths: Mapping[str, list[str]]) -> pa.Table:
    """Set source_path (first of the sorted paths) and source_paths from `paths`."""
    if documents.num_rows == 0:
        return documents
    ids = documents["doc_id"].to_pylist()
    current = documents["source_path"].to_pylist()
    lists = [paths.get(doc_id) or [path] for doc_id, path in zip(ids, current)]
    schema = documents.schema
    documents = documents.set_column(
        schema.get_field_index("source_path"), schema.field("source_path"), string_array([found[0] for found in lists])
    )
    return documents.set_column(
        schema.get_field_index("source_paths"), schema.field("source_paths"), string_list_array(lists)
    )


def string_array(values: Sequence[str]) -> pa.Array:
    """`pa.array(values, pa.string())` built from buffers.

    Any conversion of Python objects (`pa.array`, `from_pylist`) makes pyarrow
    import pandas, 0.15 s of the single writer's time that no other step needs
    (see `rows_table` in `pipeline.batch.manifest`); buffers give the same array.
    """
    encoded = [value.encode("utf-8") for value in values]
    offsets = _int32_buffer(accumulate(map(len, encoded), initial=0))
    return pa.Array.from_buffers(pa.string(), len(encoded), [None, offsets, pa.py_buffer(b"".join(encoded))])


def string_list_array(lists: Sequence[Sequence[str]]) -> pa.Array:
    """`pa.array(lists, pa.list_(pa.string()))` built from buffers, as `string_array`."""
    values = string_array([value for found in lists for value in found])
    offsets = _int32_buffer(accumulate(map(len, lists), initial=0))
    return pa.Array.from_buffers(pa.list_(pa.string()), len(lists), [None, offsets], children=[values])


def _int32_buffer(values: Iterable[int]) -> pa.Buffer:
    numbers = array("i", values)
    assert numbers.itemsize == 4, "Arrow offsets are 32-bit"
    return pa.py_buffer(numbers)


def remove_temporaries(out: Path) -> int:
    """Delete temporary files a killed writer left beside the part files."""
    removed = 0
    for table in TABLES:
        root = out / table
        if not root.is_dir():
            continue
        for path in root.glob("*/.*.tmp"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


README = "README.txt"
README_TEXT = """\
This folder holds the tables written by `thaireports convert`, one folder each:
documents, measures, activities, actions, outputs, quantities, outcomes, budgets,
warnings.
Read one table folder at a time, never this whole folder (its tables have
different columns):

    pandas.read_parquet("parsed/measures")
    duckdb: select * from read_parquet('parsed/measures/**/*.parquet')
    polars.read_parquet("parsed/measures/**/*.parquet")

or all of them, joined and filtered, with `from pipeline import load`.
Every table has `fiscal_year` (Buddhist era, an integer) in its files; the
folders under each table are named by that year. `_manifest.parquet` lists
every input file and what happened to it (`thaireports status`).
Columns and their meaning: `thaireports schema`; Excel: `thaireports export`.

โฟลเดอร์นี้เก็บตารางที่ได้จาก thaireports convert ตารางละหนึ่งโฟลเดอร์
ให้อ่านทีละโฟลเดอร์ตาราง (เช่น parsed/measures) ไม่ใช่ทั้งโฟลเดอร์นี้
เปิดใน Excel ได้ด้วยคำสั่ง thaireports export parsed --xlsx report.xlsx
"""


def write_readme(out: Path) -> Path:
    """The folder's README.txt. Besides telling people how to read the folder, it makes
    `pd.read_parquet` of the whole folder fail, naming this file, instead of silently
    returning the rows of every table under one table's columns."""
    path = out / README
    if not path.exists() or path.read_text(encoding="utf-8") != README_TEXT:
        path.write_text(README_TEXT, encoding="utf-8")
    return path
