"""Header rows: which row of a table is its header, and what each column is.

Reports repeat the header before every block and word it in many ways; the
wording is looked up in `vocab`, and a row is a header when enough of its
cells name known columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.layout.vocab import (
    MEASURE,
    NOTE,
    NUMBER,
    canonical_column,
    enough_header_cells,
    is_header_fragment,
)
from pipeline.layout.wraps import join_wrapped

MIN_HEADER_COLUMNS = 3
MAX_WORDING = 30  # an unknown header cell is at most this long


VOCABULARY, CONTENT = "vocabulary", "content"


@dataclass(frozen=True)
class Header:
    columns: dict[int, str]  # cell index -> canonical column
    unknown: dict[int, str]  # cell index -> header text of a column kept whole in `extra`
    # cell index -> why the column has its role: VOCABULARY (its wording) or
    # CONTENT (its cells, when no wording is known; see parse/roles)
    reasons: dict[int, str] = field(default_factory=dict)
    noted: frozenset[int] = frozenset()  # unknown columns whose wording is a known roleless one


def match_header(cells: tuple[str | None, ...]) -> Header | None:
    """The column mapping when `cells` is a header row, else None."""
    if not enough_header_cells(cells, MIN_HEADER_COLUMNS):
        return None
    columns: dict[int, str] = {}
    unknown: dict[int, str] = {}
    noted: set[int] = set()
    for index, cell in enumerate(cells):
        if not cell or not cell.strip():
            continue
        name = canonical_column(cell)
        if name == NOTE:
            noted.add(index)
        if name is None or name == NOTE or name in columns.values():
            unknown[index] = cell.strip()
        else:
            columns[index] = name
    known = len(columns) + len(noted)
    strange = [text for index, text in unknown.items() if index not in noted]
    if known < MIN_HEADER_COLUMNS:
        return None
    if len(strange) > len(columns) // 2 and not all(_wording_like(text) for text in strange):
        return None  # many unknown cells are a header only when they read like header wording
    if MEASURE not in columns.values() and NUMBER not in columns.values():
        return None
    return Header(columns, unknown, dict.fromkeys(columns, VOCABULARY), frozenset(noted))


def _wording_like(cell: str) -> bool:
    """A short label with no figures: what an unknown header cell looks like.

    A second line of wrapped header wording ("ดำเนินงาน", "(บาท)") is not:
    such a row continues the header above it.
    """
    text = cell.strip()
    if not 0 < len(text) <= MAX_WORDING or "\n" in text or is_header_fragment(text):
        return False
    return not any(ch.isdigit() for ch in text)


def is_header_continuation(cells: tuple[str | None, ...]) -> bool:
    """The second line of a two-line header: every filled cell is header wording."""
    filled = [c.strip() for c in cells if c and c.strip()]
    return bool(filled) and all(is_header_fragment(c) for c in filled)


def join_header_rows(rows: Sequence[Sequence[str | None]]) -> tuple[str, ...]:
    """Header cells printed over several rows, joined column by column.

    Header words wrap inside their cell (or across a page break) the way Thai
    wraps: with no space, so the pieces join as a PDF's wrapped lines do.
    """
    width = max((len(row) for row in rows), default=0)
    return tuple(
        join_wrapped([(row[i] or "").strip() if i < len(row) else "" for row in rows], spaced=False)
        for i in range(width)
    )


def joined_header(top: Sequence[str | None], rest: Sequence[str | None]) -> tuple[tuple[str, ...], Header] | None:
    """A header cut in two (a second line, a page break), joined back.

    The joined cells and their mapping, or None unless together they name
    more columns than the rest alone and no fewer than the top alone (a
    vocabulary broad enough may read the top piece as a header already).
    """
    cells = join_header_rows([top, rest])
    whole = match_header(cells)
    if whole is None:
        return None
    upper, lower = match_header(tuple(top)), match_header(tuple(rest))
    if (lower is not None and len(whole.columns) <= len(lower.columns)) or (
        upper is not None and len(whole.columns) < len(upper.columns)
    ):
        return None
    return cells, whole
