"""Archive-scale conversion: discover inputs, plan against the manifest, run
workers, stage their rows and compact them into the Parquet dataset.

Nothing here parses a report; `worker` hands each file to `pipeline.read` and
`pipeline.parse` and carries the rows back to the one writer.
"""

from __future__ import annotations

from pathlib import Path

MANIFEST = "_manifest.parquet"  # in the output folder: one row per input path, written last (the commit)


def start_server_early(out: Path, executor: str) -> None:
    """On a first run into `out` with local workers, start their fork server now.

    A first run converts everything, so the server's imports (the parsers,
    pyarrow) can overlap the caller's own before it imports the writer. A
    re-run may convert nothing: `run_batch` starts the server once the plan
    says so. Needs nothing heavier than `pathlib` and `pool`.
    """
    if executor == "local" and not (out / MANIFEST).exists():
        from pipeline.batch.pool import start_server

        start_server()
