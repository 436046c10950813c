"""Archive-scale conversion: manifest, incremental re-runs, duplicates, timeouts, bad files, Dask.

The SIGKILL-and-resume tests are in test_batch_crash.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from cli import main
from conftest import RAW
from pipeline import PARSER_VERSION
from pipeline.batch import pool as pool_module
from pipeline.batch import progress, start_workers_early
from pipeline.batch.discover import discover
from pipeline.batch.manifest import MANIFEST, read_manifest
from pipeline.batch.pool import LocalPool, Task
from pipeline.batch.progress import Progress
from pipeline.batch.run import BatchOptions, run_batch
from pipeline.batch.staging import Staging
from pipeline.limits import DEFAULT, Limits
from pipeline.store.schema import SORT_KEYS, TABLES
from pipeline.store.write import (
    IN_ORDER_CHECK_ROWS,
    IN_ORDER_HEAD,
    documents_in_order,
    read_part,
    rewrite_part,
    sort_rows,
    string_array,
    string_list_array,
)

REPO = Path(__file__).resolve().parents[1]
OPTIONS = BatchOptions(jobs=2, timeout=60)


def make_archive():
    spec = importlib.util.spec_from_file_location("make_archive", REPO / "bench" / "make_archive.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_archive", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return sys.modules["make_archive"]


def table_rows(out: Path) -> dict[str, list[dict]]:
    """Every table's rows in key order: what a user loads, independent of file layout."""
    found = {}
    for name in TABLES:
        if not (out / name).exists():
            found[name] = []
            continue
        rows = ds.dataset(out / name, format="parquet", partitioning="hive").to_table().to_pylist()
        found[name] = sorted(rows, key=lambda r: tuple(r[k] for k in SORT_KEYS[name]))
    return found


def part_files(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for name in TABLES
        for p in sorted((out / name).rglob("*.parquet"))
    }


def fresh_python(script: str) -> list[str]:
    """What `script` prints, run in a new interpreter (whose imports are its own), word by word."""
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.fixture()
def archive(tmp_path) -> Path:
    root = tmp_path / "archive"
    make_archive().build(root, docs=12, seed=4)
    return root


