"""The Parquet contract: loads in pandas, pyarrow, DuckDB and polars; deterministic; replaceable."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from conftest import RAW
from pipeline.batch.convert import convert_paths
from pipeline.store.schema import PARTITION, TABLES


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("parsed")
    assert not convert_paths([RAW], out).failed
    return out


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.parquet"))
        if not p.name.startswith("_")
    }


# The sample reports give no budget per year, so `budgets` gets no rows from them
# (tests/test_layouts.py converts one that does).
WRITTEN = [table for table in TABLES if table != "budgets"]


def test_every_table_has_a_folder_per_fiscal_year_and_the_year_in_its_files(parsed):
    for table in WRITTEN:
        years = sorted(p.name for p in (parsed / table).iterdir() if p.is_dir())
        if table == "warnings":  # only the years of reports with a problem: the 2568 one has two
            assert years == ["2568"]
        else:
            assert years == ["2566", "2567", "2568"], table
        for file in (parsed / table).rglob("*.parquet"):
            assert pq.read_schema(file).field(PARTITION).type == pa.int32()


def test_pyarrow_reads_fiscal_year_as_an_integer_and_the_declared_schema(parsed):
    for table in WRITTEN:
        schema = TABLES[table]
        data = ds.dataset(parsed / table, format="parquet", partitioning="hive").to_table()
        assert pa.types.is_integer(data.schema.field(PARTITION).type)
        for field in schema:
            assert data.schema.field(field.name).type == field.type, (table, field.name)


def test_pandas_reads_each_table(parsed):
    measures = pd.read_parquet(parsed / "measures")
    assert len(measures) == len(ds.dataset(parsed / "measures", partitioning="hive").to_table())
    assert set(measures["fiscal_year"]) == {2566, 2567, 2568} and measures["fiscal_year"].dtype.kind == "i"


def test_duckdb_reads_with_hive_partitioning(parsed):
    rows = duckdb.sql(
        f"select fiscal_year, count(*) from read_parquet('{parsed}/activities/**/*.parquet', "
        "hive_partitioning=true) group by 1 order by 1"
    ).fetchall()
    assert [year for year, _ in rows] == [2566, 2567, 2568]
    kind = duckdb.sql(
        f"select typeof(fiscal_year) from read_parquet('{parsed}/activities/**/*.parquet', "
        "hive_partitioning=true) limit 1"
    ).fetchall()[0][0]
    assert kind in ("BIGINT", "INTEGER")


def test_polars_reads_with_hive_partitioning(parsed):
    frame = pl.read_parquet(f"{parsed}/quantities/**/*.parquet", hive_partitioning=True)
    assert frame.schema["fiscal_year"].is_integer()
    assert frame.height > 0 and frame["value"].dtype == pl.Float64


def test_warnings_are_rows_that_every_reader_loads_and_documents_summarise(parsed):
    documents = pd.read_parquet(parsed / "documents")
    expected = sorted(
        (doc_id, n, text)
        for doc_id, texts in zip(documents["doc_id"], documents["warnings"])
        for n, text in enumerate(texts, start=1)
    )
    warnings = pd.read_parquet(parsed / "warnings").sort_values(["doc_id", "warning_no"])
    assert len(warnings) == len(expected) == 2
    for row, (doc_id, n, text) in zip(warnings.itertuples(), expected):
        assert (row.doc_id, row.warning_no) == (doc_id, n)
        assert text == f"line {row.line}: {row.code}: {row.message}"
        assert row.code == "list_numbering" and row.severity == "warning" and row.fiscal_year == 2568
        assert row.measure_no in (4, 9) and row.activity_no == 1 and pd.isna(row.page)
    located = duckdb.sql(
        f"select w.code, a.period_text from read_parquet('{parsed}/warnings/**/*.parquet') w "
        f"join read_parquet('{parsed}/activities/**/*.parquet') a "
        "using (doc_id, fiscal_year, measure_no, activity_no) order by w.warning_no"
    ).fetchall()
    assert [code for code, _ in located] == ["list_numbering", "list_numbering"]
    frame = pl.read_parquet(f"{parsed}/warnings/**/*.parquet")
    assert frame.height == 2 and frame["fiscal_year"].to_list() == [2568, 2568]


def test_the_same_input_gives_the_same_bytes(parsed, tmp_path):
    again = tmp_path / "again"
    convert_paths([RAW], again)
    assert _files(again) == _files(parsed)


def test_converting_a_changed_report_replaces_its_rows(tmp_path):
    source = tmp_path / "in" / "report.txt"
    source.parent.mkdir()
    shutil.copy(RAW / "hospital-khoksawang-2566.txt", source)
    out = tmp_path / "out"
    convert_paths([source.parent], out)
    first = pd.read_parquet(out / "documents")
    source.write_bytes(source.read_bytes().replace("ร้อยละ 96.15".encode("cp874"), "ร้อยละ 97.00".encode("cp874")))
    convert_paths([source.parent], out)
    documents = pd.read_parquet(out / "documents")
    assert len(documents) == 1 and documents["doc_id"][0] != first["doc_id"][0]
    for table in ("measures", "activities", "outputs", "quantities"):
        frame = pd.read_parquet(out / table)
        assert set(frame["doc_id"]) == {documents["doc_id"][0]}, table
    values = pd.read_parquet(out / "quantities")["value"].tolist()
    assert 97.0 in values and 96.15 not in values
