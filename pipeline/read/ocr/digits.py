"""Thai digits read again by shape, where Tesseract's Thai model is weakest.

Tesseract's `tha` model confuses ๔/๕, ๖/๒ and ๘/๕ even on clean print,
with high confidence. A word Tesseract reads as Thai digits is cut into its
glyphs (connected ink, left to right) and each glyph is compared with the
digits as Thai fonts draw them (`thai_digits.npz`, made by
`tools.thai_digit_templates`). The shape's reading replaces Tesseract's only
when it is clearly the best match; otherwise the word stays as read and is
flagged by its confidence.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from pipeline.read.ocr.glyph import normalise

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
TEMPLATES = Path(__file__).with_name("thai_digits.npz")
# The best digit's correlation must beat the next digit's by this much to overrule Tesseract.
MARGIN = 0.04
# Ink shorter than this share of the word's tallest glyph is a point or a comma, not a digit.
MIN_GLYPH_HEIGHT = 0.5


@lru_cache(maxsize=1)
def _templates() -> tuple[np.ndarray, np.ndarray]:
    data = np.load(TEMPLATES)
    templates = data["templates"].reshape(len(data["labels"]), -1)
    return templates, data["labels"].astype(int)


def classify(glyph: np.ndarray) -> tuple[int, float] | None:
    """(digit 0–9, margin over the next digit) for one glyph's ink, or None if it has none."""
    shape = normalise(glyph)
    if shape is None:
        return None
    templates, labels = _templates()
    scores = templates @ shape.ravel()
    best = np.full(10, -1.0)
    np.maximum.at(best, labels, scores)
    order = np.argsort(best)[::-1]
    return int(order[0]), float(best[order[0]] - best[order[1]])


def glyphs(ink: np.ndarray) -> list[np.ndarray]:
    """The glyphs of a word image (nonzero = ink), left to right; marks too small to be digits left out."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    boxes = [tuple(int(v) for v in stats[i][:4]) + (i,) for i in range(1, n)]
    if not boxes:
        return []
    tallest = max(b[3] for b in boxes)
    boxes = [b for b in boxes if b[3] >= MIN_GLYPH_HEIGHT * tallest]
    boxes.sort(key=lambda b: b[0])
    groups: list[list[tuple[int, ...]]] = []
    for box in boxes:  # pieces of one broken glyph overlap in x
        if groups and box[0] < max(b[0] + b[2] for b in groups[-1]) - box[2] // 2:
            groups[-1].append(box)
        else:
            groups.append([box])
    out = []
    for group in groups:
        mask = np.isin(labels, [b[4] for b in group])
        out.append(np.where(mask, 255, 0).astype(np.uint8))
    return out


def reread_digits(word: str, ink: np.ndarray) -> tuple[str, list[tuple[str, str, float]]]:
    """`word` with its Thai digits read by shape where the shape is clear.

    `ink` is the word's image (nonzero = ink). Returns the word and the
    changes made as (read, now, margin). A word whose glyphs cannot be lined
    up one to one with its digits is left alone.
    """
    positions = [i for i, ch in enumerate(word) if ch in THAI_DIGITS]
    if not positions or any(not (ch in THAI_DIGITS or ch in ".,:-/()") for ch in word):
        return word, []
    found = glyphs(ink)
    if len(found) != len(positions):
        return word, []
    chars = list(word)
    changes = []
    for i, glyph in zip(positions, found):
        result = classify(glyph)
        if result is None:
            continue
        digit, margin = result
        now = THAI_DIGITS[digit]
        if now != chars[i] and margin >= MARGIN:
            changes.append((chars[i], now, margin))
            chars[i] = now
    return "".join(chars), changes
