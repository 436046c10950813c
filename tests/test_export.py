"""`thaireports export`: the tables as an Excel workbook and as CSV files, read back with openpyxl and pandas."""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main
from conftest import RAW
from pipeline.batch.convert import convert_paths
from pipeline.store.export import CONTENTS
from pipeline.store.schema import TABLES, stored_schema


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "parsed"
    assert not convert_paths([RAW], out).failed
    return out


@pytest.fixture(scope="module")
def book(parsed, tmp_path_factory):
    target = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    result = CliRunner().invoke(main, ["export", str(parsed), "--xlsx", str(target)])
    assert result.exit_code == 0, result.output
    assert f"wrote {target}" in result.output
    return load_workbook(target)


def _columns(table: str) -> list[str]:
    names = stored_schema(table).names
    return names if table == "documents" else [names[0], "organization", *names[1:]]


def _rows(sheet) -> list[dict]:
    header = [cell.value for cell in sheet[2]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=3, values_only=True)]


def test_one_sheet_per_table_after_the_contents(book):
    assert book.sheetnames == [CONTENTS, *TABLES]


def test_headings_are_thai_over_english_frozen_and_filterable(book):
    for table in TABLES:
        sheet = book[table]
        thai = {f.name: (f.metadata or {})[b"th"].decode() for f in stored_schema(table)}
        assert [cell.value for cell in sheet[2]] == _columns(table), table
        for cell, name in zip(sheet[1], _columns(table)):
            assert cell.value == thai.get(name, "หน่วยงาน (จากตาราง documents)"), (table, name)
        assert sheet.freeze_panes == "C3"
        assert sheet.auto_filter.ref.startswith("A2:")
        widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
        assert all(width and width >= 6 for width in widths), (table, widths)


def _written(parsed, table: str) -> int:
    """Rows of a table folder; the sample reports give no budget per year, so `budgets` has no folder."""
    return len(pd.read_parquet(parsed / table)) if (parsed / table).exists() else 0


def test_every_row_is_there_with_its_values(book, parsed):
    for table in TABLES:
        rows = _rows(book[table])
        assert len(rows) == _written(parsed, table), table
    measures = pd.read_parquet(parsed / "measures")
    expected = set(zip(measures["doc_id"], measures["measure_no"], measures["title"], measures["fiscal_year"]))
    found = {(r["doc_id"], r["measure_no"], r["title"], r["fiscal_year"]) for r in _rows(book["measures"])}
    assert found == expected
    documents = pd.read_parquet(parsed / "documents")
    organizations = dict(zip(documents["doc_id"], documents["organization"]))
    assert all(r["organization"] == organizations[r["doc_id"]] for r in _rows(book["outputs"]))


def test_dates_are_dates_numbers_are_numbers_text_is_text(book):
    activities = book["activities"]
    header = [cell.value for cell in activities[2]]
    row = {name: cell for name, cell in zip(header, activities[3])}
    assert row["period_start"].is_date and isinstance(row["period_start"].value, datetime.datetime)
    assert row["period_start"].number_format == "yyyy-mm-dd"
    assert isinstance(row["measure_no"].value, int) and row["measure_no"].data_type == "n"
    assert isinstance(row["fiscal_year"].value, int) and row["fiscal_year"].number_format == "0"
    assert isinstance(row["responsible"].value, str)  # a list, joined
    quantities = book["quantities"]
    header = [cell.value for cell in quantities[2]]
    cells = [dict(zip(header, row)) for row in quantities.iter_rows(min_row=3)]
    assert all(isinstance(c["value"].value, (int, float)) for c in cells if c["value"].value is not None)
    comparators = {c["comparator"].value for c in cells}
    assert "=" in comparators and ">=" in comparators
    assert all(c["comparator"].data_type == "s" for c in cells)  # "=" and ">=" are text, not formulas
    budgets = [r["budget_baht"] for r in _rows(book["activities"]) if r["budget_baht"] is not None]
    assert all(isinstance(value, (int, float)) for value in budgets)


def test_contents_lists_every_document(book, parsed):
    sheet = book[CONTENTS]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    documents = pd.read_parquet(parsed / "documents")
    for organization, path in zip(documents["organization"], documents["source_path"]):
        assert organization in values and path in values
    assert {2566, 2567, 2568} <= {v for v in values if isinstance(v, int)}
    for table in TABLES:
        assert any(isinstance(v, str) and v.startswith(f"{table}: ") for v in values), table


def test_csv_files_per_table(parsed, tmp_path):
    folder = tmp_path / "csv"
    result = CliRunner().invoke(main, ["export", str(parsed), "--csv", str(folder)])
    assert result.exit_code == 0, result.output
    for table in TABLES:
        path = folder / f"{table}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads the Thai right
        frame = pd.read_csv(path, encoding="utf-8-sig")
        assert list(frame.columns) == stored_schema(table).names
        assert len(frame) == _written(parsed, table), table
    activities = pd.read_csv(folder / "activities.csv", encoding="utf-8-sig")
    assert activities["period_start"].dropna().str.match(r"^\d{4}-\d{2}-\d{2}$").all()
    assert activities["fiscal_year"].dtype.kind == "i"


def test_export_needs_a_target_and_a_dataset(parsed, tmp_path):
    assert CliRunner().invoke(main, ["export", str(parsed)]).exit_code == 2
    wrong = CliRunner().invoke(main, ["export", str(parsed), "--xlsx", str(tmp_path / "report.xls")])
    assert wrong.exit_code == 2 and ".xlsx" in wrong.output
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = CliRunner().invoke(main, ["export", str(empty), "--xlsx", str(tmp_path / "r.xlsx")])
    assert missing.exit_code == 1 and "no parsed dataset" in missing.output


def test_contents_counts_each_documents_warnings(book, parsed):
    rows = list(book[CONTENTS].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "organization"))
    listed = {r[-1]: r[-2] for r in rows[header + 1 :] if r[0] is not None}
    documents = pd.read_parquet(parsed / "documents")
    expected = {path: len(w) for path, w in zip(documents["source_path"], documents["warnings"])}
    assert listed == expected and any(expected.values())
