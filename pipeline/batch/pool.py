"""Run conversion tasks in worker processes, with a per-file timeout.

Processes, not threads: PDFium is not thread-safe, and only a process can be
stopped when a pathological file makes a parser spin. Each worker holds at
most `PREFETCH` tasks, so it never waits for the writer while it sends its
results in groups (`pipeline.batch.outbox`); a worker whose files are slow,
or big, holds one in reserve, so the queue is shared out as workers come
free. A file's clock starts when its worker starts it, read from the clock
the worker shares; until a worker has started a file, from when the writer
handed the file over or received the result before, which is never earlier
than the file really started: a slow writer can delay a timeout but never
cause a false one. A worker past its
deadline is killed and replaced, its file recorded as failed: timeout; the
files it finished but had not sent and those it held in reserve go back to
the queue. A worker that dies (a crash in native code) costs only the file
it was converting.
"""

from __future__ import annotations

import multiprocessing
import os
import selectors
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from typing import Any, Protocol

from pipeline.batch import SINGLE_THREADED, NoNumpy, libraries_without_threads, writer_without_numpy
from pipeline.batch.outbox import GROUP_MOST, Clock, Converted
from pipeline.batch.result import PageDone, WorkResult, failure
from pipeline.errors import TIMEOUT, WORKER_CRASHED
from pipeline.limits import DEFAULT, Limits, use

# Tasks a worker holds. While its files are fast (their results come in groups): a full
# group, the file being converted and one more. While they are slow (results one by one):
# that file and the next, so the rest wait in the queue for whichever worker is free first.
PREFETCH = GROUP_MOST + 2
PREFETCH_SLOW = 2
# Past two tasks, no more than this much input held: where small files give way to big ones
# (PDFs after text), one worker would otherwise take a run of the big ones.
PREFETCH_BYTES = 1 << 20
# Workers in a row that die before starting any file: then the fault is theirs, not a file's.
STILLBORN_MOST = 3
OnPage = Callable[[str, int, int], None]  # (path, OCR pages read, of how many)
_ARROW_POOL = "ARROW_DEFAULT_MEMORY_POOL"
_START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
# Linux: one worker may be forked from the writer itself (see `LocalPool`); elsewhere fork is unsafe.
CAN_FORK = sys.platform.startswith("linux")


@dataclass(frozen=True)
class Task:
    """Convert `path`; `duplicates` are other paths holding the same bytes.

    Paths are text for the records; `source` is the file's OS path when it
    differs (a name with undecodable bytes, see `clean_text`).
    """

    path: str
    sha256: str | None
    duplicates: tuple[str, ...] = ()
    source: str | None = None
    ocr: str = "auto"  # which PDF pages are read by OCR: auto | off | force
    size: int = 0  # bytes, as hashed

    @property
    def message(self) -> tuple[str, str | None, str, str]:
        """The arguments of `convert_task`."""
        return self.source or self.path, self.sha256, self.path, self.ocr


class WorkersCannotStart(Exception):
    """Worker processes die before they start any file: the run cannot go on."""


class Pool(Protocol):
    """Where conversions run: `imap` yields (task, result) as they finish, in any order."""

    def imap(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, WorkResult]]: ...

    def close(self, cancel: bool = False) -> None:
        """Let the workers finish and go; with `cancel`, stop them at once (Ctrl-C)."""


@dataclass
class _Worker:
    process: Any
    conn: Connection
    clock: Clock
    held: deque[Task] = field(default_factory=deque)
    handed: float = 0.0  # when its first held task started, at the latest: the writer's own clock
    received: int = 0  # results received from it
    last_group: int = 0  # how many results its last message held

    @property
    def prefetch(self) -> int:
        return PREFETCH if self.last_group > 1 else PREFETCH_SLOW

    def running(self) -> int:
        """Where in `held` the file it is converting is: those before are finished but not sent."""
        return max(0, min(self.clock.finished - self.received, len(self.held) - 1))

    def started(self) -> float:
        """When the file it is converting started (before its first, when it was handed over)."""
        started, finished = self.clock.started, self.clock.finished
        if started is None and finished:
            return time.monotonic()  # between two files: sending results or taking the next
        return started or self.handed


