"""A worker's results travel to the writer in groups, and a lost worker costs only the file it was on."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from conftest import RAW
from pipeline.batch import outbox
from pipeline.batch.outbox import GROUP_MOST, LATENCY, Clock, Outbox
from pipeline.batch.pool import LocalPool, Task
from pipeline.batch.result import PageDone, WorkResult
from test_batch import TEST_TIMEOUT, write_pathological_report

GOOD = [RAW / "abt-nongbuathong-2567.txt", RAW / "thesaban-bothong-2566.html", RAW / "school-banhuaikhao-2568.txt"]


class FakeConnection:
    def __init__(self) -> None:
        self.sent: list[object] = []
        self.task_waiting = True

    def poll(self) -> bool:
        return self.task_waiting

    def send(self, message: object) -> None:
        self.sent.append(message)


def result(n: int, payload: bytes = b"") -> WorkResult:
    return WorkResult(f"{n}.txt", None, 0, "text", "converted", payload={"documents": payload} if payload else {})


def convert(box: Outbox, results: list[WorkResult], seconds: float = 0.0) -> None:
    """As `worker_main` does: results that are due go before the next task is taken."""
    for found in results:
        box.send_if_due()
        box.start()
        time.sleep(seconds)
        box.add(found)


def test_fast_results_go_in_full_groups_and_the_rest_when_no_task_waits():
    conn, clock = FakeConnection(), Clock([0.0, 0.0])
    box = Outbox(conn, clock)
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
    box = Outbox(conn, Clock([0.0, 0.0]))
    convert(box, [result(1)], seconds=LATENCY)
    box.send_if_due()
    convert(box, [result(2, b"x" * outbox.GROUP_BYTES)])
    box.send_if_due()
    assert [[r.path for r in group] for group in conn.sent] == [["1.txt"], ["2.txt"]]


def test_ocr_progress_follows_the_results_finished_before_it():
    conn = FakeConnection()
    box = Outbox(conn, Clock([0.0, 0.0]))
    convert(box, [result(1), result(2)])
    box.start()
    box.tell(1, 3)
    assert conn.sent == [[result(1), result(2)], PageDone(1, 3)]


@pytest.fixture()
def holding_pool(monkeypatch):
    """One worker forked from this process (so it shares the patch), holding every result
    it finishes until it has a full group: the files before a slow one are never sent."""
    monkeypatch.setattr(outbox, "LATENCY", 3600.0)
    pool = LocalPool(jobs=1, timeout=TEST_TIMEOUT, fork=True)
    yield pool
    pool.close()


def tasks_around(slow):
    return [Task(str(p), None) for p in [*GOOD[:2], slow, GOOD[2]]]


def test_a_timeout_fails_the_file_running_not_those_finished_and_unsent(tmp_path, holding_pool):
    slow = write_pathological_report(tmp_path / "slow.txt")
    results = [(task.path, result.status, result.error_code) for task, result in holding_pool.imap(tasks_around(slow))]
    assert sorted(results) == sorted(
        [(str(GOOD[0]), "converted", None), (str(GOOD[1]), "converted", None), (str(GOOD[2]), "converted", None)]
        + [(str(slow), "failed", "timeout")]
    )


def test_a_crash_fails_the_file_running_not_those_finished_and_unsent(tmp_path, holding_pool):
    slow = write_pathological_report(tmp_path / "slow.txt")
    killed = threading.Event()

    def kill_on_the_slow_file() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            workers = list(holding_pool._workers)
            if workers and workers[0].clock.finished == 2 and workers[0].clock.started:
                os.kill(workers[0].process.pid, signal.SIGKILL)
                killed.set()
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_on_the_slow_file, daemon=True)
    killer.start()
    results = {task.path: result for task, result in holding_pool.imap(tasks_around(slow))}
    killer.join()
    assert killed.is_set()
    assert results[str(slow)].error_code == "worker_crashed"
    assert [results[str(p)].status for p in GOOD] == ["converted"] * 3
