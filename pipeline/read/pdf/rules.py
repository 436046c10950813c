"""Ruling lines of a PDF page, read from PDFium's page objects.

pdfplumber finds the same lines, but only after pdfminer has parsed the whole
page, which is what makes it slow; PDFium hands over the path objects
directly. Coordinates here are top-down (``top`` grows downwards), like the
character boxes in `pdf_chars`, so both can be compared without flipping.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from pipeline.read.clustering import chain_groups
from pipeline.read.pdf import pdfium_calls

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

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
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
    for obj, m in _page_paths(page):
        painted, coloured = _paint(obj)
        points = None
        if coloured:
            points = _path_points(obj, m)
            if points:
                xs, ys = [p[1] for p in points], [p[2] for p in points]
                if min(max(xs) - min(xs), max(ys) - min(ys)) > RULE_MAX_THICKNESS:
                    marks.append((min(xs), height - max(ys), max(xs), height - min(ys)))
        if painted and not (coloured and _slanted(points or [])):
            _path_rules(_path_points(obj, m) if points is None else points, height, raw)
    horizontal = _merge([r for r in raw if r.horizontal])
    vertical = _merge([r for r in raw if not r.horizontal])
    return horizontal, vertical, marks


def _page_paths(page: object) -> Iterator[tuple[object, Matrix]]:
    """Every path object of a page with its matrix to page space, inside form objects too."""
    handle = page.raw  # type: ignore[attr-defined]
    types = pdfium_calls.object_types(pdfium_calls.address(handle))
    for i in [i for i, kind in enumerate(types) if kind in _PATHS_OR_FORMS]:
        yield from _paths_in(pdfium_c.FPDFPage_GetObject(handle, i), types[i], _IDENTITY, 0)


def _paths_in(obj: object, kind: int, outer: Matrix, depth: int) -> Iterator[tuple[object, Matrix]]:
    """The paths of `obj`, whose type is `kind`: itself, or those inside a form object."""
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
        inner = _compose(_matrix(obj), outer)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            inside = pdfium_c.FPDFFormObj_GetObject(obj, i)
            yield from _paths_in(inside, pdfium_c.FPDFPageObj_GetType(inside), inner, depth + 1)
    elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        yield obj, _compose(_matrix(obj), outer)


def _paint(obj: object) -> tuple[bool, bool]:
    """Is the path painted (filled or stroked), and is it filled in a colour other than white?"""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return False, False
    painted = bool(fill.value or stroke.value)
    if not fill.value:
        return painted, False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, *(ctypes.byref(c) for c in (r, g, b, a))):
        return painted, False
    return painted, a.value > 0 and min(r.value, g.value, b.value) < WHITE_FILL


def page_has_image(page: object) -> bool:
    handle = page.raw  # type: ignore[attr-defined]
    return pdfium_c.FPDF_PAGEOBJ_IMAGE in pdfium_calls.object_types(pdfium_calls.address(handle))


def _slanted(points: list[tuple[int, float, float, bool]]) -> bool:
    """Whether a path has a segment that is neither horizontal nor vertical (arrows, arrowheads)."""
    for (_, x0, y0, _), (kind, x1, y1, _) in zip(points, points[1:]):
        if kind != pdfium_c.FPDF_SEGMENT_MOVETO and abs(x1 - x0) > SNAP_TOLERANCE and abs(y1 - y0) > SNAP_TOLERANCE:
            return True
    return False


def _matrix(obj: object) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_points(obj: object, m: Matrix) -> list[tuple[int, float, float, bool]]:
    """(segment type, x, y in page space, closes subpath) for every segment."""
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    a, b, c, d, e, f = m
    points = []
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, px, py):
            continue
        u, v = x.value, y.value
        points.append(
            (
                pdfium_c.FPDFPathSegment_GetType(seg),
                a * u + c * v + e,
                b * u + d * v + f,
                bool(pdfium_c.FPDFPathSegment_GetClose(seg)),
            )
        )
    return points


def _path_rules(points: list[tuple[int, float, float, bool]], height: float, out: list[Rule]) -> None:
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


def _segment_rules(points: list[tuple[int, float, float, bool]], height: float, out: list[Rule]) -> None:
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
