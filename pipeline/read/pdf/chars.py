"""Characters of a PDF page as PDFium places them, grouped into Thai clusters.

PDFium decodes /ActualText, so its characters are right where pdfminer's are
not; what it gets wrong is order: its own line breaks ("\\r\\n", flagged as
generated) cut between a base and its marks, and a mark inside an
/ActualText span can come out after the rest of its line. So the generated
characters are dropped, and a combining mark whose box does not sit over the
character before it is moved to the base character its box does sit over
(with the other corrections the boxes and fonts allow, `thai.placed`).
Coordinates are top-down (``top`` grows downwards).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.read.pdf.evidence import page_chars
from pipeline.thai.chars import COMBINING_MARKS, VOWEL_MARKS
from pipeline.thai.placed import place, text_of

# Thai combining marks: above/below vowels, then tone and other signs.
_VOWEL_MARKS = frozenset(VOWEL_MARKS)
_SIGN_MARKS = frozenset(COMBINING_MARKS) - _VOWEL_MARKS
MARKS = _VOWEL_MARKS | _SIGN_MARKS


class Cluster(NamedTuple):
    """A base character with the marks that belong to it, or a lone space.

    ``anchor`` is the index of the cluster this one follows in the content
    stream; a space goes wherever its anchor goes. ``string`` is the base
    and its marks. A tuple: one is made per character of every page.
    """

    string: str
    x0: float
    x1: float
    top: float
    bottom: float
    anchor: int | None = None
    is_space: bool = False


@dataclass(frozen=True, slots=True)
class PageClusters:
    """One page as `read_clusters` reads it (its text, where asked for, is `pdf.text.PageText`)."""

    clusters: tuple[Cluster, ...]
    unplaced_marks: int  # displaced marks no base character could take
    repairs: Counter[str] = field(default_factory=Counter)  # what the boxes and fonts corrected, by kind
    arranged: tuple[str, Counter[str]] | None = None  # the page's text in reading order, when asked for


def read_clusters(textpage: object, text: str, height: float, arrange: bool = False) -> PageClusters:
    """Clusters of one page in content-stream order (generated characters dropped); `text`
    is the page's text layer as `pdf.text.layer_text` reads it.

    Which base a mark belongs to, and which codes the boxes and fonts
    correct, is decided by `thai.placed.place` from PDFium's evidence. With
    `arrange`, the page's text as the same evidence spells it comes too
    (`thai.placed.arrange`), at the cost of one more pass, not of a second reading.
    """
    placement = place(page_chars(textpage, text, height))
    arranged = text_of(placement) if arrange else None
    clusters: list[Cluster] = []
    unplaced: list[Cluster] = []
    moved, marks_of, glyphs = placement.moved, placement.marks_of, placement.glyphs
    make = tuple.__new__  # Cluster's fields in order, without its Python-level constructor: once per character
    for i, c in enumerate(placement.chars):
        ch = glyphs[i]
        if c.generated or ch in "\r\n" or i in moved:
            continue
        x0, x1 = c.x0, c.x1
        if c.advance:  # the wider of the ink and the advance; min() and max() the same way, inline
            left, right = c.advance
            if left < x0:
                x0 = left
            if right > x1:
                x1 = right
        if ch in MARKS:
            # Kept, after the rest: dropping it would lose a character.
            unplaced.append(make(Cluster, (ch, x0, x1, c.top, c.bottom, None, False)))
            continue
        anchor = len(clusters) - 1 if clusters else None
        if ch.isspace():
            clusters.append(make(Cluster, (" ", x0, x1, c.top, c.bottom, anchor, True)))
        else:
            if ch == "\ufffe":  # PDFium's code for a hyphen that ends a line
                ch = "-"
            if i in marks_of:
                ch += placement.marks(i)
            clusters.append(make(Cluster, (ch, x0, x1, c.top, c.bottom, anchor, False)))
    return PageClusters(tuple(clusters + unplaced), len(unplaced), placement.counts, arranged)
