"""Ruling lines in a page image -> the `Rule`s the PDF reader's grid takes.

A rule is a long thin run of ink: a morphological opening with a line-shaped
kernel keeps rules and drops letters (no Thai glyph is a quarter of an inch
long and one stroke thick). Pieces on one line broken by faded toner are
joined; the rules then go, in points, to the same lattice (`find_tables`) as
a text PDF's drawn rules, so both kinds of page make cells the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import cv2
import numpy as np

from pipeline.read.ocr.image import PageImage
from pipeline.read.pdf.rules import Rule

# Shortest rule, in inches: longer than any glyph stroke.
MIN_HORIZONTAL = 0.3
MIN_VERTICAL = 0.25
# Thickest line still a rule (inches); a filled block is not one.
MAX_THICKNESS = 0.06
# Pieces on one line (within this many points) with gaps up to this many points are one rule.
SAME_LINE = 2.0
MAX_GAP = 30.0
# Stretches up to this long (points) between a line's pieces and the rules ending on it are faded.
MAX_JOINED_GAP = 2 * MAX_GAP
# A rule ending this close (points) to a crossing rule is taken to reach it.
SNAP = 8.0
# A gap of any length between two pieces of a line is faded toner where the grey page still
# shows a thin dark line along this share of it: this many grey levels darker than the paper
# this far (inches) to either side, which the ink threshold missed.
FAINT_SHARE = 0.8
FAINT_CONTRAST = 12
FAINT_SIDE = 0.017


def find_rules(page: PageImage) -> tuple[list[Rule], list[Rule], np.ndarray]:
    """(horizontal, vertical) rules in points, and the mask of their pixels."""
    dpi, solid = page.dpi, page.solid
    horizontal_mask = cv2.morphologyEx(
        solid, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (int(dpi * MIN_HORIZONTAL), 1))
    )
    vertical_mask = cv2.morphologyEx(
        solid, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, int(dpi * MIN_VERTICAL)))
    )
    faint = partial(_faint_in_gap, page)
    # Verticals first, on their own: where they end, a horizontal rule is met (see `_merge`).
    alone = _merge(_segments(vertical_mask, False, page), faint=faint)
    horizontal = _merge(_segments(horizontal_mask, True, page), met_by=alone, faint=faint)
    vertical = _merge(_segments(vertical_mask, False, page), horizontal, faint=faint)
    return _snap(horizontal, vertical), _snap(vertical, horizontal), cv2.bitwise_or(horizontal_mask, vertical_mask)


def _snap(rules: list[Rule], across: list[Rule]) -> list[Rule]:
    """Rules whose ends stop just short of a crossing rule, extended to meet it.

    Toner fades and the opening trims a line's last pixels, so a scanned rule
    can end a few points before the border it was drawn to; the lattice would
    then see an open cell.
    """
    out = []
    for rule in rules:
        start, end = rule.start, rule.end
        for other in across:
            if not other.start - SNAP <= rule.pos <= other.end + SNAP:
                continue
            if 0 < start - other.pos <= SNAP:
                start = other.pos
            if 0 < other.pos - end <= SNAP:
                end = other.pos
        out.append(Rule(rule.horizontal, rule.pos, start, end))
    return out


def _segments(mask: np.ndarray, horizontal: bool, page: PageImage) -> list[Rule]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    thickest = page.dpi * MAX_THICKNESS
    out = []
    for x, y, w, h, area in stats[1:]:
        length, across = (w, h) if horizontal else (h, w)
        # A skewed remnant is long and slanted; its ink per unit length shows its true thickness.
        if area / max(length, 1) > thickest:
            continue
        s = page.scale
        if horizontal:
            out.append(Rule(True, (y + h / 2) * s, x * s, (x + w) * s))
        else:
            out.append(Rule(False, (x + w / 2) * s, y * s, (y + h) * s))
    return out


def _merge(
    rules: list[Rule],
    across: list[Rule] | None = None,
    met_by: list[Rule] | None = None,
    faint: Callable[[Rule, Rule], bool] | None = None,
) -> list[Rule]:
    """Join pieces of one line: close positions, overlapping or nearly touching.

    A gap with a crossing rule at both its ends is no faded stretch but a cell
    the line does not cross (a section row spanning the table): not bridged.
    A longer gap is bridged where rules of the other direction (`met_by`) end
    on the line inside it: a rule ends where it meets another, so the line
    ran there (a table's faded bottom border under its column rules), and
    any gap where the grey page still shows the line (`faint`).
    """
    out: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (round(r.pos / SAME_LINE), r.start)):
        for i, kept in enumerate(out):
            if abs(kept.pos - rule.pos) <= SAME_LINE and (
                (
                    rule.start <= kept.end + MAX_GAP
                    and rule.end >= kept.start - MAX_GAP
                    and not _spanned_cell(kept, rule, across or [])
                )
                or _met_in_gap(kept, rule, met_by or [])
                or (faint is not None and not _between(kept, rule, out) and faint(kept, rule))
            ):
                length = kept.end - kept.start
                pos = (kept.pos * length + rule.pos * (rule.end - rule.start)) / max(
                    length + rule.end - rule.start, 1e-6
                )
                out[i] = Rule(kept.horizontal, pos, min(kept.start, rule.start), max(kept.end, rule.end))
                break
        else:
            out.append(rule)
    return out


def _met_in_gap(a: Rule, b: Rule, met_by: list[Rule]) -> bool:
    """Whether rules ending on the line of `a` and `b` split the gap between them into stretches
    no longer than a faded one (`MAX_JOINED_GAP`), at least one of them there."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    ends = sorted(
        r.pos
        for r in met_by
        if first.end < r.pos < second.start and min(abs(r.start - a.pos), abs(r.end - a.pos)) <= SNAP
    )
    if not ends:
        return False
    stops = [first.end, *ends, second.start]
    return all(later - earlier <= MAX_JOINED_GAP for earlier, later in zip(stops, stops[1:]))


