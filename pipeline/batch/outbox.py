"""How a worker reports to the writer: its results in groups, and a clock the writer reads.

A text report converts in a few milliseconds. Sent one by one, its results
wake the writer hundreds of times a second, and on a machine with no idle
core every wake-up stops a worker. So a worker sends its results in groups:
when `GROUP_MOST` are ready, when they hold `GROUP_ROWS`, when the first of
them started `LATENCY` ago (a slow file goes as soon as it is done), or when
the writer has no task waiting for it. A group's rows are encoded together as
it goes (`wire.with_payload`), by the worker, or by the writer for a worker
forked from it.

Results held back must not blur which file a worker is on when it hangs or
dies. The worker keeps a `Clock` in memory it shares with the writer: when
its current file started and how many files it has finished. The writer
times out the file really running, from its real start, and puts the files
a lost worker finished but never sent back in the queue.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from pipeline.batch.result import PageDone, WorkResult
from pipeline.model import RowTuples

GROUP_MOST = 8
GROUP_ROWS = 15_000  # about 4 MB once encoded
LATENCY = 0.05  # seconds

Converted = tuple[WorkResult, RowTuples]  # a file's outcome, and its rows not yet encoded
# The outcomes with their rows on board, or with their rows unencoded (a worker forked from the writer).
Encode = Callable[[Sequence[Converted]], list[WorkResult] | list[Converted]]


class Clock:
    """A worker's progress in two shared numbers: its current file's start
    (`time.monotonic`, the same clock in every process; 0 between files) and
    the files it has finished, sent or not."""

    def __init__(self, shared: Any):
        self.shared = shared  # a RawArray("d", 2) of the pool's multiprocessing context

    @property
    def started(self) -> float | None:
        return self.shared[0] or None

    @property
    def finished(self) -> int:
        return int(self.shared[1])

    def start(self) -> float:
        now = time.monotonic()
        self.shared[0] = now
        return now

    def finish(self) -> None:
        self.shared[1] += 1
        self.shared[0] = 0.0


class Outbox:
    """A worker's finished results, not yet sent to the writer; `encode` puts their rows on board."""

    def __init__(self, conn: Connection, clock: Clock, encode: Encode):
        self.conn, self.clock, self.encode = conn, clock, encode
        self._held: list[Converted] = []
        self._rows = 0
        self._since = 0.0  # when the first held result's file started

    def start(self) -> None:
        """The next file starts."""
        started = self.clock.start()
        if not self._held:
            self._since = started

    def add(self, result: WorkResult, tables: RowTuples) -> None:
        self._held.append((result, tables))
        self._rows += result.rows_written
        self.clock.finish()

    def send_if_due(self) -> None:
        if self._held and (
            len(self._held) >= GROUP_MOST
            or self._rows >= GROUP_ROWS
            or time.monotonic() - self._since >= LATENCY
            or not self.conn.poll()  # the writer waits for these results before it sends more work
        ):
            self.send()

    def send(self) -> None:
        if self._held:
            # Between files, where no file's timeout runs: encoding is linear in the rows, milliseconds a group.
            self.conn.send(self.encode(self._held))
            self._held, self._rows = [], 0

    def tell(self, done: int, total: int) -> None:
        """OCR progress on the current file: the results before it go first, so the
        writer knows which file it is."""
        try:
            self.send()
            self.conn.send(PageDone(done, total))
        except OSError:
            pass  # the writer is gone: the next receive ends this worker
