"""Convert report files into the Parquet dataset, one file's failure never stopping the rest.

`convert_paths` is the library entry point behind ``thaireports convert``;
the batch machinery (discovery, manifest, incremental runs, workers, crash
safety) lives in `pipeline.batch.run` and the modules it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.batch.discover import discover
from pipeline.batch.manifest import MANIFEST, BatchError
from pipeline.batch.run import BatchOptions, Summary, run_batch
from pipeline.printable import printable

__all__ = ["MANIFEST", "BatchError", "BatchOptions", "Summary", "convert_paths", "discover"]


def convert_paths(inputs: Iterable[Path], out: Path, options: BatchOptions | None = None) -> Summary:
    """Convert the files under `inputs` into `out`, incrementally; see `pipeline.batch.run`."""
    try:
        return run_batch(inputs, out, options or BatchOptions())
    except OSError as err:  # the output folder cannot be written (a file where a folder goes, no space)
        raise BatchError(f"cannot write the output: {printable(str(err))}") from err
