"""Archive-scale conversion: discover inputs, plan against the manifest, run
workers, stage their rows and compact them into the Parquet dataset.

Nothing here parses a report; `worker` hands each file to `pipeline.read` and
`pipeline.parse` and carries the rows back to the one writer.
"""

from __future__ import annotations

from pathlib import Path

MANIFEST = "_manifest.parquet"  # in the output folder: one row per input path, written last (the commit)


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


def start_server_early(out: Path, executor: str, jobs: int | None, inputs: list[Path]) -> None:
    """On a first run into `out` with local workers, start their fork server now.

    A first run converts everything, so the server's imports (the parsers,
    pyarrow) can overlap the caller's own before it imports the writer. A
    re-run may convert nothing: `run_batch` starts the server once the plan
    says so; nor does a run that needs no server (`one_forked_worker`). Needs
    nothing heavier than `pathlib` and `pool`.
    """
    one_file = len(inputs) == 1 and inputs[0].is_file()
    if executor == "local" and not (out / MANIFEST).exists():
        if one_forked_worker(executor, jobs, 1 if one_file else 2):
            return
        from pipeline.batch.pool import start_server

        start_server()
