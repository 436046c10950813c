"""Archive-scale conversion: discover inputs, plan against the manifest, run
workers, stage their rows and compact them into the Parquet dataset.

Nothing here parses a report; `worker` hands each file to `pipeline.read` and
`pipeline.parse` and carries the rows back to the one writer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.limits import Limits

MANIFEST = "_manifest.parquet"  # in the output folder: one row per input path, written last (the commit)
# A process that forks (the writer of a one-worker run its worker, the fork server every
# worker, a worker its OCR helpers) must have no other thread: the child gets only the
# forking one, and a lock another held stays held in it (Python 3.12 and later warn).
# Libraries that start threads of their own, kept from it: pyarrow's jemalloc, one as it
# loads to hand freed memory back in the background (without it, jemalloc does so as it
# allocates); numpy's OpenBLAS, a pool as it loads, and OpenCV, a pool at its first
# parallel call, for work that a process on each core has no core to spare for.
SINGLE_THREADED = {
    "JE_ARROW_MALLOC_CONF": "background_thread:false",
    "OPENBLAS_NUM_THREADS": "1",
    "OPENCV_FOR_THREADS_NUM": "1",
}


def one_forked_worker(executor: str, jobs: int | None, n_files: int) -> bool:
    """Whether local conversions go to one worker forked from the writer, with no fork server.

    When one worker does all the work (`--jobs 1`, or a single file), a fork
    server is a second interpreter importing pyarrow and the parsers again,
    which costs more than it overlaps; a forked worker imports the parsers once.
    """
    if executor != "local":
        return False
    from pipeline.batch.pool import CAN_FORK, default_jobs

    return CAN_FORK and (n_files <= 1 or (jobs or default_jobs()) == 1)


def start_workers_early(
    out: Path, executor: str, jobs: int | None, inputs: list[Path], limits: Limits
) -> Callable[[], None]:
    """On a first run into `out` with local workers, start their fork server now, or
    the one worker of a one-worker run (`one_forked_worker`); returns what lets that
    worker go, for the caller to call once its run is over (a pool may not have taken it).

    A first run converts everything, so the workers' imports (the parsers,
    pyarrow) can overlap the caller's own before it imports the writer. A
    re-run may convert nothing: `run_batch` starts the server once the plan
    says so. Needs nothing heavier than `pathlib` and `pool`.
    """
    one_file = len(inputs) == 1 and inputs[0].is_file()
    if executor != "local" or (out / MANIFEST).exists():
        return _nothing
    from pipeline.batch.pool import default_jobs, fork_worker_early, release_early_worker, start_server

    if not one_forked_worker(executor, jobs, 1 if one_file else 2):
        start_server()
        return _nothing
    fork_worker_early(limits, jobs or default_jobs())
    return release_early_worker


def _nothing() -> None:
    pass


def libraries_without_threads() -> None:
    """Before this process first imports pyarrow, numpy or OpenCV: none of them starts a
    thread (see `SINGLE_THREADED`). A setting of the user's own is kept."""
    for name, value in SINGLE_THREADED.items():
        os.environ.setdefault(name, value)


class NoNumpy:
    """Refuses to import numpy (and pandas, which needs it): see `writer_without_numpy`."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.partition(".")[0] in ("numpy", "pandas"):
            raise ModuleNotFoundError(f"{name} is not loaded by the batch writer", name=name)


@contextmanager
def writer_without_numpy(lean: bool = True) -> Iterator[None]:
    """Within, when `lean`: numpy cannot be imported, unless it already is.

    pyarrow imports numpy when it can (0.1 s, a fifth of a one-file run) and
    uses it for nothing the writer does: reading and writing Parquet, IPC and
    JSON, sorting. Without it pyarrow writes the same bytes. Only for a
    process that runs nothing else with pyarrow afterwards (`thaireports
    convert` without --xlsx), which then lacks numpy: `to_pandas` would fail
    in it. Workers forked from it lift the refusal (OCR needs numpy).
    """
    if not lean or "numpy" in sys.modules:
        yield
        return
    refusal = NoNumpy()
    sys.meta_path.insert(0, refusal)
    try:
        yield
    finally:
        if refusal in sys.meta_path:  # a worker lifts it (`worker_imports`)
            sys.meta_path.remove(refusal)