def test_manifest_has_one_row_per_input_path_with_its_outcome(tmp_path, archive):
    broken = archive / "broken"
    broken.mkdir()
    (broken / "empty.txt").write_bytes(b"")
    (broken / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (broken / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word file")  # a torn OLE2 header
    (broken / "slides.ppt").write_bytes(b"\xd0\xcf\x11\xe0 old slides")
    (archive / ".hidden.txt").write_text("ปีงบประมาณ พ.ศ. 2567", encoding="utf-8")
    (archive / "~$lock.docx").write_bytes(b"lock")
    shutil.copy(RAW / "abt-nongbuathong-2567.txt", archive / "no-extension-report")
    out = tmp_path / "out"
    summary = run_batch([archive], out, OPTIONS)

    manifest = read_manifest(out)
    inputs = sorted(p.as_posix() for p in archive.rglob("*") if p.is_file() and not p.name.startswith((".", "~$")))
    assert sorted(manifest) == inputs
    assert {r.path: r.error_code for r in summary.failed} == {
        (broken / "empty.txt").as_posix(): "empty_file",
        (broken / "junk.txt").as_posix(): "binary_file",
        (broken / "legacy.doc").as_posix(): "corrupt_file",
        (broken / "slides.ppt").as_posix(): "unsupported_format",
    }
    rows = table_rows(out)
    for row in manifest.values():
        data = Path(row.path).read_bytes()
        assert (row.sha256, row.size, row.parser_version) == (
            hashlib.sha256(data).hexdigest(),
            len(data),
            PARSER_VERSION,
        )
        if row.status == "failed":
            assert row.error_message.startswith(row.path + ": ") and row.fiscal_year is None
            continue
        assert row.status == "converted" and row.seconds > 0 and row.error_code is None
        written = sum(1 for table in rows.values() for r in table if r["doc_id"] == row.sha256)
        assert row.rows_written == written > 0
        document = next(r for r in rows["documents"] if r["doc_id"] == row.sha256)
        assert (document["fiscal_year"], document["source_format"]) == (row.fiscal_year, row.format)
    assert manifest[(archive / "no-extension-report").as_posix()].format == "txt"


def test_status_and_convert_commands_summarise_and_exit_non_zero_on_failures(tmp_path, archive):
    (archive / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(archive), "--out", str(out), "--jobs", "2"])
    assert result.exit_code == 1
    assert f"error [empty_file] {archive / 'empty.txt'}: empty file" in result.output
    assert "12 converted, 0 unchanged, 1 failed (empty_file: 1)" in result.output
    status = runner.invoke(main, ["status", str(out)])
    assert status.exit_code == 0, status.output
    assert re.search(r"converted +12\n", status.output) and re.search(r"empty_file +1\n", status.output)
    assert "slowest files" in status.output
    quiet = runner.invoke(main, ["convert", str(archive), "--out", str(out), "-q"])
    assert quiet.exit_code == 1
    assert "unchanged" not in quiet.output and "error [empty_file]" in quiet.output
    missing = runner.invoke(main, ["status", str(tmp_path)])
    assert missing.exit_code == 1 and "no manifest yet" in missing.output


def test_rerun_skips_unchanged_replaces_changed_and_prunes_only_when_asked(tmp_path, archive):
    out = tmp_path / "out"
    first = run_batch([archive], out, OPTIONS)
    before = part_files(out)
    again = run_batch([archive], out, OPTIONS)
    assert again.counts() == {"unchanged": 12} and again.files_written == 0
    assert part_files(out) == before

    files = sorted(p for p in archive.rglob("*") if p.is_file())
    changed, gone = files[0], files[1]
    old_ids = {read_manifest(out)[p.as_posix()].sha256 for p in (changed, gone)}
    changed.write_bytes(changed.read_bytes().replace("ร้อยละ".encode(), "ร้อยละ ".encode(), 1) + b"\n")
    gone.unlink()
    kept = run_batch([archive], out, OPTIONS)
    assert kept.counts() == {"converted": 1, "unchanged": 10}
    assert kept.missing == (gone.as_posix(),) and not kept.pruned
    ids = {r["doc_id"] for r in table_rows(out)["documents"]}
    assert len(ids) == 12 and old_ids & ids == {read_manifest(out)[gone.as_posix()].sha256}

    pruned = run_batch([archive], out, BatchOptions(jobs=2, prune=True))
    assert pruned.pruned == (gone.as_posix(),) and gone.as_posix() not in read_manifest(out)
    clean = tmp_path / "clean"
    run_batch([archive], clean, OPTIONS)
    assert part_files(out) == part_files(clean)
    assert first.counts() == {"converted": 12}


def test_a_rerun_rewrites_the_manifest_only_when_its_rows_change(tmp_path, archive):
    out = tmp_path / "out"
    run_batch([archive], out, OPTIONS)
    run_batch([archive], out, OPTIONS)  # every row goes from converted to unchanged
    settled = os.stat(out / MANIFEST)
    run_batch([archive], out, OPTIONS)
    kept = os.stat(out / MANIFEST)
    assert (kept.st_ino, kept.st_mtime_ns) == (settled.st_ino, settled.st_mtime_ns)

    report = sorted(p for p in archive.rglob("*") if p.is_file())[0]
    report.write_bytes(report.read_bytes() + b"\n")
    again = run_batch([archive], out, OPTIONS)
    assert again.counts() == {"converted": 1, "unchanged": 11}
    assert os.stat(out / MANIFEST).st_ino != kept.st_ino
    assert read_manifest(out)[report.as_posix()].status == "converted"


def test_same_bytes_under_two_paths_are_one_document_listing_both(tmp_path, archive):
    source = sorted(archive.rglob("*.txt"))[0]
    copy = archive / "copies" / source.name
    copy.parent.mkdir()
    shutil.copy(source, copy)
    out = tmp_path / "out"
    run_batch([archive], out, OPTIONS)
    manifest = read_manifest(out)
    sha = manifest[source.as_posix()].sha256
    assert manifest[copy.as_posix()].sha256 == sha
    documents = [r for r in table_rows(out)["documents"] if r["doc_id"] == sha]
    paths = sorted([source.as_posix(), copy.as_posix()])
    assert [(d["source_path"], d["source_paths"]) for d in documents] == [(paths[0], paths)]
    assert len(table_rows(out)["documents"]) == 12

    copy.unlink()
    run_batch([archive], out, BatchOptions(jobs=2, prune=True))
    documents = [r for r in table_rows(out)["documents"] if r["doc_id"] == sha]
    assert [(d["source_path"], d["source_paths"]) for d in documents] == [(source.as_posix(), [source.as_posix()])]


# Long enough that an ordinary report converts on a loaded machine, far short of
# the minutes the pathological report takes.
TEST_TIMEOUT = 5.0


def write_pathological_report(path: Path) -> Path:
    """A report with one cell holding a million list items: half a minute of parsing at best."""
    text = (RAW / "abt-nongbuathong-2567.txt").read_text(encoding="utf-8")
    head, _, table = text.partition("\n\n")
    header, first = table.splitlines()[:2]
    cells = first.split("\t")
    cells[6] = " ".join(f"1) ผลงาน {i} ครั้ง" for i in range(1_000_000))
    path.write_text(f"{head}\n\n{header}\n" + "\t".join(cells) + "\n", encoding="utf-8")
    return path


def test_file_names_in_a_legacy_encoding_are_kept_readable_and_incremental(tmp_path):
    """A TIS-620 file name is not UTF-8: it is recorded with \\xNN escapes, never crashing the batch."""
    root = tmp_path / "in"
    root.mkdir()
    legacy = root / os.fsdecode("รายงาน".encode("cp874") + b".txt")
    shutil.copy(RAW / "abt-nongbuathong-2567.txt", legacy)
    out = tmp_path / "out"
    assert run_batch([root], out, OPTIONS).counts() == {"converted": 1}
    # Bytes that happen to form UTF-8 stay characters (c2 a7 is "§"); the others become \\xNN.
    text = f"{root.as_posix()}/\\xc3\\xd2§ҹ.txt"
    assert list(read_manifest(out)) == [text]
    assert [d["source_path"] for d in table_rows(out)["documents"]] == [text]
    assert run_batch([root], out, OPTIONS).counts() == {"unchanged": 1}
    legacy.unlink()
    assert run_batch([root], out, BatchOptions(jobs=2, prune=True)).pruned == (text,)
    assert table_rows(out)["documents"] == []


@pytest.mark.parametrize("jobs", [1, 2])  # 1: one worker forked from the writer, no fork server
def test_a_pathological_file_times_out_and_the_batch_goes_on(tmp_path, archive, jobs):
    slow = write_pathological_report(archive / "slow.txt")
    out = tmp_path / "out"
    summary = run_batch([archive], out, BatchOptions(jobs=jobs, timeout=TEST_TIMEOUT))
    assert [(r.path, r.error_code) for r in summary.failed] == [(slow.as_posix(), "timeout")]
    assert "no result after 5 s" in summary.failed[0].error_message
    assert summary.counts()["converted"] == 12 and len(table_rows(out)["documents"]) == 12


@pytest.mark.parametrize("fork", [False, True])
def test_a_worker_that_dies_costs_only_its_file(tmp_path, fork):
    slow = write_pathological_report(tmp_path / "slow.txt")
    good = [RAW / "abt-nongbuathong-2567.txt", RAW / "thesaban-bothong-2566.html"]
    pool = LocalPool(jobs=1, timeout=60, fork=fork)

    def kill_once_the_file_started() -> None:  # a worker killed before its first file fails none
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if pool._workers and pool._workers[0].clock.started:
                os.kill(pool._workers[0].process.pid, signal.SIGKILL)
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_once_the_file_started, daemon=True)
    killer.start()
    try:
        results = {task.path: result for task, result in pool.imap([Task(str(p), None) for p in [slow, *good]])}
    finally:
        killer.join()
        pool.close()
    assert results[str(slow)].error_code == "worker_crashed"
    assert "exit code -9" in results[str(slow)].error_message
    assert [results[str(p)].status for p in good] == ["converted", "converted"]


