"""Time `read_pages` (the text of `thaireports text`, with repair) against plain PDFium text extraction.

    python bench/bench_text.py [PDF] [--rounds N]

Both run in the same process on the same file; each figure is the best of N
rounds after one warm-up, so the ratio compares work, not cold caches.
Target: repaired extraction within 2x of plain.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.read.pages import read_pages

DEFAULT_PDF = ROOT.parent / "shared/corpus/realworld/constitution-draft-20160329.pdf"
TARGET_RATIO = 2.0


def plain_text(path: Path) -> list[str]:
    with pdfium.PdfDocument(path) as pdf:
        return [page.get_textpage().get_text_range() for page in pdf]


def repaired_text(path: Path) -> list[str]:
    return [page.text for page in read_pages(path).pages]


def best_of(rounds: int, run: Callable[[], object]) -> float:
    run()  # warm-up: library loading, file cache
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pages = len(plain_text(args.pdf))
    plain = best_of(args.rounds, lambda: plain_text(args.pdf))
    repaired = best_of(args.rounds, lambda: repaired_text(args.pdf))
    ratio = repaired / plain
    print(f"file: {args.pdf} ({pages} pages), best of {args.rounds}")
    print(f"plain pypdfium2 text:   {plain:.3f} s")
    print(f"read_pages (repair):    {repaired:.3f} s")
    print(f"ratio: {ratio:.2f}x (target <= {TARGET_RATIO:.0f}x) {'ok' if ratio <= TARGET_RATIO else 'OVER'}")


if __name__ == "__main__":
    main()
