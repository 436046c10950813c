"""Recognising one region of a page: its text lines, each with Tesseract's confidence.

The page is handed to the engine once; each cell (or band of free text) is
then a rectangle on it, read as a single block (`PSM.SINGLE_BLOCK`: a cell
holds one column of wrapped lines). Lines come back with their boxes, so
wrapped lines are joined by the same rule as a text PDF's (a space only
where a line stopped short of the cell's edge) and so free lines can be
placed above or below the tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from pipeline.read.ocr.stacked import unread_marks
from pipeline.read.ocr.tails import CORE_SHARE, Band, is_short, joined_image, tail
from pipeline.read.ocr.words import PAD, Word, reread_line
from pipeline.thai.chars import CONSONANTS

# Rows with less ink than this share of a full row's are blank: they part lines.
BLANK_SHARE = 0.03
# A line's core rows hold at least `CORE_SHARE` of its densest row's ink (the tails' rule too); a
# core this much shorter than the usual one is a run of marks, not a line.
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
# A letter the recogniser offers as a second reading this confidently is a likely alternative.
OFFERED = 50.0
_THAI_LETTER = re.compile(f"[{CONSONANTS}\u0e40-\u0e44]")  # and the vowels written before them


@dataclass(frozen=True)
class OcrLine:
    """A recognised line; box in pixels of the page image."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    words: tuple[Word, ...]
    # Letters the recogniser read (first) but also found likely to be another (second):
    # evidence for the look-alike repair.
    offered: frozenset[tuple[str, str]] = frozenset()
    # Where the image shows a mark stacked over an upper vowel that the read lacks: the letter
    # before, the vowel and the letter after (evidence for the lost-mark repair).
    unread_marks: frozenset[str] = frozenset()
    # Punctuation the recogniser read from specks of dust, left out of `text`.
    specks: tuple[str, ...] = ()
    # Where the letters stand (page pixels): unlike the box, not moved by marks above or below.
    baseline: float | None = None

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
    full_row = np.percentile(profile[profile > 0], 95)
    cores = _runs(profile > CORE_SHARE * full_row)
    if not cores:
        return []
    cores = _join_marks(_short_lines(profile, cores, BLANK_SHARE * full_row))
    usual = float(np.median([b - a for a, b in cores]))
    cores = [c for c in cores if c[1] - c[0] >= MIN_CORE_SHARE * usual]
    cuts = [0] + [a + int(np.argmin(profile[a:b])) for (_, a), (b, _) in zip(cores, cores[1:])] + [len(profile)]
    return list(zip(cuts, cuts[1:]))


def _short_lines(profile: np.ndarray, cores: list[tuple[int, int]], blank: float) -> list[tuple[int, int]]:
    """`cores` with the cores of short lines (a word or two, too little ink per row to pass
    against a full line) found against their own densest row.

    A run of rows parted from the rest by blank rows that holds no body-sized core gets
    the core it has against its own peak, if that core is as tall as a line's body; marks
    and specks stay short and are left as they were.
    """
    body = SHORT_CORE * _body_height(cores)
    out: list[tuple[int, int]] = []
    for start, end in _runs(profile > blank):
        inside = [(a, b) for a, b in cores if start <= a and b <= end]
        if not any(b - a >= body for a, b in inside):
            peak = CORE_SHARE * profile[start:end].max()
            own = [(start + a, start + b) for a, b in _runs(profile[start:end] > peak) if b - a >= body]
            inside = own or inside
        out += inside
    return out


def _body_height(cores: list[tuple[int, int]]) -> float:
    """The usual height of a line's body: the median of the cores at least half as tall as the
    tallest (rows of marks and broken cores can outnumber the lines)."""
    heights = [b - a for a, b in cores]
    return float(np.median([h for h in heights if h >= max(heights) / 2]))


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """The [start, end) spans where `mask` is true."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def _join_marks(cores: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cores too short to be a line's body (a row of stacked marks in a large font) joined to
    the nearer body: marks above belong to the line below them, marks below to the one above.

    Two rows of marks stacked over one line both join that line.
    """
    usual = _body_height(cores)
    bodies = [i for i, (a, b) in enumerate(cores) if b - a >= SHORT_CORE * usual]
    if not bodies:
        return list(cores)
    spans = {i: list(cores[i]) for i in bodies}
    for i, (a, b) in enumerate(cores):
        if i in spans:
            continue
        above = max((j for j in bodies if j < i), default=None)
        below = min((j for j in bodies if j > i), default=None)
        gap_above = a - cores[above][1] if above is not None else None
        gap_below = cores[below][0] - b if below is not None else None
        owner = above if gap_below is None or (gap_above is not None and gap_above < gap_below) else below
        assert owner is not None
        spans[owner] = [min(spans[owner][0], a), max(spans[owner][1], b)]
    return [(spans[i][0], spans[i][1]) for i in bodies]


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
    bands = text_bands(crop)
    reads: list[list[OcrLine]] = []
    for band_top, band_bottom in bands:
        band = np.ascontiguousarray(
            cv2.copyMakeBorder(crop[band_top:band_bottom], PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255)
        )
        api.SetPageSegMode(tesserocr.PSM.SINGLE_LINE)
        try:
            found = _recognise(api, band, x0 - PAD, top + band_top - PAD)
        finally:
            api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
        if _doubtful(found):  # a line Tesseract will not take whole: let it find the line itself
            found = max(found, _recognise(api, band, x0 - PAD, top + band_top - PAD), key=_sureness)
        reads.append([ln for ln in found if ln.mean_confidence >= MIN_BAND_CONFIDENCE])
    for i in range(1, len(bands)):
        short = Band(crop[bands[i][0] : bands[i][1]], x0, top + bands[i][0])
        above = Band(crop[bands[i - 1][0] : bands[i - 1][1]], x0, top + bands[i - 1][0])
        if len(reads[i - 1]) == 1 and is_short(short) and above.ink.any():
            joined, start = joined_image(above, short)
            api.SetPageSegMode(tesserocr.PSM.SINGLE_LINE)
            try:
                rest = tail(_recognise(api, joined, 0, 0), reads[i - 1][0].text, short, start)
            finally:
                api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
            reads[i] = [rest] if rest is not None else reads[i]
    return [ln for found in reads for ln in found]


