"""What a new user runs into, each reproduced through the command line first (issue: the rough edges).

1 nothing to convert; 2 fiscal_year as read by every reader; 3 inspect --page out
of range; 4 Ctrl-C during convert; 5 compare with Gregorian years; 6 discovery
in a folder of code; 7 text of several files; 8 the README's set-up facts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from cli import main
from conftest import FIXTURES, RAW
from pipeline.batch.convert import convert_paths
from pipeline.batch.discover import discover
from pipeline.batch.manifest import read_manifest, write_manifest
from pipeline.batch.run import CRASH_ENV
from pipeline.store.schema import TABLES

REPO = Path(__file__).resolve().parent.parent
REPORT = RAW / "hospital-khoksawang-2566.txt"
THAI = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2568"


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), **kwargs)


def output(result) -> str:
    return result.output + (result.stderr if result.stderr_bytes is not None else "")


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("parsed") / "parsed"
    assert not convert_paths([RAW], out).failed
    return out


# 1. nothing found -------------------------------------------------------------


def test_convert_without_a_raw_folder_says_so_and_fails(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("convert")
    assert result.exit_code != 0
    assert "no raw" in output(result) and "thaireports convert FOLDER" in output(result)
    assert not (tmp_path / "parsed" / "_manifest.parquet").exists()


@pytest.mark.parametrize("content", [None, {"notes.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}])
def test_convert_of_a_folder_without_reports_says_so_and_fails(tmp_path, content):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in (content or {}).items():
        (folder / name).write_bytes(data)
    result = run("convert", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code != 0
    assert f"no report files found in {folder}" in output(result)
    assert "0 converted" not in output(result)


def test_status_finds_a_manifest_that_lists_no_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    write_manifest(out, [])
    result = run("status", str(out))
    assert result.exit_code != 0
    assert "no manifest yet" not in output(result)
    assert "lists no input files" in output(result)


def test_status_after_a_convert_reads_its_manifest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(RAW, tmp_path / "raw")
    assert (
        run("convert", "--executor", "inline").exit_code == 0
    )  # in-process: workers forked elsewhere may import another copy
    result = run("status")
    assert result.exit_code == 0, output(result)
    assert "5 files" in output(result) or "converted" in output(result)


# 2. fiscal_year is an integer for every reader ---------------------------------


def test_pandas_reads_fiscal_year_as_an_integer(parsed):
    m = pd.read_parquet(parsed / "measures")
    assert m["fiscal_year"].dtype.kind == "i"
    assert m.fiscal_year.max() == 2568
    assert set(m[m.fiscal_year >= 2567]["fiscal_year"]) == {2567, 2568}
    assert (m.fiscal_year + 1).min() == 2567


def test_pyarrow_reads_fiscal_year_as_an_integer(parsed):
    for table in (pq.read_table(parsed / "measures"), ds.dataset(parsed / "measures", partitioning="hive").to_table()):
        assert pa.types.is_integer(table.schema.field("fiscal_year").type)
        assert pc.max(table["fiscal_year"]).as_py() == 2568
        assert table.filter(pc.field("fiscal_year") >= 2567).num_rows < table.num_rows


@pytest.mark.parametrize("hive", ["", ", hive_partitioning = true", ", hive_partitioning = false"])
def test_duckdb_reads_fiscal_year_as_an_integer(parsed, hive):
    source = f"read_parquet('{parsed}/measures/**/*.parquet'{hive})"
    [(kind, top)] = duckdb.sql(f"select typeof(max(fiscal_year)), max(fiscal_year) from {source}").fetchall()
    assert kind in ("INTEGER", "BIGINT") and top == 2568
    [(later,)] = duckdb.sql(f"select count(*) from {source} where fiscal_year >= 2567").fetchall()
    assert 0 < later < duckdb.sql(f"select count(*) from {source}").fetchall()[0][0]


@pytest.mark.parametrize("hive", [None, True, False])
def test_polars_reads_fiscal_year_as_an_integer(parsed, hive):
    options = {} if hive is None else {"hive_partitioning": hive}
    frame = pl.read_parquet(f"{parsed}/measures/**/*.parquet", **options)
    assert frame.schema["fiscal_year"].is_integer()
    assert frame["fiscal_year"].max() == 2568
    assert 0 < frame.filter(pl.col("fiscal_year") >= 2567).height < frame.height


def test_every_table_file_holds_its_fiscal_year(parsed):
    for table in TABLES:
        files = sorted((parsed / table).rglob("*.parquet"))
        assert files or table == "budgets", table  # the sample reports give no budget per year
        for file in files:
            years = set(pq.read_table(file).column("fiscal_year").to_pylist())
            assert years == {int(file.parent.name)}, file


def test_reading_the_whole_folder_does_not_mix_tables_silently(parsed):
    with pytest.raises(Exception, match="README.txt"):
        pd.read_parquet(parsed)
    assert "one table folder" in (parsed / "README.txt").read_text(encoding="utf-8")


# 3. inspect --page ----------------------------------------------------------------

EXCERPT = FIXTURES / "rendition-excerpt.pdf"  # 3 pages


@pytest.mark.parametrize("extra", [[], ["--debug-image", "grid.png"]])
def test_inspect_a_page_past_the_end_is_a_clear_error(tmp_path, monkeypatch, extra):
    monkeypatch.chdir(tmp_path)
    result = run("inspect", str(EXCERPT), "--page", "4", *extra)
    assert result.exit_code == 2, output(result)
    assert "page 4" in output(result) and "3 pages" in output(result)
    assert "Traceback" not in output(result) and not (tmp_path / "grid.png").exists()


def test_inspect_page_of_a_text_file_is_a_clear_error():
    result = run("inspect", str(REPORT), "--page", "1")
    assert result.exit_code == 2
    assert "--page" in output(result) and "PDF" in output(result)


def test_inspect_a_page_in_range_still_works():
    result = run("inspect", str(EXCERPT), "--page", "2")
    assert result.exit_code in (0, 1) and "headers" in result.output


# 4. Ctrl-C --------------------------------------------------------------------------


def _archive(root: Path, n: int = 10) -> Path:
    from test_batch import make_archive

    make_archive().build(root, docs=n, seed=5)
    return root


def test_ctrl_c_in_process_keeps_what_was_converted(tmp_path, monkeypatch):
    archive = _archive(tmp_path / "archive")
    out = tmp_path / "out"
    monkeypatch.setenv(CRASH_ENV, "interrupt:3")
    result = run("convert", str(archive), "--out", str(out), "--executor", "inline")
    assert result.exit_code == 130, output(result)
    kept = int(re.search(r"interrupted: (\d+) converted kept; run again to continue", output(result)).group(1))
    assert kept >= 3
    rows = read_manifest(out)
    assert sum(r.status == "converted" for r in rows.values()) == kept
    monkeypatch.delenv(CRASH_ENV)
    again = run("convert", str(archive), "--out", str(out), "--executor", "inline")
    assert again.exit_code == 0, output(again)
    assert f"{kept} unchanged" in again.output


@pytest.mark.parametrize("jobs", ["1", "2"])  # 1: the worker is forked from the writer
def test_ctrl_c_from_the_terminal_stops_workers_and_commits(tmp_path, jobs):
    """SIGINT to the whole process group, as a terminal sends it, with worker processes."""
    archive = _archive(tmp_path / "archive", 12)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO), CRASH_ENV: "interrupt:4"}
    command = [sys.executable, str(REPO / "cli.py"), "convert", str(archive), "--out", str(out), "--jobs", jobs]
    process = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, start_new_session=True)
    assert process.returncode == 130, process.stderr
    found = re.search(r"interrupted: (\d+) converted kept; run again to continue", process.stderr)
    assert found, process.stderr
    kept = int(found.group(1))
    assert 4 <= kept < 12
    assert "Aborted" not in process.stderr and "Traceback" not in process.stderr
    documents = pd.read_parquet(out / "documents")
    assert len(documents) == kept
    env.pop(CRASH_ENV)
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"{12 - kept} converted, {kept} unchanged, 0 failed" in again.stdout


def test_convert_help_tells_how_an_interrupted_run_resumes():
    text = run("convert", "--help").output
    assert "Ctrl-C" in text


# 5. compare with years of the other era -----------------------------------------------


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    from yoy import yoy_dataset

    return yoy_dataset(tmp_path_factory)


def test_compare_of_years_not_in_the_data_lists_the_years_present(two_years):
    result = run("compare", str(two_years), "--from", "2570", "--to", "2571")
    assert result.exit_code != 0
    assert "2566, 2567, 2568, 2569" in output(result)


@pytest.mark.parametrize("years", [("2025", "2026"), ("68", "69")])
def test_compare_reads_gregorian_and_two_digit_years_with_a_note(two_years, years):
    result = run("compare", str(two_years), "--from", years[0], "--to", years[1])
    assert result.exit_code == 0, output(result)
    assert "2568 → 2569: 1 organization(s) compared" in result.output
    assert f"--from {years[0]} read as fiscal year 2568" in output(result)


# 6. discovery skips what is obviously not a report --------------------------------------


def test_convert_in_a_code_folder_takes_only_reports(tmp_path):
    folder = tmp_path / "project"
    (folder / "tests").mkdir(parents=True)
    shutil.copy(REPORT, folder / "report.txt")
    (folder / "tests" / "test_thai.py").write_text(f'SAMPLE = """{THAI}"""\nassert SAMPLE\n', encoding="utf-8")
    (folder / "tests" / "sample.json").write_text(f'{{"title": "{THAI}"}}', encoding="utf-8")
    (folder / "README.th.md").write_text(f"# {THAI}\n", encoding="utf-8")
    (folder / "run-me").write_text(f"#!/bin/sh\necho '{THAI}'\n", encoding="utf-8")
    (folder / "photo").write_bytes(b"\xff\xd8\xff\xe0" + THAI.encode() * 3)
    (folder / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n" + THAI.encode() * 3)
    assert discover([folder]) == [folder / "report.txt"]
    result = run("convert", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, output(result)
    assert "1 converted, 0 unchanged, 0 failed" in result.output


def test_a_report_with_an_odd_extension_is_still_found(tmp_path):
    shutil.copy(REPORT, tmp_path / "report.dat")
    assert discover([tmp_path]) == [tmp_path / "report.dat"]


# 7. text of several files -----------------------------------------------------------------


def test_text_of_several_files_names_each_one():
    first, second = RAW / "hospital-khoksawang-2566.txt", RAW / "thesaban-bothong-2566.html"
    result = run("text", str(first), str(second))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert f"==> {first} <==" in lines and f"==> {second} <==" in lines
    assert lines.index(f"==> {first} <==") < lines.index(f"==> {second} <==")
    quiet = run("text", "--no-names", str(first), str(second))
    assert "==>" not in quiet.output and "โรงพยาบาลบ้านโคกสว่าง" in quiet.output
    assert "==>" not in run("text", str(first)).output  # one file: its text only


# 8. set-up facts and small inconsistencies ---------------------------------------------------


def test_bare_command_prints_help_and_exits_zero():
    result = run()
    assert result.exit_code == 0
    assert "convert" in result.output and "Usage" in result.output


def test_an_office_file_gets_the_same_message_from_convert_and_text(tmp_path):
    book = tmp_path / "budget.xlsx"  # a workbook package without its workbook part
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    slides = tmp_path / "slides.pptx"
    with zipfile.ZipFile(slides, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    for path, message in [
        (book, "error [corrupt_file] " + f"{book}: damaged Excel workbook"),
        (slides, "error [unsupported_format] " + f"{slides}: a PowerPoint presentation"),
    ]:
        converted = output(run("convert", str(path), "--out", str(tmp_path / "out")))
        texted = output(run("text", str(path)))
        assert message in converted and message in texted


def test_readme_states_the_set_up_facts():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(r"Python 3\.10", readme)
    assert "python3 -m venv" in readme
    for package in ("chromium", "fonts-thai-tlwg", "libreoffice"):
        assert package in readme, package
    assert "../shared/corpus" in readme
    assert "README.th.md" in readme


def test_demo_outputs_are_ignored_by_git():
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    for name in ("/yoy-raw/", "/yoy.csv", "/yoy.html", "/report.xlsx"):
        assert name in ignored, name


def test_readme_sample_compare_output_is_what_the_command_prints(tmp_path, monkeypatch):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sample = re.search(r"```text\n(2568 → 2569.*?)```", readme, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "raw", tmp_path / "raw")
    from tools.demo import main as demo

    demo(["--sources", "yoy-raw"])
    assert run("convert", "raw", "yoy-raw", "--out", "parsed-yoy", "--executor", "inline").exit_code == 0
    printed = run("compare", "parsed-yoy", "--from", "2568", "--to", "2569").output
    assert printed.strip() == sample.strip()


def test_the_thai_guide_gets_from_the_sample_to_excel_and_a_year_over_year_page_in_three_commands(tmp_path):
    guide = (REPO / "README.th.md").read_text(encoding="utf-8")
    block = re.search(r"## เริ่มต้นด้วยสามคำสั่ง.*?```sh\n(.*?)```", guide, re.S).group(1)
    commands = block.strip().splitlines()
    assert len(commands) == 3 and commands[0].endswith("pip install .")  # the install: run by hand in a fresh venv
    shutil.copytree(REPO / "raw", tmp_path / "raw")
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's package and tools, as after `pip install .`
    for command in commands[1:]:
        done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "report.xlsx")
    assert book["measures"].max_row > 2 and "สารบัญ contents" in book.sheetnames
    page = (tmp_path / "yoy.html").read_text(encoding="utf-8")
    assert "2568" in page and "2569" in page and "เทศบาลตำบลไผ่ดำพัฒนา" in page


def test_the_thai_guide_explains_every_error_code():
    guide = (REPO / "README.th.md").read_text(encoding="utf-8")
    from pipeline import errors

    codes = {cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.ReportError)}
    codes -= {"report_error"}  # the base class: never reported as such
    codes |= {"worker_crashed", "unreadable", "changed_during_run", "internal_error"}  # batch failures
    for code in codes:
        assert f"| `{code}` |" in guide, code
    for status in ("`0`", "`1`", "`2`", "`130`"):
        assert status in guide
