"""A cell's short line read after the line above it, where the recogniser has context.

Tesseract's line model reads a letter or two on their own poorly: the tail
of a word the print broke at the cell's edge ("สาธารณสุ" / "ข") comes back
as "U", "5" or "ๆ", or as nothing. Put after the end of the line above, on
the same baseline, the same ink reads right. The joined read counts only
when it reads the line above as that line was read alone; what it reads
after it is the short line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

import cv2
import numpy as np

from pipeline.read.ocr.words import PAD, Word

if TYPE_CHECKING:
    from pipeline.read.ocr.recognize import OcrLine

# A line whose ink is at most this many body heights wide is short: a letter or three.
SHORT_LINE = 3.0
# Core rows (a line's letter bodies) hold at least this share of its densest row's ink.
CORE_SHARE = 0.25
# Space left between the two lines' ink in the joined image, in body heights: letters of one word.
GAP = 0.1
# The short line's part of a joined read must be this sure (each word's confidence).
MIN_TAIL_CONFIDENCE = 60.0


@dataclass(frozen=True)
class Band:
    """One line's rows of a block image (0 = white ... 255), and where its top-left pixel is on the page."""

    pixels: np.ndarray
    x0: int
    top: int

    @cached_property
    def ink(self) -> np.ndarray:
        return self.pixels < 128

    @cached_property
    def core(self) -> tuple[int, int]:
        """The rows of the letters' bodies, [first, last + 1): marks above and below are sparse."""
        profile = self.ink.sum(axis=1)
        rows = np.flatnonzero(profile > CORE_SHARE * profile.max())
        return int(rows[0]), int(rows[-1]) + 1

    @cached_property
    def columns(self) -> tuple[int, int]:
        """The columns with ink, [first, last + 1)."""
        cols = np.flatnonzero(self.ink.any(axis=0))
        return int(cols[0]), int(cols[-1]) + 1

    @cached_property
    def rows(self) -> tuple[int, int]:
        """The rows with ink, [first, last + 1): a band runs on into the white around its line."""
        rows = np.flatnonzero(self.ink.any(axis=1))
        return int(rows[0]), int(rows[-1]) + 1


def is_short(band: Band) -> bool:
    if not band.ink.any():
        return False
    first, last = band.core
    left, right = band.columns
    return right - left <= SHORT_LINE * (last - first)


def joined_image(above: Band, short: Band) -> tuple[np.ndarray, int]:
    """The line above with the short line's ink after its end, on one baseline, padded; and the
    column where the short line's ink starts in that image."""
    base_above, base_short = above.core[1], short.core[1]
    rise = max(base_above, base_short)
    fall = max(len(above.pixels) - base_above, len(short.pixels) - base_short)
    end = above.columns[1]
    left, right = short.columns
    start = end + max(1, int(GAP * (short.core[1] - short.core[0])))
    canvas = np.full((rise + fall, start + right - left), 255, np.uint8)
    canvas[rise - base_above : rise - base_above + len(above.pixels), :end] = above.pixels[:, :end]
    canvas[rise - base_short : rise - base_short + len(short.pixels), start:] = short.pixels[:, left:right]
    padded = cv2.copyMakeBorder(canvas, PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255)
    return np.ascontiguousarray(padded), start + PAD


def tail(read: list[OcrLine], above: str, short: Band, start: int) -> OcrLine | None:
    """The short line from the joined image's `read`, if that read begins with `above` (the line
    above as read alone) and reads the rest surely; positions moved back onto the page."""
    if len(read) != 1:
        return None
    line = read[0]
    cut = _after(line.text, above)
    if cut is None:  # the context changed how the line above reads: the joined read is no evidence
        return None
    rest = line.text[cut:]
    # By where a word stands in the text: Tesseract's boxes may start a little left of the ink.
    words = [w for w in line.words if (w.at >= cut if w.at >= 0 else w.x0 >= start)]
    if not rest.strip() or not words or min(w.confidence for w in words) < MIN_TAIL_CONFIDENCE:
        return None
    shift = short.x0 + short.columns[0] - start
    moved = tuple(Word(w.text, w.confidence, w.at - cut if w.at >= cut else -1, w.x0 + shift) for w in words)
    left, right = short.columns
    return replace(
        line,
        text=rest.strip(),
        x0=short.x0 + left,
        top=short.top + short.rows[0],
        x1=short.x0 + right,
        bottom=short.top + short.rows[1],
        words=moved,
        offered=frozenset(pair for pair in line.offered if pair[0] in rest),
        baseline=None,  # the joined image's, not the page's
    )


def _after(text: str, prefix: str) -> int | None:
    """Where `text` goes on after `prefix`, spaces aside, or None when it does not begin with it."""
    wanted = prefix.replace(" ", "")
    i = matched = 0
    while matched < len(wanted) and i < len(text):
        if text[i] != " ":
            if text[i] != wanted[matched]:
                return None
            matched += 1
        i += 1
    if matched < len(wanted):
        return None
    while i < len(text) and text[i] == " ":
        i += 1
    return i
