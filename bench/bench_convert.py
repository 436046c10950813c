"""Conversion speed of the text/HTML path against a plain-`str` floor, in one run.

    python bench/bench_convert.py [--copies 60] [--corpus tests/fixtures/raw]

The floor reads, decodes, strips tags, converts Thai digits and folds white
space over the same files with nothing but `str` and `re`: the least any
converter must do. The full parse writes Parquet. Prints documents/s and MB/s
for both and their ratio (target: the full parse within 4x of the floor).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.batch.convert import convert_paths

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def make_copies(corpus: Path, copies: int, into: Path) -> list[Path]:
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    made = []
    for n in range(copies):
        for source in files:
            # A different byte makes a different document (doc_id is the content hash).
            target = into / f"{n:04d}-{source.name}"
            target.write_bytes(source.read_bytes() + f"\n<!-- copy {n} -->\n".encode("ascii"))
            made.append(target)
    return made


def floor(files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp874")
        _SPACE.sub(" ", _TAGS.sub(" ", text).translate(_DIGITS))
    return time.perf_counter() - started


def full(inputs: Path, out: Path) -> float:
    started = time.perf_counter()
    summary = convert_paths([inputs], out)
    elapsed = time.perf_counter() - started
    assert not summary.failed, summary.failed[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1] / "tests/fixtures/raw")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-convert-"))
    try:
        inputs = work / "in"
        inputs.mkdir()
        files = make_copies(args.corpus, args.copies, inputs)
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        floor(files)  # warm the page cache for both
        floor_s = floor(files)
        full_s = full(inputs, work / "out")
        print(f"{len(files)} documents, {megabytes:.1f} MB")
        print("| step | seconds | documents/s | MB/s |\n|---|---|---|---|")
        for name, seconds in (
            ("floor (read, decode, strip tags, digits, fold space)", floor_s),
            ("thaireports convert (full parse to Parquet)", full_s),
        ):
            print(f"| {name} | {seconds:.2f} | {len(files) / seconds:,.0f} | {megabytes / seconds:.2f} |")
        print(f"full parse / floor: {full_s / floor_s:.1f}x (target <= 4x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
