"""Tick boxes on a scanned page: found in the ink, read as ticked or not, and written as ☑/☐.

Tesseract reads a printed box as "[]", "[7" or "ฆ" and a hand tick over it as
"/์": noise in the option's text, and the one fact the box carries (ticked or
not) is lost. A box is found by its shape: four straight edges of one size, a
square a letter's height or a little more. It is ticked when ink crosses it or
fills its inside (a tick, a cross, a blot). Boxes are painted out of the image
the recogniser reads, and their symbols put back into the text read, before
the first word to their right, so the form grammar sees "☐ option" as in a
text document.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from pipeline.layout.forms import TICKED_BOX, UNTICKED_BOX
from pipeline.read.ocr.recognize import OcrLine, Word

# A box's side, in inches: from small print to a large form's.
MIN_SIDE, MAX_SIDE = 0.06, 0.3
# Each edge spans this share of the side; a letter's strokes (บ, ป, ๐) do not close a square.
EDGE = 0.8
# Sides this unequal are no square; an edge is at most this share of the side thick.
SQUARENESS = 0.12
EDGE_THICKNESS = 0.15
# Ink around each corner of a square box (two edges meet there); a round letter's corners are paper.
CORNER = 0.35
# A box stands on paper: the ring around it (this share of its side wide) holds little other ink
# (a photograph's or a stamp's rectangles do not), and a tick is a stroke, not a scribble.
SURROUND, SURROUND_INK, MAX_TICK_INK = 0.5, 0.08, 1.5
# A tick: this share of the box's area in ink beyond its edges, or of its inside inked.
OUTSIDE_INK, INSIDE_INK = 0.04, 0.06
# The inside is the box less this share of its side at each edge (the edges' own ink).
INSET = 0.2


@dataclass(frozen=True)
class TickBox:
    """A tick box in pixels of the page image, and whether it is ticked."""

    x0: int
    top: int
    x1: int
    bottom: int
    ticked: bool

    @property
    def symbol(self) -> str:
        return TICKED_BOX if self.ticked else UNTICKED_BOX


def find_boxes(ink: np.ndarray, dpi: float) -> tuple[list[TickBox], np.ndarray]:
    """The tick boxes in a page's ink mask (255 = ink), and a mask of their ink and ticks."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    low, high = MIN_SIDE * dpi, MAX_SIDE * dpi
    boxes: list[TickBox] = []
    mask = np.zeros(ink.shape, np.uint8)
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        if not (low <= w <= 2 * high and low <= h <= 2 * high):
            continue
        shape = labels[y : y + h, x : x + w] == i
        square = _square(shape, low, high)
        if square is None:
            continue
        left, top, right, bottom = square
        box = TickBox(x + left, y + top, x + right + 1, y + bottom + 1, _is_ticked(shape, ink, square, (x, y)))
        if not _stands_alone(box, labels, i, shape.sum()):
            continue
        boxes.append(box)
        mask[y : y + h, x : x + w][shape] = 255
        if box.ticked:  # a tick drawn apart from the box, inside it
            inset = int(INSET * (right - left))
            mask[box.top + inset : box.bottom - inset, box.x0 + inset : box.x1 - inset] = 255
    return boxes, mask


