"""The period drawn as a month or quarter grid (see `thai.grids`), for the table stage.

A grid is found from header cells: the row under a group header
("ระยะเวลา (ปีงบประมาณ 2568)" over "ต.ค. พ.ย. … ก.ย.") or the header row itself.
A data row marks a column with any character (an arrow, a line, "✓", "/",
"x", "●"), with shading (readers list shaded cells) or with a mark spanning
several columns (readers give each cell's column span); the first and last
marked columns are the period.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.layout.headers import Header
from pipeline.layout.vocab import BUDGET, PERIOD, canonical_column
from pipeline.model import RawRow
from pipeline.thai.grids import GridSlot, grid_slot, header_year, year_label

MIN_GRID_COLUMNS = 3  # fewer month cells are a period cell that names months, not a grid
_QUARTER_WORD = "ไตรมา"


@dataclass(frozen=True)
class Grid:
    slots: dict[int, GridSlot]  # column index -> the month or quarter it stands for
    year: int | None  # the fiscal year a group header printed, else None (the document's)


def find_grid(cells: tuple[str | None, ...], above: tuple[str | None, ...] = ()) -> Grid | None:
    """The grid whose column labels `cells` hold; `above` is the header row over them."""
    texts = [(c or "").strip() for c in cells]
    context = [(c or "") for c in above]
    quarters = any(_QUARTER_WORD in t for t in (*texts, *context))
    slots: dict[int, GridSlot] = {}
    for i, t in enumerate(texts):
        if len(slots) + len(texts) - i < MIN_GRID_COLUMNS:
            return None  # too few cells left to make a grid: most rows are none
        if t and (slot := grid_slot(t, quarters)) is not None:
            slots[i] = slot
    kinds = {slot.kind for slot in slots.values()}
    if len(slots) < MIN_GRID_COLUMNS or len(kinds) != 1:
        return None
    year = next((y for t in (*context, *texts) if (y := header_year(t)) is not None), None)
    return Grid(slots, year)


def without_grid(header: Header, grid: Grid) -> Header:
    """The header with the grid's columns taken out of its roles and its unknown columns."""
    columns = {i: role for i, role in header.columns.items() if not (i in grid.slots and role == PERIOD)}
    unknown = {i: text for i, text in header.unknown.items() if i not in grid.slots}
    reasons = {i: why for i, why in header.reasons.items() if i in columns}
    return replace(header, columns=columns, unknown=unknown, reasons=reasons)


def marked(grid: Grid, raw: RawRow) -> tuple[int, int] | None:
    """First and last marked grid column of a data row, or None when no column is marked."""
    hits: list[int] = []
    for index in grid.slots:
        cell = raw.cells[index] if index < len(raw.cells) else None
        if (cell and cell.strip()) or index in raw.shaded:
            span = raw.spans[index] if index < len(raw.spans) else 1
            hits.extend(i for i in range(index, index + max(span, 1)) if i in grid.slots)
    return (min(hits), max(hits)) if hits else None


MIN_YEAR_COLUMNS = 2


def find_budget_years(cells: tuple[str | None, ...], above: tuple[str | None, ...] = ()) -> dict[int, int] | None:
    """Columns of per-year budgets (index -> BE year), or None.

    Either the row under a budget group header ("งบประมาณ (บาท)" over
    "2566 | 2567 | 2568") or header cells naming both ("งบประมาณ ปี 2566").
    """
    years: dict[int, int] = {}
    for index, cell in enumerate(cells):
        if len(years) + len(cells) - index < MIN_YEAR_COLUMNS:
            return None  # too few cells left for the years
        text = (cell or "").strip()
        year = year_label(text)
        if year is None and canonical_column(text) == BUDGET:
            year = header_year(text)
        if year is not None:
            years[index] = year
    if len(years) < MIN_YEAR_COLUMNS:
        return None
    budget_above = any(canonical_column(c or "") == BUDGET for c in above)
    named = all(canonical_column(cells[i] or "") == BUDGET for i in years)
    return years if budget_above or named else None


def without_budget_years(header: Header, years: dict[int, int]) -> Header:
    """The header with the per-year budget columns taken out of its roles and its unknown columns."""
    columns = {i: role for i, role in header.columns.items() if not (i in years and role == BUDGET)}
    unknown = {i: text for i, text in header.unknown.items() if i not in years}
    reasons = {i: why for i, why in header.reasons.items() if i in columns}
    return replace(header, columns=columns, unknown=unknown, reasons=reasons)


def marked_span(grid: Grid, raw: RawRow) -> tuple[GridSlot, GridSlot] | None:
    """The first and last marked slot of a data row, or None when it marks none."""
    hit = marked(grid, raw)
    return (grid.slots[hit[0]], grid.slots[hit[1]]) if hit else None


def widen(span: tuple[GridSlot, GridSlot] | None, more: tuple[GridSlot, GridSlot]) -> tuple[GridSlot, GridSlot]:
    """`span` stretched to cover `more`: a row split by a page marks the rest of its months."""
    if span is None:
        return more
    return min(span[0], more[0], key=_fiscal_order), max(span[1], more[1], key=_fiscal_order)


def _fiscal_order(slot: GridSlot) -> tuple[int, int]:
    """Slots in fiscal order: October is the first month."""
    return (slot.year or 0, (slot.number + 2) % 12 if slot.kind == "month" else slot.number)
