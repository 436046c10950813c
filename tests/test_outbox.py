"""A worker's results travel to the writer in groups, their rows encoded together, and a lost worker
costs only the file it was on (none, when it died before its first: then the run stops after a few)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections import deque

import pyarrow as pa
import pytest

from conftest import RAW
from pipeline.batch import outbox
from pipeline.batch import worker as worker_module
from pipeline.batch.manifest import MANIFEST, BatchError
from pipeline.batch.outbox import GROUP_MOST, LATENCY, Clock, Outbox
from pipeline.batch.pool import (
    PREFETCH,
    PREFETCH_BYTES,
    PREFETCH_SLOW,
    STILLBORN_MOST,
    LocalPool,
    Task,
    WorkersCannotStart,
    _Worker,
)
from pipeline.batch.result import PageDone, WorkResult
from pipeline.batch.run import BatchOptions, run_batch
from pipeline.batch.wire import read_stream, stream, with_payload
from pipeline.batch.worker import convert_file, convert_task
from pipeline.store.schema import SORT_KEYS
from test_batch import TEST_TIMEOUT, write_pathological_report

GOOD = [RAW / "abt-nongbuathong-2567.txt", RAW / "thesaban-bothong-2566.html", RAW / "school-banhuaikhao-2568.txt"]
WARM_UP = [RAW / "hospital-khoksawang-2566.txt", RAW / "000_9c5d8f0573ae8997.txt"]


class FakeConnection:
    def __init__(self) -> None:
        self.sent: list[object] = []
        self.task_waiting = True

    def poll(self) -> bool:
        return self.task_waiting

    def send(self, message: object) -> None:
        self.sent.append(message)


def result(n: int, rows: int = 0) -> WorkResult:
    return WorkResult(f"{n}.txt", None, 0, "text", "converted", rows_written=rows)


def unencoded(held):
    """An encoder for results without rows."""
    return [found for found, _ in held]


def convert(box: Outbox, results: list[WorkResult], seconds: float = 0.0) -> None:
    """As `worker_main` does: results that are due go before the next task is taken."""
    for found in results:
        box.send_if_due()
        box.start()
        time.sleep(seconds)
        box.add(found, {})


def test_fast_results_go_in_full_groups_and_the_rest_when_no_task_waits():
    conn, clock = FakeConnection(), Clock([0.0, 0.0])
    box = Outbox(conn, clock, unencoded)
    results = [result(n) for n in range(2 * GROUP_MOST + 3)]
    convert(box, results)
    box.send_if_due()
    assert [len(group) for group in conn.sent] == [GROUP_MOST, GROUP_MOST]
    assert clock.finished == len(results) and clock.started is None
    conn.task_waiting = False  # the writer waits for these before it sends more work
    box.send_if_due()
    assert [r for group in conn.sent for r in group] == results


def test_a_slow_or_large_result_goes_at_once():
    conn = FakeConnection()
    box = Outbox(conn, Clock([0.0, 0.0]), unencoded)
    convert(box, [result(1)], seconds=LATENCY)
    box.send_if_due()
    convert(box, [result(2, rows=outbox.GROUP_ROWS)])
    box.send_if_due()
    assert [[r.path for r in group] for group in conn.sent] == [["1.txt"], ["2.txt"]]


def test_ocr_progress_follows_the_results_finished_before_it():
    conn = FakeConnection()
    box = Outbox(conn, Clock([0.0, 0.0]), unencoded)
    convert(box, [result(1), result(2)])
    box.start()
    box.tell(1, 3)
    assert conn.sent == [[result(1), result(2)], PageDone(1, 3)]


def decoded(result: WorkResult) -> dict[str, list[dict]]:
    return {
        table: read_stream(pa.py_buffer(stream(table, [message]))).to_pylist()
        for table, message in result.payload.items()
    }


def test_a_group_encodes_each_file_as_it_would_alone():
    """One Arrow conversion per table for the whole group; every file gets back exactly its rows,
    nulls and all, wherever they fall in the group's arrays."""
    converted = [convert_file(str(path)) for path in [*GOOD, *WARM_UP]]
    together = with_payload(converted)
    alone = [convert_task(str(path)) for path in [*GOOD, *WARM_UP]]
    assert [r.status for r in together] == ["converted"] * len(alone)
    for grouped, single in zip(together, alone):
        assert decoded(grouped) == decoded(single) and decoded(grouped)["activities"]
        assert grouped.rows_written == sum(len(rows) for rows in decoded(grouped).values())


