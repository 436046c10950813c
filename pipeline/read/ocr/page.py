"""One scanned page -> the same `PageContent` a text page gives.

Rules found in the image make the cell grid (`find_tables`, shared with the
text PDF reader); each cell is read on its own, its lines joined as a PDF
cell's are; the text outside the tables is read as free lines with their
positions, so the document assembly (title block, page numbers, running
headers, rows split by page breaks) works unchanged. Every read is repaired
(`repair`) and every doubtful word becomes a warning naming page and cell.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from pipeline.errors import OCR_NOISE_DROPPED, OCR_NUMBER_REREAD, OCR_SPECK_DROPPED, Problem
from pipeline.layout.wraps import join_wrapped, line_pitch, paragraph_ends
from pipeline.read.ocr.boxes import TickBox, find_boxes, with_boxes
from pipeline.read.ocr.digits import read_number
from pipeline.read.ocr.engine import engine
from pipeline.read.ocr.image import PageImage, prepare, render
from pipeline.read.ocr.recognize import OcrLine, is_noise, read_lines, read_region
from pipeline.read.ocr.repair import repair_ocr
from pipeline.read.ocr.rules import find_rules
from pipeline.read.ocr.text import whole_page_text
from pipeline.read.pdf.grid import Cell, Table, find_tables
from pipeline.read.pdf.page import PageContent
from pipeline.read.pdf.placement import Line, table_rows
from pipeline.thai.glyphs import repair_thai

# Inches kept clear inside a cell's rules, and around a rule's pixels when they are erased.
CELL_INSET = 0.01
RULE_MARGIN = 0.012
# Ink specks smaller than this (square inches) and this far (inches) from any larger ink are noise.
SPECK_AREA = 0.0006
SPECK_REACH = 0.05
# A cell with less ink than this (share of its area) is empty.
MIN_INK = 0.002


@dataclass
class PageOcr:
    """What OCR of one page found: the content and its confidence."""

    content: PageContent
    confidence: float  # mean word confidence on the page, 0–1
    cell_confidence: dict[tuple[int, int, int], float] = field(default_factory=dict)  # (table, row, col)


def ocr_page(page: object, number: int, path: str) -> PageOcr:
    """Read one pypdfium2 page by OCR."""
    api = engine(path)
    height = page.get_height()  # type: ignore[attr-defined]
    image = prepare(render(page), _dpi())
    horizontal, vertical, rule_mask = find_rules(image)
    tables = find_tables(horizontal, vertical)
    boxes, box_mask = find_boxes(image.solid, image.dpi)
    clean = clean_page(image, rule_mask | box_mask)
    problems: list[Problem] = []
    confidences: list[float] = []
    cell_confidence: dict[tuple[int, int, int], float] = {}
    rows = []
    reads = [
        [with_boxes(_cell_lines(api, image, clean, cell), _inside(boxes, _pixels(cell, image))) for cell in table.cells]
        for table in tables
    ]
    pitch = line_pitch([spans for cells in reads for read in cells if (spans := _baselines(read))])
    for t, table in enumerate(tables):
        texts: dict[int, str] = {}
        for i, cell in enumerate(table.cells):
            read = reads[t][i]
            if not read:
                continue
            text = _join(read, pitch)
            cell_place = f"table {t + 1} row {cell.row + 1} column {cell.col + 1}"
            reread = read_number(text, _cell_ink(clean, _pixels(cell, image))) if len(read) == 1 else None
            if reread is not None and reread != text:
                problems.append(OCR_NUMBER_REREAD.problem(page=number, place=cell_place, was=text, now=reread))
                text = reread
            offered = frozenset().union(*(ln.offered for ln in read))
            unread = frozenset().union(*(ln.unread_marks for ln in read))
            fixed = repair_ocr(text, [w for ln in read for w in ln.words], offered, unread)
            texts[i] = fixed.text
            words = [w.confidence for ln in read for w in ln.words]
            confidences += words
            cell_confidence[t, cell.row, cell.col] = round(sum(words) / len(words) / 100.0, 3) if words else 0.0
            problems += [code.problem(page=number, place=cell_place, **values) for code, values in fixed.notes]
            problems += _specks(read, number, cell_place)
        found = table_rows(table, texts)
        by_top: dict[float, float] = {}
        for cell in table.cells:
            if (t, cell.row, cell.col) in cell_confidence:
                sure = cell_confidence[t, cell.row, cell.col]
                by_top[cell.top] = min(sure, by_top.get(cell.top, sure))
        rows.append(replace(found, confidence=tuple(by_top.get(top) for top in found.tops)))
    in_tables = {box for cell in (c for t in tables for c in t.cells) for box in _inside(boxes, _pixels(cell, image))}
    bands = _free_lines(api, image, clean, tables)
    free = with_boxes([ln for band in bands.values() for ln in band], [b for b in boxes if b not in in_tables])
    noise = [ln for ln in free if is_noise(ln)]
    if noise:
        listed = ", ".join(repr(ln.text.strip()[:30]) for ln in noise[:3])
        problems.append(OCR_NOISE_DROPPED.problem(page=number, count=len(noise), lines=listed))
    lines: list[Line] = []
    for ln in (ln for ln in free if not is_noise(ln)):
        problems += _specks([ln], number)
        fixed = repair_ocr(ln.text.strip(), list(ln.words), ln.offered, ln.unread_marks)
        confidences += [w.confidence for w in ln.words]
        problems += [code.problem(page=number, **values) for code, values in fixed.notes]
        s = image.scale
        if fixed.text:
            lines.append(Line(fixed.text, ln.x0 * s, ln.top * s, ln.x1 * s, ln.bottom * s))
    n_chars = sum(len(ln.text) for ln in lines) + sum(len(c or "") for tr in rows for r in tr.rows for c in r)
    # A page without tables was read whole, as a text extractor reads a scan: its text comes too.
    whole = bands.get((0, clean.shape[0])) if not tables else None
    content = PageContent(
        number,
        tuple(rows),
        tuple(lines),
        height,
        n_chars,
        tuple(problems),
        ruled=len(horizontal) >= 2 and len(vertical) >= 2,
        text=(whole_page_text(whole, boxes), Counter()) if whole is not None else None,
    )
    mean = sum(confidences) / len(confidences) / 100.0 if confidences else 0.0
    return PageOcr(content, mean, cell_confidence)


def _specks(lines: list[OcrLine], number: int, place: str = "") -> list[Problem]:
    """The notice for punctuation read from dust and left out of these lines, if any."""
    specks = [speck for ln in lines for speck in ln.specks]
    if not specks:
        return []
    return [OCR_SPECK_DROPPED.problem(page=number, place=place, count=len(specks), marks=" ".join(specks))]


def _dpi() -> float:
    from pipeline.read.ocr.image import OCR_DPI

    return float(OCR_DPI)


def clean_page(image: PageImage, rule_mask: np.ndarray) -> np.ndarray:
    """The grey page with rules and isolated specks painted white, for the recogniser."""
    gray = image.gray.copy()
    margin = max(1, int(image.dpi * RULE_MARGIN))
    rules = cv2.dilate(rule_mask, np.ones((2 * margin + 1, 2 * margin + 1), np.uint8))
    ink = image.ink.copy()
    ink[rules > 0] = 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] < SPECK_AREA * image.dpi * image.dpi
    small[0] = False
    large_mask = np.where(~small[labels] & (labels > 0), 255, 0).astype(np.uint8)
    reach = max(1, int(image.dpi * SPECK_REACH))
    near = cv2.dilate(large_mask, np.ones((2 * reach + 1, 2 * reach + 1), np.uint8))
    specks = small[labels] & (near == 0)
    gray[(rules > 0) | specks] = 255
    # Dust next to the letters survives the cut above; a 3×3 median takes off dots of a pixel or
    # two (at 300 dpi a stroke is 4 or more) that otherwise make Tesseract reject a whole line.
    return cv2.medianBlur(gray, 3)


def _pixels(cell: Cell, image: PageImage) -> tuple[int, int, int, int]:
    per_pt = 1.0 / image.scale
    inset = int(image.dpi * CELL_INSET)
    return (
        int(cell.x0 * per_pt) + inset,
        int(cell.top * per_pt) + inset,
        int(cell.x1 * per_pt) - inset,
        int(cell.bottom * per_pt) - inset,
    )


def _cell_lines(api: object, image: PageImage, clean: np.ndarray, cell: Cell) -> list[OcrLine]:
    x0, top, x1, bottom = _pixels(cell, image)
    if x1 <= x0 or bottom <= top:
        return []
    ink = clean[top:bottom, x0:x1] < 128
    if ink.mean() < MIN_INK:
        return []
    return read_lines(api, clean, (x0, top, x1, bottom))


def _inside(boxes: list[TickBox], area: tuple[int, int, int, int]) -> list[TickBox]:
    x0, top, x1, bottom = area
    return [b for b in boxes if x0 <= (b.x0 + b.x1) / 2 < x1 and top <= (b.top + b.bottom) / 2 < bottom]


def _cell_ink(clean: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x0, top, x1, bottom = box
    crop = clean[top:bottom, x0:x1]
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _join(lines: list[OcrLine], pitch: float | None = None) -> str:
    """A cell's lines joined as a PDF cell's are; whether a wrap hid a space is decided by the
    text on both sides (`join_wrapped`), as an image shows no trailing space. The sides are
    read with their glyphs repaired: the recogniser's sara am in two pieces hides จำนวน.
    Paragraphs end where the baselines stand further apart than the page's usual `pitch`."""
    spans = _baselines(lines)
    ends = paragraph_ends(spans, pitch) if spans else None
    return join_wrapped([repair_thai(ln.text).text for ln in lines], spaced=False, ends=ends)


def _baselines(lines: list[OcrLine]) -> list[tuple[float, float]] | None:
    """The lines' baselines as the (top, bottom) spans `paragraph_ends` measures; None when a
    line has none (a tick box, a tail read in a joined image)."""
    found = [ln.baseline for ln in lines]
    return [(b, b) for b in found if b is not None] if None not in found else None


def _free_lines(
    api: object, image: PageImage, clean: np.ndarray, tables: list[Table]
) -> dict[tuple[int, int], list[OcrLine]]:
    """Lines outside every table, by band (top and bottom pixel row): above, between and below
    them, top to bottom; a band without ink is not read."""
    h, w = clean.shape
    per_pt = 1.0 / image.scale
    spans = sorted((int(t.top * per_pt), int(t.bottom * per_pt) + 1) for t in tables)
    bands, start = [], 0
    for top, bottom in spans:
        if top > start:
            bands.append((start, top))
        start = max(start, bottom)
    if start < h:
        bands.append((start, h))
    return {
        (top, bottom): read_region(api, clean, (0, top, w, bottom))
        for top, bottom in bands
        if (clean[top:bottom] < 128).mean() >= MIN_INK / 10
    }
