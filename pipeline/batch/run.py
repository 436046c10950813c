"""Convert an archive: discover, plan, convert in parallel, stage, compact, commit.

One process writes; workers (local processes or a Dask cluster) only parse.
A run goes through fixed steps, each leaving the output folder loadable:

1. lock ``DIR/_batch``, delete temporary files a killed run left;
2. discover and hash the inputs; plan against the manifest and staged chunks;
3. stream results from the workers into chunks staged under ``DIR/_batch``;
4. compact the chunks into the part files (see `pipeline.batch.compact`);
5. write ``DIR/_manifest.parquet`` (the commit), then delete the chunks.

Killed anywhere, the next run picks up from the staged chunks and redoes
steps 4-5, which are idempotent. Ctrl-C (SIGINT) during step 3 stops the
workers, stages what was converted and goes on with steps 4-5, so the work
done is committed and the next run skips it; `Summary.interrupted` says so.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa

from pipeline.batch import one_forked_worker
from pipeline.batch.compact import apply_compaction, plan_compaction
from pipeline.batch.discover import find_inputs, hash_file
from pipeline.batch.manifest import FAILED, BatchError, ManifestRow, NothingFoundError, read_manifest, write_manifest
from pipeline.batch.outdir import check_output
from pipeline.batch.plan import Plan, make_plan, rows_for
from pipeline.batch.pool import InlinePool, LocalPool, OnPage, Pool, WorkersCannotStart, default_jobs, start_server
from pipeline.batch.progress import MODES, Progress
from pipeline.batch.result import WorkResult
from pipeline.batch.staging import Staging
from pipeline.limits import Limits
from pipeline.printable import printable
from pipeline.read.ocr import check_mode
from pipeline.store.write import ForeignPartError, remove_temporaries, write_readme

EXECUTORS = ("local", "inline", "dask")
MAX_ERROR_LINES = 20  # failures listed by `thaireports convert`; the rest are in the manifest
CHUNK_DOCS = 500
CHUNK_ROWS = 250_000
# Test hook: "chunk:2" SIGKILLs this process right after its 2nd staged chunk
# ("part:N" after the Nth part file written, "manifest:1" after the commit);
# "interrupt:N" sends SIGINT after the Nth result, as Ctrl-C in a terminal does:
# to the whole process group when this process leads it, else to itself.
CRASH_ENV = "THAIREPORTS_CRASH_AT"
_reached: Counter = Counter()


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch; see `thaireports convert --help`."""

    jobs: int | None = None  # worker processes; None: one per core
    timeout: float | None = 300.0  # seconds per file; None: no limit
    prune: bool = False
    retry_failed: bool = False
    executor: str = "local"
    scheduler: str | None = None
    chunk_docs: int = CHUNK_DOCS
    progress: str = "none"
    limits: Limits = Limits()  # per-file resource limits, the workers' memory among them
    follow_symlinks: bool = False  # read links that lead outside the inputs
    force: bool = False  # write into a folder that is not a thaireports output, or inside an input
    ocr: str = "auto"  # which PDF pages are read by OCR: auto | off | force

    def __post_init__(self) -> None:
        if self.jobs is not None and self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")
        if self.timeout is not None and self.timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {self.timeout}")
        check_mode(self.ocr)
        if self.executor not in EXECUTORS:
            raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, not {self.executor!r}")
        if self.executor == "dask" and not self.scheduler:
            raise ValueError("the dask executor needs a scheduler address (--scheduler tcp://HOST:8786)")
        if self.chunk_docs < 1:
            raise ValueError(f"chunk_docs must be at least 1, not {self.chunk_docs}")
        if self.limits.max_memory is not None and self.limits.max_memory < 64 << 20:
            raise ValueError(f"max_memory must be at least 64 MB, not {self.limits.max_memory} bytes")
        if self.progress not in MODES:
            raise ValueError(f"progress must be one of {', '.join(MODES)}, not {self.progress!r}")


