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

from pipeline.read.ocr.digits import is_date_line, reread_digits

# White margin (px) around a band read on its own: Tesseract reads text touching the edge poorly.
PAD = 12
# A line's core rows hold at least this share of a full row's ink; a core this much shorter
# than the tallest is a run of marks, not a line.
CORE_SHARE = 0.25
MIN_CORE_SHARE = 0.4
# A core shorter than this share of the usual one is a row of marks, joined to its line.
SHORT_CORE = 0.6
# A band overlapped this much (share of its height) by a recognised line was read.
COVERED = 0.4
# A band read again must come back at least this sure (mean word confidence) to count as text.
MIN_BAND_CONFIDENCE = 60.0
# A free line this unsure (mean word confidence), or of this many pieces this short on average, is noise.
MIN_LINE_CONFIDENCE = 50.0
NOISE_PIECES = 4
NOISE_PIECE_LENGTH = 2.5
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

    @property
    def mean_confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0


def read_region(api: Any, image: np.ndarray, box: tuple[int, int, int, int]) -> list[OcrLine]:
    """The lines Tesseract reads in the pixel box (x0, top, x1, bottom) of a greyscale page.

    The box is cut out and handed over on its own: Tesseract's own rectangle
    (`SetRectangle`) misplaces the LSTM's view of the grey image on some
    builds, reading text from elsewhere on the page.
    """
    x0, top, x1, bottom = box
    if x1 - x0 < 4 or bottom - top < 4:
        return []
    crop = np.ascontiguousarray(image[top:bottom, x0:x1])
    lines = _recognise(api, crop, x0, top)
    # Tesseract's layout pass sometimes drops a faint or short line of a
    # block; a band of ink no line covers is read again on its own.
    for band_top, band_bottom in text_bands(crop):
        reach = COVERED * (band_bottom - band_top)
        if any(
            band_top <= (ln.top + ln.bottom) / 2 - top < band_bottom
            or min(ln.bottom - top, band_bottom) - max(ln.top - top, band_top) >= reach
            for ln in lines
        ):
            continue
        band = cv2.copyMakeBorder(crop[band_top:band_bottom], PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255)
        found = _recognise(api, np.ascontiguousarray(band), x0 - PAD, top + band_top - PAD)
        # A band read on its own that Tesseract is unsure of is a stain, not a lost line.
        lines += [ln for ln in found if ln.mean_confidence >= MIN_BAND_CONFIDENCE]
    return sorted(lines, key=lambda ln: ln.top)


def is_noise(line: OcrLine) -> bool:
    """A read that is no printed text: a signature, stamp, photo or dotted leader.

    Tesseract reads those as scattered one- or two-character pieces with wide
    gaps, or with little confidence; printed Thai runs are long.
    """
    pieces = line.text.split()
    if not pieces or line.mean_confidence < MIN_LINE_CONFIDENCE:
        return True
    return len(pieces) >= NOISE_PIECES and sum(map(len, pieces)) / len(pieces) < NOISE_PIECE_LENGTH


def text_bands(crop: np.ndarray) -> list[tuple[int, int]]:
    """Rows of a block image that hold one line of text each, top to bottom.

    Consonant bodies make the dense core of a line; marks above and below are
    sparse. Cores are found from the row profile of the ink; each line runs
    from the emptiest row above its core to the emptiest row below.
    """
    if crop.size == 0:
        return []
    ink = cv2.adaptiveThreshold(crop, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 35, 12)
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    profile = np.convolve((ink > 0).sum(axis=1).astype(float), np.ones(5) / 5, "same")
    if not profile.any():
        return []
    core = profile > CORE_SHARE * np.percentile(profile[profile > 0], 95)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], core.astype(np.int8), [0]))))
    cores = [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]
    if not cores:
        return []
    cores = _join_marks(cores)
    tallest = max(b - a for a, b in cores)
    cores = [c for c in cores if c[1] - c[0] >= MIN_CORE_SHARE * tallest]
    cuts = [0] + [a + int(np.argmin(profile[a:b])) for (_, a), (b, _) in zip(cores, cores[1:])] + [len(profile)]
    return list(zip(cuts, cuts[1:]))


def _join_marks(cores: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cores too short to be a line's body (a row of stacked marks in a large font) joined to
    the nearer neighbour: marks above belong to the line below them, marks below to the one above."""
    cores = list(cores)
    while len(cores) > 1:
        usual = float(np.median([b - a for a, b in cores]))
        short = [i for i, (a, b) in enumerate(cores) if b - a < SHORT_CORE * usual]
        if not short:
            break
        i = short[0]
        gap_above = cores[i][0] - cores[i - 1][1] if i > 0 else None
        gap_below = cores[i + 1][0] - cores[i][1] if i + 1 < len(cores) else None
        j = i - 1 if gap_below is None or (gap_above is not None and gap_above < gap_below) else i + 1
        a, b = min(i, j), max(i, j)
        cores[a : b + 1] = [(cores[a][0], cores[b][1])]
    return cores


def read_lines(api: Any, image: np.ndarray, box: tuple[int, int, int, int]) -> list[OcrLine]:
    """A one-column block (a table cell) read line by line: each band of `text_bands` as one line.

    Tesseract's own line finder splits stacked marks of a large font into a
    line of their own and drops faint lines; cutting the lines here, with the
    marks kept on their line, and reading each as a single line avoids both.
    """
    import tesserocr

    x0, top, x1, bottom = box
    if x1 - x0 < 4 or bottom - top < 4:
        return []
    crop = np.ascontiguousarray(image[top:bottom, x0:x1])
    lines: list[OcrLine] = []
    for band_top, band_bottom in text_bands(crop):
        band = np.ascontiguousarray(
            cv2.copyMakeBorder(crop[band_top:band_bottom], PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255)
        )
        api.SetPageSegMode(tesserocr.PSM.SINGLE_LINE)
        try:
            found = _recognise(api, band, x0 - PAD, top + band_top - PAD)
        finally:
            api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
        if not found:  # a line Tesseract will not take whole: let it find the line itself
            found = [ln for ln in _recognise(api, band, x0 - PAD, top + band_top - PAD)]
        lines += [ln for ln in found if ln.mean_confidence >= MIN_BAND_CONFIDENCE]
    return lines


def _recognise(api: Any, crop: np.ndarray, x0: int, top: int) -> list[OcrLine]:
    """Tesseract's lines in `crop`, whose top-left pixel is (x0, top) on the page."""
    import tesserocr

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
            fixed, changes = reread_digits(text, *_word_ink(crop, bbox), dated=is_date_line(texts[owner]))
            texts[owner] = texts[owner][:at] + fixed + texts[owner][at + len(text) :]
            cursor[owner] = at + len(fixed)
            if changes:
                text = fixed
        words[owner].append(Word(text, confidence))
    return [
        OcrLine(text, b[0] + x0, b[1] + top, b[2] + x0, b[3] + top, words=tuple(ws))
        for text, (_, b), ws in zip(texts, found, words)
    ]


def _word_ink(crop: np.ndarray, bbox: tuple[int, int, int, int]) -> tuple[np.ndarray, tuple[int, int]]:
    """The ink around a word's box, and the box's span in it.

    Tesseract's word boxes can clip a glyph's edge: the box is widened by a
    margin, and the glyphs are then kept by where their centres fall.
    """
    x0, y0, x1, y1 = bbox
    margin = max(2, (y1 - y0) // 3)
    top, left = max(0, y0 - margin // 2), max(0, x0 - margin)
    return _ink(crop[top : y1 + margin // 2, left : x1 + margin]), (x0 - left, x1 - left)


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
