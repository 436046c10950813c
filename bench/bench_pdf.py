"""Speed and accuracy of `read_pdf` on the LibreOffice renditions.

    python bench/bench_pdf.py [PDF ...] [--repeat N] [--rounds R]
    python bench/bench_pdf.py --compare [--raw DIR]

Speed: pages/s of `read_pdf`, of PDFium's plain text and of pdfplumber's
`extract_tables`, all on the same PDFs in the same process (each PDF read
`--repeat` times; best of `--rounds`). Target: read_pdf >= 70 pages/s.

Accuracy (`--compare`): every data cell read from a rendition against the
cell of the source report in raw/ it was rendered from (tags stripped,
`normalize_text` on both); split rows are glued back first. Prints the
number of cells that differ, and each difference.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.layout.headers import match_header
from pipeline.layout.page_split import continues_above
from pipeline.layout.wraps import join_wrapped
from pipeline.read.decode import decode_bytes
from pipeline.read.pdf.reader import read_pdf
from pipeline.thai.text import normalize_text

CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_PDFS = sorted((CORPUS / "renditions").glob("*.pdf"))
TARGET_PAGES_PER_SECOND = 70.0
_TAG = re.compile(r"<[^>]*>")


def plain_text(paths: list[Path]) -> int:
    pages = 0
    for path in paths:
        with pdfium.PdfDocument(path) as pdf:
            for page in pdf:
                page.get_textpage().get_text_range()
                pages += 1
    return pages


def plumber_tables(paths: list[Path]) -> int:
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                pages += 1
    return pages


def reader(paths: list[Path]) -> int:
    return sum(read_pdf(path).n_pages or 0 for path in paths)


def pages_per_second(rounds: int, run: Callable[[], int]) -> float:
    run()  # warm-up: library loading, file cache
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        pages = run()
        best = min(best, time.perf_counter() - start)
    return pages / best


def bench(paths: list[Path], rounds: int) -> None:
    for name, run in (
        ("read_pdf", reader),
        ("pypdfium2 plain text", plain_text),
        ("pdfplumber extract_tables", plumber_tables),
    ):
        rate = pages_per_second(rounds if run is not plumber_tables else 1, lambda run=run: run(paths))
        print(f"{name:28s} {rate:8.1f} pages/s")


def raw_rows(path: Path) -> list[list[str]]:
    """The data rows of a tab-separated source report, cells as normalised text."""
    rows: list[list[str]] = []
    for line in decode_bytes(path.read_bytes(), str(path)).split("\n"):
        if "\t" not in line:
            continue
        cells = [normalize_text(_TAG.sub(" ", c)) for c in line.split("\t")]
        if match_header(tuple(cells)) is None:
            rows.append(cells)
    return rows


def pdf_rows(path: Path) -> list[list[str]]:
    """The data rows `read_pdf` finds, split rows glued back as a wrap would join them."""
    rows: list[list[str | None]] = []
    columns: dict[str, int] = {}
    for row in read_pdf(path).rows:
        header = match_header(row.cells)
        if header is not None:
            columns = {name: i for i, name in sorted(header.columns.items(), reverse=True)}
            continue
        if row.starts_page and rows and _continues(row.cells, rows[-1], columns):
            rows[-1] = [join_wrapped([a or "", b or ""], spaced=False) for a, b in zip(rows[-1], row.cells)]
        else:
            rows.append(list(row.cells))
    return [[normalize_text(c or "") for c in r] for r in rows]


def _continues(cells: tuple[str | None, ...], above: list[str | None], columns: dict[str, int]) -> bool:
    number, period = columns.get("number"), columns.get("period")
    return continues_above(
        cells[number] or "" if number is not None else "",
        cells[period] or "" if period is not None else None,
        above[period] or "" if period is not None else None,
    )


def compare(pdf: Path, raw_dir: Path) -> tuple[int, int]:
    """(differing cells, cells) of one rendition against its source."""
    found, expected = pdf_rows(pdf), raw_rows(raw_dir / f"{pdf.stem}.txt")
    if len(found) != len(expected):
        print(f"  {pdf.name}: {len(found)} data rows read, {len(expected)} in the source")
    differ = total = 0
    for n, (got, want) in enumerate(zip(found, expected), 1):
        for col, (a, b) in enumerate(zip(got, want + [""] * (len(got) - len(want)))):
            total += 1
            if a != b:
                differ += 1
                print(f"  row {n} col {col}:\n    pdf {a!r}\n    raw {b!r}")
    return differ, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT_PDFS)
    ap.add_argument("--repeat", type=int, default=5, help="read each PDF this many times per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--compare", action="store_true", help="compare cells with raw/ instead")
    ap.add_argument("--raw", type=Path, default=CORPUS / "raw")
    args = ap.parse_args()
    if args.compare:
        for pdf in args.pdfs:
            differ, total = compare(pdf, args.raw)
            print(f"{pdf.name}: {differ} of {total} cells differ")
        return
    paths = [p for p in args.pdfs for _ in range(args.repeat)]
    print(f"{len(args.pdfs)} PDFs x {args.repeat}")
    bench(paths, args.rounds)


if __name__ == "__main__":
    main()
