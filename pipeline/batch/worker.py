"""The per-file work of a batch, run in worker processes (local or Dask).

A worker turns one path into a `WorkResult`: the file's outcome plus its rows
as Arrow IPC messages, one per table (see `pipeline.batch.wire`). Building Arrow
data here rather than in the writer keeps the single writer process light, so
adding workers adds throughput.
Every exception becomes a failed result: one bad file never stops a worker.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
import traceback
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

from pipeline.batch.result import WorkResult, clean_text, failure
from pipeline.batch.wire import encode_rows
from pipeline.errors import CHANGED_DURING_RUN, INTERNAL_ERROR, RESOURCE_LIMIT, TIMEOUT, UNREADABLE, ReportError
from pipeline.limits import DEFAULT, Limits, apply_memory_limit, current, read_regular, set_limits
from pipeline.parse.document import parse_document
from pipeline.parse.records import document_id
from pipeline.read import sniff_format

__all__ = ["WorkResult", "convert_task", "convert_with_deadline", "failure", "worker_main"]


def convert_task(source: str, sha256: str | None = None, path: str | None = None, ocr: str = "auto") -> WorkResult:
    """Convert the file at `source`, known as `path` in the records (see `clean_text`).

    `sha256` is what the planner hashed, to catch files changed since; `ocr`
    says which PDF pages are read by OCR (`pipeline.read.ocr`).
    """
    started = time.perf_counter()
    path = path or clean_text(source)
    try:
        data = read_regular(source)
    except ReportError as err:
        return failure(path, err.code, err.message)
    except OSError as err:
        return failure(path, UNREADABLE.code, UNREADABLE.message(reason=err.strerror or err))
    except MemoryError:
        return _out_of_memory(partial(failure, path), started)
    digest = document_id(data)
    fmt = _format(data, path)
    failed = partial(failure, path, sha256=digest, size=len(data), format=fmt)
    if sha256 is not None and digest != sha256:
        return failed(CHANGED_DURING_RUN.code, CHANGED_DURING_RUN.message())
    try:
        parsed = parse_document(Path(source), data, path, digest, ocr=ocr)
    except ReportError as err:
        return failed(err.code, err.message, seconds=time.perf_counter() - started)
    except MemoryError:
        return _out_of_memory(failed, started)
    except Exception as err:  # a parser bug must cost one file, not the batch
        frame = traceback.extract_tb(err.__traceback__)[-1]
        message = INTERNAL_ERROR.message(
            error=f"{type(err).__name__}: {err}", where=f"{Path(frame.filename).name}:{frame.lineno}"
        )
        return failed(INTERNAL_ERROR.code, message, seconds=time.perf_counter() - started)
    tables = parsed.tables()
    return WorkResult(
        path,
        digest,
        len(data),
        fmt,
        "converted",
        seconds=time.perf_counter() - started,
        fiscal_year=parsed.fiscal_year,
        rows_written=sum(len(rows) for rows in tables.values()),
        payload={name: encode_rows(name, rows) for name, rows in tables.items() if rows},
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


def worker_main(conn: Connection, limits: Limits = DEFAULT, forked: bool = False) -> None:
    """Serve `(source, sha256, path, ocr)` tasks from the writer until it sends None or goes away.

    `forked`: this worker was forked from the writer, whose mappings are not its work;
    its memory limit counts on top of them.
    """
    _die_with_parent()
    set_limits(limits)
    apply_memory_limit(limits.max_memory, more=forked)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            conn.send(convert_task(*task))
        except (BrokenPipeError, OSError):
            return


def _die_with_parent() -> None:
    """Linux: be killed when the parent dies, so a SIGKILLed run leaves no workers behind."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
