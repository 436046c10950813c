"""The per-file work of a batch, run in worker processes (local or Dask).

A worker turns one path into a `WorkResult`: the file's outcome plus its rows
as Arrow IPC messages, one per table (see `pipeline.batch.wire`). Building Arrow
data here rather than in the writer keeps the single writer process light, so
adding workers adds throughput. A local worker encodes the rows of the files
it sends together in one go (`wire.with_payload`), which costs less per file;
the one worker of a one-worker run, forked from the writer, leaves that to
the writer, whose core it would otherwise leave idle.
Every exception becomes a failed result: one bad file never stops a worker.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from multiprocessing.connection import Connection
from operator import itemgetter
from pathlib import Path
from typing import Any

from pipeline.batch.outbox import Clock, Converted, Outbox
from pipeline.batch.result import WorkResult, bug_message, clean_text, failure
from pipeline.errors import CHANGED_DURING_RUN, INTERNAL_ERROR, RESOURCE_LIMIT, TIMEOUT, UNREADABLE, ReportError
from pipeline.limits import DEFAULT, Limits, apply_memory_limit, current, die_with_parent, read_regular, set_limits
from pipeline.parse.document import parse_document
from pipeline.parse.records import document_id
from pipeline.read import sniff_format
from pipeline.read.ocr.spread import PageRun, running

# Net allocations of container objects between two collections of the young generation
# (Python's default is 700). Reading a PDF page makes a tuple per character, most of them
# alive until the page is read: at 700 the collector ran about twice a page, 7-13% of a
# PDF's conversion (`docs/speed.md`). It still runs, less often.
YOUNG_COLLECTION_THRESHOLD = 10_000

__all__ = [
    "WorkResult",
    "convert_file",
    "convert_task",
    "convert_with_deadline",
    "failure",
    "worker_main",
]


def convert_task(source: str, sha256: str | None = None, path: str | None = None, ocr: str = "auto") -> WorkResult:
    """`convert_file`, its rows encoded: for executors that hand back one file at a time."""
    return _encoder()([convert_file(source, sha256, path, ocr)])[0]


def convert_file(source: str, sha256: str | None = None, path: str | None = None, ocr: str = "auto") -> Converted:
    """Convert the file at `source`, known as `path` in the records (see `clean_text`).

    `sha256` is what the planner hashed, to catch files changed since; `ocr`
    says which PDF pages are read by OCR (`pipeline.read.ocr`).
    """
    started = time.perf_counter()
    path = path or clean_text(source)
    try:
        data = read_regular(source)
    except ReportError as err:
        return failure(path, err.code, err.message), {}
    except OSError as err:
        return failure(path, UNREADABLE.code, UNREADABLE.message(reason=err.strerror or err)), {}
    except MemoryError:
        return _out_of_memory(partial(failure, path), started), {}
    digest = document_id(data)
    fmt = _format(data, path)
    failed = partial(failure, path, sha256=digest, size=len(data), format=fmt)
    if sha256 is not None and digest != sha256:
        return failed(CHANGED_DURING_RUN.code, CHANGED_DURING_RUN.message()), {}
    try:
        parsed = parse_document(Path(source), data, path, digest, ocr=ocr)
    except ReportError as err:
        return failed(err.code, err.message, seconds=time.perf_counter() - started), {}
    except MemoryError:
        return _out_of_memory(failed, started), {}
    except Exception as err:  # a parser bug must cost one file, not the batch
        return failed(INTERNAL_ERROR.code, bug_message(err), seconds=time.perf_counter() - started), {}
    tables = parsed.tables()
    result = WorkResult(
        path,
        digest,
        len(data),
        fmt,
        "converted",
        seconds=time.perf_counter() - started,
        fiscal_year=parsed.fiscal_year,
        rows_written=sum(len(rows) for rows in tables.values()),
    )
    return result, tables


def _out_of_memory(failed: Callable[..., WorkResult], started: float) -> WorkResult:
    limit = current().max_memory
    within = f" within the {limit >> 20} MB a worker may use (--max-memory)" if limit else ""
    message = f"the conversion ran out of memory{within}"
    return failed(RESOURCE_LIMIT.code, message, seconds=time.perf_counter() - started)


def _format(data: bytes, path: str) -> str | None:
    try:
        return sniff_format(data, Path(path))
    except ReportError:
        return None


def convert_with_deadline(source: str, sha256: str | None, path: str, ocr: str, timeout: float | None) -> WorkResult:
    """`convert_task` for executors that cannot kill a worker (Dask): give up waiting after `timeout`.

    The conversion runs in a helper thread; a thread cannot be killed, so on a
    timeout it is left running and the caller is told to restart the worker.
    """
    box: list[WorkResult] = []
    helper = threading.Thread(target=lambda: box.append(convert_task(source, sha256, path, ocr)), daemon=True)
    helper.start()
    helper.join(timeout)
    if box:
        return box[0]
    message = TIMEOUT.message(seconds=timeout, outcome="conversion abandoned")
    return failure(path, TIMEOUT.code, message, sha256=sha256, seconds=timeout or 0.0)


def worker_main(
    conn: Connection,
    clock: Clock,
    limits: Limits = DEFAULT,
    forked: bool = False,
    spare: Any = None,
    encode: bool = True,
) -> None:
    """Serve `(source, sha256, path, ocr)` tasks from the writer until it sends None or goes away.

    Results go back in groups, with the worker's progress on the shared
    `clock` (see `pipeline.batch.outbox`). `forked`: this worker was forked
    from the writer, whose mappings are not its work; its memory limit counts
    on top of them. `spare`: a semaphore counting the batch's idle cores,
    which a scanned file's OCR borrows (`pipeline.read.ocr.spread`); a worker
    told to go gives its own core to it. Without `encode`, the rows go
    unencoded, for the writer to encode (`_unencoded`).
    """
    die_with_parent()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])
    set_limits(limits)
    apply_memory_limit(limits.max_memory, more=forked)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    cores = SpareCores(spare) if spare is not None else None
    outbox = Outbox(conn, clock, _encoder() if encode else _unencoded)
    with running(PageRun(cores, outbox.tell)):
        while True:
            try:
                outbox.send_if_due()
                task = conn.recv()
            except (EOFError, OSError):
                return
            if task is None:
                if cores is not None:
                    cores.give(1)
                return
            outbox.start()
            outbox.add(*convert_file(*task))


def _encoder() -> Callable[[Sequence[Converted]], list[WorkResult]]:
    """`wire.with_payload`. pyarrow is imported where rows are encoded (see `_unencoded`);
    the fork server preloads it with the parsers."""
    from pipeline.batch.wire import with_payload

    return with_payload


def _unencoded(converted: Sequence[Converted]) -> list[Converted]:
    """The rows of the one worker of a one-worker run go unencoded: the writer, whose core
    is idle while that worker converts, encodes them (`LocalPool`), and the worker needs
    no pyarrow, whose import would delay a one-file run's only file. They go as plain
    tuples of their fields: pickle calls a named tuple's `__getnewargs__`, Python code, for
    every row it sends, which costs the worker more than cutting the tuples out in C."""
    return [(result, {name: list(map(_FIELDS, rows)) for name, rows in tables.items()}) for result, tables in converted]


_FIELDS = itemgetter(slice(None))  # a typed row's fields as a plain tuple


class SpareCores:
    """`Spare` over a semaphore shared by the batch's workers."""

    def __init__(self, semaphore: Any):
        self.semaphore = semaphore

    def take(self, most: int) -> int:
        taken = 0
        while taken < most and self.semaphore.acquire(False):
            taken += 1
        return taken

    def give(self, count: int) -> None:
        for _ in range(count):
            self.semaphore.release()