class _NoPandas:
    """Refuses to import pandas in a worker. pyarrow imports it on its first conversion of
    Python rows only to ask whether they are a DataFrame (0.15 s and 40 MB per worker, or
    in the fork server before any worker starts); without it pyarrow converts the same rows
    to the same bytes. Nothing a worker runs needs pandas."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError("pandas is not loaded in batch workers", name=name)


def worker_imports() -> None:
    """What a worker may import: no pandas; numpy, which a writer forking it may refuse (OCR needs it)."""
    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, NoNumpy)]
    sys.meta_path.insert(0, _NoPandas())


def _worker_entry(conn: Connection, clock: Clock, limits: Limits, forked: bool = False, spare: Any = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked when forked (`_fork_worker`)
    # The parsers load in the worker (the fork server has them preloaded), not in the writer;
    # pyarrow too, where the worker encodes its rows and the writer had not imported it
    # (`fork_worker_early`): without numpy, as the writer and the fork server import it, and
    # with the C library's allocator; numpy and OpenCV, for a scan, without threads of their
    # own, for it forks OCR helpers.
    os.environ.setdefault(_ARROW_POOL, "system")
    libraries_without_threads()
    encode = not (forked and _converts_without_pandas())  # asked of the writer's state, as forked
    with writer_without_numpy():
        from pipeline.batch.worker import worker_main

        if encode:
            import pipeline.batch.wire  # noqa: F401 - pyarrow, to encode the rows
    worker_imports()
    worker_main(conn, clock, limits, forked, spare, encode)


def _converts_without_pandas() -> bool:
    """Can this process convert Python rows to Arrow without importing pandas (0.15 s), which
    pyarrow does on its first such conversion: is pandas loaded already, or refused?"""
    return "pandas" in sys.modules or any(isinstance(finder, NoNumpy) for finder in sys.meta_path)


def _context() -> ForkServerContext | SpawnContext:
    if _START_METHOD == "forkserver":
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def start_server() -> None:
    """Start the fork server, which imports the parsers once for every worker it forks.

    It returns at once: the server imports in the background, so calling this
    early (before discovery and hashing) takes its start-up off the critical path.
    """
    if _START_METHOD == "forkserver":
        from multiprocessing import forkserver

        forkserver.set_forkserver_preload(["pipeline.batch.preload"])
        with _server_environment():
            forkserver.ensure_running()


@contextmanager
def _server_environment() -> Iterator[None]:
    """The environment the fork server starts with; this process's own is left as it was."""
    saved = {name: os.environ.get(name) for name in (_ARROW_POOL, *SINGLE_THREADED)}
    # Arrow's default allocator reserves 1 GB of address space up front, which would
    # count against the workers' memory limit (RLIMIT_AS); the C library's reserves none.
    os.environ[_ARROW_POOL] = "system"
    libraries_without_threads()  # it forks every worker, and they their OCR helpers
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _fork_worker(context: Any, limits: Limits, fork: bool, spare: Any) -> _Worker:
    ours, theirs = context.Pipe()
    clock = Clock(context.RawArray("d", 2))
    process = context.Process(target=_worker_entry, args=(theirs, clock, limits, fork, spare), daemon=True)
    # A forked child would run the writer's Ctrl-C handler until it ignores SIGINT: it
    # starts with SIGINT blocked, and the writer gets a Ctrl-C pressed meanwhile after.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if fork else None
    try:
        process.start()
    finally:
        if blocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    theirs.close()
    return _Worker(process, ours, clock)


@dataclass(frozen=True)
class _Early:
    """A worker forked before the writer's imports, for the `LocalPool` of the same limits and jobs."""

    worker: _Worker
    limits: Limits
    jobs: int
    spare: Any  # its semaphore of idle cores: the jobs it does not take


_early: list[_Early] = []  # at most one: the run's, until a pool takes it or it is let go


def fork_worker_early(limits: Limits, jobs: int) -> None:
    """Fork the worker of a one-worker run (see `LocalPool`) now, before the writer imports
    pyarrow and the batch machinery: the worker's own imports, the parsers, then overlap them
    instead of following them. The run's `LocalPool` takes it; `release_early_worker` lets it
    go if none does. Linux only, as any forked worker."""
    if CAN_FORK and not _early:
        context = multiprocessing.get_context("fork")
        spare = context.Semaphore(jobs - 1)
        _early.append(_Early(_fork_worker(context, limits, True, spare), limits, jobs, spare))


def _take_early(limits: Limits, jobs: int) -> _Early | None:
    if _early and (_early[0].limits, _early[0].jobs) == (limits, jobs):
        return _early.pop()
    release_early_worker()
    return None


def release_early_worker() -> None:
    """Let an early worker no pool took go (a run that converted nothing, or stopped first)."""
    while _early:
        worker = _early.pop().worker
        try:
            worker.conn.send(None)
        except OSError:
            pass
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()


def _encoded(results: list[WorkResult] | list[Converted]) -> list[WorkResult]:
    """A group of results with their rows encoded; a worker forked from a writer that can
    encode them without importing pandas sends them unencoded (`worker._unencoded`)."""
    if not results or isinstance(results[0], WorkResult):
        return results  # type: ignore[return-value]
    from pipeline.batch.wire import with_payload  # the writer has imported pyarrow long before

    return with_payload(results)


