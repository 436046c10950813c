"""pipeline.load (store/dataset.py): filters pushed down, integer fiscal years, the long join."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import cli
from pipeline import load
from pipeline.store.dataset import Dataset, DatasetNotFoundError
from pipeline.store.schema import TABLES
from tools import demo
from yoy import yoy_dataset

ROOT = Path(__file__).resolve().parent.parent
ANALYSIS = ROOT / "docs" / "analysis.md"


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> Path:
    return yoy_dataset(tmp_path_factory)


def _doc_ids(data: Dataset) -> set[str]:
    return set(data.documents["doc_id"])


def test_everything_loads_with_integer_fiscal_years(parsed):
    data = load(parsed)
    for table, frame in data.tables.items():
        assert list(frame.columns) == [*TABLES[table].names, "fiscal_year"], table
        assert frame["fiscal_year"].dtype.kind == "i", table
        written = len(pd.read_parquet(parsed / table)) if (parsed / table).exists() else 0  # no budgets per year here
        assert len(frame) == written, table
    assert sorted(data.documents["fiscal_year"].unique()) == [2566, 2567, 2568, 2569]


def test_fiscal_years_select_partitions_without_opening_the_others(parsed, tmp_path):
    copy = tmp_path / "parsed"
    shutil.copytree(parsed, copy)
    for part in (copy / "measures" / "2566").glob("*.parquet"):
        part.write_bytes(b"not parquet")  # would raise if the 2566 partition were read
    data = load(copy, fiscal_years=[2568, 2569])
    assert set(data.measures["fiscal_year"]) == {2568, 2569}
    assert set(data.documents["fiscal_year"]) == {2568, 2569}
    assert load(copy, fiscal_years=2569).documents["organization"].tolist() == ["เทศบาลตำบลไผ่ดำพัฒนา"]


@pytest.mark.parametrize(
    "filters, organizations",
    [
        ({"organization": "โรงพยาบาลบ้านโคกสว่าง"}, {"โรงพยาบาลบ้านโคกสว่าง"}),
        ({"organization": "  โรงพยาบาลบ้านโคกสว่าง "}, {"โรงพยาบาลบ้านโคกสว่าง"}),  # normalised like the data
        ({"province": ["เลย", "ชลบุรี"]}, {"โรงเรียนบ้านห้วยขาว", "เทศบาลเมืองบ่อทอง"}),
        ({"province": "อ่างทอง", "fiscal_years": [2569]}, {"เทศบาลตำบลไผ่ดำพัฒนา"}),
        ({"report_kind": "integrity_measures_plan"}, set()),
    ],
)
def test_document_filters_reach_every_table(parsed, filters, organizations):
    data = load(parsed, **filters)
    assert set(data.documents["organization"]) == organizations
    ids = _doc_ids(data)
    for table, frame in data.tables.items():
        assert set(frame["doc_id"]) <= ids, table
    if organizations:
        assert len(data.measures) and len(data.quantities)


def test_tables_limits_what_is_read(parsed):
    data = load(parsed, tables=["measures"])
    assert len(data.measures) and len(data.documents)
    assert data.actions.empty and list(data.actions.columns) == [*TABLES["actions"].names, "fiscal_year"]
    with pytest.raises(ValueError, match="unknown tables"):
        load(parsed, tables=["nope"])


def test_long_is_the_documented_join(parsed):
    data = load(parsed, organization="โรงเรียนบ้านห้วยขาว")
    long = data.long()
    assert data.tidy().equals(long)
    for table, kind in (("actions", "action"), ("outputs", "output"), ("outcomes", "outcome")):
        items = long[long["kind"] == kind].drop_duplicates(["doc_id", "measure_no", "activity_no", "item_no"])
        assert len(items) == len(data[table]), table
    assert long["quantity_no"].notna().sum() == len(data.quantities)
    activities = long[["doc_id", "measure_no", "activity_no"]].drop_duplicates()
    assert len(activities) == len(data.activities)
    assert set(long["organization"]) == {"โรงเรียนบ้านห้วยขาว"}
    assert long["fiscal_year"].dtype.kind == "i" and str(long["quantity_no"].dtype) == "Int32"
    first = long.iloc[0]
    assert (first["measure_no"], first["activity_no"], first["kind"], first["item_no"]) == (1, 1, "action", 1)


def test_getitem_and_missing_dataset(parsed, tmp_path):
    data = load(parsed, fiscal_years=2566)
    assert data["measures"] is data.measures
    with pytest.raises(KeyError, match="no table 'nope'"):
        data["nope"]
    with pytest.raises(DatasetNotFoundError, match="run `thaireports convert` first"):
        load(tmp_path / "nothing")


# --- docs/analysis.md: every command and code block runs, in order -------------------------


def _blocks(markdown: str) -> list[tuple[str, str]]:
    return re.findall(r"^```(\w+)\n(.*?)^```", markdown, flags=re.DOTALL | re.MULTILINE)


def _run_command(line: str) -> None:
    args = shlex.split(line)
    if args[:3] == ["python", "-m", "tools.demo"]:
        with contextlib.redirect_stdout(io.StringIO()):
            demo.main(args[3:])
        return
    assert args[0] == "thaireports", f"docs/analysis.md runs an unknown command: {line}"
    result = CliRunner().invoke(cli.main, args[1:])
    assert result.exit_code == 0, f"{line}\n{result.output}"


def test_analysis_doc_runs(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "raw", tmp_path / "raw")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    blocks = _blocks(ANALYSIS.read_text(encoding="utf-8"))
    assert {"console", "python"} <= {kind for kind, _ in blocks}
    for kind, body in blocks:
        if kind == "console":
            for line in body.splitlines():
                if line.startswith("$ "):
                    _run_command(line[2:])
        elif kind == "python":
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(body, str(ANALYSIS), "exec"), namespace)  # noqa: S102 - our own docs
    assert (tmp_path / "yoy.html").stat().st_size > 10_000
    assert "continued" in (tmp_path / "yoy.csv").read_text(encoding="utf-8")
