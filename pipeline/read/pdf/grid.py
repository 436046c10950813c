"""Ruling lines -> tables of cells.

The rules cut the page into a lattice (every distinct rule position on each
axis). Neighbouring lattice boxes not separated by a rule are one cell, which
is how merged cells (row and column spans) come out right; a cell must be
closed by rules on all four sides, so the space between two tables or around
the page is never mistaken for a cell. Cells that touch each other form one
table.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from pipeline.read.clustering import chain_groups
from pipeline.read.pdf.rules import Rule

# Positions closer than this (pt) are one lattice line.
LATTICE_TOLERANCE = 2.0
# How far (pt) a rule may fall short of a lattice edge and still close it.
COVER_TOLERANCE = 3.0


@dataclass(frozen=True, slots=True)
class Cell:
    """A ruled box; ``row``/``col`` index the table's own lattice, spans included."""

    x0: float
    top: float
    x1: float
    bottom: float
    row: int
    col: int
    row_span: int
    col_span: int


@dataclass(frozen=True, slots=True)
class Table:
    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int
    x0: float
    top: float
    x1: float
    bottom: float


def find_tables(horizontal: list[Rule], vertical: list[Rule]) -> list[Table]:
    """Tables on one page, top to bottom."""
    horizontal = [r for r in horizontal if _anchored(r, vertical)]
    ys = _cluster([r.pos for r in horizontal])
    xs = _cluster([r.pos for r in vertical])
    if len(ys) < 2 or len(xs) < 2:
        return []
    h_cover = _coverage(horizontal, ys, xs)
    v_cover = _coverage(vertical, xs, ys)
    boxes = _regions(h_cover, v_cover, len(ys) - 1, len(xs) - 1)
    closed = [b for b in boxes if _is_closed(b, h_cover, v_cover)]
    groups = _touching(closed, len(ys) - 1, len(xs) - 1)
    return [_table(part, xs, ys) for g in groups for part in _split_misaligned(g)]


def _anchored(rule: Rule, crossing: list[Rule]) -> bool:
    """A border meets a crossing rule at one of its ends at least; a line drawn
    floating inside a cell (an arrow's shaft across a month grid) meets none."""
    for end in (rule.start, rule.end):
        for other in crossing:
            near_end = abs(other.pos - end) <= COVER_TOLERANCE + LATTICE_TOLERANCE
            if near_end and other.start - COVER_TOLERANCE <= rule.pos <= other.end + COVER_TOLERANCE:
                return True
    return False


def _cluster(values: list[float]) -> list[float]:
    return [sum(g) / len(g) for g in chain_groups(values, LATTICE_TOLERANCE)]


def _coverage(rules: list[Rule], lines: list[float], cuts: list[float]) -> list[list[bool]]:
    """For each lattice line, whether a rule on it covers each span between two cuts across it.

    The rules on a line are found once for the line, not again for each of its spans.
    """
    spans = list(zip(cuts, cuts[1:]))
    covered = []
    for pos in lines:
        on_line = [r for r in rules if abs(r.pos - pos) <= LATTICE_TOLERANCE]
        covered.append(
            [
                any(r.start <= start + COVER_TOLERANCE and r.end >= end - COVER_TOLERANCE for r in on_line)
                for start, end in spans
            ]
        )
    return covered


Box = tuple[int, int, int, int]  # first row, first col, last row, last col (lattice)


def _regions(h_cover: list[list[bool]], v_cover: list[list[bool]], n_rows: int, n_cols: int) -> list[Box]:
    """Lattice boxes joined wherever no rule separates them (union-find)."""
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not v_cover[c + 1][r]:
                parent[find(r * n_cols + c + 1)] = find(r * n_cols + c)
            if r + 1 < n_rows and not h_cover[r + 1][c]:
                parent[find((r + 1) * n_cols + c)] = find(r * n_cols + c)
    members: dict[int, list[tuple[int, int]]] = {}
    for i in range(n_rows * n_cols):
        members.setdefault(find(i), []).append(divmod(i, n_cols))
    boxes = []
    for cells in members.values():
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        box = (min(rows), min(cols), max(rows), max(cols))
        if len(cells) == (box[2] - box[0] + 1) * (box[3] - box[1] + 1):
            boxes.append(box)  # an L-shaped region is not a cell
    return boxes


def _is_closed(box: Box, h_cover: list[list[bool]], v_cover: list[list[bool]]) -> bool:
    r0, c0, r1, c1 = box
    return all(h_cover[r0][c] and h_cover[r1 + 1][c] for c in range(c0, c1 + 1)) and all(
        v_cover[c0][r] and v_cover[c1 + 1][r] for r in range(r0, r1 + 1)
    )


def _touching(boxes: list[Box], n_rows: int, n_cols: int) -> list[list[Box]]:
    """Group boxes that share an edge; groups ordered top to bottom."""
    owner: dict[tuple[int, int], int] = {}
    for i, (r0, c0, r1, c1) in enumerate(boxes):
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                owner[r, c] = i
    parent = list(range(len(boxes)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for (r, c), i in owner.items():
        for j in (owner.get((r, c + 1)), owner.get((r + 1, c))):
            if j is not None:
                parent[find(j)] = find(i)
    groups: dict[int, list[Box]] = {}
    for i, box in enumerate(boxes):
        groups.setdefault(find(i), []).append(box)
    return sorted(groups.values(), key=lambda g: min(b[0] for b in g))


def _split_misaligned(boxes: list[Box]) -> list[list[Box]]:
    """Cut a group where the rows above and below share no column layout.

    Two tables set one under the other touch along a rule but keep their own
    column widths; each row of a table has the column edges of the rows next
    to it, or a subset of them (a spanned cell), never a different set.
    """
    rows = sorted({b[0] for b in boxes} | {b[2] for b in boxes})
    edges: dict[int, set[int]] = {r: set() for r in rows}
    spanned = [False] * len(rows)  # k: a box runs from row k on into the next
    for box in boxes:  # a box's column edges on every row it covers, once per box
        first, last = bisect_left(rows, box[0]), bisect_right(rows, box[2])
        for k in range(first, last):
            edges[rows[k]].update((box[1], box[3] + 1))
        spanned[first : last - 1] = [True] * (last - 1 - first)
    parts: list[list[Box]] = []
    start = rows[0]
    for k, (before, r) in enumerate(zip(rows, rows[1:])):
        a, b = edges[before], edges[r]
        if not spanned[k] and not (a <= b or b <= a):
            parts.append([x for x in boxes if start <= x[0] <= before])
            start = r
    parts.append([x for x in boxes if x[0] >= start])
    return parts


def _table(boxes: list[Box], xs: list[float], ys: list[float]) -> Table:
    """Re-index one table's cells on the lattice lines it actually uses."""
    row_lines = sorted({b[0] for b in boxes} | {b[2] + 1 for b in boxes})
    col_lines = sorted({b[1] for b in boxes} | {b[3] + 1 for b in boxes})
    r_index = {line: i for i, line in enumerate(row_lines)}
    c_index = {line: i for i, line in enumerate(col_lines)}
    cells = []
    for r0, c0, r1, c1 in sorted(boxes):
        row, col = r_index[r0], c_index[c0]
        cells.append(
            Cell(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1], row, col, r_index[r1 + 1] - row, c_index[c1 + 1] - col)
        )
    return Table(
        tuple(cells),
        len(row_lines) - 1,
        len(col_lines) - 1,
        min(c.x0 for c in cells),
        min(c.top for c in cells),
        max(c.x1 for c in cells),
        max(c.bottom for c in cells),
    )
