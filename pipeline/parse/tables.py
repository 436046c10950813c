"""Rebuild a report's logical table from the raw rows a reader found.

Header rows are recognised by content (a vocabulary, see `vocab`), wherever
they appear: reports repeat them before every block and PDF pages can merge
two tables. Every data row becomes a `TableRow` that knows its measure; a row
whose number and measure cells are empty continues the measure above, and a
row that opens a page and is the rest of the row above (`layout.page_split`)
is glued onto that row cell by cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from pipeline.errors import (
    MEASURE_NUMBER_MISSING,
    MEASURE_NUMBER_REPEATED,
    MEASURE_NUMBER_UNREADABLE,
    ORPHAN_ROW,
    OTHER_TABLE,
    Code,
    Problem,
)
from pipeline.layout.headers import (
    MIN_HEADER_COLUMNS,
    Header,
    is_header_continuation,
    joined_header,
    match_header,
)
from pipeline.layout.measure_numbers import parse_measure_no, title_number
from pipeline.layout.page_split import continues_above
from pipeline.layout.sections import section_heading
from pipeline.layout.vocab import MEASURE, NUMBER, PERIOD, STATUS_DONE, STATUS_NOT_DONE, canonical_column
from pipeline.layout.wraps import join_wrapped
from pipeline.model import RawDocument, RawRow, least_confidence
from pipeline.parse.grid import (
    Grid,
    find_budget_years,
    find_grid,
    marked_span,
    widen,
    without_budget_years,
    without_grid,
)
from pipeline.parse.roles import roles_by_content
from pipeline.thai.digits import to_arabic_digits
from pipeline.thai.grids import GridSlot

_SECTION_MEASURE = re.compile(r"^มาตรการ(?:ที่)?\s*([0-9]{1,3})?\s*[.:)]?\s*")


_STATUS_ROLES = (STATUS_DONE, STATUS_NOT_DONE)


@dataclass(frozen=True)
class TableRow:
    """One data row, its cells keyed by canonical column name."""

    measure_no: int
    measure_title: str
    cells: dict[str, str]
    line: int | None = None
    page: int | None = None
    extra: dict[str, str] = field(default_factory=dict)  # columns not in the vocabulary
    label: str = ""  # the measure's number as printed ("1", "ข้อ 2", "-"), "" when none
    section: tuple[str, str] | None = None  # (label, heading) of the section the measure is in
    gridded: bool = False  # the table draws its period as a month/quarter grid
    grid: tuple[GridSlot, GridSlot] | None = None  # first and last marked grid column
    grid_year: int | None = None  # the fiscal year the grid's header prints
    budgets: dict[int, str] = field(default_factory=dict)  # BE year -> cell, from per-year budget columns
    confidence: float | None = None  # OCR: the least sure cell's confidence over the row's source rows


def _blank(cell: str | None) -> bool:
    return cell is None or not cell.strip()


class _HeaderRow(NamedTuple):
    """A header row read: its column roles, with the grid's and budget years' columns taken out."""

    header: Header
    grid: Grid | None
    years: dict[int, int]


def _read_header(cells: tuple[str | None, ...], header: Header) -> _HeaderRow:
    grid = find_grid(cells)
    if grid is not None:
        header = without_grid(header, grid)
    years = find_budget_years(cells) or {}
    if years:
        header = without_budget_years(header, years)
    return _HeaderRow(header, grid, years)


@dataclass
class _Builder:
    """Mutable state while walking the raw rows of one document."""

    spaced_wraps: bool = True
    header: Header | None = None
    rows: list[TableRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    last_raw: dict[str, str] = field(default_factory=dict)
    after_header: bool = False
    header_cells: tuple[str | None, ...] | None = None
    # header text of every column kept in `extra` -> (its index, the header's roles, where first seen)
    unknown_at: dict[str, tuple[int, dict[int, str], RawRow]] = field(default_factory=dict)
    noted: set[str] = field(default_factory=set)  # of those, wordings the vocabulary knows as roleless
    section: tuple[int, str] | None = None  # the measure a heading row opened
    group: tuple[str, str] | None = None  # the section heading (label, text) measures fall under
    heading: list[str] = field(default_factory=list)  # free lines from a section heading to the next header
    printed_last: int | None = None  # the last measure number as printed
    group_changed: bool = False  # a new section began since the last measure
    renumbered: bool = False  # printed numbers restarted: measures are numbered in document order
    grid: Grid | None = None  # the month/quarter grid of the current header
    years: dict[int, int] = field(default_factory=dict)  # per-year budget columns: index -> BE year
    # header cells -> what they say; reports repeat their header before every block
    headers: dict[tuple[str | None, ...], _HeaderRow] = field(default_factory=dict)

    def last_measure_no(self) -> int:
        return self.rows[-1].measure_no if self.rows else 0

    def warn(self, row: RawRow, code: Code, **values: Any) -> None:
        self.problems.append(code.problem(page=row.page, line=row.line, **values))


def title_rows(doc: RawDocument) -> list[str]:
    """Text of rows above the first header: a title block typed into the table's grid.

    Spreadsheet exports and Word layouts put the report's title, year and
    agency in rows of the table itself.
    """
    lines = []
    first_page = doc.rows[0].page if doc.rows else None
    for raw in doc.rows:
        if match_header(raw.cells) is not None or raw.page != first_page:
            break  # tables on later pages (indicators, budgets before the plan's table) are no title block
        if raw.free:
            continue  # text between tables, not the title block
        text = " ".join(c.strip() for c in raw.cells if c is not None and not _blank(c))
        if text:
            lines.append(text)
    return lines


@dataclass(frozen=True)
class Table:
    rows: list[TableRow]
    problems: list[Problem]
    # header text of each column not named by the vocabulary -> (role or None, reason)
    roles: dict[str, tuple[str | None, str]]


def build_table(doc: RawDocument) -> tuple[list[TableRow], list[Problem]]:
    table = read_table(doc)
    return table.rows, table.problems


def read_table(doc: RawDocument) -> Table:
    state = _Builder(spaced_wraps=doc.spaced_wraps)
    for raw in doc.rows:
        _take_row(state, raw)
    roles = roles_by_content(state.rows, state.unknown_at, state.noted, state.warn)
    return Table(state.rows, state.problems, roles)


def _take_row(state: _Builder, raw: RawRow) -> None:
    if raw.free:
        _take_free_line(state, raw)
        return
    known = state.headers.get(raw.cells)
    if known is None and (header := match_header(raw.cells)) is not None:
        known = state.headers[raw.cells] = _read_header(raw.cells, header)
    if known is not None:
        _set_header(state, raw, known)
        return
    if state.header is None or all(_blank(c) for c in raw.cells):
        return
    if state.header_cells is not None and len(raw.cells) != len(state.header_cells) and raw.page is not None:
        state.header = None  # a PDF table of another width: not the table the header heads
        width = f"{len(raw.cells)} columns under a header of {len(state.header_cells)}"
        state.warn(raw, OTHER_TABLE, width=width)
        return
    if state.after_header and (grid := find_grid(raw.cells, state.header_cells or ())) is not None:
        state.grid, state.header = grid, without_grid(state.header, grid)
        return
    if state.after_header and (years := find_budget_years(raw.cells, state.header_cells or ())) is not None:
        state.years, state.header = years, without_budget_years(state.header, years)
        return
    if state.after_header and is_header_continuation(raw.cells):
        _extend_header(state, raw)
        return
    state.after_header = False
    split = raw.starts_page and _is_page_split(state, raw)
    if not split and _take_section(state, raw):
        return
    cells, extra = _map_cells(state, raw)
    if split:
        _glue(state, raw, cells, extra)
    else:
        _start_row(state, raw, cells, extra)


MAX_HEADING_LINES = 3  # a section heading and the lines it wraps onto


def _take_free_line(state: _Builder, raw: RawRow) -> None:
    """A line between tables: a section heading opens a section for the tables below it.

    The heading may wrap; the lines between it and the next table header are
    its continuation, unless there are so many that they are prose.
    """
    text = _plain(raw.cells[0] or "")
    if section_heading(text) is not None:
        state.heading = [text]
    elif state.heading:
        state.heading.append(text)


def _open_group(state: _Builder, label: str, title: str) -> None:
    state.group = (label, title)
    state.group_changed = True


def _take_section(state: _Builder, raw: RawRow) -> bool:
    """A row with one cell across the table is a heading, not an activity.

    "มาตรการที่ 1 การเปิดเผยข้อมูล" heads the measure whose activities follow
    (numbered 1.1, 1.2 …); any other heading ("กลยุทธ์ที่ 2 …", "๒. ด้าน…",
    or unlabelled text) opens a section the measures below belong to.
    """
    filled = [i for i, c in enumerate(raw.cells) if not _blank(c)]
    if len(filled) != 1 or len(raw.cells) < MIN_HEADER_COLUMNS:
        return False
    assert state.header is not None
    if filled[0] != 0 and state.header.columns.get(filled[0]) not in (NUMBER, MEASURE):
        return False  # a lone cell further right is part of a row, e.g. the rest of one cut by a page
    text = _plain(raw.cells[filled[0]] or "")
    heading = _SECTION_MEASURE.match(text)
    if heading:
        number = int(heading.group(1)) if heading.group(1) else (state.last_measure_no() + 1)
        state.section = (number, text[heading.end() :].strip())
    else:
        state.section = None
        label, title = section_heading(text) or ("", text)
        _open_group(state, label, title)
    return True


def _set_header(state: _Builder, raw: RawRow, known: _HeaderRow) -> None:
    header, state.grid, state.years = known
    state.header, state.header_cells = header, raw.cells
    state.after_header = True
    if state.heading:
        lines = state.heading if len(state.heading) <= MAX_HEADING_LINES else state.heading[:1]
        text = lines[0]
        for line in lines[1:]:
            text = _join(text, line, state)  # wrapped as a cell's lines are
        label, title = section_heading(text) or ("", lines[0])
        _open_group(state, label, title)
        state.heading = []
    for index, text in header.unknown.items():
        if text not in state.unknown_at:
            state.unknown_at[text] = (index, dict(header.columns), raw)
        if index in header.noted:
            state.noted.add(text)


def _extend_header(state: _Builder, raw: RawRow) -> None:
    """Join a header's second line onto it when that maps more columns."""
    assert state.header is not None and state.header_cells is not None
    lower = [(cell or "").strip() for cell in raw.cells]
    # A tick column under a group header ("ผลการดำเนินงาน" over "ดำเนินการแล้ว") is named by its own line.
    upper = tuple(
        "" if i < len(lower) and canonical_column(lower[i]) in _STATUS_ROLES else cell
        for i, cell in enumerate(state.header_cells)
    )
    joined = joined_header(upper, raw.cells)
    if joined is not None and len(joined[1].columns) > len(state.header.columns):
        state.header_cells, state.header = joined