def _between(a: Rule, b: Rule, pieces: list[Rule]) -> bool:
    """Whether another piece of the line of `a` and `b` lies in the gap between them."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    return any(
        p is not a and p is not b and abs(p.pos - a.pos) <= SAME_LINE and first.end < p.end and p.start < second.start
        for p in pieces
    )


def _faint_in_gap(page: PageImage, a: Rule, b: Rule) -> bool:
    """Whether the grey page shows a thin line, too light for the ink mask, across the gap
    between two pieces of one line (`FAINT_SHARE` of it, at its best row near their position)."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    per_pt = 1.0 / page.scale
    start, end = int(first.end * per_pt) + 1, int(second.start * per_pt)
    if end - start < 2:
        return False
    gray = page.gray if a.horizontal else page.gray.T
    middle = int(round((a.pos + b.pos) / 2 * per_pt))
    side = max(2, int(round(page.dpi * FAINT_SIDE)))
    if middle - side - 3 < 0 or middle + side + 3 > gray.shape[0]:
        return False
    strip = gray[middle - side - 3 : middle + side + 4, start:end].astype(np.int16)
    best = 0.0
    for at in range(side + 1, side + 6):  # rows middle-2 .. middle+2 of the strip
        core = strip[at - 1 : at + 2].min(axis=0)
        above, below = strip[at - side - 1 : at - side + 2], strip[at + side - 1 : at + side + 2]
        paper = np.minimum(above.mean(axis=0), below.mean(axis=0))
        best = max(best, float(np.mean(paper - core > FAINT_CONTRAST)))
    return best >= FAINT_SHARE


def _spanned_cell(a: Rule, b: Rule, across: list[Rule]) -> bool:
    """Whether the gap between two pieces of a line is closed off by crossing rules at both ends."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    if second.start <= first.end:
        return False  # they overlap: no gap

    def crossed_at(at: float) -> bool:
        return any(abs(r.pos - at) <= SNAP and r.start - SNAP <= a.pos <= r.end + SNAP for r in across)

    return crossed_at(first.end) and crossed_at(second.start)