def test_a_one_worker_first_run_forks_its_worker_first_and_the_pool_takes_it(tmp_path):
    report = RAW / "abt-nongbuathong-2567.txt"
    release = start_workers_early(tmp_path / "out", "local", 1, [report], DEFAULT)
    (early,) = pool_module._early
    pool = LocalPool(jobs=1, timeout=60, fork=True)
    try:
        [(_, result)] = pool.imap([Task(str(report), None)])
        assert result.status == "converted" and not pool_module._early
        assert pool._workers[0].process.pid == early.worker.process.pid
    finally:
        pool.close()
        release()
    assert early.worker.process.exitcode == 0


@pytest.mark.parametrize("lean", [True, False])
def test_a_forked_worker_leaves_encoding_to_a_writer_that_can_without_pandas(tmp_path, lean):
    # As `convert` runs it (numpy and pandas refused in the writer), the one worker imports
    # neither pyarrow nor numpy: the writer encodes its rows. Called as a library, where the
    # writer would have to import pandas to encode, the worker encodes them itself.
    report = str(RAW / "abt-nongbuathong-2567.txt")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pipeline.batch import start_workers_early, writer_without_numpy\n"
        "from pipeline.batch.pool import LocalPool, Task\n"
        "from pipeline.limits import DEFAULT\n"
        f"with writer_without_numpy({lean}):\n"
        f"    release = start_workers_early(Path({str(tmp_path / 'out')!r}), 'local', 1, [Path({report!r})], DEFAULT)\n"
        "    pool = LocalPool(jobs=1, timeout=60, fork=True)\n"
        f"    [(_, result)] = pool.imap([Task({report!r}, None)])\n"
        "    maps = Path(f'/proc/{pool._workers[0].process.pid}/maps').read_text()\n"
        "    pool.close()\n"
        "    release()\n"
        "print(result.status, bool(result.payload), 'libarrow' in maps, 'numpy' in maps, 'pandas' in sys.modules)"
    )
    assert fresh_python(script) == ["converted", "True", str(not lean), "False", "False"]


