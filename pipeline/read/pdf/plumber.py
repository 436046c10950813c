"""pdfplumber, off the hot path: a second table finder and a debug picture.

pdfplumber's "lines" strategy also turns curves and rectangle outlines into
edges, so it can find a grid PDFium's straight segments did not make. It is
~40x slower than reading PDFium's objects, so `read_pdf` only asks it when
no page had a table, about the pages with ruling lines, and imports it only
then. Its cells become rules for `pdf_grid`, so the rest of the reading
(characters, marks, lines) stays PDFium's.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from pipeline.read.pdf.grid import Table, find_tables
from pipeline.read.pdf.page import PageContent, read_page
from pipeline.read.pdf.rules import Rule, page_rules

PLUMBER_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def plumber_tables(page: pdfplumber.page.Page) -> list[Table]:
    """pdfplumber's tables on one page, as `pdf_grid` tables."""
    rules: list[Rule] = []
    for found in page.find_tables(PLUMBER_SETTINGS):
        for x0, top, x1, bottom in found.cells:
            rules += [
                Rule(True, top, x0, x1),
                Rule(True, bottom, x0, x1),
                Rule(False, x0, top, bottom),
                Rule(False, x1, top, bottom),
            ]
    return find_tables([r for r in rules if r.horizontal], [r for r in rules if not r.horizontal])


def read_with_plumber_tables(path: Path, numbers: list[int]) -> dict[int, PageContent]:
    """Pages `numbers` (1-based) read again, their tables found by pdfplumber."""
    from pipeline.read.pdf.document import open_pdf

    if not numbers:
        return {}
    pdf = open_pdf(path)
    pages = {}
    try:
        with pdfplumber.open(path) as plumber:
            for number in numbers:
                plumber_page = plumber.pages[number - 1]
                page = pdf[number - 1]
                try:
                    pages[number] = read_page(page, number, plumber_tables(plumber_page))
                finally:
                    page.close()
                plumber_page.flush_cache()
    finally:
        pdf.close()
    return pages


def debug_image(path: Path, page_no: int, out_png: Path, resolution: int = 72) -> Path:
    """Draw the rules and cells `read_pdf` finds on page `page_no` (1-based) into a PNG.

    Rules in red, cells outlined in blue: what the reader will treat as the grid.
    """
    from pipeline.read.pdf.document import open_pdf

    pdf = open_pdf(path)
    try:
        page = pdf[page_no - 1]
        horizontal, vertical = page_rules(page, page.get_height())
        page.close()
    finally:
        pdf.close()
    cells = [(c.x0, c.top, c.x1, c.bottom) for t in find_tables(horizontal, vertical) for c in t.cells]
    with pdfplumber.open(path) as plumber:
        image = plumber.pages[page_no - 1].to_image(resolution=resolution)
        image.draw_rects(cells, stroke=(0, 0, 255), fill=(0, 0, 255, 24), stroke_width=2)
        image.draw_lines([((r.start, r.pos), (r.end, r.pos)) for r in horizontal], stroke=(255, 0, 0), stroke_width=1)
        image.draw_lines([((r.pos, r.start), (r.pos, r.end)) for r in vertical], stroke=(255, 0, 0), stroke_width=1)
        image.save(out_png)
    return out_png