def _square(shape: np.ndarray, low: float, high: float) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the square whose four straight edges `shape` holds, or None."""
    rows, cols = shape.sum(axis=1), shape.sum(axis=0)
    long_rows = np.flatnonzero(rows >= EDGE * rows.max())
    long_cols = np.flatnonzero(cols >= EDGE * cols.max())
    if len(long_rows) < 2 or len(long_cols) < 2:
        return None
    top, bottom, left, right = int(long_rows[0]), int(long_rows[-1]), int(long_cols[0]), int(long_cols[-1])
    height, width = bottom - top, right - left
    if not (low <= height <= high and low <= width <= high) or abs(height - width) > SQUARENESS * max(height, width):
        return None
    edges = (
        shape[top, left : right + 1].mean(),
        shape[bottom, left : right + 1].mean(),
        shape[top : bottom + 1, left].mean(),
        shape[top : bottom + 1, right].mean(),
    )
    if min(edges) < EDGE:
        return None
    # Square corners: a round letter (o, ๐, ๖) has its long rows and columns too, but no ink there.
    corners = ((top, left), (top, right), (bottom, left), (bottom, right))
    reach = max(2, int(EDGE_THICKNESS * max(height, width)))
    if (
        min(shape[max(0, r - reach) : r + reach + 1, max(0, c - reach) : c + reach + 1].mean() for r, c in corners)
        < CORNER
    ):
        return None
    # The long rows and columns are the edges, each a few pixels thick: a scribble's are anywhere.
    thick = EDGE_THICKNESS * max(height, width)
    if any(not (r - top <= thick or bottom - r <= thick) for r in long_rows) or any(
        not (c - left <= thick or right - c <= thick) for c in long_cols
    ):
        return None
    # Only the edges: a letter with a closed square part has ink between them.
    between = shape[top + 2 : bottom - 1, left + 2 : right - 1]
    if between.size and between.mean() > 0.5:
        return None
    return left, top, right, bottom


def _stands_alone(box: TickBox, labels: np.ndarray, own: int, own_ink: int) -> bool:
    side = box.x1 - box.x0
    area = side * (box.bottom - box.top)
    if own_ink > (MAX_TICK_INK + 1) * area:
        return False
    reach = int(SURROUND * side)
    ring = labels[max(0, box.top - reach) : box.bottom + reach, max(0, box.x0 - reach) : box.x1 + reach]
    other = (ring > 0) & (ring != own)
    return bool(other.mean() <= SURROUND_INK)


def _is_ticked(shape: np.ndarray, ink: np.ndarray, square: tuple[int, int, int, int], origin: tuple[int, int]) -> bool:
    left, top, right, bottom = square
    side = right - left
    area = float(side * (bottom - top))
    outside = shape.copy()
    outside[max(0, top - 2) : bottom + 3, max(0, left - 2) : right + 3] = False
    inset = int(INSET * side)
    x, y = origin
    inside = ink[y + top + inset : y + bottom - inset, x + left + inset : x + right - inset] > 0
    return bool(outside.sum() > OUTSIDE_INK * area or (inside.size and inside.mean() > INSIDE_INK))


def with_boxes(lines: list[OcrLine], boxes: list[TickBox]) -> list[OcrLine]:
    """`lines` with each box's symbol put before the first word to its right on its line; a box
    on no line is a line of its own."""
    out = list(lines)
    for box in sorted(boxes, key=lambda b: -b.x0):  # right to left: earlier places stay put
        middle = (box.top + box.bottom) / 2
        at = next((i for i, ln in enumerate(out) if ln.top <= middle <= ln.bottom), None)
        if at is None:
            out.append(OcrLine(box.symbol, box.x0, box.top, box.x1, box.bottom, (Word(box.symbol, 100.0, 0, box.x0),)))
            continue
        out[at] = _insert(out[at], box)
    return sorted(out, key=lambda ln: ln.top)


def _insert(line: OcrLine, box: TickBox) -> OcrLine:
    after = [w for w in line.words if w.at >= 0 and w.x0 >= box.x1 - (box.x1 - box.x0) // 2]
    place = min((w.at for w in after), default=len(line.text.rstrip()))
    text = line.text[:place].rstrip()
    text = f"{text} {box.symbol} " if text else f"{box.symbol} "
    rest = line.text[place:].lstrip()
    shift = len(text) - place
    words = tuple(replace(w, at=w.at + shift) if w.at >= place else w for w in line.words)
    return replace(line, text=(text + rest).rstrip(), x0=min(line.x0, box.x0), words=words)