def test_an_early_worker_of_other_limits_or_no_pool_at_all_is_let_go(tmp_path):
    report = RAW / "abt-nongbuathong-2567.txt"
    start_workers_early(tmp_path / "out", "local", 1, [report], DEFAULT)
    (early,) = pool_module._early
    pool = LocalPool(jobs=1, timeout=60, limits=Limits(max_memory=None), fork=True)
    try:
        [(_, result)] = pool.imap([Task(str(report), None)])
        assert pool._workers[0].process.pid != early.worker.process.pid
    finally:
        pool.close()
    assert result.status == "converted" and early.worker.process.exitcode == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["convert", str(empty), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1 and "no report files found" in result.output
    assert not pool_module._early  # forked when the command started, gone when it ended


def test_a_rerun_forks_no_worker_before_its_plan(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).touch()
    release = start_workers_early(out, "local", 1, [RAW / "abt-nongbuathong-2567.txt"], DEFAULT)
    try:
        assert not pool_module._early
    finally:
        release()


# Prints how many threads the writer has as it forks a worker and as its pool closes, chunks
# staged (the pool module imports no pyarrow: the command's own setting comes first).
THREADS_WATCHED = """
import os, sys
import pipeline.batch.pool as pool
def counted(where, step):
    def step_counted(*args, **kwargs):
        print("threads", where, len(os.listdir("/proc/self/task")))
        return step(*args, **kwargs)
    return step_counted
pool._fork_worker = counted("fork", pool._fork_worker)
pool.LocalPool.close = counted("close", pool.LocalPool.close)
import cli
cli.main(sys.argv[1:], standalone_mode=False)
"""


def test_a_one_worker_writer_has_no_other_thread_when_it_forks_or_stages(tmp_path):
    # A forked child gets only the forking thread: a lock another thread held stays held in
    # it. pyarrow's jemalloc thread, and Arrow's pools once the writer reads or writes a file
    # of its own with them, would be there on a re-run's fork, or a replacement worker's.
    archive, out = tmp_path / "archive", tmp_path / "out"
    shutil.copytree(RAW, archive)
    command = [sys.executable, "-c", THREADS_WATCHED, "convert", str(archive), "--out", str(out)]
    options = ["--jobs", "1", "--chunk-docs", "2", "--quiet"]  # chunks staged as results come
    environment = {k: v for k, v in os.environ.items() if k != "JE_ARROW_MALLOC_CONF"}

    def threads_seen() -> list[str]:
        done = subprocess.run([*command, *options], cwd=REPO, capture_output=True, text=True, env=environment)
        assert done.returncode == 0, done.stderr
        return [line for line in done.stdout.splitlines() if line.startswith("threads")]

    assert threads_seen() == ["threads fork 1", "threads close 1"]
    changed = archive / "abt-nongbuathong-2567.txt"
    changed.write_bytes(changed.read_bytes() + b"\n")  # a re-run forks once it has read the manifest
    assert threads_seen() == ["threads fork 1", "threads close 1"]


def test_the_fork_server_forks_its_workers_from_its_one_thread():
    script = (
        "import os; from multiprocessing import forkserver\n"
        "from pipeline.batch.pool import LocalPool, Task\n"
        "pool = LocalPool(jobs=2, timeout=60)\n"
        f"results = list(pool.imap([Task({str(RAW / 'abt-nongbuathong-2567.txt')!r}, None)] * 4))\n"
        "pool.close()\n"
        "print(len(os.listdir(f'/proc/{forkserver._forkserver._forkserver_pid}/task')))"
    )
    assert fresh_python(script) == ["1"]


def test_discovery_sniffs_content_and_skips_hidden_temporary_and_output_files(tmp_path):
    root = tmp_path / "in"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "report.txt").write_text("x")
    shutil.copy(RAW / "thesaban-bothong-2566.html", root / "page.aspx")
    shutil.copy(RAW / "hospital-khoksawang-2566.txt", root / "cp874-report")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(2000))
    (root / "notes.md").write_text("# notes in English only\n")
    for name in ("report.txt~", "download.pdf.crdownload", ".#report.txt", "report.tmp"):
        (root / name).write_text("ปีงบประมาณ")
    (root / "out" / "documents").mkdir(parents=True)
    (root / "out" / "documents" / "part-0.txt").write_text("ปีงบประมาณ")
    found = [p.name for p in discover([root], exclude=root / "out")]
    assert found == ["cp874-report", "page.aspx"]


