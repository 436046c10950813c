"""`thaireports inspect`: the detected structure of one report, as JSON and as a tree."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import cli
from pipeline.inspect import inspect_file, render_tree

SAMPLE = "000_9c5d8f0573ae8997.txt"
HEADER = ["number", "measure", "actions", "period", "responsible", "output", "outcome"]


def _inspect_json(path) -> tuple[int, dict | None, str]:
    result = CliRunner().invoke(cli.main, ["inspect", str(path), "--format", "json"])
    try:
        return result.exit_code, json.loads(result.output), result.output
    except json.JSONDecodeError:
        return result.exit_code, None, result.output


def test_json_shows_headers_measures_items_and_quantities(raw_dir):
    code, report, output = _inspect_json(raw_dir / SAMPLE)
    assert code == 0, output
    assert report["format"] == "txt" and report["error"] is None
    assert report["document"]["fiscal_year"] == 2568 and report["document"]["province"] == "อ่างทอง"
    assert [h["line"] for h in report["headers"]] == [15, 18, 23, 27, 31, 35, 38]
    assert [c["column"] for c in report["headers"][0]["cells"]] == HEADER
    assert report["headers"][0]["cells"][1]["text"] == "มาตรการ/กิจกรรม"
    assert [m["measure_no"] for m in report["measures"]] == list(range(1, 11))
    first = report["measures"][0]["activities"][0]
    assert (first["source_line"], first["period_start"], first["period_end"]) == (16, "2024-10-01", "2025-09-30")
    kinds = [item["kind"] for item in first["items"]]
    assert kinds == sorted(kinds, key=["action", "output", "outcome"].index) and "output" in kinds
    outputs = [item for item in first["items"] if item["kind"] == "output"]
    assert {"value": 6.0, "unit": "ช่องทาง"}.items() <= outputs[1]["quantities"][0].items()
    assert len(report["measures"][1]["activities"]) == 3


def test_warnings_carry_their_location(raw_dir):
    report = inspect_file(raw_dir / SAMPLE)
    # The sample numbers an output list "1. 2. 2." on line 25.
    assert any(w["where"] == "line 25" and w["code"] == "list_numbering" for w in report["warnings"])
    for warning in report["warnings"]:
        assert set(warning) == {"where", "code", "message"} and warning["code"]


def test_tree_collapses_repeated_headers(raw_dir):
    tree = render_tree(inspect_file(raw_dir / SAMPLE))
    assert "line 15, line 18, line 23, line 27, line 31, line 35, line 38: ลำดับที่ → number (vocabulary)" in tree
    assert "├─ measure 10: มาตรการยกระดับคุณภาพการให้บริการประชาชนอย่างเป็นธรรมและเท่าเทียม" in tree
    assert "[>=60 คน]" in tree and tree.splitlines()[-1].startswith(("└─ warnings", "   └─"))


def test_a_report_that_would_fail_still_shows_what_was_found(tmp_path):
    path = tmp_path / "no-year.txt"
    path.write_text(
        "รายงานผลการดำเนินการ\nลำดับ\tมาตรการ\tวิธีการ\tระยะเวลา\n1\tมาตรการหนึ่ง\tทำ\tต.ค. 66\n", encoding="utf-8"
    )
    code, report, output = _inspect_json(path)
    assert code == 1
    assert report["error"]["code"] == "no_fiscal_year"
    assert [c["column"] for c in report["headers"][0]["cells"]] == ["number", "measure", "actions", "period"]
    assert report["n_table_rows"] == 1 and report["measures"] == []


@pytest.mark.parametrize("content, code", [(b"", "empty_file"), (b"\x00\x01\x02" * 100, "binary_file")])
def test_unreadable_files_are_one_clear_error(tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(cli.main, ["inspect", str(path)])
    assert result.exit_code == 1
    assert f"[{code}]" in result.output and str(path) in result.output


def test_debug_image_needs_a_pdf(raw_dir, tmp_path):  # PDFs: tests/test_inspect_pdf.py
    result = CliRunner().invoke(cli.main, ["inspect", str(raw_dir / SAMPLE), "--debug-image", str(tmp_path / "a.png")])
    assert result.exit_code == 1 and "PDF pages only" in result.output


def test_inspect_shows_column_reasons_sections_and_the_grid_reading():
    from conftest import FIXTURES

    report = inspect_file(FIXTURES / "layouts" / "raw" / "grid-text-2568.txt")
    cells = {c["text"]: c for c in report["headers"][0]["cells"]}
    assert cells["ที่"]["reason"] == "vocabulary"
    assert cells["หมายเหตุ"]["column"] is None and cells["หมายเหตุ"]["reason"] == "vocabulary: no role"
    assert cells["ระยะเวลาดำเนินการ (ปีงบประมาณ พ.ศ. 2568)"]["reason"] == "grid"
    assert report["headers"][0]["grid_year"] == 2568
    tree = render_tree(report)
    assert "period grid ต.ค.…ก.ย." in tree
    assert "section: กลยุทธ์ที่ 2 ป้องกันการทุจริตในการปฏิบัติงาน" in tree
    assert "«grid: ม.ค.–มี.ค. 2568»" in tree
