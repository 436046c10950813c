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

from pipeline.read.ocr.digits import THAI_DIGITS, is_date_line, reread_digits

# White margin (px) around a band read on its own: Tesseract reads text touching the edge poorly.
PAD = 12
# Rows with less ink than this share of a full row's are blank: they part lines.
BLANK_SHARE = 0.03
# A line's core rows hold at least this share of its densest row's ink; a core this much shorter
# than the usual one is a run of marks, not a line.
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
# A letter the recogniser offers as a second reading this confidently is a likely alternative.
OFFERED = 50.0
_THAI_LETTER = re.compile("[\u0e01-\u0e2e\u0e40-\u0e44]")


# A word as Tesseract gives it: text, box in the crop, confidence.
_Item = tuple[str, tuple[int, int, int, int], float]


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    at: int = -1  # where in its line's text the word starts (-1: not placed)
    x0: int = 0  # its left edge, in pixels of the page image


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
        if _doubtful(found):  # a line Tesseract will not take whole: let it find the line itself
            found = max(found, _recognise(api, band, x0 - PAD, top + band_top - PAD), key=_sureness)
        lines += [ln for ln in found if ln.mean_confidence >= MIN_BAND_CONFIDENCE]
    return lines


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
    for item in tesserocr.iterate_level(api.GetIterator(), tesserocr.RIL.TEXTLINE):
        text = _text(item, tesserocr.RIL.TEXTLINE).strip("\n")
        bbox = item.BoundingBox(tesserocr.RIL.TEXTLINE)
        if text.strip() and bbox is not None:
            found.append((text, bbox))
    if len(texts) == len(found):
        found = [(text, bbox) for text, (_, bbox) in zip(texts, found)]
    items: list[list[_Item]] = [[] for _ in found]
    for item in tesserocr.iterate_level(api.GetIterator(), tesserocr.RIL.WORD):
        text = _text(item, tesserocr.RIL.WORD)
        bbox = item.BoundingBox(tesserocr.RIL.WORD)
        if not text or bbox is None or not found:
            continue
        mid = (bbox[1] + bbox[3]) / 2
        owner = min(range(len(found)), key=lambda i: _distance(found[i][1], mid))
        items[owner].append((text, bbox, float(item.Confidence(tesserocr.RIL.WORD))))
    offered = _offered(api, [bbox for _, bbox in found])
    lines = []
    for (text, b), words, alternatives in zip(found, items, offered):
        text, read = _reread(crop, text, words, x0)
        lines.append(OcrLine(text, b[0] + x0, b[1] + top, b[2] + x0, b[3] + top, tuple(read), alternatives))
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


def _reread(crop: np.ndarray, line: str, items: list[_Item], left: int = 0) -> tuple[str, list[Word]]:
    """The line with its digits read again by shape (`reread_digits`), and its words.

    Tesseract cuts a number into words of a digit or two whose boxes overlap, and
    may read three printed digits as one: the digits of a number are read again
    as one word first, and word by word when that changes nothing.
    """
    dated = is_date_line(line)
    words, shift = [], 0
    for group in _numbers(line, items):
        text, bbox, _, at = group[0] if len(group) == 1 else _joined(group)
        # Only a number's words together are counted against its shapes: one word's box may
        # cover its neighbour's digits too.
        recount = len(group) > 1
        fixed, changes = (
            reread_digits(text, *_word_ink(crop, bbox), dated=dated, recount=recount) if at >= 0 else (text, [])
        )
        if changes or len(group) == 1:
            parts = [(fixed if changes else text, min(g[2] for g in group), at, len(text), bbox[0])]
        else:
            parts = []
            for word, box, confidence, start in group:
                again, changed = reread_digits(word, *_word_ink(crop, box), dated=dated)
                parts.append((again if changed else word, confidence, start, len(word), box[0]))
        for new, confidence, start, length, x in parts:
            placed = start + shift if start >= 0 else -1
            if start >= 0:
                line = line[:placed] + new + line[placed + length :]
                shift += len(new) - length
            words.append(Word(new, confidence, placed, x + left))
    return line, words


def _numbers(line: str, items: list[_Item]) -> list[list[tuple[str, tuple[int, int, int, int], float, int]]]:
    """The words of a line with where each starts in it (-1: not found), the digits of a
    number (words of Thai digits one right after another) grouped together."""
    groups: list[list[tuple[str, tuple[int, int, int, int], float, int]]] = []
    cursor = 0
    for text, bbox, confidence in items:
        at = line.find(text, cursor)
        last = groups[-1][-1] if groups else None
        if at >= 0 and last is not None and last[3] + len(last[0]) == at and _is_number(last[0]) and _is_number(text):
            groups[-1].append((text, bbox, confidence, at))
        else:
            groups.append([(text, bbox, confidence, at)])
        cursor = at + len(text) if at >= 0 else cursor
    return groups


def _joined(
    group: list[tuple[str, tuple[int, int, int, int], float, int]],
) -> tuple[str, tuple[int, int, int, int], float, int]:
    box = group[0][1]
    for _, other, _, _ in group[1:]:
        box = (min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3]))
    return "".join(g[0] for g in group), box, min(g[2] for g in group), group[0][3]


def _is_number(text: str) -> bool:
    return all(ch in THAI_DIGITS for ch in text)


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