def test_a_forked_worker_sends_its_rows_as_plain_tuples_that_encode_to_the_same_bytes():
    """pickle runs Python code for every typed row it writes (a named tuple's `__getnewargs__`),
    none for a plain tuple; the writer encodes either to the same bytes."""
    converted = [convert_file(str(path)) for path in GOOD]
    sent = pickle.loads(pickle.dumps(worker_module._unencoded(converted)))
    rows = [row for _, tables in sent for table in tables.values() for row in table]
    assert rows and {type(row) for row in rows} == {tuple}
    assert [result for result, _ in sent] == [result for result, _ in converted]
    assert [dict(tables) for _, tables in sent] == [{k: list(v) for k, v in t.items()} for _, t in converted]
    assert [r.payload for r in with_payload(sent)] == [r.payload for r in with_payload(converted)]


def test_each_file_s_rows_go_in_key_order_whatever_order_they_were_built_in():
    """The writer orders a part file by moving whole documents (`store.write.documents_in_order`)."""
    path, tables = convert_file(str(GOOD[0]))
    built = {table: list(reversed(rows)) for table, rows in tables.items()}
    rows = decoded(with_payload([(path, built)])[0])
    for table, found in rows.items():
        keys = [tuple(row[key] for key in SORT_KEYS[table]) for row in found]
        assert keys == sorted(keys) and len(keys) == len(tables[table])
    assert len(rows["activities"]) > 1


def test_rows_arrow_refuses_fail_their_own_file_only():
    converted = [convert_file(str(path)) for path in GOOD]
    broken_result, broken_tables = converted[1]
    measures = [row._replace(measure_no="one") for row in broken_tables["measures"]]  # not an integer
    converted[1] = (broken_result, {**broken_tables, "measures": measures})
    results = with_payload(converted)
    assert [r.status for r in results] == ["converted", "failed", "converted"]
    failed = results[1]
    assert failed.error_code == "internal_error" and not failed.payload
    assert failed.path == broken_result.path and failed.sha256 == broken_result.sha256
    assert results[0].payload and results[2].payload


@pytest.fixture()
def holding_pool(monkeypatch):
    """One worker forked from this process (so it shares the patch), holding every result
    it finishes until it has a full group: the files before a slow one are never sent."""
    monkeypatch.setattr(outbox, "LATENCY", 3600.0)
    pool = LocalPool(jobs=1, timeout=TEST_TIMEOUT, fork=True)
    yield pool
    pool.close()


def tasks_around(slow):
    """Two files first: their results come back together, so the writer hands over the rest at once."""
    return [Task(str(p), None) for p in [*WARM_UP, *GOOD[:2], slow, GOOD[2]]]


def test_a_timeout_fails_the_file_running_not_those_finished_and_unsent(tmp_path, holding_pool):
    slow = write_pathological_report(tmp_path / "slow.txt")
    results = {task.path: (result.status, result.error_code) for task, result in holding_pool.imap(tasks_around(slow))}
    assert results.pop(str(slow)) == ("failed", "timeout")
    assert set(results.values()) == {("converted", None)} and len(results) == len(WARM_UP) + len(GOOD)


def test_a_crash_fails_the_file_running_not_those_finished_and_unsent(tmp_path, holding_pool):
    slow = write_pathological_report(tmp_path / "slow.txt")
    seen: list[tuple[int, int]] = []

    def kill_on_the_slow_file() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            workers = list(holding_pool._workers)
            if workers and workers[0].clock.finished == len(WARM_UP) + 2 and workers[0].clock.started:
                seen.append((workers[0].clock.finished, workers[0].received))
                os.kill(workers[0].process.pid, signal.SIGKILL)
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_on_the_slow_file, daemon=True)
    killer.start()
    results = {task.path: result for task, result in holding_pool.imap(tasks_around(slow))}
    killer.join()
    # Killed on the slow file with finished results not sent. Which ones went depends on the
    # writer: a worker finding no task waiting sends what it holds, so a writer slow to hand
    # over the next task (a loaded machine) lets one of the two files before the slow one go.
    [(finished, received)] = seen
    assert finished == len(WARM_UP) + 2 and len(WARM_UP) <= received < finished
    assert results[str(slow)].error_code == "worker_crashed"
    assert [results[str(p)].status for p in [*WARM_UP, *GOOD]] == ["converted"] * 5


