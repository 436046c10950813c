"""`thaireports convert` on the real agency files, one by one, next to their floors.

    python bench/bench_realworld.py [FILE ...] [--rounds 3] [--ocr off] [--no-plumber]

The synthetic benches (`bench_end_to_end.py`) measure one kind of file; real
archives hold action plans with damaged fonts, budget volumes, gazettes,
procurement forms, scans and Word files, most of them no report at all.
For each file (default: every PDF and Word file in
``../shared/corpus/realworld``) this runs the command as a user does (a
subprocess, one job, median of `--rounds`) and prints, in the same run:
its pages, what became of it (converted, or the refusal's code), seconds
per page, plain PDFium text of every page (the floor) and pdfplumber's
`extract_tables` (one round). `--ocr off` by default: scanned pages are
OCR's cost, measured by `bench_ocr.py`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pypdfium2 as pdfium
from bench_end_to_end import ROOT, load, median_seconds, pdfium_text, plumber_tables
from installed import compile_package

REALWORLD = ROOT.parent / "shared" / "corpus" / "realworld"


@dataclass(frozen=True)
class Timing:
    name: str
    pages: int | None
    outcome: str
    convert: float
    floor: float | None
    plumber: float | None


def convert(path: Path, out: Path, ocr: str) -> str:
    """`thaireports convert` of one file into a fresh `out`; the file's outcome from the manifest."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-c", "import cli; cli.main()", "convert", str(path), "--out", str(out)]
    result = subprocess.run([*command, "--jobs", "1", "--quiet", "--ocr", ocr], cwd=ROOT, capture_output=True)
    if result.returncode not in (0, 1):  # 1: the file was refused, which is an outcome too
        raise SystemExit(f"convert failed ({result.returncode}) on {path}: {result.stderr.decode()[-500:]}")
    row = pq.read_table(out / "_manifest.parquet").to_pylist()[0]
    return row["status"] if row["status"] == "converted" else f"{row['status']}: {row['error_code']}"


def measure(path: Path, work: Path, rounds: int, ocr: str, plumber: bool) -> Timing:
    outcome = convert(path, work / "out", ocr)  # once more before timing: the page cache is warm for all
    seconds = median_seconds(rounds, lambda: convert(path, work / "out", ocr))
    if path.suffix.lower() != ".pdf":
        return Timing(path.name, None, outcome, seconds, None, None)
    pages = len(pdfium.PdfDocument(str(path)))
    floor = median_seconds(rounds, lambda: pdfium_text(path))
    tables = median_seconds(1, lambda: plumber_tables(path)) if plumber else None
    return Timing(path.name, pages, outcome, seconds, floor, tables)


def row(t: Timing) -> str:
    per_page = f"{1000 * t.convert / t.pages:.0f}" if t.pages else "—"
    floor = f"{t.floor:.3f}" if t.floor is not None else "—"
    plumber = f"{t.plumber:.2f}" if t.plumber is not None else "—"
    versus = f"{t.plumber / t.convert:.1f}×" if t.plumber is not None else "—"
    over_floor = f"{t.convert / t.floor:.0f}×" if t.floor else "—"
    pages = str(t.pages) if t.pages else "—"
    cells = [t.name, pages, t.outcome, f"{t.convert:.2f}", per_page, floor, over_floor, plumber, versus]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ocr", default="off", choices=("off", "auto", "force"))
    parser.add_argument("--no-plumber", action="store_true", help="skip pdfplumber's extract_tables")
    args = parser.parse_args()
    compile_package()  # as installed: see installed.py
    files = args.files or sorted(p for p in REALWORLD.iterdir() if p.suffix.lower() in (".pdf", ".docx"))
    print(f"load average before: {load()}; --ocr {args.ocr}, median of {args.rounds}")
    print(
        "\n| file | pages | outcome | convert (s) | ms/page | PDFium text (s) | convert / PDFium "
        "| pdfplumber tables (s) | convert vs pdfplumber |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            timings.append(measure(path, Path(tmp), args.rounds, args.ocr, not args.no_plumber))
            print(row(timings[-1]), flush=True)
    total = sum(t.convert for t in timings)
    pdf_pages = sum(t.pages or 0 for t in timings)
    print(f"\nall {len(timings)} files: {total:.2f} s of convert, {pdf_pages} PDF pages")
    print(f"load average after: {load()} (the machine is shared: figures move with it)")


if __name__ == "__main__":
    main()
