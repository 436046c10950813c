"""What the fork server imports before it forks any worker: the parsers, without numpy.

pyarrow imports numpy when it can: 0.055 s of the server's 0.18 s of imports,
and those imports are the last thing a run with several workers waits for
before its first file (the writer has hashed and planned by then). No worker
needs numpy for text, HTML, Word or text-layer PDFs; one that reads a scan
imports it then, once `worker_imports` has lifted the refusal, as a worker
forked from the writer does.
"""

import importlib
import sys

from pipeline.batch import NoNumpy

# The workers' entry point, their work, and the encoding of its rows (pyarrow).
MODULES = ("pipeline.batch.pool", "pipeline.batch.worker", "pipeline.batch.wire")

sys.meta_path.insert(0, NoNumpy())
for name in MODULES:
    importlib.import_module(name)