def _doubtful(lines: list[OcrLine]) -> bool:
    return not lines or any(ln.mean_confidence < MIN_BAND_CONFIDENCE for ln in lines)


def _sureness(lines: list[OcrLine]) -> float:
    """The mean word confidence of a read, by characters: a longer sure read beats a short one."""
    weights = [(len(w.text), w.confidence) for ln in lines for w in ln.words]
    return sum(n * c for n, c in weights) / sum(n for n, _ in weights) if weights else 0.0


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
    baselines: list[float | None] = []
    for item in tesserocr.iterate_level(api.GetIterator(), tesserocr.RIL.TEXTLINE):
        text = _text(item, tesserocr.RIL.TEXTLINE).strip("\n")
        bbox = item.BoundingBox(tesserocr.RIL.TEXTLINE)
        if text.strip() and bbox is not None:
            found.append((text, bbox))
            ends = item.Baseline(tesserocr.RIL.TEXTLINE)
            baselines.append((ends[0][1] + ends[1][1]) / 2 + top if ends else None)
    if len(texts) == len(found):
        found = [(text, bbox) for text, (_, bbox) in zip(texts, found)]
    items: list[list[tuple[str, tuple[int, int, int, int], float]]] = [[] for _ in found]
    for item in tesserocr.iterate_level(api.GetIterator(), tesserocr.RIL.WORD):
        text = _text(item, tesserocr.RIL.WORD)
        bbox = item.BoundingBox(tesserocr.RIL.WORD)
        if not text or bbox is None or not found:
            continue
        mid = (bbox[1] + bbox[3]) / 2
        owner = min(range(len(found)), key=lambda i: _distance(found[i][1], mid))
        items[owner].append((text, bbox, float(item.Confidence(tesserocr.RIL.WORD))))
    boxes = [bbox for _, bbox in found]
    offered, unread = _offered(api, boxes), unread_marks(api, crop, boxes)
    lines = []
    for (text, b), words, alternatives, marks, baseline in zip(found, items, offered, unread, baselines):
        text, read, specks = reread_line(crop, text, words, x0)
        box = (b[0] + x0, b[1] + top, b[2] + x0, b[3] + top)
        lines.append(OcrLine(text, *box, tuple(read), alternatives, marks, specks, baseline))
    return lines


def _offered(api: Any, boxes: list[tuple[int, int, int, int]]) -> list[frozenset[tuple[str, str]]]:
    """For each line (by its box), the (read, alternative) Thai letters the recogniser offered
    with at least `OFFERED` confidence (it needs `lstm_choice_mode`, set by the engine)."""
    import tesserocr

    pairs: list[set[tuple[str, str]]] = [set() for _ in boxes]
    for item in tesserocr.iterate_level(api.GetIterator(), tesserocr.RIL.SYMBOL):
        read, bbox = _text(item, tesserocr.RIL.SYMBOL), item.BoundingBox(tesserocr.RIL.SYMBOL)
        if not boxes or bbox is None or len(read) != 1 or not _THAI_LETTER.match(read):
            continue
        others = {
            choice.GetUTF8Text()
            for choice in item.GetChoiceIterator()
            if choice.Confidence() >= OFFERED and _THAI_LETTER.fullmatch(choice.GetUTF8Text() or "")
        }
        mid = (bbox[1] + bbox[3]) / 2
        owner = min(range(len(boxes)), key=lambda i: _distance(boxes[i], mid))
        pairs[owner] |= {(read, other) for other in others if other != read}
    return [frozenset(p) for p in pairs]


def _distance(box: tuple[int, int, int, int], y: float) -> float:
    return 0.0 if box[1] <= y <= box[3] else min(abs(box[1] - y), abs(box[3] - y))


def _text(item: Any, level: int) -> str:
    try:
        return item.GetUTF8Text(level) or ""
    except RuntimeError:  # an element Tesseract found but read nothing in
        return ""
