"""The whole `thaireports convert` command against its floors, measured in one run.

    python bench/bench_end_to_end.py [--rounds 3] [--copies 120] [--pdf-copies 20]

Three figures, each the median of `--rounds` runs of the command as a user
runs it (a subprocess, one job, wall clock):

- PDF: the corpus report rendered 20 times over into one PDF (about 270
  pages, `make_renditions.py --copies 20`; needs LibreOffice and the Laksaman
  font). Floors in the same run: plain PDFium text of every page, and
  pdfplumber's `extract_tables`, once before the commands and once after
  (the machine drifts over its 15-30 s). Goal: `convert` >= 8x pdfplumber. Also
  timed with PDFium's per-character calls made from Python
  (THAIREPORTS_PURE_PYTHON=1), as an install without a C compiler reads.
- Text/HTML: the corpus's text and HTML reports copied to about 600 files.
  Floor: read, decode, strip tags, Thai digits and white space with `str` and
  `re` only, timed in turn with the command. Goal: `convert` <= 4x the floor.
  Also timed in turn: the worker's own work alone (each file read, hashed and
  parsed to rows, in a fresh process, timed from after its imports), which no
  change to the command around the parse can take below.
- Start-up: `convert` of one small report. Goal: <= 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from bench_convert import floor, make_copies  # the same text set and floor as the in-process bench
from installed import compile_package
from interpreter import interpreter
from worker_alone import worker_alone

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = CORPUS / "raw" / "000_9c5d8f0573ae8997.txt"


def median_seconds(rounds: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def medians_in_turn(rounds: int, *runs: Callable[[], object]) -> list[float]:
    """The median seconds of each of `runs`, run one after the other `rounds` times."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(rounds):
        for run, seconds in zip(runs, times):
            seconds.append(median_seconds(1, run))
    return [statistics.median(seconds) for seconds in times]


def convert(inputs: Path, work: Path, pure_python: bool = False) -> None:
    """`thaireports convert` as a user runs it, into a fresh output folder; `pure_python` makes
    PDFium's per-character calls from Python, as where the C loop is not built."""
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-c", "import cli; cli.main()", "convert", str(inputs), "--out", str(out)]
    env = {k: v for k, v in os.environ.items() if k != "THAIREPORTS_PURE_PYTHON"}
    if pure_python:
        env["THAIREPORTS_PURE_PYTHON"] = "1"
    result = subprocess.run([*command, "--jobs", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"convert failed ({result.returncode}): {result.stdout[-500:]} {result.stderr[-500:]}")


def pdfium_text(pdf_path: Path) -> None:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
    finally:
        pdf.close()


def plumber_tables(pdf_path: Path) -> None:
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def make_pdf(into: Path, copies: int) -> Path:
    script = CORPUS / "make_renditions.py"
    subprocess.run(
        [sys.executable, str(script), str(SAMPLE), "--outdir", str(into), "--copies", str(copies), "--no-docx"],
        check=True,
        capture_output=True,
    )
    return next(into.glob("*.pdf"))


def report(name: str, seconds: float, unit: str, amount: float) -> None:
    print(f"  {name:34s} {seconds:8.3f} s  {amount / seconds:10.1f} {unit}/s")


def bench_text(work: Path, rounds: int, copies: int) -> None:
    folder = work / "text"
    folder.mkdir()
    files = make_copies(CORPUS / "raw", copies, folder)
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    print(f"text/HTML: {len(files)} reports, {megabytes:.1f} MB")
    alone: list[float] = []  # timed inside its process, so out of `medians_in_turn`'s clock
    floor_seconds, full, _ = medians_in_turn(
        rounds, lambda: floor(files), lambda: convert(folder, work), lambda: alone.append(worker_alone(folder))
    )
    parse = statistics.median(alone)
    report("floor (read+decode+strip+fold)", floor_seconds, "MB", megabytes)
    report("the worker's work alone", parse, "MB", megabytes)
    report("thaireports convert --jobs 1", full, "MB", megabytes)
    print(f"  ratio convert/floor: {full / floor_seconds:.1f}x (goal <= 4x)")
    print(f"  the worker's work alone: {parse / floor_seconds:.1f}x the floor; the command adds {full - parse:.3f} s")


def bench_pdf(work: Path, rounds: int, copies: int) -> None:
    if shutil.which("soffice") is None:
        print("PDF: skipped, LibreOffice (soffice) is not installed")
        return
    folder = work / "pdf"
    folder.mkdir()
    pdf = make_pdf(folder, copies)
    pages = len(pdfium.PdfDocument(str(pdf)))
    print(f"PDF: {pdf.name}, {pages} pages")
    plain = median_seconds(rounds, lambda: pdfium_text(pdf))
    plumber = median_seconds(1, lambda: plumber_tables(pdf))  # the longest step: before the commands and after
    # The PDF alone: the renderer leaves its HTML source beside it, which is not what the floors read.
    # In turn, so that the machine's drift touches both alike.
    full, without_loop = medians_in_turn(
        rounds, lambda: convert(pdf, work), lambda: convert(pdf, work, pure_python=True)
    )
    plumber_after = median_seconds(1, lambda: plumber_tables(pdf))
    report("PDFium plain text (floor)", plain, "pages", pages)
    report("pdfplumber extract_tables, before", plumber, "pages", pages)
    report("pdfplumber extract_tables, after", plumber_after, "pages", pages)
    report("thaireports convert --jobs 1", full, "pages", pages)
    report("  the same without the C loop", without_loop, "pages", pages)
    faster = f"{plumber / full:.1f}x and {plumber_after / full:.1f}x"
    print(f"  convert vs pdfplumber before and after: {faster} faster (goal >= 8x)")
    print(f"  without the C loop: {plumber / without_loop:.1f}x and {plumber_after / without_loop:.1f}x;", end=" ")
    print(f"the loop saves {1 - full / without_loop:.0%}")
    print(f"  convert vs plain PDFium text: {full / plain:.1f}x slower")


def bench_startup(work: Path, rounds: int) -> None:
    folder = work / "one"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    # A run this short moves most with the machine's other jobs: three times the rounds.
    full = median_seconds(3 * rounds, lambda: convert(folder / SAMPLE.name, work))
    print(f"start-up: convert of one report {full:.3f} s, median of {3 * rounds} (goal <= 0.5 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=120, help="copies of each text/HTML report")
    parser.add_argument("--pdf-copies", type=int, default=20)
    args = parser.parse_args()
    print(f"load average before: {load()}; {interpreter()}")
    compile_package()  # as installed: see installed.py
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench_startup(work, args.rounds)
        bench_text(work, args.rounds, args.copies)
        bench_pdf(work, args.rounds, args.pdf_copies)
    print(f"load average after: {load()} (the machine is shared: figures move with it)")


def load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


if __name__ == "__main__":
    main()