def test_an_output_folder_without_manifest_or_with_a_live_lock_is_refused(tmp_path, archive):
    out = tmp_path / "out"
    (out / "documents").mkdir(parents=True)
    result = CliRunner().invoke(main, ["convert", str(archive), "--out", str(out)])
    assert result.exit_code == 1 and f"{out} holds tables but no {MANIFEST}" in result.output
    locked = tmp_path / "locked"
    with Staging(locked).locked():
        result = CliRunner().invoke(main, ["convert", str(archive), "--out", str(locked)])
    assert result.exit_code == 1 and "another thaireports convert is writing" in result.output


def test_bad_options_are_usage_errors():
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(RAW), "--executor", "dask"])
    assert result.exit_code == 2 and "needs a scheduler address" in result.output
    assert runner.invoke(main, ["convert", str(RAW), "--jobs", "0"]).exit_code == 2
    assert runner.invoke(main, ["convert", str(RAW), "--timeout", "0"]).exit_code == 2


def test_progress_is_a_bar_on_a_terminal_and_log_lines_elsewhere(monkeypatch):
    monkeypatch.setattr(progress, "LOG_EVERY", 0.0)
    log = io.StringIO()
    lines = Progress(10, initial=4, mode="auto", stream=log)
    lines.note("10 files: 6 to convert, 4 unchanged")
    lines.advance(2)
    lines.advance(1, failed=1)
    lines.close()
    text = log.getvalue().splitlines()
    assert text[0] == "10 files: 6 to convert, 4 unchanged"
    assert re.fullmatch(r"7/10 files, [0-9.]+ files/s, 1 failed, ETA \d+s", text[2])

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = Progress(10, mode="auto", stream=screen)
    bar.advance(3, failed=1)
    bar.close()
    assert "3/10" in screen.getvalue() and "failed=1" in screen.getvalue() and "file/s" in screen.getvalue()
    quiet = io.StringIO()
    nothing = Progress(10, mode="none", stream=quiet)
    nothing.note("hidden")
    nothing.advance(10)
    nothing.close()
    assert quiet.getvalue() == ""


