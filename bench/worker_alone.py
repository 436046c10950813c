"""A worker's own work, timed in a fresh process of its own, without the command around it.

What `convert` asks of a worker for each file (read, hash, parse to rows:
`pipeline.batch.worker.convert_file`), and none of the command: no start-up,
finding, sending, encoding or writing. The end-to-end bench sets the text
command beside it; the batch bench runs two at once against one, the
machine's speed-up for the work two jobs share out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Imports first, as a worker has them before its first file; the clock starts after them.
_SCRIPT = """
import gc, sys, time
from pathlib import Path
from pipeline.batch.pool import worker_imports
from pipeline.batch.worker import YOUNG_COLLECTION_THRESHOLD, convert_file
worker_imports()
gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])
paths = sorted(str(path) for path in Path(sys.argv[1]).rglob("*") if path.is_file())[: int(sys.argv[2]) or None]
started = time.perf_counter()
failed = sum(result.status != "converted" for result, _ in map(convert_file, paths))
print(time.perf_counter() - started, len(paths), failed)
"""


def command(inputs: Path, limit: int = 0) -> list[str]:
    """The command converting the first `limit` files under `inputs` (0: all) as a worker does."""
    return [sys.executable, "-c", _SCRIPT, str(inputs), str(limit)]


def worker_alone(inputs: Path, limit: int = 0) -> float:
    """Seconds a worker's conversion of the files under `inputs` takes; every file must convert."""
    result = subprocess.run(command(inputs, limit), cwd=ROOT, capture_output=True, text=True, check=True)
    seconds, files, failed = result.stdout.split()
    if not int(files):
        raise SystemExit(f"no files under {inputs} to time the worker's work on")
    if int(failed):
        raise SystemExit(f"{failed} of {files} files under {inputs} failed to convert in the worker alone")
    return float(seconds)
