"""Header rows: which row of a table is its header, and what each column is.

Reports repeat the header before every block and word it in many ways; the
wording is looked up in `vocab`, and a row is a header when enough of its
cells name known columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.layout.markup import visible_text
from pipeline.layout.vocab import (
    MEASURE,
    NUMBER,
    canonical_column,
    is_header_fragment,
    may_be_header_cell,
)

MIN_HEADER_COLUMNS = 3


@dataclass(frozen=True)
class Header:
    columns: dict[int, str]  # cell index -> canonical column
    unknown: dict[int, str]  # cell index -> header text we could not map


def match_header(cells: tuple[str | None, ...]) -> Header | None:
    """The column mapping when `cells` is a header row, else None."""
    if sum(1 for cell in cells if cell and may_be_header_cell(cell)) < MIN_HEADER_COLUMNS:
        return None
    columns: dict[int, str] = {}
    unknown: dict[int, str] = {}
    for index, cell in enumerate(cells):
        if not cell or not cell.strip():
            continue
        name = canonical_column(visible_text(cell))
        if name is None or name in columns.values():
            unknown[index] = cell.strip()
        else:
            columns[index] = name
    if len(columns) < MIN_HEADER_COLUMNS or len(unknown) > len(columns) // 2:
        return None
    if MEASURE not in columns.values() and NUMBER not in columns.values():
        return None
    return Header(columns, unknown)


def is_header_continuation(cells: tuple[str | None, ...]) -> bool:
    """The second line of a two-line header: every filled cell is header wording."""
    filled = [visible_text(c).strip() for c in cells if c and visible_text(c).strip()]
    return bool(filled) and all(is_header_fragment(c) for c in filled)