def _map_cells(state: _Builder, raw: RawRow) -> tuple[dict[str, str], dict[str, str]]:
    """Cells by column name; a spanned cell repeats the value above."""
    assert state.header is not None
    cells: dict[str, str] = {}
    extra: dict[str, str] = {}
    for index, cell in enumerate(raw.cells):
        name = state.header.columns.get(index)
        if name is None:
            label = state.header.unknown.get(index)
            if label and not _blank(cell):
                extra[label] = cell or ""
            continue
        if cell is None:  # spanned from the row above
            cell = "" if name in (NUMBER, MEASURE) else state.last_raw.get(name, "")
        cells[name] = cell
    state.last_raw = dict(cells)
    return cells, extra


def _is_page_split(state: _Builder, raw: RawRow) -> bool:
    """A page-top row is the rest of the row above (the rule: `layout.page_split`).

    A measure heading ("มาตรการที่ 2 …") opening a page starts its measure.
    Its measure cell may hold the end of a title wrapped across the page.
    """
    assert state.header is not None
    if not state.rows:
        return False
    filled = [c for c in raw.cells if not _blank(c)]
    if len(filled) == 1 and _SECTION_MEASURE.match(_plain(filled[0] or "")):
        return False
    columns = {name: i for i, name in sorted(state.header.columns.items(), reverse=True)}
    number = _cell_text(raw.cells, columns.get(NUMBER))
    period = _cell_text(raw.cells, columns[PERIOD]) if PERIOD in columns else None
    return continues_above(number, period, (state.rows[-1].cells.get(PERIOD) or ""))


