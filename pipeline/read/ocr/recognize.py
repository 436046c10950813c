"""Recognising one region of a page: its text lines, each with Tesseract's confidence.

The page is handed to the engine once; each cell (or band of free text) is
then a rectangle on it, read as a single block (`PSM.SINGLE_BLOCK`: a cell
holds one column of wrapped lines). Lines come back with their boxes, so
wrapped lines are joined by the same rule as a text PDF's (a space only
where a line stopped short of the cell's edge) and so free lines can be
placed above or below the tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from pipeline.read.ocr.digits import reread_digits

# Tesseract's confidence (0–100) below which a glyph group counts as a doubtful read.
LOW_CONFIDENCE = 60.0


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float


@dataclass(frozen=True)
class OcrLine:
    """A recognised line; box in pixels of the page image."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    words: tuple[Word, ...]

    @property
    def confidence(self) -> float:
        return min((w.confidence for w in self.words), default=0.0)


def read_region(api: Any, image: np.ndarray, box: tuple[int, int, int, int]) -> list[OcrLine]:
    """The lines Tesseract reads in the pixel box (x0, top, x1, bottom) of a greyscale page.

    The box is cut out and handed over on its own: Tesseract's own rectangle
    (`SetRectangle`) misplaces the LSTM's view of the grey image on some
    builds, reading text from elsewhere on the page.
    """
    import tesserocr

    x0, top, x1, bottom = box
    if x1 - x0 < 4 or bottom - top < 4:
        return []
    crop = np.ascontiguousarray(image[top:bottom, x0:x1])
    height, width = crop.shape
    api.SetImageBytes(crop.tobytes(), width, height, 1, width)
    api.Recognize()
    # The block text keeps Tesseract's own word spacing (`preserve_interword_spaces`);
    # the iterator's line text puts a space between every glyph group instead.
    try:
        block = api.GetUTF8Text() or ""
    except RuntimeError:  # nothing recognised
        return []
    texts = [t for t in block.split("\n") if t.strip()]
    found: list[tuple[str, tuple[int, int, int, int]]] = []
    for item in tesserocr.iterate_level(api.GetIterator(), tesserocr.RIL.TEXTLINE):
        text = _text(item, tesserocr.RIL.TEXTLINE).strip("\n")
        bbox = item.BoundingBox(tesserocr.RIL.TEXTLINE)
        if text.strip() and bbox is not None:
            found.append((text, bbox))
    if len(texts) == len(found):
        found = [(text, bbox) for text, (_, bbox) in zip(texts, found)]
    words: list[list[Word]] = [[] for _ in found]
    texts = [text for text, _ in found]
    cursor = [0] * len(found)
    for item in tesserocr.iterate_level(api.GetIterator(), tesserocr.RIL.WORD):
        text = _text(item, tesserocr.RIL.WORD)
        bbox = item.BoundingBox(tesserocr.RIL.WORD)
        if not text or bbox is None or not found:
            continue
        mid = (bbox[1] + bbox[3]) / 2
        owner = min(range(len(found)), key=lambda i: _distance(found[i][1], mid))
        confidence = float(item.Confidence(tesserocr.RIL.WORD))
        at = texts[owner].find(text, cursor[owner])
        if at >= 0:
            fixed, changes = reread_digits(text, _ink(crop[bbox[1] : bbox[3], bbox[0] : bbox[2]]))
            texts[owner] = texts[owner][:at] + fixed + texts[owner][at + len(text) :]
            cursor[owner] = at + len(fixed)
            if changes:
                text = fixed
        words[owner].append(Word(text, confidence))
    return [
        OcrLine(text, b[0] + x0, b[1] + top, b[2] + x0, b[3] + top, words=tuple(ws))
        for text, (_, b), ws in zip(texts, found, words)
    ]


def _ink(image: np.ndarray) -> np.ndarray:
    if image.size == 0:
        return image
    _, ink = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _distance(box: tuple[int, int, int, int], y: float) -> float:
    return 0.0 if box[1] <= y <= box[3] else min(abs(box[1] - y), abs(box[3] - y))


def _text(item: Any, level: int) -> str:
    try:
        return item.GetUTF8Text(level) or ""
    except RuntimeError:  # an element Tesseract found but read nothing in
        return ""
