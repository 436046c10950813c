"""Convert report files into the Parquet dataset, one file's failure never stopping the rest.

`convert_paths` is the library entry point behind ``thaireports convert``;
the batch machinery (discovery, manifest, incremental runs, workers, crash
safety) lives in `pipeline.batch.run` and the modules it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.batch.discover import discover
from pipeline.batch.manifest import MANIFEST, ManifestRow
from pipeline.batch.run import BatchOptions, Summary, run_batch
from pipeline.errors import ReportError

if TYPE_CHECKING:
    from pipeline.parse.records import ParsedDocument

# Kept for callers of the first API: a manifest row is a file's result.
FileResult = ManifestRow

__all__ = ["MANIFEST", "BatchOptions", "FileResult", "Summary", "convert_file", "convert_paths", "discover"]


def convert_file(path: Path) -> tuple[ParsedDocument, bytes]:
    """Parse one file in this process; raises a `ReportError` naming the file."""
    from pipeline.parse.records import build_records
    from pipeline.read import read_document

    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReportError(path, f"cannot read the file ({err.strerror or err})") from err
    raw = read_document(path, data)
    return build_records(raw, data, path.as_posix()), data


def convert_paths(inputs: Iterable[Path], out: Path, options: BatchOptions | None = None) -> Summary:
    """Convert the files under `inputs` into `out`, incrementally; see `pipeline.batch.run`."""
    return run_batch(inputs, out, options or BatchOptions())