def test_inline_executor_writes_what_the_workers_write(tmp_path, archive):
    run_batch([archive], tmp_path / "workers", OPTIONS)
    run_batch([archive], tmp_path / "inline", BatchOptions(executor="inline"))
    assert part_files(tmp_path / "inline") == part_files(tmp_path / "workers")


def test_dask_executor_writes_the_same_files_as_the_local_one(tmp_path, archive):
    distributed = pytest.importorskip("distributed")
    (archive / "empty.txt").write_bytes(b"")
    slow = write_pathological_report(archive / "slow.txt")
    local = tmp_path / "local"
    run_batch([archive], local, BatchOptions(jobs=2, timeout=TEST_TIMEOUT))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster:
        remote = tmp_path / "dask"
        summary = run_batch(
            [archive], remote, BatchOptions(executor="dask", scheduler=cluster.scheduler_address, timeout=TEST_TIMEOUT)
        )
        assert len(cluster.scheduler_info["workers"]) == 2  # both workers alive after the timeout
    assert part_files(remote) == part_files(local) and part_files(local)
    assert sorted((r.path, r.error_code) for r in summary.failed) == [
        ((archive / "empty.txt").as_posix(), "empty_file"),
        (slow.as_posix(), "timeout"),
    ]
    same = ["path", "sha256", "size", "format", "status", "error_code", "parser_version", "rows_written", "fiscal_year"]
    assert pq.read_table(remote / MANIFEST).select(same).equals(pq.read_table(local / MANIFEST).select(same))


def test_the_writer_converts_an_archive_without_importing_pandas(tmp_path, archive):
    # pandas costs the single writer 0.15 s (and the workers 40 MB each): every array the
    # writer builds from Python values is built from buffers (see `string_array`).
    script = (
        "import sys; from pathlib import Path; from pipeline.batch.run import BatchOptions, run_batch; "
        f"run_batch([Path({str(archive)!r})], Path({str(tmp_path / 'out')!r}), BatchOptions(jobs=1)); "
        "print('pandas' in sys.modules)"
    )
    assert fresh_python(script) == ["False"]
    assert read_manifest(tmp_path / "out")


def test_one_worker_is_forked_from_the_writer_without_a_fork_server(tmp_path):
    # A fork server is a second interpreter importing pyarrow and the parsers again: for
    # one worker (one file, or --jobs 1) that doubles the start-up and overlaps nothing.
    script = (
        "from pathlib import Path; from multiprocessing import forkserver; "
        "from pipeline.batch.run import BatchOptions, run_batch; "
        f"s = run_batch([Path({str(RAW / 'abt-nongbuathong-2567.txt')!r})], Path({str(tmp_path / 'out')!r}), "
        "BatchOptions(jobs=2)); "
        "print(dict(s.counts()), forkserver._forkserver._forkserver_pid)"
    )
    assert fresh_python(script) == ["{'converted':", "1}", "None"]


def test_the_command_writes_without_numpy_and_its_workers_may_import_it(tmp_path):
    # pyarrow imports numpy when it can (a fifth of a one-file run) and the writer uses none of it.
    script = (
        "import sys, cli\n"
        "from pipeline.batch import writer_without_numpy\n"
        "from pipeline.batch.pool import worker_imports\n"
        f"cli.main(['convert', {str(RAW / 'abt-nongbuathong-2567.txt')!r}, '--out', {str(tmp_path / 'out')!r}, "
        "'--jobs', '1', '--quiet'], standalone_mode=False)\n"
        "print('numpy' in sys.modules, 'pandas' in sys.modules)\n"
        "with writer_without_numpy():\n"
        "    worker_imports()  # as a worker forked here does first\n"
        "    import numpy\n"
        "print('numpy' in sys.modules)"
    )
    assert fresh_python(script) == ["False", "False", "True"]
    assert len(table_rows(tmp_path / "out")["documents"]) == 1


