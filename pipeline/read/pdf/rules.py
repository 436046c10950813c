"""Ruling lines of a PDF page, read from PDFium's page objects.

pdfplumber finds the same lines, but only after pdfminer has parsed the whole
page, which is what makes it slow; PDFium hands over the path objects
directly. Coordinates here are top-down (``top`` grows downwards), like the
character boxes in `pdf_chars`, so both can be compared without flipping.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from pipeline.read.clustering import chain_groups
from pipeline.read.pdf import pdfium_calls
from pipeline.read.pdf.pdfium_calls import Matrix, Point

# A stroke thinner than this (pt) in one direction is a line, not an area.
RULE_MAX_THICKNESS = 3.0
# Segments closer than this (pt) on the other axis are the same rule.
SNAP_TOLERANCE = 2.0
# Collinear pieces separated by at most this gap (pt) are one rule.
JOIN_TOLERANCE = 3.0
# Shorter segments are glyph-like decoration, not table rules.
MIN_RULE_LENGTH = 4.0
# Nested form objects deeper than this are not searched for rules.
MAX_FORM_DEPTH = 4

_PATHS_OR_FORMS = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM)


@dataclass(frozen=True, slots=True)
class Rule:
    """An axis-parallel ruling line: ``pos`` is y for horizontal rules, x for vertical."""

    horizontal: bool
    pos: float
    start: float
    end: float


def page_rules(page: object, height: float) -> tuple[list[Rule], list[Rule]]:
    """(horizontal, vertical) merged rules of a pypdfium2 page."""
    horizontal, vertical, _ = page_drawing(page, height)
    return horizontal, vertical


# A fill this light (0-255 per channel) is paper, not a mark.
WHITE_FILL = 235

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (top-down)


def page_marks(page: object, height: float) -> list[Box]:
    """Boxes of the coloured shapes drawn on a page that are not rules (`page_drawing`)."""
    return page_drawing(page, height)[2]


def page_drawing(page: object, height: float) -> tuple[list[Rule], list[Rule], list[Box]]:
    """(horizontal, vertical) merged rules of a pypdfium2 page, and the boxes of its coloured marks.

    Month grids mark their months with shaded cells or drawn arrows: a filled
    box or polygon in a colour other than white, thicker than a rule. An
    arrow or a triangle drawn filled is a mark, not a rule. One walk over the
    page's paths finds both, asking each path's paint and points once.
    """
    raw: list[Rule] = []
    marks: list[Box] = []
    for fill, stroke, colour, points in _page_paths(page):
        coloured = colour is not None and colour[3] > 0 and min(colour[0], colour[1], colour[2]) < WHITE_FILL
        if coloured and points:
            xs, ys = [p[1] for p in points], [p[2] for p in points]
            if min(max(xs) - min(xs), max(ys) - min(ys)) > RULE_MAX_THICKNESS:
                marks.append((min(xs), height - max(ys), max(xs), height - min(ys)))
        if (fill or stroke) and not (coloured and _slanted(points)):
            _path_rules(points, height, raw)
    horizontal = _merge([r for r in raw if r.horizontal])
    vertical = _merge([r for r in raw if not r.horizontal])
    return horizontal, vertical, marks


def _page_paths(page: object) -> list[pdfium_calls.PathFacts]:
    """What `pdfium_calls.path_facts` says of every path of a page, inside form objects too, in
    the order the page draws them."""
    handle = page.raw  # type: ignore[attr-defined]
    at = pdfium_calls.address(handle)
    types = pdfium_calls.object_types(at)
    wanted = [i for i, kind in enumerate(types) if kind in _PATHS_OR_FORMS]
    return _paths_of(zip(pdfium_calls.objects(at, wanted), map(types.__getitem__, wanted)), pdfium_calls.IDENTITY, 0)


def _paths_of(objects: Iterable[tuple[int, int]], outer: Matrix, depth: int) -> list[pdfium_calls.PathFacts]:
    """The paths among `objects` ((address, type), in drawing order) and inside its form objects:
    each run of paths asked in one call."""
    facts: list[pdfium_calls.PathFacts] = []
    run: list[int] = []
    for obj, kind in objects:
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            run.append(obj)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            facts += pdfium_calls.path_facts(run, outer)
            run = []
            inner = pdfium_calls.compose(pdfium_calls.matrix(obj), outer)
            facts += _paths_of(pdfium_calls.form_objects(obj), inner, depth + 1)
    return facts + pdfium_calls.path_facts(run, outer)


def page_has_image(page: object) -> bool:
    handle = page.raw  # type: ignore[attr-defined]
    return pdfium_c.FPDF_PAGEOBJ_IMAGE in pdfium_calls.object_types(pdfium_calls.address(handle))


def _slanted(points: list[Point]) -> bool:
    """Whether a path has a segment that is neither horizontal nor vertical (arrows, arrowheads)."""
    for (_, x0, y0, _), (kind, x1, y1, _) in zip(points, points[1:]):
        if kind != pdfium_c.FPDF_SEGMENT_MOVETO and abs(x1 - x0) > SNAP_TOLERANCE and abs(y1 - y0) > SNAP_TOLERANCE:
            return True
    return False


def _path_rules(points: list[Point], height: float, out: list[Rule]) -> None:
    """Axis-parallel straight segments of one path; a thin box counts as one rule."""
    if not points:
        return
    xs = [p[1] for p in points]
    ys = [p[2] for p in points]
    width, tall = max(xs) - min(xs), max(ys) - min(ys)
    if len(points) <= 6 and min(width, tall) <= RULE_MAX_THICKNESS:
        # A line or a thin filled box: its extent is the rule (Word draws borders so).
        if width >= tall:
            _add(out, True, height - (max(ys) + min(ys)) / 2, min(xs), max(xs))
        else:
            _add(out, False, (max(xs) + min(xs)) / 2, height - max(ys), height - min(ys))
        return
    _segment_rules(points, height, out)


def _segment_rules(points: list[Point], height: float, out: list[Rule]) -> None:
    start = current = (points[0][1], points[0][2])
    for kind, x, y, closes in points:
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = current = (x, y)
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_line(out, current, (x, y), height)
        current = (x, y)
        if closes:
            _add_line(out, current, start, height)
            current = start


def _add_line(out: list[Rule], p: tuple[float, float], q: tuple[float, float], height: float) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) <= SNAP_TOLERANCE / 2:
        _add(out, True, height - (y0 + y1) / 2, min(x0, x1), max(x0, x1))
    elif abs(x1 - x0) <= SNAP_TOLERANCE / 2:
        _add(out, False, (x0 + x1) / 2, height - max(y0, y1), height - min(y0, y1))


def _add(out: list[Rule], horizontal: bool, pos: float, start: float, end: float) -> None:
    if end - start >= MIN_RULE_LENGTH:
        out.append(Rule(horizontal, pos, start, end))


def _merge(rules: list[Rule]) -> list[Rule]:
    """Snap rules at nearly the same position together and join collinear pieces."""
    merged: list[Rule] = []
    for group in chain_groups(rules, SNAP_TOLERANCE, key=lambda r: r.pos):
        pos = sum(r.pos for r in group) / len(group)
        group.sort(key=lambda r: r.start)
        start, end = group[0].start, group[0].end
        for r in group[1:]:
            if r.start <= end + JOIN_TOLERANCE:
                end = max(end, r.end)
            else:
                merged.append(Rule(group[0].horizontal, pos, start, end))
                start, end = r.start, r.end
        merged.append(Rule(group[0].horizontal, pos, start, end))
    return merged
