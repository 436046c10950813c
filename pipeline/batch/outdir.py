"""Where a run may write: refuse an output folder that would mix with inputs or with someone else's files.

A run writes part files, a manifest and a staging folder under ``--out`` and
replaces them on re-runs, so the folder must be the tool's own: empty, new,
or holding a thaireports output. An output folder inside an input would be
skipped when reading (its files are never reports), so ``convert X --out X``
would quietly convert nothing; that is refused too. ``force`` proceeds anyway.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.batch.manifest import MANIFEST, BatchError
from pipeline.batch.staging import STAGING
from pipeline.printable import printable
from pipeline.store.schema import TABLES


def check_output(inputs: list[Path], out: Path, force: bool) -> None:
    """Raise `BatchError` when `out` is not a safe place to write (unless `force`)."""
    if force:
        return
    target = os.path.realpath(out)
    for item in inputs:
        if not item.is_dir():
            continue
        source = os.path.realpath(item)
        if target == source or target.startswith(source.rstrip(os.sep) + os.sep):
            raise BatchError(
                f"the output folder {printable(str(out))} is inside the input {printable(str(item))}: "
                "its files would be skipped as inputs and the input folder written into; "
                "choose another --out (or --force to write there anyway)"
            )
    if not out.is_dir():
        return
    names = [name for name in os.listdir(out) if not name.startswith(".")]
    ours = {MANIFEST, STAGING, *TABLES}
    if names and not ours.intersection(names):
        shown = ", ".join(printable(n) for n in sorted(names)[:3]) + (", …" if len(names) > 3 else "")
        raise BatchError(
            f"{printable(str(out))} is not empty ({shown}) and is not a thaireports output folder; "
            "choose a new or empty --out (or --force to write there anyway)"
        )