def test_the_fork_server_preloads_the_parsers_without_numpy_and_its_workers_may_import_it():
    # Its imports are the last thing a run with several workers waits for; numpy was a third of them.
    script = (
        "import sys\n"
        "import pipeline.batch.preload\n"
        "print('pipeline.parse.document' in sys.modules, 'numpy' in sys.modules)\n"
        "from pipeline.batch.pool import worker_imports\n"
        "worker_imports()  # as every worker does first\n"
        "import numpy\n"
        "print('numpy' in sys.modules)"
    )
    assert fresh_python(script) == ["True", "False", "True"]


def test_a_worker_converts_text_and_html_without_loading_pdfium():
    # Every worker imports the batch machinery at its start; PDFium loads with the first PDF.
    reports = [str(RAW / "abt-nongbuathong-2567.txt"), *map(str, sorted(RAW.glob("*.html"))[:1])]
    script = (
        "import sys\n"
        "from pipeline.batch.worker import convert_task\n"
        f"print(*(convert_task(path).status for path in {reports!r}), 'pypdfium2' in sys.modules)"
    )
    assert fresh_python(script) == ["converted"] * len(reports) + ["False"]


def test_a_text_file_that_is_no_report_is_named_without_loading_pdfium(tmp_path):
    # A file without a table is read again as pages to name what it is; only a PDF's need PDFium.
    prose = tmp_path / "letter.txt"
    prose.write_text("บันทึกข้อความ\nเรื่อง ขอเชิญประชุม\nตามที่ได้มีการประชุมครั้งก่อน\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from pipeline.batch.worker import convert_task\n"
        f"result = convert_task({str(prose)!r})\n"
        "print(result.status, result.error_code, 'pypdfium2' in sys.modules)"
    )
    assert fresh_python(script) == ["failed", "not_a_report", "False"]


def test_an_unchanged_rerun_loads_no_compute_kernels(tmp_path):
    # pyarrow.compute (a tenth of an unchanged re-run's time) loads only to rewrite a part file.
    report, out = RAW / "abt-nongbuathong-2567.txt", tmp_path / "out"
    assert CliRunner().invoke(main, ["convert", str(report), "--out", str(out), "--quiet"]).exit_code == 0
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pipeline.batch.convert import convert_paths\n"
        f"summary = convert_paths([Path({str(report)!r})], Path({str(out)!r}))\n"
        "print(*(r.status for r in summary.results), 'pyarrow.compute' in sys.modules)"
    )
    assert fresh_python(script) == ["unchanged", "False"]


def test_a_one_report_run_loads_no_compute_kernels(tmp_path):
    # A report's rows come in key order: its part files need no sort, so no pyarrow.compute.
    report = RAW / "abt-nongbuathong-2567.txt"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pipeline.batch.convert import convert_paths\n"
        f"summary = convert_paths([Path({str(report)!r})], Path({str(tmp_path / 'out')!r}))\n"
        "print(*(r.status for r in summary.results), 'pyarrow.compute' in sys.modules)"
    )
    assert fresh_python(script) == ["converted", "False"]


@pytest.mark.parametrize("rows", [7, IN_ORDER_CHECK_ROWS + 3])
def test_part_rows_come_out_in_key_order_and_rows_in_order_stay(rows):
    ids = [f"{n % 3:x}" + "ก" * (n % 2) for n in range(rows)]
    numbers = [(n * 7) % 5 for n in range(rows)]
    data = pa.table({"doc_id": ids, "warning_no": pa.array(numbers, pa.int32()), "row": range(rows)})
    ordered = sort_rows("warnings", data)
    keys = list(zip(ordered["doc_id"].to_pylist(), ordered["warning_no"].to_pylist(), ordered["row"].to_pylist()))
    assert keys == sorted(zip(ids, numbers, range(rows)))  # by the keys, ties in their first order
    assert sort_rows("warnings", ordered).equals(ordered)
    assert (sort_rows("warnings", ordered) is ordered) == (rows <= IN_ORDER_CHECK_ROWS)


