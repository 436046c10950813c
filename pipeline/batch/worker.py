"""The per-file work of a batch, run in worker processes (local or Dask).

A worker turns one path into a `WorkResult`: the file's outcome plus its rows
as Arrow IPC messages, one per table (see `pipeline.batch.wire`). Building Arrow
data here rather than in the writer keeps the single writer process light, so
adding workers adds throughput. A local worker encodes the rows of the files
it sends together in one go (`with_payload`), which costs less per file.
Every exception becomes a failed result: one bad file never stops a worker.
"""

from __future__ import annotations

import signal
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pipeline.batch.outbox import Clock, Converted, Outbox
from pipeline.batch.result import WorkResult, clean_text, failure
from pipeline.batch.wire import encode_documents
from pipeline.errors import CHANGED_DURING_RUN, INTERNAL_ERROR, RESOURCE_LIMIT, TIMEOUT, UNREADABLE, ReportError
from pipeline.limits import DEFAULT, Limits, apply_memory_limit, current, die_with_parent, read_regular, set_limits
from pipeline.parse.document import parse_document
from pipeline.parse.records import document_id
from pipeline.read import sniff_format
from pipeline.read.ocr.spread import PageRun, running

__all__ = [
    "WorkResult",
    "convert_file",
    "convert_task",
    "convert_with_deadline",
    "failure",
    "with_payload",
    "worker_main",
]


def convert_task(source: str, sha256: str | None = None, path: str | None = None, ocr: str = "auto") -> WorkResult:
    """`convert_file`, its rows encoded: for executors that hand back one file at a time."""
    return with_payload([convert_file(source, sha256, path, ocr)])[0]


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
        return failed(INTERNAL_ERROR.code, _bug(err), seconds=time.perf_counter() - started), {}
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


def with_payload(converted: Sequence[Converted]) -> list[WorkResult]:
    """The results, each with its rows encoded for the writer (`wire.encode_documents`, all
    in one go). Rows that Arrow refuses fail their own file, not the others."""
    try:
        payloads = encode_documents([tables for _, tables in converted])
    except Exception as err:  # a bug in the rows must cost one file, not the group
        if len(converted) > 1:
            return [result for one in converted for result in with_payload([one])]
        return [_unencodable(converted[0][0], err)]
    return [
        replace(result, payload=payload) if payload else result for (result, _), payload in zip(converted, payloads)
    ]


def _unencodable(done: WorkResult, err: Exception) -> WorkResult:
    """A converted file whose rows Arrow refused: failed, with what is known of it."""
    return failure(
        done.path,
        INTERNAL_ERROR.code,
        _bug(err),
        sha256=done.sha256,
        size=done.size,
        format=done.format,
        seconds=done.seconds,
    )


def _bug(err: Exception) -> str:
    frame = traceback.extract_tb(err.__traceback__)[-1]
    return INTERNAL_ERROR.message(
        error=f"{type(err).__name__}: {err}", where=f"{Path(frame.filename).name}:{frame.lineno}"
    )


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
    conn: Connection, clock: Clock, limits: Limits = DEFAULT, forked: bool = False, spare: Any = None
) -> None:
    """Serve `(source, sha256, path, ocr)` tasks from the writer until it sends None or goes away.

    Results go back in groups, with the worker's progress on the shared
    `clock` (see `pipeline.batch.outbox`). `forked`: this worker was forked
    from the writer, whose mappings are not its work; its memory limit counts
    on top of them. `spare`: a semaphore counting the batch's idle cores,
    which a scanned file's OCR borrows (`pipeline.read.ocr.spread`); a worker
    told to go gives its own core to it.
    """
    die_with_parent()
    set_limits(limits)
    apply_memory_limit(limits.max_memory, more=forked)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    cores = SpareCores(spare) if spare is not None else None
    outbox = Outbox(conn, clock, with_payload)
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