def test_a_worker_holds_many_fast_files_but_one_slow_file_in_reserve():
    worker = _Worker(process=None, conn=FakeConnection(), clock=Clock([0.0, 0.0]))
    queue = deque(Task(f"{n}.txt", None) for n in range(3 * PREFETCH))
    pool = LocalPool.__new__(LocalPool)
    pool._feed(worker, queue)
    assert len(worker.held) == PREFETCH_SLOW  # nothing known yet: as for slow files
    list(pool._take(worker, [result(1), result(2)]))
    pool._feed(worker, queue)
    assert len(worker.held) == PREFETCH  # its results come in groups: fast files
    list(pool._take(worker, [result(3)]))
    pool._feed(worker, queue)
    assert len(worker.held) == PREFETCH - 1  # one by one: slow files; the rest stay queued


def test_a_worker_of_fast_files_takes_few_big_ones():
    worker = _Worker(process=None, conn=FakeConnection(), clock=Clock([0.0, 0.0]), last_group=GROUP_MOST)
    big = PREFETCH_BYTES // 4
    queue = deque([Task("a.txt", None, size=1000), *(Task(f"{n}.pdf", None, size=big) for n in range(PREFETCH))])
    LocalPool.__new__(LocalPool)._feed(worker, queue)
    assert [t.path for t in worker.held] == ["a.txt", "0.pdf", "1.pdf", "2.pdf"]


class DeadConnection(FakeConnection):
    def send(self, message: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_task_sent_to_a_worker_already_dead_waits_for_its_burial():
    """The writer learns of a death from the selector: a send into the dead pipe must not end the run."""
    worker = _Worker(process=None, conn=DeadConnection(), clock=Clock([0.0, 0.0]))
    queue = deque(Task(f"{n}.txt", None) for n in range(3))
    LocalPool.__new__(LocalPool)._feed(worker, queue)
    assert [t.path for t in worker.held] == ["0.txt"] and len(queue) == 2  # held: `_bury` puts it back


def test_workers_that_die_before_their_first_file_stop_the_run_and_fail_no_file(monkeypatch):
    monkeypatch.setattr(worker_module, "worker_main", lambda *args: os._exit(3))  # forked workers share it
    pool = LocalPool(jobs=1, timeout=TEST_TIMEOUT, fork=True)
    results = []
    try:
        with pytest.raises(WorkersCannotStart, match=rf"{STILLBORN_MOST} in a row, the last with exit code 3"):
            results.extend(pool.imap([Task(str(p), None) for p in GOOD]))
    finally:
        pool.close(cancel=True)
    assert results == []


def test_a_run_whose_workers_cannot_start_ends_with_one_error(tmp_path, monkeypatch):
    monkeypatch.setattr(worker_module, "worker_main", lambda *args: os._exit(3))
    with pytest.raises(BatchError, match="exit before converting any file .* run again once they can start"):
        run_batch(GOOD, tmp_path / "out", BatchOptions(jobs=1))
    assert not (tmp_path / "out" / MANIFEST).exists()  # no file was recorded as failed


def test_a_worker_collects_its_young_objects_less_often_than_python_would():
    """A PDF page's tuples, one per character, set off Python's default collector twice a page."""
    here, there = multiprocessing.Pipe()
    report_r, report_w = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe and exits
        try:
            here.send(None)  # no task: the worker sets itself up, then stops
            worker_module.worker_main(there, Clock([0.0, 0.0]))
            os.write(report_w, str(gc.get_threshold()[0]).encode())
        finally:
            os._exit(0)
    os.close(report_w)
    os.waitpid(child, 0)
    with os.fdopen(report_r) as report:
        assert int(report.read()) == worker_module.YOUNG_COLLECTION_THRESHOLD > gc.get_threshold()[0]
