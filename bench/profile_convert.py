"""Where `thaireports convert` spends its time, stage by stage, on any input.

    python bench/profile_convert.py INPUT [INPUT ...] [--top 12]

Runs the command in this process (`--executor inline`, into a fresh
temporary folder) under cProfile and prints each stage's cumulative seconds:
discovery and hashing, reading, table building, record building, encoding
rows for the writer, compaction (ordering, compressing and writing the part
files), the manifest, and the rest (imports, the batch machinery); then the
functions with the most time of their own. Start-up is timed apart, as a
user meets it, by `bench_end_to_end.py`. cProfile slows Python-heavy
stages more than those in C (about 1.5-2x), so read the shares rather than
the seconds, and time the command itself with `bench_end_to_end.py`.
Inline, each file's rows are encoded on their own, where a worker encodes
those of a group of files at once (`wire.with_payload`): for many small
files, "encoding rows" here is several times what a real run spends.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import tempfile
from pathlib import Path

from click.testing import CliRunner

# Stage -> the functions (file suffix, name) whose cumulative time is that stage.
STAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "discovery": (("batch/discover.py", "find_inputs"),),
    "hashing": (("batch/discover.py", "hash_file"),),
    "reading": (("read/__init__.py", "read_document"),),
    "table building": (("parse/tables.py", "build_table"),),
    "record building": (
        ("parse/records.py", "add_table_rows"),
        ("parse/meta.py", "read_meta"),
        ("parse/records.py", "add_document"),
    ),
    "encoding rows": (("batch/wire.py", "encode_documents"),),
    "compaction": (("batch/compact.py", "apply_compaction"),),
    "manifest": (("batch/manifest.py", "write_manifest"),),
}


def profile(inputs: list[Path]) -> pstats.Stats:
    from pipeline.batch.pool import worker_imports
    from pipeline.batch.worker import YOUNG_COLLECTION_THRESHOLD

    worker_imports()  # as in a worker: pyarrow would import pandas (0.2 s) only to look for DataFrames
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])  # and collecting as a worker does
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as out:
        args = ["convert", *map(str, inputs), "--out", out, "--executor", "inline", "--quiet"]
        profiler.enable()
        from cli import main  # imported under the profiler: start-up is part of the run

        result = CliRunner().invoke(main, args)
        profiler.disable()
    if result.exit_code not in (0, 1):
        raise SystemExit(f"convert failed ({result.exit_code}): {result.output[-500:]}")
    if result.exit_code == 1:  # the run went through; some files were refused or failed
        print(f"convert finished with files that failed (exit 1): {result.output.strip()[-300:]}")
    return pstats.Stats(profiler)


def cumulative(stats: pstats.Stats, wanted: tuple[tuple[str, str], ...]) -> float:
    """The summed cumulative seconds of the `wanted` (file suffix, function name) entries."""
    rows = stats.stats  # type: ignore[attr-defined]  # (file, line, name) -> (calls, calls, own, cumulative, callers)
    return sum(
        row[3]
        for (file, _, name), row in rows.items()
        if any(file.endswith(suffix) and name == function for suffix, function in wanted)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=12, help="functions listed by their own time")
    args = parser.parse_args()
    stats = profile(args.inputs)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"whole command under cProfile: {total:.2f} s")
    staged = 0.0
    for stage, functions in STAGES.items():
        seconds = cumulative(stats, functions)
        staged += seconds
        print(f"  {stage:16s} {seconds:7.2f} s  {100 * seconds / total:5.1f}%")
    rest = total - staged
    print(f"  {'the rest':16s} {rest:7.2f} s  {100 * rest / total:5.1f}%  (imports, batch machinery)")
    print(f"\nfunctions by their own time (top {args.top}):")
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