@dataclass(frozen=True)
class Summary:
    """What a run did: one manifest row per input path it found, and the paths it let go."""

    results: tuple[ManifestRow, ...]
    pruned: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # in the manifest, not found this run, rows kept
    seconds: float = 0.0
    phase_files: tuple[int, int, int] = (0, 0, 0)  # part files written: children, documents, removals
    interrupted: bool = False  # Ctrl-C stopped the conversions; what was done is committed

    @property
    def files_written(self) -> int:
        return sum(self.phase_files)

    @property
    def failed(self) -> list[ManifestRow]:
        return [r for r in self.results if r.status == FAILED]

    def counts(self) -> Counter:
        return Counter(r.status for r in self.results)

    def errors_by_code(self) -> Counter:
        return Counter(r.error_code for r in self.failed)

    def error_lines(self, limit: int = MAX_ERROR_LINES) -> list[str]:
        """One line per failed file, naming it and the cause; at most `limit`."""
        lines = [f"error [{row.error_code}] {printable(row.error_message or '')}" for row in self.failed[:limit]]
        if len(self.failed) > limit:
            lines.append(f"... and {len(self.failed) - limit} more; see thaireports status")
        return lines

    def line(self, out: Path) -> str:
        """The run in one line: counts by outcome and error code, time, output folder."""
        counts = self.counts()
        line = f"{counts['converted']} converted, {counts['unchanged']} unchanged, {counts['failed']} failed"
        by_code = self.errors_by_code()
        if by_code:
            line += " (" + ", ".join(f"{code}: {n}" for code, n in sorted(by_code.items())) + ")"
        by_format = self.by_format()
        if by_format:
            line += "; by format: " + ", ".join(
                f"{fmt} {sum(n.values())}" + (f" ({n['failed']} failed)" if n["failed"] else "")
                for fmt, n in by_format.items()
            )
        if self.pruned:
            line += f"; {len(self.pruned)} pruned"
        if self.missing:
            line += f"; {len(self.missing)} no longer found (kept, --prune removes them)"
        return f"{line}; {self.seconds:.1f} s; output in {out}"

    def by_format(self) -> dict[str, Counter]:
        """Format (as sniffed; "unknown" when unreadable) -> counts by status."""
        found: dict[str, Counter] = {}
        for r in self.results:
            found.setdefault(r.format or "unknown", Counter())[r.status] += 1
        return dict(sorted(found.items()))


def run_batch(inputs: Iterable[Path], out: Path, options: BatchOptions = BatchOptions()) -> Summary:
    started = time.monotonic()
    _reached.clear()
    inputs = list(inputs)
    check_output(inputs, out, options.force)
    staging = Staging(out)
    files = find_inputs(inputs, exclude=out, follow_symlinks=options.follow_symlinks)
    if not files.paths and not files.refused and not options.prune and not (staging.root.is_dir() and staging.chunks()):
        raise NothingFoundError(
            f"no report files found in {', '.join(printable(p.as_posix()) for p in inputs)} (looked for .txt, .html, "
            ".pdf and .docx files, and files of other names whose content is a report)"
        )
    with staging.locked(), _system_allocator():
        staging.remove_temporaries()
        remove_temporaries(out)
        pending = staging.chunks()
        old = read_manifest(out, staged=bool(pending))
        if options.executor == "local" and not old and not _forks(options, len(files.paths)):
            # A first run converts everything: the fork server imports the parsers while
            # this process hashes and plans. (A re-run may convert nothing: it waits for the plan.)
            start_server()
        found = [*files.refused, *(hash_file(path, options.timeout) for path in files.paths)]
        plan = make_plan(found, old, pending, prune=options.prune, retry_failed=options.retry_failed)
        converted, interrupted = _convert(plan, staging, options)
        final = [*plan.settled, *converted, *plan.kept]
        if interrupted:  # files not reached keep their earlier rows, if any; the next run converts them
            done = {row.path for row in final}
            final += [
                old[path]
                for task in plan.tasks
                for path in (task.path, *task.duplicates)
                if path in old and path not in done
            ]
        chunks = staging.chunks()
        threads = options.jobs or default_jobs()  # the writer's own threads, whatever the executor
        try:
            written = apply_compaction(
                out,
                plan_compaction(final, old.values(), chunks),
                chunks,
                threads,
                on_write=lambda path: _checkpoint("part"),
            )
        except ForeignPartError as err:  # the converted rows stay staged for the next run
            raise BatchError(str(err)) from err
        if chunks or any(written) or not _recorded(final, old):
            write_manifest(out, final)
        write_readme(out)
        _checkpoint("manifest")
        staging.clear()
    ran = tuple(sorted([*plan.settled, *converted], key=lambda r: r.path))
    return Summary(ran, plan.pruned, tuple(r.path for r in plan.kept), time.monotonic() - started, written, interrupted)


def _recorded(final: list[ManifestRow], old: dict[str, ManifestRow]) -> bool:
    """Whether the last manifest already holds exactly these rows: an unchanged re-run then
    leaves it as it is (writing it again, flushed, took a tenth of such a run)."""
    return bool(old) and {row.path: row for row in final} == old


