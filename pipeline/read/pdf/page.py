"""One PDF page -> its table rows and the text lines outside any table."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from pipeline.errors import PDF_DISPLACED_MARK, PDF_PAGE_WITHOUT_TEXT, Problem, glyph_code
from pipeline.layout.wraps import join_wrapped, line_pitch, paragraph_ends
from pipeline.read.pdf.chars import Cluster, read_clusters
from pipeline.read.pdf.evidence import drawn_chars, needs_evidence
from pipeline.read.pdf.grid import Cell, Table, find_tables
from pipeline.read.pdf.layer import judge_page
from pipeline.read.pdf.placement import (
    Line,
    TableRows,
    group_lines,
    place,
    table_rows,
)
from pipeline.read.pdf.rules import Box, page_drawing, page_has_image, page_marks
from pipeline.read.pdf.text import PageText, extracted_text, layer_text, page_text
from pipeline.thai.glyphs import any_needs_repair, needs_repair, repair_thai

# A space is about this share of the glyph height when a page draws none to measure.
SPACE_PER_HEIGHT = 0.45
# Slack (pt) when asking whether a line left room for a space before the cell's edge.
FULL_SLACK = 1.0


@dataclass(frozen=True)
class PageContent:
    number: int  # 1-based
    tables: tuple[TableRows, ...]
    lines: tuple[Line, ...]  # text outside the tables, top to bottom
    height: float
    n_chars: int  # characters of text drawn (clusters, once read): 0 for none
    problems: tuple[Problem, ...]
    ruled: bool = False  # rules run both ways, whether or not they closed a cell
    unusable: str | None = None  # why the text layer is no text (then the page is read as empty)
    repairs: tuple[tuple[str, int], ...] = ()  # Thai repairs made on the page, by kind
    # The page as a text extractor reads it (`pdf.text`, `ocr.text`), when the reader kept it.
    text: PageText | None = None
    sketched: bool = False  # only its text layer and rules were read: no table on it, and none before


def read_page(
    page: object, number: int, tables: list[Table] | None = None, sketch: bool = False, keep_text: bool = True
) -> PageContent:
    """Read one pypdfium2 page; `tables` overrides the grid found from its rules.

    With `sketch`, a page its rules make no table on is only sketched: its
    text layer, rules and whether it is a scan, not its characters' places,
    cells and lines. A document without tables needs no more (it is named
    from its text), and most of a page's reading is placing its characters.
    Without `keep_text`, a page read whole leaves its text layer out (`text`
    None): a report, known by its header row, is not named from its text.
    """
    height = page.get_height()  # type: ignore[attr-defined]
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        plain = layer_text(textpage)
        unusable = judge_page(page, plain)
        if unusable:
            empty = extracted_text(textpage, plain, unusable, height)
            return PageContent(number, (), (), height, 0, (), False, unusable, text=empty)
        ruled = True
        if tables is None:
            horizontal, vertical, marks = page_drawing(page, height)
            ruled = len(horizontal) >= 2 and len(vertical) >= 2
            tables = find_tables(horizontal, vertical)
        else:
            marks = page_marks(page, height)
        if sketch and not tables:
            return _sketch(page, textpage, number, height, plain, ruled)
        text = read_clusters(textpage, plain, height, arrange=keep_text and needs_evidence(plain))
    finally:
        textpage.close()
    as_text = page_text(plain, None, text.arranged) if keep_text else None
    problems = _without_text(page, number, bool(text.clusters))
    repairs: Counter[str] = Counter(text.repairs)
    if text.unplaced_marks:
        problems.append(PDF_DISPLACED_MARK.problem(page=number, count=text.unplaced_marks))
    per_table, outside = place(text.clusters, tables)
    space = _space_width(text.clusters)
    grouped = [{i: group_lines(cs) for i, cs in cells.items()} for cells in per_table]
    pitch = line_pitch([[(ln.top, ln.bottom) for ln in ls] for cell_lines in grouped for ls in cell_lines.values()])
    cell_texts = [_cell_texts(table, cell_lines, space, pitch) for table, cell_lines in zip(tables, grouped)]
    free = [(ln.text.strip(), ln) for ln in group_lines(outside)]
    page_texts = [t for texts in cell_texts for t in texts.values()] + [t for t, _ in free]
    fix = _repairer(page_texts, number, problems, repairs)
    rows = [
        table_rows(table, {i: fix(t) for i, t in texts.items()}, _marked_cells(table, marks))
        for table, texts in zip(tables, cell_texts)
    ]
    lines = [Line(fix(t), ln.x0, ln.top, ln.x1, ln.bottom) for t, ln in free]
    return PageContent(
        number,
        tuple(rows),
        tuple(ln for ln in lines if ln.text),
        height,
        len(text.clusters),
        tuple(problems),
        ruled,
        repairs=tuple(sorted(repairs.items())),
        text=as_text,
    )


def _sketch(page: object, textpage: object, number: int, height: float, plain: str, ruled: bool) -> PageContent:
    """A page without tables as far as a document without tables needs it (`read_page`)."""
    drawn = drawn_chars(textpage, plain)
    problems = tuple(_without_text(page, number, drawn > 0))
    as_text = extracted_text(textpage, plain, None, height)
    return PageContent(number, (), (), height, drawn, problems, ruled, text=as_text, sketched=True)


def _without_text(page: object, number: int, drawn: bool) -> list[Problem]:
    """A page that draws no text over an image is a scanned page (`ocr.is_scanned` asks for this)."""
    return [PDF_PAGE_WITHOUT_TEXT.problem(page=number)] if not drawn and page_has_image(page) else []


def _marked_cells(table: Table, marks: list[Box]) -> frozenset[int]:
    """Cells a coloured shape covers: its box holds the cell's centre line, or it lies inside the cell."""
    found = set()
    for i, cell in enumerate(table.cells):
        cx, cy = (cell.x0 + cell.x1) / 2, (cell.top + cell.bottom) / 2
        for x0, top, x1, bottom in marks:
            mx, my = (x0 + x1) / 2, (top + bottom) / 2
            across = x0 <= cx <= x1 and top <= cy <= bottom
            inside = cell.x0 <= mx <= cell.x1 and cell.top <= my <= cell.bottom
            if across or inside:
                found.add(i)
                break
    return frozenset(found)


