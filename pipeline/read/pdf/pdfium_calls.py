"""PDFium's per-character, per-object and per-path calls for a whole page at once: in C where the extension is built.

Each call from Python costs about a microsecond, whatever PDFium does in it:
a quarter of the PDF reader's time on a Thai page. `_pdfium_loop` (C, built
at install where a compiler is found) makes the same calls in a loop, one
Python call per page; without it they are mapped from Python over the page.
For characters, both write PDFium's answers into the caller's array and
give back the positions whose call failed; for a page's objects, both give
their types as bytes; for paths, their paint and their points in page space,
computed alike to the last bit. What the reader gets does not depend on which
one ran.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Callable, Iterable
from itertools import compress, count, repeat
from operator import not_
from types import ModuleType
from typing import Any

import pypdfium2.raw as pdfium_c


def _c_loop() -> ModuleType | None:
    """The C loop, unless it was not built or THAIREPORTS_PURE_PYTHON=1 asks for the Python calls
    (to compare the two)."""
    if os.environ.get("THAIREPORTS_PURE_PYTHON"):
        return None
    try:
        from pipeline.read.pdf import _pdfium_loop
    except ImportError:  # installed where no C compiler was found
        return None
    return _pdfium_loop


native = _c_loop()


def address(pointer: Any) -> int:
    """Where a PDFium function or handle lives, as the calls here take it."""
    at = ctypes.cast(pointer, ctypes.c_void_p).value
    assert at, "a PDFium function or handle is never null"
    return at


def _untyped(at: int, *argtypes: type) -> Callable[..., int]:
    """The function at `at` called with plain addresses: pypdfium2's typed pointer
    arguments cost twice the call itself."""
    return ctypes.CFUNCTYPE(ctypes.c_int, *argtypes)(at)


_P = ctypes.c_void_p
_CHAR_BOX_AT = address(pdfium_c.FPDFText_GetCharBox)
_LOOSE_CHAR_BOX_AT = address(pdfium_c.FPDFText_GetLooseCharBox)
_CHAR_ORIGIN_AT = address(pdfium_c.FPDFText_GetCharOrigin)
CHAR_BOX = _untyped(_CHAR_BOX_AT, _P, ctypes.c_int, _P, _P, _P, _P)
LOOSE_CHAR_BOX = _untyped(_LOOSE_CHAR_BOX_AT, _P, ctypes.c_int, _P)
CHAR_ORIGIN = _untyped(_CHAR_ORIGIN_AT, _P, ctypes.c_int, _P, _P)
_IS_GENERATED_AT = address(pdfium_c.FPDFText_IsGenerated)
IS_GENERATED = _untyped(_IS_GENERATED_AT, _P, ctypes.c_int)
_COUNT_OBJECTS_AT = address(pdfium_c.FPDFPage_CountObjects)
_GET_OBJECT_AT = address(pdfium_c.FPDFPage_GetObject)
_OBJECT_TYPE_AT = address(pdfium_c.FPDFPageObj_GetType)
COUNT_OBJECTS = _untyped(_COUNT_OBJECTS_AT, _P)
GET_OBJECT = ctypes.CFUNCTYPE(_P, _P, ctypes.c_int)(_GET_OBJECT_AT)
OBJECT_TYPE = _untyped(_OBJECT_TYPE_AT, _P)
_MATRIX_AT = address(pdfium_c.FPDFPageObj_GetMatrix)
_DRAW_MODE_AT = address(pdfium_c.FPDFPath_GetDrawMode)
_FILL_COLOUR_AT = address(pdfium_c.FPDFPageObj_GetFillColor)
_COUNT_SEGMENTS_AT = address(pdfium_c.FPDFPath_CountSegments)
_SEGMENT_AT = address(pdfium_c.FPDFPath_GetPathSegment)
_POINT_AT = address(pdfium_c.FPDFPathSegment_GetPoint)
_SEGMENT_TYPE_AT = address(pdfium_c.FPDFPathSegment_GetType)
_CLOSES_AT = address(pdfium_c.FPDFPathSegment_GetClose)
MATRIX = _untyped(_MATRIX_AT, _P, _P)
DRAW_MODE = _untyped(_DRAW_MODE_AT, _P, _P, _P)
FILL_COLOUR = _untyped(_FILL_COLOUR_AT, _P, _P, _P, _P, _P)
COUNT_SEGMENTS = _untyped(_COUNT_SEGMENTS_AT, _P)
SEGMENT = ctypes.CFUNCTYPE(_P, _P, ctypes.c_int)(_SEGMENT_AT)
POINT = _untyped(_POINT_AT, _P, _P, _P)
SEGMENT_TYPE = _untyped(_SEGMENT_TYPE_AT, _P)
CLOSES = _untyped(_CLOSES_AT, _P)

Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Point = tuple[int, float, float, bool]  # segment type, x, y, closes its subpath
# Fill mode (0: not filled), stroked, fill colour (r, g, b, a) where filled, points where painted.
PathFacts = tuple[int, bool, "tuple[int, int, int, int] | None", list[Point]]


def ink_boxes(page: int, n: int, out: int) -> list[int]:
    """FPDFText_GetCharBox of characters 0..n-1, each writing four doubles (left, right, bottom,
    top) at ``out + 32 * index``; the indices whose call failed."""
    if native is not None:
        return native.ink_boxes(_CHAR_BOX_AT, page, n, out)
    end = out + 32 * n
    slots = (range(out + offset, end, 32) for offset in (0, 8, 16, 24))
    return _failed(map(CHAR_BOX, repeat(page, n), range(n), *slots))


def loose_boxes(page: int, n: int, out: int) -> list[int]:
    """FPDFText_GetLooseCharBox of characters 0..n-1, each writing an FS_RECTF (four floats: left,
    top, right, bottom) at ``out + 16 * index``; the indices whose call failed."""
    if native is not None:
        return native.loose_boxes(_LOOSE_CHAR_BOX_AT, page, n, out)
    return _failed(map(LOOSE_CHAR_BOX, repeat(page, n), range(n), range(out, out + 16 * n, 16)))


def origins(page: int, indices: list[int], out: int) -> list[int]:
    """FPDFText_GetCharOrigin of the characters `indices`, the j-th writing two doubles (x, y) at
    ``out + 16 * j``; the positions j whose call failed."""
    if native is not None:
        return native.origins(_CHAR_ORIGIN_AT, page, indices, out)
    end = out + 16 * len(indices)
    return _failed(map(CHAR_ORIGIN, repeat(page), indices, range(out, end, 16), range(out + 8, end, 16)))


def made_up(page: int, indices: list[int]) -> list[int]:
    """FPDFText_IsGenerated of the characters `indices`; the positions j of those PDFium made up
    (answer 1; 0 is drawn, -1 an error)."""
    if native is not None:
        return native.made_up(_IS_GENERATED_AT, page, indices)
    return list(compress(count(), map((1).__eq__, map(IS_GENERATED, repeat(page), indices))))


def object_types(page: int) -> bytes:
    """FPDFPageObj_GetType of each object of the page (an FPDF_PAGE's address) as one byte; 0
    (unknown) for an object PDFium does not give or a type past 255. Most objects of a page are
    text, which the callers pass over: one call a page instead of two an object."""
    if native is not None:
        return native.object_types(_COUNT_OBJECTS_AT, _GET_OBJECT_AT, _OBJECT_TYPE_AT, page)
    objects = map(GET_OBJECT, repeat(page), range(max(0, COUNT_OBJECTS(page))))
    return bytes(0 if at is None else _byte(OBJECT_TYPE(at)) for at in objects)


def objects(page: int, indices: list[int]) -> list[int]:
    """The addresses of a page's objects at `indices`, each of which PDFium gives (`object_types`
    named its type)."""
    return list(map(GET_OBJECT, repeat(page), indices))


def form_objects(form: int) -> list[tuple[int, int]]:
    """(address, type) of each object a form object draws, in order; those PDFium does not give
    are left out."""
    handle = ctypes.cast(form, pdfium_c.FPDF_PAGEOBJECT)
    inside = (pdfium_c.FPDFFormObj_GetObject(handle, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(handle)))
    return [(address(obj), pdfium_c.FPDFPageObj_GetType(obj)) for obj in inside if obj]


def path_facts(paths: list[int], outer: Matrix) -> list[PathFacts]:
    """Each path object's (`paths`: addresses) fill mode, whether it is stroked, its fill colour
    where filled, and where filled or stroked its points, in the space `outer` takes its own
    matrix to: 0, False, None, [] where PDFium gives no draw mode. A segment without a point
    is left out."""
    if native is not None:
        calls = (
            *(_MATRIX_AT, _DRAW_MODE_AT, _FILL_COLOUR_AT, _COUNT_SEGMENTS_AT),
            *(_SEGMENT_AT, _POINT_AT, _SEGMENT_TYPE_AT, _CLOSES_AT),
        )
        return native.path_facts(calls, paths, outer)
    return [_path_facts(path, outer) for path in paths]


def matrix(obj: int) -> Matrix:
    """A page object's own matrix; the identity where PDFium gives none."""
    m = (ctypes.c_float * 6)()
    return tuple(m) if MATRIX(obj, ctypes.addressof(m)) else IDENTITY


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """What `inner` then `outer` do (the C loop computes it the same way)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_facts(path: int, outer: Matrix) -> PathFacts:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not DRAW_MODE(path, ctypes.addressof(fill), ctypes.addressof(stroke)):
        return 0, False, None, []
    colour = None
    if fill.value:
        rgba = (ctypes.c_uint * 4)()
        if FILL_COLOUR(path, *(ctypes.addressof(rgba) + 4 * k for k in range(4))):
            colour = (rgba[0], rgba[1], rgba[2], rgba[3])
    painted = bool(fill.value or stroke.value)
    return fill.value, bool(stroke.value), colour, _points(path, compose(matrix(path), outer)) if painted else []


def _points(path: int, m: Matrix) -> list[Point]:
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.addressof(x), ctypes.addressof(y)
    a, b, c, d, e, f = m
    points = []
    for i in range(COUNT_SEGMENTS(path)):
        segment = SEGMENT(path, i)
        if segment is None or not POINT(segment, px, py):
            continue
        u, v = x.value, y.value
        points.append((SEGMENT_TYPE(segment), a * u + c * v + e, b * u + d * v + f, bool(CLOSES(segment))))
    return points


def _byte(kind: int) -> int:
    return kind if 0 <= kind <= 255 else 0


def _failed(answers: Iterable[int]) -> list[int]:
    return list(compress(count(), map(not_, answers)))