def _convert(plan: Plan, staging: Staging, options: BatchOptions) -> tuple[list[ManifestRow], bool]:
    """Run the plan's conversions, staging their results; also returns whether Ctrl-C stopped it."""
    progress = Progress(plan.n_paths, len(plan.settled), options.progress)
    progress.note(_plan_line(plan))
    buffer = _ChunkBuffer(staging, options.chunk_docs)
    pool = _pool(options, len(plan.tasks), progress.page)
    ctrl_c = _CtrlC()
    try:
        with ctrl_c:
            tasks = [replace(t, ocr=options.ocr) for t in plan.tasks]
            for task, result in pool.imap(tasks):
                with ctrl_c.deferred():  # a result is staged whole or not at all
                    rows = rows_for(task, result)
                    buffer.add(rows, result)
                    progress.advance(len(rows), failed=len(rows) if result.status == FAILED else 0)
                    _checkpoint("interrupt")
                if ctrl_c.pressed:
                    break
    except KeyboardInterrupt:
        pass  # pressed while waiting for a result: `ctrl_c.pressed` is set
    except WorkersCannotStart as err:
        buffer.flush()  # what was converted is kept for the next run
        raise BatchError(f"{err}; the run stopped: run again once they can start") from err
    finally:
        pool.close(cancel=ctrl_c.pressed)
        progress.close()
    buffer.flush()
    return buffer.rows, ctrl_c.pressed


class _CtrlC:
    """SIGINT while converting: raises KeyboardInterrupt, except inside `deferred()`,
    where it only sets `pressed` for the loop to stop after the result in hand."""

    def __init__(self) -> None:
        self.pressed = False
        self._deferring = False
        self._previous: object = None

    def __enter__(self) -> _CtrlC:
        if threading.current_thread() is threading.main_thread():  # signals reach only the main thread
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]

    @contextmanager
    def deferred(self) -> Iterator[None]:
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False

    def _handle(self, signum: int, frame: object) -> None:
        self.pressed = True
        if not self._deferring:
            raise KeyboardInterrupt


def _plan_line(plan: Plan) -> str:
    settled = Counter(r.status for r in plan.settled)
    parts = [f"{plan.n_paths} files: {sum(1 + len(t.duplicates) for t in plan.tasks)} to convert"]
    parts += [f"{n} {status}" for status, n in sorted(settled.items())]
    if plan.kept:
        parts.append(f"{len(plan.kept)} no longer found (kept; --prune removes them)")
    if plan.pruned:
        parts.append(f"{len(plan.pruned)} gone (pruned)")
    return ", ".join(parts)


def _pool(options: BatchOptions, n_tasks: int, on_page: OnPage) -> Pool:
    if options.executor == "dask":
        from pipeline.batch.dask_executor import DaskPool

        assert options.scheduler is not None  # BatchOptions refuses dask without a scheduler
        return DaskPool(options.scheduler, options.timeout, options.limits)
    if options.executor == "inline" or n_tasks == 0:
        return InlinePool(options.limits, on_page)
    jobs = options.jobs or default_jobs()
    return LocalPool(jobs, options.timeout, options.limits, fork=_forks(options, n_tasks), on_page=on_page)


def _forks(options: BatchOptions, n_files: int) -> bool:
    return one_forked_worker(options.executor, options.jobs, n_files)


@dataclass
class _ChunkBuffer:
    """Results waiting to be staged; flushed every `chunk_docs` documents or `CHUNK_ROWS` rows."""

    staging: Staging
    chunk_docs: int
    rows: list[ManifestRow] = field(default_factory=list)
    _results: list[ManifestRow] = field(default_factory=list)
    _docs: list[tuple[str, int, dict[str, bytes]]] = field(default_factory=list)
    _n_rows: int = 0

    def add(self, rows: list[ManifestRow], result: WorkResult) -> None:
        self.rows.extend(rows)
        self._results.extend(rows)
        if result.payload and result.sha256 is not None and result.fiscal_year is not None:
            self._docs.append((result.sha256, result.fiscal_year, result.payload))
            self._n_rows += result.rows_written
        if len(self._docs) >= self.chunk_docs or self._n_rows >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self._results:
            return
        self.staging.write_chunk(self.staging.next_seq(), self._results, self._docs)
        self._results, self._docs, self._n_rows = [], [], 0
        _checkpoint("chunk")


@contextmanager
def _system_allocator() -> Iterator[None]:
    """Arrow's default allocator (mimalloc) keeps freed pages resident, so the writer's memory
    would grow with every part file it rewrites; the C library's gives them back."""
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def _checkpoint(name: str) -> None:
    wanted = os.environ.get(CRASH_ENV, "")
    point, _, count = wanted.partition(":")
    if point != name:
        return
    _reached[name] += 1
    if _reached[name] == int(count or 1) and name == "interrupt":
        if os.getpgrp() == os.getpid():
            os.killpg(os.getpgrp(), signal.SIGINT)
        else:
            signal.raise_signal(signal.SIGINT)
    elif _reached[name] >= int(count or 1) and name != "interrupt":
        os.kill(os.getpid(), signal.SIGKILL)