class InlinePool:
    """Convert in this process: no timeout and no memory limit, for debugging and tiny inputs."""

    def __init__(self, limits: Limits = DEFAULT, on_page: OnPage | None = None):
        self.limits, self.on_page = limits, on_page

    def imap(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, WorkResult]]:
        for task in tasks:
            # The parsers load only when there is work.
            from pipeline.batch.worker import convert_task
            from pipeline.read.ocr.spread import PageRun, running

            tell = None if self.on_page is None else partial(self.on_page, task.path)
            with use(self.limits), running(PageRun(on_page=tell)):
                result = convert_task(*task.message)
            yield task, result

    def close(self, cancel: bool = False) -> None:
        pass


class LocalPool:
    """Worker processes fed from one queue, on `jobs` cores.

    Workers come from the fork server, which imports the parsers and pyarrow
    once for all of them: a second interpreter, worth it when several workers
    share it. With `fork` (Linux), one worker is forked from this process
    instead, which saves that interpreter and its imports (most of a one-file
    run's time): for one worker, the parsers load once in it either way. A
    forked worker has the same timeout, and the same memory limit counted on
    top of what it inherits, as `thaireports text` does (`pipeline.isolate`).

    Cores without a worker (more jobs than files, or a worker let go once the
    queue is empty) are counted in a semaphore the workers share: a scanned
    file's OCR borrows them for its pages (`pipeline.read.ocr.spread`), and
    its worker reports each page to `on_page`.
    """

    def __init__(
        self,
        jobs: int,
        timeout: float | None,
        limits: Limits = DEFAULT,
        fork: bool = False,
        on_page: OnPage | None = None,
    ):
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        self.jobs, self.timeout, self.limits, self.on_page = jobs, timeout, limits, on_page
        self._fork = fork and CAN_FORK
        if self._fork:
            self._context: Any = multiprocessing.get_context("fork")
        else:
            self._context = _context()
            start_server()
        self._workers: list[_Worker] = []
        self._gone: list[_Worker] = []  # let go before the end: joined at `close`
        self._spare: Any = None
        self._stillborn = 0  # workers in a row that died before starting a file
        # One selector for the whole run: `multiprocessing.connection.wait` builds a
        # new one per call, which costs the single writer more than the results do.
        self._selector = selectors.DefaultSelector()

    def imap(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, WorkResult]]:
        queue = deque(tasks)
        early = _take_early(self.limits, self.jobs) if self._fork else None
        if early is not None:
            self._spare, self._workers = early.spare, [self._start(early.worker)]
        else:
            n_workers = 1 if self._fork else min(self.jobs, len(queue))
            self._spare = self._context.Semaphore(self.jobs - n_workers)
            self._workers = [self._start() for _ in range(n_workers)]
        while queue or any(w.held for w in self._workers):
            for worker in self._workers:
                self._feed(worker, queue)
            if not queue:
                self._let_idle_go()
            events = self._selector.select(self._wait_time([w for w in self._workers if w.held]))
            # Results first: a worker that died may have sent some before it went.
            results = [key.data for key, _ in events if key.fileobj is key.data.conn]
            deaths = [key.data for key, _ in events if key.fileobj is not key.data.conn]
            for worker in results:
                yield from self._receive(worker, queue)
            for worker in deaths:
                if worker in self._workers and worker.held:
                    yield from self._bury(worker, queue)
            yield from self._expire(queue)

    def _receive(self, worker: _Worker, queue: deque[Task]) -> Iterator[tuple[Task, WorkResult]]:
        """One message (a group of results, or OCR progress) per readiness event; the selector reports the next."""
        try:
            result = worker.conn.recv()
        except (EOFError, OSError):
            yield from self._bury(worker, queue)
            return
        if isinstance(result, PageDone):
            if self.on_page is not None:
                self.on_page(worker.held[0].path, result.done, result.total)  # the worker sent all before
            return
        worker.handed = time.monotonic()
        self._stillborn = 0
        yield from self._take(worker, result)

    @staticmethod
    def _take(worker: _Worker, results: list[WorkResult] | list[Converted]) -> Iterator[tuple[Task, WorkResult]]:
        worker.received += len(results)
        worker.last_group = len(results)
        for result in _encoded(results):
            yield worker.held.popleft(), result

    def _bury(self, worker: _Worker, queue: deque[Task]) -> Iterator[tuple[Task, WorkResult]]:
        """A dead worker: keep the results it sent, fail the file it was on (if it was on one)."""
        yield from self._drain(worker)
        if not worker.held:
            return
        worker.process.join()
        code = worker.process.exitcode
        limit = self.limits.max_memory
        hint = f"; it may have run out of its {limit >> 20} MB memory limit (--max-memory)" if limit else ""
        if worker.clock.finished == 0 and worker.clock.started is None:
            self._replace_stillborn(worker, queue, f"exit code {code}{hint}")
            return
        self._stillborn = 0
        cause = WORKER_CRASHED.message(cause=f"exit code {code}") + hint
        yield self._lose(worker, queue, WORKER_CRASHED.code, cause)

    def _replace_stillborn(self, worker: _Worker, queue: deque[Task], cause: str) -> None:
        """A worker that died before starting any file blames none: its tasks go back to the queue.
        After `STILLBORN_MOST` in a row the run stops, rather than failing every file of the
        archive one worker start at a time."""
        self._stillborn += 1
        if self._stillborn >= STILLBORN_MOST:
            raise WorkersCannotStart(
                f"worker processes exit before converting any file ({self._stillborn} in a row, the last with {cause})"
            )
        self._stop(worker)
        self._replace(worker, queue)

    def _drain(self, worker: _Worker) -> Iterator[tuple[Task, WorkResult]]:
        """The results a worker has sent and the writer has not read yet."""
        try:
            while worker.held and worker.conn.poll():
                results = worker.conn.recv()  # before popping: at EOF the tasks stay held
                if not isinstance(results, PageDone):
                    yield from self._take(worker, results)
        except (EOFError, OSError):
            pass

    def _expire(self, queue: deque[Task]) -> Iterator[tuple[Task, WorkResult]]:
        if self.timeout is None:
            return
        for worker in [w for w in self._workers if self._overdue(w)]:
            yield from self._drain(worker)  # a group sent meanwhile may have ended the file
            if self._overdue(worker):
                message = TIMEOUT.message(seconds=self.timeout, outcome="the worker was stopped")
                yield self._lose(worker, queue, TIMEOUT.code, message)

    def _overdue(self, worker: _Worker) -> bool:
        return bool(worker.held) and self.timeout is not None and time.monotonic() >= worker.started() + self.timeout

    def _lose(self, worker: _Worker, queue: deque[Task], code: str, message: str) -> tuple[Task, WorkResult]:
        """Replace a dead or stuck worker; its current task fails, the others it held go back to the queue."""
        self._stop(worker)  # first: its clock stops with it
        current = worker.running()
        task = worker.held[current]
        del worker.held[current]
        seconds = time.monotonic() - worker.started()
        self._replace(worker, queue)
        return task, failure(task.path, code, message, sha256=task.sha256, seconds=seconds)

    def _replace(self, worker: _Worker, queue: deque[Task]) -> None:
        """A new worker in place of a stopped one; the tasks it still held go back to the front of the queue."""
        queue.extendleft(reversed(worker.held))
        self._workers[self._workers.index(worker)] = self._start()

    def _feed(self, worker: _Worker, queue: deque[Task]) -> None:
        while queue and len(worker.held) < worker.prefetch:
            if len(worker.held) >= PREFETCH_SLOW and sum(t.size for t in worker.held) + queue[0].size > PREFETCH_BYTES:
                return
            task = queue.popleft()
            if not worker.held:
                worker.handed = time.monotonic()
            worker.held.append(task)
            try:
                worker.conn.send(task.message)
            except OSError:  # it has died: the selector reports that next, and `_bury` sees to what it held
                return

    def _let_idle_go(self) -> None:
        """Workers with nothing left to do go, and give their cores to the others' OCR."""
        for worker in [w for w in self._workers if not w.held]:
            try:
                worker.conn.send(None)
            except OSError:
                pass
            self._forget(worker)
            self._workers.remove(worker)
            self._gone.append(worker)

    def _wait_time(self, busy: list[_Worker]) -> float | None:
        if self.timeout is None or not busy:
            return None
        deadline = min(w.started() for w in busy) + self.timeout
        return max(0.0, deadline - time.monotonic()) + 0.01

    def _start(self, worker: _Worker | None = None) -> _Worker:
        """A new worker (or `worker`, started already), watched by the selector."""
        if worker is None:
            worker = _fork_worker(self._context, self.limits, self._fork, self._spare)
        self._selector.register(worker.conn, selectors.EVENT_READ, worker)
        self._selector.register(worker.process.sentinel, selectors.EVENT_READ, worker)  # readable once it dies
        return worker

    def _stop(self, worker: _Worker) -> None:
        self._forget(worker)
        worker.process.kill()
        worker.process.join()
        worker.conn.close()

    def _forget(self, worker: _Worker) -> None:
        for handle in (worker.conn, worker.process.sentinel):
            try:
                self._selector.unregister(handle)
            except (KeyError, ValueError):
                pass

    def close(self, cancel: bool = False) -> None:
        for worker in self._workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        for worker in [*self._workers, *self._gone]:
            worker.process.join(timeout=0 if cancel else 5)
            if worker.process.is_alive():
                self._stop(worker)  # forgets and closes it too
            else:
                self._forget(worker)
                worker.conn.close()
        self._workers, self._gone = [], []
        self._selector.close()