def _space_width(clusters: tuple[Cluster, ...]) -> float:
    widths = [c.x1 - c.x0 for c in clusters if c.is_space and c.x1 > c.x0]
    if widths:
        return statistics.median(widths)
    heights = [c.bottom - c.top for c in clusters if not c.is_space]
    return SPACE_PER_HEIGHT * statistics.median(heights) if heights else 0.0


def _padding(table: Table, lines: dict[int, list[Line]]) -> float:
    """The cells' inner margin: how close text comes to a cell's left rule."""
    gaps = [ln.x0 - table.cells[i].x0 for i, ls in lines.items() for ln in ls]
    return max(0.0, min(gaps)) if gaps else 0.0


def _cell_texts(table: Table, cell_lines: dict[int, list[Line]], space: float, pitch: float | None) -> dict[int, str]:
    padding = _padding(table, cell_lines)
    return {i: _cell_text(table.cells[i], ls, padding, space, pitch) for i, ls in cell_lines.items()}


def _cell_text(cell: Cell, lines: list[Line], padding: float, space: float, pitch: float | None) -> str:
    """A cell's lines joined; `full` marks lines that may hide a space at their end.

    A left-aligned line that stops short of the right edge would have drawn its
    space; a centred line (one not starting at the left edge) says nothing.
    A blank line's height between two lines ends a paragraph (`pitch`: the page's usual one).
    """
    left, right = cell.x0 + padding, cell.x1 - padding
    full = [right - ln.x1 < space + FULL_SLACK or ln.x0 - left > space for ln in lines]
    ends = paragraph_ends([(ln.top, ln.bottom) for ln in lines], pitch)
    return join_wrapped([ln.text for ln in lines], spaced=False, full=full, ends=ends)


def _repairer(texts: list[str], page: int, problems: list[Problem], repairs: Counter[str]) -> Callable[[str], str]:
    """What repairs each of a page's texts: nothing, when none of them needs it (asked
    once of them all: most pages of a well-made PDF need none); else `_repaired`."""
    if not any_needs_repair(texts):
        return str
    return partial(_repaired, page=page, problems=problems, repairs=repairs)


def _repaired(text: str, page: int, problems: list[Problem], repairs: Counter[str]) -> str:
    if not needs_repair(text):  # most texts of a damaged page: asked faster than repaired
        return text
    fixed = repair_thai(text)
    repairs.update(dict(fixed.repairs))
    for issue in fixed.issues:
        code = glyph_code(issue.code)
        problems.append(code.problem(page=page, char=issue.char, offset=issue.offset, text=fixed.text[:40]))
    return fixed.text
