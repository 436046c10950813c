"""Clusters -> cell texts and free text lines of one page.

A cluster goes to the ruled cell that holds its centre; a space goes wherever
the character before it went. Inside a cell, clusters form lines by height
and are read left to right; lines are joined the way Thai wraps: a wrapped
line breaks a word without a space, so none is invented.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter, sub

from pipeline.model import SPANNED
from pipeline.read.pdf.chars import Cluster
from pipeline.read.pdf.grid import Table

# Clusters whose centres are closer than this share of a line's height are on one line.
SAME_LINE = 0.5
# A gap wider than this share of the line height between two glyphs is a word space.
WORD_GAP = 0.2


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class TableRows:
    """The rows of one ruled table, cells as text, SPANNED under a row span."""

    rows: tuple[tuple[str | None, ...], ...]
    tops: tuple[float, ...]
    top: float
    bottom: float
    spans: tuple[tuple[int, ...], ...] = ()  # per row: columns each cell covers, () when all one
    shaded: tuple[frozenset[int], ...] = ()  # per row: columns with a coloured shape drawn in them
    confidence: tuple[float | None, ...] = ()  # per row, when read by OCR


CellClusters = dict[int, list[Cluster]]  # cell index -> its clusters in stream order


def place(clusters: tuple[Cluster, ...], tables: list[Table]) -> tuple[list[CellClusters], list[Cluster]]:
    """Per table, the clusters of each cell (by cell index); and the clusters outside."""
    # Per table: its bounds, then the lattice `_Locator` bisects (inline here: once per cluster).
    locators = [
        (*loc.bounds, n, loc.xs, loc.ys, loc.last_col, loc.last_row, loc.owner)
        for n, loc in enumerate(map(_Locator, tables))
    ]
    per_table: list[CellClusters] = [{} for _ in tables]
    outside: list[Cluster] = []
    where: list[tuple[int, int] | None] = []
    # The cell found last, as (table bounds, lattice cell box, spot): the next glyph is most often in it.
    # Only where no two tables overlap, and for a point inside the table's bounds (not on them), so
    # that the first table holding the point is the only one (tables set flush share an edge).
    last: tuple[float, float, float, float, float, float, float, float, tuple[int, int]] | None = None
    reuse = _disjoint([loc[:4] for loc in locators])
    for c in clusters:
        if c.is_space and c.anchor is not None:
            spot = where[c.anchor]
        else:
            x, y = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
            if (
                last is not None
                and last[4] <= x < last[5]
                and last[6] <= y < last[7]
                and last[0] < x < last[1]
                and last[2] < y < last[3]
            ):
                spot = last[8]
            else:
                spot = None
                for x0, x1, top, bottom, n, xs, ys, last_col, last_row, owner in locators:
                    if x0 <= x <= x1 and top <= y <= bottom:  # most clusters fall outside most tables
                        col = bisect_right(xs, x) - 1
                        row = bisect_right(ys, y) - 1
                        col, row = col if col < last_col else last_col, row if row < last_row else last_row
                        cell = owner.get((row, col))
                        if cell is not None:
                            spot = (n, cell)
                            if reuse:
                                last = (x0, x1, top, bottom, xs[col], xs[col + 1], ys[row], ys[row + 1], spot)
                            break
        where.append(spot)
        if spot is None:
            if not c.is_space:
                outside.append(c)
        else:
            per_table[spot[0]].setdefault(spot[1], []).append(c)
    return per_table, outside


def _disjoint(boxes: list[tuple[float, float, float, float]]) -> bool:
    """Do no two of these (x0, x1, top, bottom) boxes overlap (an edge in common is no overlap)?"""
    return not any(
        a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3] for i, a in enumerate(boxes) for b in boxes[i + 1 :]
    )


class _Locator:
    """A table's lattice, to find the cell under a point by bisecting (`place`)."""

    def __init__(self, table: Table):
        self.table = table
        self.xs = sorted({c.x0 for c in table.cells} | {c.x1 for c in table.cells})
        self.ys = sorted({c.top for c in table.cells} | {c.bottom for c in table.cells})
        self.last_col, self.last_row = len(self.xs) - 2, len(self.ys) - 2
        self.owner: dict[tuple[int, int], int] = {}
        for i, cell in enumerate(table.cells):
            for r in range(cell.row, cell.row + cell.row_span):
                for col in range(cell.col, cell.col + cell.col_span):
                    self.owner[r, col] = i

        t = table
        self.bounds = (t.x0, t.x1, t.top, t.bottom)


