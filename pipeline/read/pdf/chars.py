"""Characters of a PDF page as PDFium places them, grouped into Thai clusters.

PDFium decodes /ActualText, so its characters are right where pdfminer's are
not; what it gets wrong is order: its own line breaks ("\\r\\n", flagged as
generated) cut between a base and its marks, and a mark inside an
/ActualText span can come out after the rest of its line. So the generated
characters are dropped, and a combining mark whose box does not sit over the
character before it is moved to the base character its box does sit over.
Coordinates are top-down (``top`` grows downwards).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

from pipeline.thai.glyphs import PUA_TO_THAI
from pipeline.thai.placed import SAME_LINE_HEIGHTS

# Thai combining marks: above/below vowels, then tone and other signs.
_VOWEL_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a")
_SIGN_MARKS = frozenset("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
MARKS = _VOWEL_MARKS | _SIGN_MARKS
_PUA_MARKS = {chr(pua): chr(thai) for pua, thai in PUA_TO_THAI.items()}
# PDFium reports a hyphen that ends a line as U+FFFE; the page shows a hyphen.
_PDFIUM_HYPHEN = {"\ufffe": "-"}
# Slack (pt) when asking whether a mark's box sits over a base character.
MARK_OVERLAP_SLACK = 1.0


Box = tuple[float, float, float, float]  # x0, x1, top, bottom (PDFium's own order: left, right, bottom, top)


@dataclass(slots=True)
class Cluster:
    """A base character with the marks that belong to it, or a lone space.

    ``anchor`` is the index of the cluster this one follows in the content
    stream; a space goes wherever its anchor goes. Not frozen: a displaced
    mark is attached once the whole page has been read.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    anchor: int | None = None
    is_space: bool = False
    marks: list[str] = field(default_factory=list)

    @property
    def string(self) -> str:
        return self.text + "".join(self.marks)

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class PageText:
    clusters: tuple[Cluster, ...]
    unplaced_marks: int  # displaced marks no base character could take


def read_clusters(textpage: object, height: float) -> PageText:
    """Clusters of one page in content-stream order (generated characters dropped)."""
    handle = textpage.raw  # type: ignore[attr-defined]
    n = pdfium_c.FPDFText_CountChars(handle)
    text = textpage.get_text_range(0, n) if n else ""  # type: ignore[attr-defined]
    if len(text) != n:  # surrogate pairs: fall back to one call per character
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(n))
    boxes = _char_boxes(handle, n, height)
    clusters: list[Cluster] = []
    displaced: list[tuple[str, float, float, float, float]] = []
    is_generated = pdfium_c.FPDFText_IsGenerated
    for i, ch in enumerate(text):
        if ch in "\r\n" or is_generated(handle, i) == 1:
            continue
        ch = _PDFIUM_HYPHEN.get(ch, ch)
        if ch in _PUA_MARKS:  # a mark's glyph variant: a mark all the same, to be placed by its box
            ch = _PUA_MARKS[ch]
        box = boxes[i]
        if ch in MARKS:
            if clusters and _over(box, clusters[-1]):
                clusters[-1].marks.append(ch)
            else:
                displaced.append((ch, *box))
            continue
        anchor = len(clusters) - 1 if clusters else None
        clusters.append(Cluster(" ", *box, anchor, True) if ch.isspace() else Cluster(ch, *box, anchor))
    unplaced = 0
    for ch, x0, x1, top, bottom in displaced:
        if not _reattach(clusters, (ch, x0, x1, top, bottom)):
            # Kept where it stands: dropping it would lose a character.
            clusters.append(Cluster(ch, x0, x1, top, bottom))
            unplaced += 1
    return PageText(tuple(clusters), unplaced)


def _char_boxes(handle: object, n: int, height: float) -> list[Box]:
    """Every character's box, top-down: ink top and bottom, advance-width sides.

    The loose box's sides are the advance width, so a gap between two of them
    is a real gap (a word space drawn by moving, not by a glyph). Its height
    depends on the font object, so lines are found on the ink box's.
    """
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, right, bottom, top)]
    loose = pdfium_c.FS_RECTF()
    loose_ref = ctypes.byref(loose)
    get_box, get_loose = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetLooseCharBox
    out = []
    for i in range(n):
        get_box(handle, i, *refs)
        x0, x1 = left.value, right.value
        if get_loose(handle, i, loose_ref):
            x0, x1 = min(x0, loose.left), max(x1, loose.right)
        out.append((x0, x1, height - top.value, height - bottom.value))
    return out


def _over(box: Box, cluster: Cluster) -> bool:
    """Does a mark's box sit over the cluster's base character?"""
    if cluster.is_space:
        return False
    return box[0] < cluster.x1 + MARK_OVERLAP_SLACK and box[1] > cluster.x0 - MARK_OVERLAP_SLACK


def _reattach(clusters: list[Cluster], mark: tuple[str, float, float, float, float]) -> bool:
    """Give a displaced mark to the base its box overlaps most on the same line."""
    ch, x0, x1, top, bottom = mark
    middle = (top + bottom) / 2
    best, best_score = None, (0.0, 0.0)
    for c in clusters:
        height = c.bottom - c.top
        if c.is_space or abs(c.mid_y - middle) >= SAME_LINE_HEIGHTS * height:
            continue
        # Most horizontal overlap wins; between equals, the nearest line.
        score = (min(x1, c.x1) - max(x0, c.x0), -abs(c.mid_y - middle))
        if score[0] > 0 and score > best_score:
            best, best_score = c, score
    if best is None:
        return False
    best.marks.append(ch)
    # Vowel marks come before tone marks in Unicode order; a late mark may be either.
    best.marks.sort(key=lambda m: m in _SIGN_MARKS)
    return True
