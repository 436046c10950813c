"""Marks the image shows stacked over an upper vowel that the recogniser did not read.

Tesseract's Thai model drops a tone mark stacked over an upper vowel (เสี่ยง
read as เสียง); where both spellings are words, the language alone cannot
put it back. The ink can: in the vowel's box, above the letters' bodies, a
second blob over the vowel's own is a mark. Each such place is given as
the letter before, the vowel and the letter after, for the lost-mark repair
(`marks.restore_marks`) to weigh as evidence.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from pipeline.read.ocr.marks import UPPER_VOWELS
from pipeline.thai.chars import TONES

STACKED = TONES + "\u0e4c"  # the marks that sit over an upper vowel: tones and thanthakhat
# A blob this large (share of the squared body height) is ink, not a speck.
MIN_MARK_AREA = 0.015
# How far (share of the body height) two blobs may overlap and still be one above the other.
STACK_SLACK = 0.1


def unread_marks(api: Any, crop: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> list[frozenset[str]]:
    """For each line (by its box), the places whose vowel carries a mark in the image and not in the read."""
    import tesserocr

    symbols: list[list[tuple[str, tuple[int, int, int, int]]]] = [[] for _ in boxes]
    for item in tesserocr.iterate_level(api.GetIterator(), tesserocr.RIL.SYMBOL):
        try:
            read = item.GetUTF8Text(tesserocr.RIL.SYMBOL) or ""
        except RuntimeError:
            continue
        bbox = item.BoundingBox(tesserocr.RIL.SYMBOL)
        if not boxes or bbox is None or not read:
            continue
        mid = (bbox[1] + bbox[3]) / 2
        owner = min(range(len(boxes)), key=lambda i: abs((boxes[i][1] + boxes[i][3]) / 2 - mid))
        symbols[owner].append((read, bbox))
    return [frozenset(_places(crop, line)) for line in symbols]


def _places(crop: np.ndarray, line: list[tuple[str, tuple[int, int, int, int]]]) -> list[str]:
    found = []
    for k in range(1, len(line) - 1):
        (before, base), (vowel, box), (after, _) = line[k - 1], line[k], line[k + 1]
        if vowel in UPPER_VOWELS and after[:1] not in STACKED and _stacked(crop, box, base[1]):
            found.append(before[-1:] + vowel + after[:1])
    return found


def _stacked(crop: np.ndarray, box: tuple[int, int, int, int], body_top: int) -> bool:
    """Two blobs one above the other in the vowel's box, above the letters' bodies."""
    x0, top, x1, _ = box
    height = max(1, box[3] - body_top)
    zone = crop[max(0, top) : max(0, body_top), max(0, x0) : x1]
    if zone.size == 0:
        return False
    n, _, stats, _ = cv2.connectedComponentsWithStats((zone < 128).astype(np.uint8), connectivity=8)
    blobs = sorted((int(y), int(y + h)) for _, y, _, h, area in stats[1:] if area >= MIN_MARK_AREA * height * height)
    slack = STACK_SLACK * height
    return any(upper_bottom <= lower_top + slack for (_, upper_bottom), (lower_top, _) in zip(blobs, blobs[1:]))
