"""Read one file's OCR pages on the cores a batch leaves idle, and tell how far it got.

A scanned file is one task of a batch, so its pages would be read one after
another in one worker while the batch's other workers, their queue empty,
wait for the run to end. `read_pages` borrows the cores the batch lends
(`Spare`) and forks helpers from this process, which has the engine and the
modules loaded already; helpers take one page at a time, so none waits while
another has pages queued. Without a core to borrow, this process reads the
pages itself and asks again after each one. Every page read is reported to
the run's `on_page`, for progress on long files.

A helper reopens the file (a forked handle would share its file offset with
this process). One that fails or dies costs nothing: its page is read again
here, where an error is raised as it would have been without helpers.
Helpers die with this process (`die_with_parent`), so a worker stopped at its
timeout leaves none behind.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import Pipe
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from pipeline.limits import die_with_parent

if TYPE_CHECKING:  # every batch worker imports this module; only a PDF's pages need PDFium
    import pypdfium2 as pdfium

T = TypeVar("T")
ReadPage = Callable[[Any, int], T]  # (pypdfium2 page, 1-based number) -> what the page holds


class Spare(Protocol):
    """Cores a batch is not using: `take` up to `most` of them without waiting, `give` them back."""

    def take(self, most: int) -> int: ...

    def give(self, count: int) -> None: ...


class CoresHere:
    """`Spare` for a process that has the machine to itself (`thaireports text`): its other cores."""

    def __init__(self) -> None:
        try:
            self.free = len(os.sched_getaffinity(0)) - 1
        except AttributeError:  # not Linux
            self.free = (os.cpu_count() or 1) - 1

    def take(self, most: int) -> int:
        taken = max(0, min(most, self.free))
        self.free -= taken
        return taken

    def give(self, count: int) -> None:
        self.free += count


@dataclass(frozen=True)
class PageRun:
    """What this process's OCR may borrow, and whom it tells of each page read (done, total)."""

    spare: Spare | None = None
    on_page: Callable[[int, int], None] | None = None


_run = PageRun()


@contextmanager
def running(run: PageRun) -> Iterator[PageRun]:
    """OCR within the block borrows from `run.spare` and reports to `run.on_page`."""
    global _run
    previous, _run = _run, run
    try:
        yield run
    finally:
        _run = previous


def read_pages(pdf: pdfium.PdfDocument, path: str, numbers: Sequence[int], read: ReadPage[T]) -> dict[int, T]:
    """`read` of each page of `numbers` (1-based) of `pdf`, opened from `path`, by page number."""
    run, todo, done = _run, deque(numbers), {}
    crew: _Crew[T] = _Crew(path, read, run.spare)

    def record(number: int, result: T) -> None:
        done[number] = result
        if run.on_page is not None:
            run.on_page(len(done), len(numbers))

    try:
        while todo or crew.busy:
            if crew.hire(len(todo)):
                crew.assign(todo)
                for number, read_there, result in crew.collect():
                    record(number, result if read_there else _read_here(pdf, number, read))
            else:
                number = todo.popleft()
                record(number, _read_here(pdf, number, read))
    finally:
        crew.dismiss()
    return done


def _read_here(pdf: pdfium.PdfDocument, number: int, read: ReadPage[T]) -> T:
    page = pdf[number - 1]
    try:
        return read(page, number)
    finally:
        page.close()


@dataclass
class _Helper:
    pid: int
    conn: Connection
    page: int | None = None


@dataclass
class _Crew(Generic[T]):
    """Helper processes: the first stands for this process's own core, the others hold borrowed ones."""

    path: str
    read: ReadPage[T]
    spare: Spare | None
    helpers: list[_Helper] = field(default_factory=list)
    borrowed: int = 0

    @property
    def busy(self) -> bool:
        return any(h.page is not None for h in self.helpers)

    def hire(self, waiting: int) -> bool:
        """Fork a helper per core borrowed for the `waiting` pages; whether there are helpers."""
        if self.spare is None or not hasattr(os, "fork"):
            return False
        idle = sum(h.page is None for h in self.helpers)
        wanted = waiting - idle - (0 if self.helpers else 1)  # without helpers, this process reads one
        got = self.spare.take(wanted) if wanted > 0 else 0
        self.borrowed += got
        for _ in range(got + (1 if got and not self.helpers else 0)):
            self.helpers.append(self._fork())
        return bool(self.helpers)

    def assign(self, todo: deque[int]) -> None:
        """A page to each idle helper; one with none left goes, and its core goes back."""
        for helper in [h for h in self.helpers if h.page is None]:
            if todo:
                helper.page = todo.popleft()
                helper.conn.send(helper.page)
            else:
                self._let_go(helper)

    def collect(self) -> Iterator[tuple[int, bool, Any]]:
        """(page, whether a helper read it, what it read) for the pages helpers finish next."""
        busy = {h.conn: h for h in self.helpers if h.page is not None}
        for conn in wait(list(busy)):
            helper = busy[conn]  # type: ignore[index]
            number, helper.page = helper.page, None
            assert number is not None
            try:
                read_there, result = helper.conn.recv()
            except (EOFError, OSError):  # it died: its page is read here
                read_there, result = False, None
                self._let_go(helper)
            yield number, read_there, result

    def dismiss(self) -> None:
        """Every helper goes; one still reading (the pages failed here) is stopped, not waited for."""
        for helper in list(self.helpers):
            if helper.page is not None:
                os.kill(helper.pid, signal.SIGKILL)
            self._let_go(helper)

    def _let_go(self, helper: _Helper) -> None:
        try:
            helper.conn.send(None)
        except OSError:
            pass  # it is gone already
        helper.conn.close()
        os.waitpid(helper.pid, 0)
        self.helpers.remove(helper)
        if self.borrowed:  # the last helper to go stands for this process's own core
            self.borrowed -= 1
            assert self.spare is not None
            self.spare.give(1)

    def _fork(self) -> _Helper:
        ours, theirs = Pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the helper: never returns into the caller's code
            code = 1
            try:
                ours.close()
                die_with_parent(parent)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
                _serve(theirs, self.path, self.read)
                code = 0
            finally:
                os._exit(code)
        theirs.close()
        return _Helper(pid, ours)


def _serve(conn: Connection, path: str, read: ReadPage[T]) -> None:
    """A helper's loop: page numbers in, (read, result) out, until None. Any error is the
    reader's to raise: the page is read again there."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    while (number := conn.recv()) is not None:
        try:
            conn.send((True, _read_here(pdf, number, read)))
        except Exception:
            conn.send((False, None))