def _cell_text(cells: tuple[str | None, ...], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return (cells[index] or "").strip()


def _glue(state: _Builder, raw: RawRow, cells: dict[str, str], extra: dict[str, str]) -> None:
    last = state.rows[-1]
    merged = dict(last.cells)
    for name, text in cells.items():
        if name == NUMBER or _blank(text):
            continue
        merged[name] = _join(merged.get(name, ""), text, state)
    title = last.measure_title
    if not _blank(cells.get(MEASURE)):
        title = _join(title, cells[MEASURE], state)
    joined = dict(last.extra)
    for name, text in extra.items():
        joined[name] = _join(joined.get(name, ""), text, state)
    grid = last.grid
    if state.grid is not None and (span := marked_span(state.grid, raw)) is not None:
        grid = widen(grid, span)
    confidence = least_confidence(last.confidence, raw.confidence)
    state.rows[-1] = replace(last, measure_title=title, cells=merged, extra=joined, grid=grid, confidence=confidence)
    state.last_raw = merged


def _join(before: str, after: str, state: _Builder) -> str:
    """The two halves of a cell cut by a page break, joined as a wrapped line."""
    before, after = before.rstrip(), after.lstrip()
    if not before or not after:
        return before or after
    return join_wrapped([before, after], spaced=state.spaced_wraps)


def _start_row(state: _Builder, raw: RawRow, cells: dict[str, str], extra: dict[str, str]) -> None:
    number_text = _plain(cells.get(NUMBER, ""))
    title = cells.get(MEASURE, "")
    if not number_text and (numbered := title_number(_plain(title))):
        number_text, title = numbered
    previous = state.rows[-1] if state.rows else None
    measure_no, title = _measure_of(state, raw, number_text, title)
    if previous is not None and measure_no == previous.measure_no:
        label, section = previous.label, previous.section
    else:
        label, section = number_text, state.group
        state.group_changed = False
    gridded = state.grid is not None
    grid, year = (marked_span(state.grid, raw), state.grid.year) if state.grid is not None else (None, None)
    budgets = {y: raw.cells[i] or "" for i, y in state.years.items() if i < len(raw.cells) and not _blank(raw.cells[i])}
    state.rows.append(
        TableRow(
            measure_no,
            title,
            cells,
            raw.line,
            raw.page,
            extra,
            label,
            section,
            gridded,
            grid,
            year,
            budgets,
            raw.confidence,
        )
    )


def _measure_of(state: _Builder, raw: RawRow, number_text: str, title: str) -> tuple[int, str]:
    """The measure a row belongs to: its own number, or the measure above.

    Printed numbers are the key while they run through the report; once they
    restart (a new section numbering its items from 1 again), measures are
    numbered in document order and the printed number is only their label.
    """
    if state.section is not None:
        return state.section  # rows under a measure heading are its activities (1.1, 1.2 …)
    previous = state.rows[-1] if state.rows else None
    printed = parse_measure_no(number_text)
    if printed is None and not number_text and _blank(title):
        if previous is None:
            state.warn(raw, ORPHAN_ROW)
            return 1, ""
        return previous.measure_no, previous.measure_title
    if printed is None:
        measure_no = (previous.measure_no + 1) if previous else 1
        code = MEASURE_NUMBER_UNREADABLE if number_text else MEASURE_NUMBER_MISSING
        state.warn(raw, code, text=number_text, measure_no=measure_no)
        return measure_no, title
    last, state.printed_last = state.printed_last, printed
    same_title = _blank(title) or _plain(title) == _plain(previous.measure_title if previous else "")
    if previous is not None and printed == last and not state.group_changed and same_title:
        return previous.measure_no, previous.measure_title  # "1.2": another row of the measure above
    if last is not None and printed <= last:
        if printed == last and not state.group_changed:
            state.warn(raw, MEASURE_NUMBER_REPEATED, text=number_text)
        state.renumbered = True
    if state.renumbered:
        return state.last_measure_no() + 1, title
    return printed, title


def _plain(cell: str) -> str:
    return to_arabic_digits(cell).strip()
