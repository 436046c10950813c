"""PDFium's per-character and per-object calls for a whole page at once: in C where the extension is built.

Each call from Python costs about a microsecond, whatever PDFium does in it:
a quarter of the PDF reader's time on a Thai page. `_pdfium_loop` (C, built
at install where a compiler is found) makes the same calls in a loop, one
Python call per page; without it they are mapped from Python over the page.
For characters, both write PDFium's answers into the caller's array and
give back the positions whose call failed; for a page's objects, both give
their types as bytes. What the reader gets does not depend on which one ran.
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


def _byte(kind: int) -> int:
    return kind if 0 <= kind <= 255 else 0


def _failed(answers: Iterable[int]) -> list[int]:
    return list(compress(count(), map(not_, answers)))
