"""The `thaireports` command through click's CliRunner: exit codes and messages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from cli import main
from conftest import RAW

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(RAW / "hospital-khoksawang-2566.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "notable.txt").write_text("รายงานผลการดำเนินการ\nประจำปีงบประมาณ พ.ศ. 2568\nไม่มีตาราง\n", encoding="utf-8")
    (folder / "noyear.txt").write_text(
        "รายงานผล\n\nลำดับ\tมาตรการ\tวิธีการ\tระยะเวลา\n1\tก\tข\tต.ค. 67\n", encoding="utf-8"
    )
    (folder / "broken.html").write_bytes("<html><body><p>ประจำปีงบประมาณ 2568</p><table>".encode("utf-16"))
    return folder


def test_help_and_version():
    runner = CliRunner()
    assert runner.invoke(main, ["--help"]).exit_code == 0
    assert "convert" in runner.invoke(main, ["-h"]).output
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and "thaireports" in result.output


def test_the_command_leaves_its_objects_to_the_exit_unswept():
    # Python's last garbage collection at exit skips frozen objects: a tenth of a one-report run.
    script = (
        "import atexit, gc\n"
        "from cli import main\n"
        "for _ in range(2):\n"
        "    main([], standalone_mode=False)\n"
        "frozen = gc.get_freeze_count()\n"
        "atexit._run_exitfuncs()\n"
        "print(frozen, gc.get_freeze_count() > 0, gc.get_count()[2])"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.split()[-3:] == ["0", "True", "0"]


def test_convert_a_clean_folder_exits_zero(tmp_path):
    result = CliRunner().invoke(main, ["convert", str(RAW), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "5 converted" in result.output and "0 failed" in result.output


def test_bad_files_fail_alone_with_a_message_naming_file_and_cause(batch, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(batch), "--out", str(out)])
    assert result.exit_code == 1
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    expected = {
        "empty.txt": "empty_file",
        "junk.txt": "binary_file",
        "notable.txt": "no_table",
        "noyear.txt": "no_fiscal_year",
        "broken.html": "no_table",
    }
    for name, code in expected.items():
        line = next((ln for ln in text.splitlines() if name in ln and "error" in ln.lower()), None)
        assert line is not None and code in line, (name, text)
    assert "1 converted" in text and "5 failed" in text
    manifest = pq.read_table(out / "_manifest.parquet").to_pylist()
    failed = {Path(r["path"]).name: r["error_code"] for r in manifest if r["status"] == "failed"}
    assert failed == expected
    assert all(r["error_message"] for r in manifest if r["status"] == "failed")


def test_no_partial_output_of_a_failed_file(batch, tmp_path):
    import pandas as pd

    out = tmp_path / "out"
    CliRunner().invoke(main, ["convert", str(batch), "--out", str(out)])
    documents = pd.read_parquet(out / "documents")
    assert [Path(p).name for p in documents["source_path"]] == ["good.txt"]
    assert set(pd.read_parquet(out / "activities")["doc_id"]) == set(documents["doc_id"])


def test_a_missing_input_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "does not exist" in result.output
