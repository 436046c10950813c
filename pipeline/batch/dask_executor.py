"""Run conversion tasks on an existing Dask distributed cluster (``thaireports[dask]``).

The cluster's workers must have thaireports installed and see the input
files under the same paths; the rows come back to this process, which stays
the one writer. Workers should be processes with one thread each
(``dask worker ADDRESS --nworkers N --nthreads 1``): PDFium is not
thread-safe. Dask cannot stop a running task, so a file that outlives
``--timeout`` is recorded as failed: timeout at once and its worker is
restarted through its nanny, which also ends the runaway conversion.
The readers' limits (`Limits`) travel with each task; the memory of a Dask
worker is Dask's to bound (``dask worker --memory-limit``), not --max-memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from pipeline.batch.manifest import BatchError
from pipeline.batch.pool import Task
from pipeline.batch.result import WorkResult, failure
from pipeline.errors import TIMEOUT, WORKER_CRASHED
from pipeline.limits import DEFAULT, Limits

# Tasks in flight per worker thread: enough to hide the round trip.
IN_FLIGHT = 2


def _remote(
    source: str, sha256: str | None, path: str, ocr: str, timeout: float | None, limits: Limits = DEFAULT
) -> tuple[WorkResult, str | None]:
    from pipeline.batch.worker import convert_with_deadline
    from pipeline.limits import use

    with use(limits):
        result = convert_with_deadline(source, sha256, path, ocr, timeout)
    if result.error_code != TIMEOUT.code:
        return result, None
    from distributed import get_worker

    return result, get_worker().address


class DaskPool:
    """Tasks submitted to the scheduler at `address`, a bounded number at a time."""

    def __init__(self, address: str, timeout: float | None, limits: Limits = DEFAULT):
        try:
            from distributed import Client
        except ImportError as err:
            raise BatchError("the dask executor needs the optional extra: pip install 'thaireports[dask]'") from err
        self.timeout, self.limits = timeout, limits
        self.client = Client(address, timeout="30s", set_as_default=False)

    def imap(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, WorkResult]]:
        from distributed import as_completed

        queue = deque(tasks)
        window = IN_FLIGHT * max(1, sum(self.client.nthreads().values()))
        running: dict[str, Task] = {}
        finished = as_completed(loop=self.client.loop)
        for _ in range(min(window, len(queue))):
            self._submit(queue.popleft(), running, finished)
        for future in finished:
            task = running.pop(future.key)
            result = self._result(future, task)
            future.release()
            if queue:
                self._submit(queue.popleft(), running, finished)
            yield task, result

    def _submit(self, task: Task, running: dict, finished) -> None:
        future = self.client.submit(_remote, *task.message, self.timeout, self.limits, pure=False)
        running[future.key] = task
        finished.add(future)

    def _result(self, future, task: Task) -> WorkResult:
        try:
            result, stuck_worker = future.result()
        except Exception as err:  # the worker died, or the task could not run there
            cause = f"{type(err).__name__}: {err}"
            return failure(task.path, WORKER_CRASHED.code, WORKER_CRASHED.message(cause=cause), sha256=task.sha256)
        if stuck_worker is not None:
            try:
                self.client.restart_workers([stuck_worker], timeout=120)
            except Exception:  # no nanny to restart it: the thread runs on, the batch goes on
                pass
        return result

    def close(self, cancel: bool = False) -> None:
        self.client.close()  # cancels this client's futures still running
