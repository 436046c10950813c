"""Per-character evidence from PDFium for the Thai repair: boxes, fonts, made-up characters.

Gathering it costs a few PDFium calls per character, so `needs_evidence`
first asks the page's plain text whether it shows any damage the evidence
can undo; clean pages (most) are left to the string rules.
"""

from __future__ import annotations

import ctypes
import re

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
# Codes whose meaning depends on the font: only these carry its name.
_NEEDS_FONT = re.compile("[\ue000-\uf8ff\u00c0-\u00ff]")


def needs_evidence(text: str) -> bool:
    """Does the page's plain text show damage that boxes or fonts can undo?"""
    if _THAI_PUA.search(text):
        text = text.translate(PUA_TO_THAI)
    return _DAMAGE_SIGNS.search(text.replace("\r\n", "\n")) is not None


def page_chars(textpage: object, text: str, height: float) -> list[PlacedChar]:
    """Every character of a PDFium text page with its ink box, line height and, where needed, font."""
    handle = textpage.raw  # type: ignore[attr-defined]
    n = pdfium_c.FPDFText_CountChars(handle)
    if len(text) != n:
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(n))
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, right, bottom, top)]
    loose = pdfium_c.FS_RECTF()
    loose_ref = ctypes.byref(loose)
    get_box, get_loose = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetLooseCharBox
    is_generated = pdfium_c.FPDFText_IsGenerated
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    ox, oy = ctypes.c_double(), ctypes.c_double()
    origin_refs = (ctypes.byref(ox), ctypes.byref(oy))
    out = []
    for i, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            ch = "\ufffd"
        get_box(handle, i, *refs)
        em = loose.top - loose.bottom if get_loose(handle, i, loose_ref) else 0.0
        font = _font_name(handle, i) if _NEEDS_FONT.match(ch) else ""
        get_origin(handle, i, *origin_refs)
        out.append(
            PlacedChar(
                ch,
                left.value,
                right.value,
                height - top.value,
                height - bottom.value,
                em,
                is_generated(handle, i) == 1,
                font,
                (ox.value, oy.value),
            )
        )
    return out


def _font_name(handle: object, index: int) -> str:
    flags = ctypes.c_int()
    size = pdfium_c.FPDFText_GetFontInfo(handle, index, None, 0, ctypes.byref(flags))
    if not size:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFText_GetFontInfo(handle, index, buffer, size, ctypes.byref(flags))
    return buffer.value.decode("utf-8", "replace")