def staged_warnings(*documents: tuple[str, list[int]]) -> pa.Table:
    """A staged table as the wire makes it: one record batch per document, its rows in key order."""
    schema = TABLES["warnings"]
    batches = []
    for doc_id, numbers in documents:
        rows = [
            dict.fromkeys(schema.names)
            | {"doc_id": doc_id, "warning_no": n, "code": "c", "severity": "warning", "message": "m"}
            for n in numbers
        ]
        batches.append(pa.RecordBatch.from_pylist(rows, schema=schema))
    return pa.Table.from_batches(batches, schema)


def test_staged_documents_are_put_in_order_whole_as_sorting_their_rows_would():
    chunks = [staged_warnings(("c", [1, 2, 3]), ("a", [1, 2])), staged_warnings(("b", [1]), ("ab", [4, 9]))]
    ordered = documents_in_order(chunks, TABLES["warnings"])
    assert ordered is not None and ordered.num_columns == len(TABLES["warnings"])
    assert ordered.equals(sort_rows("warnings", pa.concat_tables(chunks)))
    assert [c.num_chunks for c in ordered.columns] == [1] * ordered.num_columns  # as a sort leaves it


def test_staged_tables_without_rows_put_in_order_are_an_empty_table():
    empty = staged_warnings()
    assert documents_in_order([empty], TABLES["warnings"]).equals(empty)
    one = staged_warnings(("", [2]), ("ก", [1]))  # ids empty and Thai: ordered by their UTF-8 bytes
    assert documents_in_order([empty, one], TABLES["warnings"]).equals(sort_rows("warnings", one))


@pytest.mark.parametrize(
    "chunks",
    [
        [staged_warnings(("b", [1]), ("a", [2])), staged_warnings(("a", [1]))],  # one document in two batches
        [pa.concat_tables([staged_warnings(("b", [1]), ("a", [1]))]).combine_chunks()],  # two in one batch
    ],
)
def test_documents_that_cannot_move_whole_are_left_to_the_sort(tmp_path, chunks):
    assert documents_in_order(chunks, TABLES["warnings"]) is None
    staged = rewrite_part(tmp_path, "warnings", (2567, 0), (), chunks)
    staged.commit()
    rows = read_part(tmp_path, "warnings", (2567, 0))
    keys = list(zip(rows["doc_id"].to_pylist(), rows["warning_no"].to_pylist()))
    assert keys == sorted(keys) and len(keys) == sum(chunk.num_rows for chunk in chunks)


def test_staged_documents_join_the_rows_already_in_a_part_file_in_key_order(tmp_path):
    rewrite_part(tmp_path, "warnings", (2567, 0), (), [staged_warnings(("b", [1, 2]), ("d", [1]))]).commit()
    rewrite_part(tmp_path, "warnings", (2567, 0), {"d"}, [staged_warnings(("d", [5]), ("a", [3]))]).commit()
    rows = read_part(tmp_path, "warnings", (2567, 0))
    assert list(zip(rows["doc_id"].to_pylist(), rows["warning_no"].to_pylist())) == [
        ("a", 3),
        ("b", 1),
        ("b", 2),
        ("d", 5),
    ]


def test_rows_of_one_document_are_ordered_by_every_key():
    data = pa.table({"doc_id": ["a", "a", "b"], "warning_no": pa.array([2, 1, 1], pa.int32())})
    assert sort_rows("warnings", data)["warning_no"].to_pylist() == [1, 2, 1]
    late = 2 * IN_ORDER_HEAD  # in order at the start, not at the end
    data = pa.table({"doc_id": ["a"] * late, "warning_no": pa.array([*range(1, late), 0], pa.int32())})
    assert sort_rows("warnings", data)["warning_no"].to_pylist() == list(range(late))


@pytest.mark.parametrize("values", [[], [""], ["a", "ปีงบประมาณ", "", "𝔸"], ["x" * 1000] * 3])
def test_arrays_built_from_buffers_equal_converted_ones(values):
    assert string_array(values).equals(pa.array(values, pa.string()))
    lists = [values, [], values[:1]]
    assert string_list_array(lists).equals(pa.array(lists, pa.list_(pa.string())))
