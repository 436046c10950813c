"""The benches' timing of a worker's own work: it converts what it is given, and refuses failures."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "tests" / "fixtures" / "raw" / "hospital-khoksawang-2566.txt"


def worker_alone_module():
    spec = importlib.util.spec_from_file_location("worker_alone", REPO / "bench" / "worker_alone.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_times_the_files_under_a_folder_and_its_subfolders(tmp_path: Path):
    (tmp_path / "2567").mkdir()
    shutil.copy(REPORT, tmp_path / "2567" / REPORT.name)
    seconds = worker_alone_module().worker_alone(tmp_path)
    assert 0 < seconds < 60


def test_a_file_that_fails_to_convert_fails_the_timing(tmp_path: Path):
    shutil.copy(REPORT, tmp_path / REPORT.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(SystemExit, match="1 of 2 files"):
        worker_alone_module().worker_alone(tmp_path)


def test_no_files_is_no_timing(tmp_path: Path):
    with pytest.raises(SystemExit, match="no files"):
        worker_alone_module().worker_alone(tmp_path)


def test_the_limit_takes_the_first_files_in_path_order(tmp_path: Path):
    shutil.copy(REPORT, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"")  # would fail, but is past the limit
    assert worker_alone_module().worker_alone(tmp_path, limit=1) > 0
