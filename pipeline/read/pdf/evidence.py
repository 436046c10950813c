"""Per-character evidence from PDFium for the Thai repair: boxes, fonts, made-up characters.

Gathering it costs a few PDFium calls per character, so `needs_evidence`
first asks the page's plain text whether it shows any damage the evidence
can undo; clean pages (most) are left to the string rules.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from itertools import repeat
from typing import Any

import pypdfium2.raw as pdfium_c

from pipeline.thai.glyphs import PUA_TO_THAI
from pipeline.thai.orthography import CONSONANTS, LEADING_VOWELS, MARKS, SARA_AA, SARA_AM, THAI_LETTERS
from pipeline.thai.placed import PlacedChar

# Signs of damage that boxes and fonts can undo (a subset of `orthography.DAMAGE`, plus codes
# only a font's name explains).
_DAMAGE_SIGNS = re.compile(
    f"[{CONSONANTS}][ \ufffd][{MARKS}]?{SARA_AA}"
    f"|[{SARA_AA}{SARA_AM}{LEADING_VOWELS}][{MARKS}]"
    f"|(?:^|[^{CONSONANTS}{MARKS}\u0e24\u0e26])[{MARKS}]"
    f"|([{MARKS}])\\1"
    f"|[{THAI_LETTERS}]\\s*[\u00c0-\u00ff]|[\u00c0-\u00ff]\\s*[{THAI_LETTERS}]"
    f"|[\uf000-\uf0ff]",
    re.MULTILINE,
)
_THAI_PUA = re.compile("[\uf700-\uf71a\uf884-\uf89e]")
_MARK_RUNS = re.compile(f"[{MARKS}\uf700-\uf71a\uf884-\uf89e\u00c9-\u00cd\ufffd]+")


def _untyped(function: Any, *argtypes: type) -> Callable[..., int]:
    """`function` called with plain addresses: pypdfium2's typed pointer arguments cost
    twice the call itself, and these run once per character of every page."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    assert address, "PDFium functions are loaded before this module"
    return ctypes.CFUNCTYPE(ctypes.c_int, *argtypes)(address)


_P = ctypes.c_void_p
_GET_CHAR_BOX = _untyped(pdfium_c.FPDFText_GetCharBox, _P, ctypes.c_int, _P, _P, _P, _P)
_GET_LOOSE_CHAR_BOX = _untyped(pdfium_c.FPDFText_GetLooseCharBox, _P, ctypes.c_int, _P)
_GET_CHAR_ORIGIN = _untyped(pdfium_c.FPDFText_GetCharOrigin, _P, ctypes.c_int, _P, _P)


def needs_evidence(text: str) -> bool:
    """Does the page's plain text show damage that boxes or fonts can undo?"""
    if _THAI_PUA.search(text):
        text = text.translate(PUA_TO_THAI)
    return _DAMAGE_SIGNS.search(text.replace("\r\n", "\n")) is not None


def page_chars(textpage: object, text: str, height: float) -> list[PlacedChar]:
    """Every character of a PDFium text page with its ink box, line height and, where needed, font.

    Only spaces and line breaks can be made up by PDFium, only Latin-1 and
    private-use codes need their font, and only a mark and the base before
    it need their pen positions: the rest is not asked for.
    """
    handle = textpage.raw  # type: ignore[attr-defined]
    n = pdfium_c.FPDFText_CountChars(handle)
    if len(text) != n:
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(n))
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    at_left, at_right, at_bottom, at_top = (ctypes.addressof(v) for v in (left, right, bottom, top))
    loose = pdfium_c.FS_RECTF()
    loose_at = ctypes.addressof(loose)
    page = ctypes.cast(handle, ctypes.c_void_p).value
    get_box, get_loose = _GET_CHAR_BOX, _GET_LOOSE_CHAR_BOX
    is_generated = pdfium_c.FPDFText_IsGenerated
    origins = _mark_origins(handle, text)
    make = tuple.__new__  # PlacedChar's fields in order, without its Python-level constructor: once per character
    out = []
    for i, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            ch = "\ufffd"
        get_box(page, i, at_left, at_right, at_bottom, at_top)
        if get_loose(page, i, loose_at):
            em, advance = loose.top - loose.bottom, (loose.left, loose.right)
        else:
            em, advance = 0.0, None
        out.append(
            make(
                PlacedChar,
                (
                    ch,
                    left.value,
                    right.value,
                    height - top.value,
                    height - bottom.value,
                    em,
                    ch in " \r\n" and is_generated(handle, i) == 1,
                    _font_name(handle, i) if ch >= "\u00c0" and (ch <= "\u00ff" or "\ue000" <= ch <= "\uf8ff") else "",
                    origins.get(i),
                    advance,
                ),
            )
        )
    return out


def _mark_origins(handle: object, text: str) -> dict[int, tuple[float, float]]:
    """Pen positions of every Thai mark and of the character before each run of them.

    Asked with `map` into one array: there is one for most characters of a Thai page.
    """
    wanted: set[int] = set()
    for m in _MARK_RUNS.finditer(text):
        wanted.update(range(max(0, m.start() - 1), m.end()))
    if not wanted:
        return {}
    indices = sorted(wanted)
    k = len(indices)
    xy = (ctypes.c_double * (2 * k))()
    base = ctypes.addressof(xy)
    page = ctypes.cast(handle, ctypes.c_void_p).value
    found = list(
        map(
            _GET_CHAR_ORIGIN,
            repeat(page, k),
            indices,
            range(base, base + 16 * k, 16),
            range(base + 8, base + 16 * k, 16),
        )
    )
    values = xy[:]
    for j in range(1, k):
        if not found[j]:  # a failed call leaves the previous values, as one pair of variables would
            values[2 * j : 2 * j + 2] = values[2 * j - 2 : 2 * j]
    return dict(zip(indices, zip(values[0::2], values[1::2])))


def _font_name(handle: object, index: int) -> str:
    flags = ctypes.c_int()
    size = pdfium_c.FPDFText_GetFontInfo(handle, index, None, 0, ctypes.byref(flags))
    if not size:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFText_GetFontInfo(handle, index, buffer, size, ctypes.byref(flags))
    return buffer.value.decode("utf-8", "replace")
