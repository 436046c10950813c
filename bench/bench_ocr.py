#!/usr/bin/env python3
"""Benchmark OCR of scanned table pages against plain Tesseract on the same pages.

    python bench/bench_ocr.py [--repeat 2] [--corpus ../shared/corpus]

For each page (table pages of the corpus scans, and a page of the real
scan), in one run and with one thread each (OMP_THREAD_LIMIT=1):

- ours: `ocr_page` (render at 300 dpi, straighten, find rules, read every
  cell, re-read dropped lines and Thai digits, repair marks), in-process;
- plain: the `tesseract` command on the same page rendered at 300 dpi,
  `-l tha+eng --psm 6`, one process per page (its start-up counts: it is
  what calling the CLI costs).

CPU seconds per page are the fastest of --repeat runs (other processes may
share the machine). Prints a markdown table and the target: ours <= 3 s of
CPU per table page.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core each, before Tesseract loads

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pypdfium2 as pdfium

from pipeline.read.ocr.engine import LANGUAGES, engine
from pipeline.read.ocr.image import OCR_DPI
from pipeline.read.ocr.marks import restore_marks
from pipeline.read.ocr.page import ocr_page

TARGET = 3.0  # CPU seconds per table page
PAGES = (  # (file under the corpus, 0-based page)
    ("scanned/hospital-khoksawang-2566-scanned.pdf", 0),
    ("scanned/hospital-khoksawang-2566-scanned.pdf", 1),
    ("scanned/000_9c5d8f0573ae8997-scanned.pdf", 0),
    ("scanned/abt-nongbuathong-2567-scanned.pdf", 0),
    ("realworld/vc-kantharalak-o11-project-report-scanned.pdf", 2),
)


def ours(path: Path, index: int) -> float:
    pdf = pdfium.PdfDocument(str(path))
    page = pdf[index]
    started = time.process_time()
    ocr_page(page, index + 1, str(path))
    spent = time.process_time() - started
    page.close()
    pdf.close()
    return spent


def plain(path: Path, index: int, work: Path) -> float:
    pdf = pdfium.PdfDocument(str(path))
    image = work / "page.png"
    pdf[index].render(scale=OCR_DPI / 72, grayscale=True).to_pil().save(image)
    pdf.close()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["tesseract", str(image), "-", "-l", LANGUAGES, "--psm", "6"], check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args()
    # The model and the dictionary load once per worker process, not per page: keep them out of the figures.
    engine("bench")
    restore_marks("ทดสอบ")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, index in PAGES:
            path = args.corpus / name
            mine = min(ours(path, index) for _ in range(args.repeat))
            theirs = min(plain(path, index, Path(tmp)) for _ in range(args.repeat))
            rows.append((f"{Path(name).name} p{index + 1}", mine, theirs))
    print("| page | ours (CPU s) | plain tesseract --psm 6 (CPU s) | ratio |")
    print("|---|---:|---:|---:|")
    for label, mine, theirs in rows:
        print(f"| {label} | {mine:.2f} | {theirs:.2f} | {mine / theirs:.2f} |")
    table_pages = [mine for label, mine, _ in rows[:4]]
    worst = max(table_pages)
    print(
        f"\nworst table page: {worst:.2f} s CPU (target <= {TARGET:.1f} s): {'met' if worst <= TARGET else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