def table_rows(table: Table, texts: dict[int, str], shaded: frozenset[int] = frozenset()) -> TableRows:
    """One tuple of cell texts per lattice row; "" under a column span.

    `shaded`: indices of cells with a coloured shape drawn in them; each row
    also gets the columns its cells span.
    """
    grid: list[list[str | None]] = [[""] * table.n_cols for _ in range(table.n_rows)]
    spans = [[1] * table.n_cols for _ in range(table.n_rows)]
    marked: list[set[int]] = [set() for _ in range(table.n_rows)]
    tops = [0.0] * table.n_rows
    for i, cell in enumerate(table.cells):
        tops[cell.row] = cell.top
        grid[cell.row][cell.col] = texts.get(i, "")
        spans[cell.row][cell.col] = cell.col_span
        if i in shaded:
            marked[cell.row].add(cell.col)
        for r in range(cell.row + 1, cell.row + cell.row_span):
            for col in range(cell.col, cell.col + cell.col_span):
                grid[r][col] = SPANNED
    kept = [i for i, g in enumerate(grid) if any(v is not SPANNED for v in g)]
    return TableRows(
        tuple(tuple(grid[i]) for i in kept),
        tuple(tops[i] for i in kept),
        table.top,
        table.bottom,
        tuple(tuple(spans[i]) if any(s > 1 for s in spans[i]) else () for i in kept),
        tuple(frozenset(marked[i]) for i in kept),
    )


def group_lines(clusters: list[Cluster]) -> list[Line]:
    """Clusters (in content-stream order) -> lines, top to bottom, left to right.

    Producers write a line's characters in a run, so the stream is cut into
    runs where it jumps back left or to another height; runs at the same
    height (one line written in pieces) are then merged.
    """
    runs: list[list[Cluster]] = []
    run: list[Cluster] = []
    x0 = top = bottom = height = 0.0  # of the last cluster that is not a space
    for c in clusters:
        if c.is_space:
            if runs:
                run.append(c)
            continue
        # A new run where the stream moves off the line or jumps back left by half the taller
        # glyph (inline: once per character).
        own = c.bottom - c.top
        if not runs or c.top > bottom or c.bottom < top or c.x0 < x0 - SAME_LINE * (own if own > height else height):
            run = []
            runs.append(run)
        run.append(c)
        x0, top, bottom, height = c.x0, c.top, c.bottom, own
    return [_line(band) for band in _merge_runs(runs)]


def _merge_runs(runs: list[list[Cluster]]) -> list[list[Cluster]]:
    if len(runs) == 1 or _stacked(runs):
        return runs
    spans = sorted(((_span(r), r) for r in runs), key=lambda item: item[0])
    bands: list[tuple[tuple[float, float], list[Cluster]]] = []
    for (top, bottom), run in spans:
        if bands:
            (b_top, b_bottom), band = bands[-1]
            overlap = min(bottom, b_bottom) - max(top, b_top)
            if overlap > SAME_LINE * min(bottom - top, b_bottom - b_top):
                bands[-1] = ((min(top, b_top), max(bottom, b_bottom)), band + run)
                continue
        bands.append(((top, bottom), list(run)))
    return [band for _, band in bands]


def _stacked(runs: list[list[Cluster]]) -> bool:
    """Does each run lie wholly below the one before, as a cell's lines mostly come?

    Then no two runs share a line, and sorted by their bodies they keep this
    order: there is nothing to merge, and their medians need not be taken.
    """
    above: float | None = None  # the bottom of the run before
    for run in runs:
        top, bottom = min(map(_TOP, run)), max(map(_BOTTOM, run))
        if top > bottom or (above is not None and top <= above):
            return False
        above = bottom
    return True


def _span(run: list[Cluster]) -> tuple[float, float]:
    """The run's body: the median top and bottom, so one tall glyph does not stretch it."""
    _, _, _, tops, bottoms, _, _ = zip(*[c for c in run if not c.is_space])
    return _median(tops), _median(bottoms)


def _median(values: Sequence[float]) -> float:
    """`statistics.median` of a non-empty list, without its generality (it runs per line)."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def _line(band: list[Cluster]) -> Line:
    band = sorted(band, key=_X0)  # stable: stream order breaks ties
    solid = [c for c in band if not c.is_space]
    # The clusters that are no space, by field (a cluster is a tuple).
    strings, lefts, rights, tops, bottoms, _, _ = zip(*solid)
    gap = WORD_GAP * _median(list(map(sub, bottoms, tops)))
    if len(solid) == len(band) and (len(band) == 1 or max(map(sub, lefts[1:], rights[:-1])) <= gap):
        text = "".join(strings)  # no space drawn and no gap wide enough to be one
    else:
        parts: list[str] = []
        right: float | None = None  # of the cluster before, unless it is a space
        for c in band:
            if c.is_space:
                if not (parts and parts[-1] == " "):
                    parts.append(c.string)
                right = None
            else:
                if right is not None and c.x0 - right > gap:
                    parts.append(" ")
                parts.append(c.string)
                right = c.x1
        text = "".join(parts)
    return Line(text, min(lefts), min(tops), max(rights), max(bottoms))


_X0, _TOP, _BOTTOM = attrgetter("x0"), attrgetter("top"), attrgetter("bottom")
