"""SIGKILL a real `thaireports convert` at several points; the dataset stays loadable and the re-run heals it.

Kill points come from the THAIREPORTS_CRASH_AT hook (after the Nth staged
chunk, the Nth part file written, the manifest commit) and from plain
timers. After every kill: each table loads, no document is duplicated, and
every document listed in `documents` has exactly the rows a clean run gives
it. After the re-run: the same part files, byte for byte, as a clean run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.batch.manifest import read_manifest
from pipeline.batch.run import CRASH_ENV, BatchOptions, run_batch
from pipeline.store.schema import SORT_KEYS
from test_batch import REPO, make_archive, part_files, table_rows

CHUNK_DOCS = 6


def convert(archive: Path, out: Path, *extra: str, crash: str | None = None, kill_after: float | None = None) -> int:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(CRASH_ENV, None)
    if crash:
        env[CRASH_ENV] = crash
    command = [
        sys.executable,
        str(REPO / "cli.py"),
        "convert",
        str(archive),
        "--out",
        str(out),
        "-q",
        "--jobs",
        "2",
        "--chunk-docs",
        str(CHUNK_DOCS),
        *extra,
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is not None:
        try:
            process.wait(kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
    process.wait(120)
    return process.returncode


def assert_consistent(out: Path, clean: dict[str, list[dict]]) -> None:
    """Loadable, no duplicates, and every listed document complete and as a clean run has it."""
    rows = table_rows(out)
    listed = [r["doc_id"] for r in rows["documents"]]
    assert len(listed) == len(set(listed))
    for table, found in rows.items():
        keys = [tuple(r[k] for k in SORT_KEYS[table]) for r in found]
        assert len(keys) == len(set(keys)), f"duplicate rows in {table}"
        if table == "documents":
            continue
        for doc_id in set(listed) & {r["doc_id"] for r in clean["documents"]}:
            assert [r for r in found if r["doc_id"] == doc_id] == [r for r in clean[table] if r["doc_id"] == doc_id]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("crash") / "archive"
    make_archive().build(root, docs=30, seed=7)
    return root


@pytest.fixture(scope="module")
def clean(archive, tmp_path_factory) -> tuple[Path, tuple[int, int, int]]:
    out = tmp_path_factory.mktemp("clean") / "out"
    return out, run_batch([archive], out, BatchOptions(jobs=2)).phase_files


def kill_point(point: str, phases: tuple[int, int, int]) -> str:
    """A crash hook value; "children"/"documents"/"removals" mean half-way through that phase."""
    if point not in ("children", "documents", "removals"):
        return point
    index = ("children", "documents", "removals").index(point)
    assert phases[index] >= 2, phases
    return f"part:{sum(phases[:index]) + phases[index] // 2}"


@pytest.mark.parametrize("point", ["chunk:1", "chunk:3", "children", "documents", "manifest:1"])
def test_a_run_killed_at_a_checkpoint_resumes_to_the_clean_result(tmp_path, archive, clean, point):
    reference, phases = clean
    out = tmp_path / "out"
    assert convert(archive, out, crash=kill_point(point, phases)) == -signal.SIGKILL
    assert_consistent(out, table_rows(reference))
    assert convert(archive, out) == 0
    assert part_files(out) == part_files(reference)
    assert {p: (r.sha256, r.fiscal_year) for p, r in read_manifest(out).items()} == {
        p: (r.sha256, r.fiscal_year) for p, r in read_manifest(reference).items()
    }
    assert not (out / "_batch").exists()


def test_runs_killed_at_random_moments_twice_then_resumed(tmp_path, archive, clean):
    reference, _ = clean
    out = tmp_path / "out"
    for delay in (0.9, 1.4):
        convert(archive, out, kill_after=delay)
        if (out / "documents").exists():
            assert_consistent(out, table_rows(reference))
    assert convert(archive, out) == 0
    assert part_files(out) == part_files(reference)


@pytest.fixture(scope="module")
def update(archive, tmp_path_factory) -> tuple[Path, Path, Path, tuple[int, int, int]]:
    """A converted archive, then 3 files changed, 3 deleted, 2 added; and the result of that update."""
    root = tmp_path_factory.mktemp("update")
    before, after = root / "before", root / "archive"
    shutil.copytree(archive, after)
    run_batch([after], before, BatchOptions(jobs=2))
    files = sorted(p for p in after.rglob("*") if p.is_file())
    for path in files[:3]:
        path.write_bytes(path.read_bytes() + "\nหมายเหตุ แก้ไข".encode())
    for path in files[3:6]:
        path.unlink()
    make_archive().build(after / "new", docs=2, seed=99)
    reference = root / "reference"
    shutil.copytree(before, reference)
    phases = run_batch([after], reference, BatchOptions(jobs=2, prune=True)).phase_files
    return before, after, reference, phases


@pytest.mark.parametrize("point", ["children", "documents", "removals"])
def test_an_incremental_run_with_changes_and_prune_killed_then_resumed(tmp_path, update, point):
    before, archive, reference, phases = update
    out = tmp_path / "out"
    shutil.copytree(before, out)
    old, new = table_rows(before), table_rows(reference)
    assert convert(archive, out, "--prune", crash=kill_point(point, phases)) == -signal.SIGKILL
    # A changed file's old document may still be listed, or its new one already: both must be whole.
    old_ids = {r["doc_id"] for r in old["documents"]}
    assert_consistent(out, {t: old[t] + [r for r in new[t] if r["doc_id"] not in old_ids] for t in old})
    assert convert(archive, out, "--prune") == 0
    assert part_files(out) == part_files(reference)
    assert sorted(read_manifest(out)) == sorted(read_manifest(reference))
