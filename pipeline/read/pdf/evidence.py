"""Per-character evidence from PDFium for the Thai repair: boxes, fonts, made-up characters.

Gathering it costs a few PDFium calls per character. A page read whole for
its tables gathers it always: placing characters in cells needs every box
(`chars.read_clusters`). For a page's text alone (`pdf.text`),
`needs_evidence` first asks the page's plain text whether it shows any
damage the evidence can undo, and a page that shows none is left to the
string rules.
"""

from __future__ import annotations

import ctypes
import re
from itertools import repeat
from operator import sub

import pypdfium2.raw as pdfium_c

from pipeline.read.pdf import pdfium_calls
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


def needs_evidence(text: str) -> bool:
    """Does the page's plain text show damage that boxes or fonts can undo?"""
    if _THAI_PUA.search(text):
        text = text.translate(PUA_TO_THAI)
    return _DAMAGE_SIGNS.search(text.replace("\r\n", "\n")) is not None


def page_chars(textpage: object, text: str, height: float) -> list[PlacedChar]:
    """Every character of a PDFium text page with its ink box, line height and, where needed, font.

    Only spaces and line breaks can be made up by PDFium, only Latin-1 and
    private-use codes need their font, and only a mark and the base before
    it need their pen positions: the rest is not asked for. Every character
    is asked for its two boxes a page at a time (`pdfium_calls`), and the
    `PlacedChar`s are made field by field with `map` and `zip`: this runs for
    every character of every page, so no Python loop runs per character.
    """
    handle = textpage.raw  # type: ignore[attr-defined]
    n = pdfium_c.FPDFText_CountChars(handle)
    if len(text) != n:
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(n))
    if not n:
        return []
    text = _SURROGATES.sub("\ufffd", text)
    page = pdfium_calls.address(handle)
    left, right, bottom, top = _char_boxes(page, n)
    advances, ems = _loose_boxes(page, n)
    generated: list[bool] = [False] * n
    breaks = [m.start() for m in _BREAKS.finditer(text)]
    for j in pdfium_calls.made_up(page, breaks):
        generated[breaks[j]] = True
    fonts = [""] * n
    for m in _FONT_CODES.finditer(text):
        fonts[m.start()] = _font_name(handle, m.start())
    origins: list[tuple[float, float] | None] = [None] * n
    for i, origin in _mark_origins(page, text).items():
        origins[i] = origin
    tops = map(sub, repeat(height, n), top)
    bottoms = map(sub, repeat(height, n), bottom)
    fields = zip(text, left, right, tops, bottoms, ems, generated, fonts, origins, advances)
    return list(map(tuple.__new__, repeat(PlacedChar, n), fields))


def drawn_chars(textpage: object, text: str) -> int:
    """How many of a page's characters (its `text`) are drawn: all but line breaks and the spaces
    PDFium made up. Nonzero exactly when `chars.read_clusters` finds a cluster on the page."""
    drawn = len(text) - text.count("\r") - text.count("\n")
    if drawn and not text.strip(" \r\n"):  # spaces only: drawn, or made up between words?
        page = pdfium_calls.address(textpage.raw)  # type: ignore[attr-defined]
        drawn -= len(pdfium_calls.made_up(page, [i for i, ch in enumerate(text) if ch == " "]))
    return drawn


_SURROGATES = re.compile("[\ud800-\udfff]")
# Characters with a question of their own: spaces and breaks (made up?), Latin-1 and private-use codes (font).
_BREAKS = re.compile("[ \r\n]")
_FONT_CODES = re.compile("[\u00c0-\u00ff\ue000-\uf8ff]")


def _char_boxes(page: int, n: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """Left, right, bottom and top (PDF space) of every character's ink box.

    A failed call leaves the box before, as one set of variables reused for every call would.
    """
    boxes = (ctypes.c_double * (4 * n))()
    failed = pdfium_calls.ink_boxes(page, n, ctypes.addressof(boxes))
    flat = _as_the_one_before(boxes[:], failed, 4)
    return flat[0::4], flat[1::4], flat[2::4], flat[3::4]


def _loose_boxes(page: int, n: int) -> tuple[list[tuple[float, float] | None], list[float]]:
    """Every character's advance (left and right of its loose box) and line height (the loose box's);
    None and 0 where PDFium has no loose box."""
    rects = (ctypes.c_float * (4 * n))()  # FS_RECTF: left, top, right, bottom
    failed = pdfium_calls.loose_boxes(page, n, ctypes.addressof(rects))
    flat = rects[:]
    advances: list[tuple[float, float] | None] = list(zip(flat[0::4], flat[2::4]))
    ems = list(map(sub, flat[1::4], flat[3::4]))
    for i in failed:
        advances[i], ems[i] = None, 0.0
    return advances, ems


def _mark_origins(page: int, text: str) -> dict[int, tuple[float, float]]:
    """Pen positions of every Thai mark and of the character before each run of them.

    Asked for in one go (`pdfium_calls`): there is one for most characters of a Thai page.
    """
    wanted: set[int] = set()
    for m in _MARK_RUNS.finditer(text):
        wanted.update(range(max(0, m.start() - 1), m.end()))
    if not wanted:
        return {}
    indices = sorted(wanted)
    xy = (ctypes.c_double * (2 * len(indices)))()
    failed = pdfium_calls.origins(page, indices, ctypes.addressof(xy))
    values = _as_the_one_before(xy[:], failed, 2)
    return dict(zip(indices, zip(values[0::2], values[1::2])))


def _as_the_one_before(values: list[float], failed: list[int], width: int) -> list[float]:
    """`values`, `width` per call, where each failed call's are the call before's (the first's
    stay 0): what one set of variables reused for every call would hold."""
    for i in failed:
        if i:
            values[width * i : width * i + width] = values[width * i - width : width * i]
    return values


def _font_name(handle: object, index: int) -> str:
    flags = ctypes.c_int()
    size = pdfium_c.FPDFText_GetFontInfo(handle, index, None, 0, ctypes.byref(flags))
    if not size:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFText_GetFontInfo(handle, index, buffer, size, ctypes.byref(flags))
    return buffer.value.decode("utf-8", "replace")
