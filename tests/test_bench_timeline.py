"""The hand-run timeline of one `convert` run: its clocks still find the command's stages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "tests" / "fixtures" / "raw"
REPORTS = [RAW / "hospital-khoksawang-2566.txt", RAW / "abt-nongbuathong-2567.txt"]


def timeline(*args: str) -> str:
    script = REPO / "bench" / "timeline.py"
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, check=True).stdout


def copy_reports(folder: Path) -> None:
    for report in REPORTS:
        shutil.copy(report, folder / report.name)


def seconds(output: str, what: str) -> float:
    found = re.search(rf"^\s*([0-9.]+) s  {what}", output, re.MULTILINE)
    assert found, f"no line for {what!r} in:\n{output}"
    return float(found.group(1))


def test_a_one_job_run_shows_the_writer_stages_in_order_and_its_worker_s_files(tmp_path: Path):
    copy_reports(tmp_path)
    output = timeline(str(tmp_path), "--jobs", "1")
    stages = [seconds(output, what) for what in ("the CLI imported", r"worker \d+'s first results")]
    stages += [seconds(output, what) for what in ("compaction began", "compaction ended", "the command returned")]
    assert stages == sorted(stages) and stages[0] > 0
    assert re.search(r"^worker \d+, forked from this process at [0-9.]+ s: 2 files$", output, re.MULTILINE)
    converting = re.search(r"converting \(convert_file\): ([0-9.]+) s wall", output)
    assert converting and 0 < float(converting.group(1)) < stages[-1]


def test_two_jobs_show_each_worker_s_results_but_no_worker_figures(tmp_path: Path):
    copy_reports(tmp_path)
    output = timeline(str(tmp_path), "--jobs", "2")
    assert seconds(output, "compaction began") <= seconds(output, "the command returned")
    assert "forked from this process" not in output
    assert re.search(r"worker \d+'s first results", output)
