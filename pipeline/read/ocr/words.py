"""A recognised line's words read again where Tesseract is weakest.

Thai digits by their shapes (`digits`): the digits of a number together,
since Tesseract cuts a number into words of a digit or two with overlapping
boxes; and a word the Thai and English models together took for English in
a Thai line ("AIA" for คัด, "as" for ละ) by the Thai model alone; and a
list number's point, dropped or read as a comma, where the ink shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.parse.quantity_words import COUNT_CUES
from pipeline.read.ocr.digits import THAI_DIGITS, is_date_line, reread_digits
from pipeline.read.ocr.months import month_named, repair_abbreviations
from pipeline.thai.chars import CONSONANTS
from pipeline.thai.thai_calendar import MONTH_ABBREVIATIONS

# White margin (px) around a band or word read on its own: Tesseract reads text touching the edge poorly.
PAD = 12
# A line this much Thai (share of its letters) takes an English-looking word for a misread;
# the Thai model alone must be this much surer to overrule it.
THAI_LINE, THAI_MARGIN = 0.5, 5.0
_LETTERS = re.compile(f"[A-Za-z{CONSONANTS}]")
_THAI_LETTERS = re.compile(f"[{CONSONANTS}]")
_LATIN_WORD = re.compile("[A-Za-z]{2,8}")
# Latin letters in a Thai abbreviation's shape ("A.A." for ต.ค.): read again in any line, kept only
# when the Thai model reads a month there (the line's month may be on the next line).
_LATIN_ABBREVIATION = re.compile(r"(?:[A-Za-z]{1,2}\.){2}")
_THAI_WORD = re.compile(f"[{CONSONANTS}\u0e30-\u0e3a\u0e40-\u0e4e]+")
# A list number whose point the recogniser lost or read as a comma ("2 ผู้เกี่ยวข้อง", "3, ปรับปรุง"),
# a word following it: the point is put back where the ink right of the digits shows a dot, its
# width and height this share of the digits' height, sitting on their baseline (within a share).
_BARE_NUMBER = re.compile(f"[0-9{THAI_DIGITS}]{{1,2}},?")
_WORD_NEXT = re.compile(r" [^\W\d_]")
POINT_SIZE = (0.08, 0.3)
POINT_BASELINE = 0.12
# A count word and a space before a word that stands alone (the recogniser's sara am in two
# pieces or one); Tesseract's Thai "words" may be single letters of a longer one.
_AFTER_COUNT = re.compile("(?:" + "|".join(cue.replace("ำ", "(?:ำ|ํา)") for cue in COUNT_CUES) + ") $")
# Punctuation read from a speck of dust: a box no larger than this share of the line's usual word
# height (a printed point is twice that).
SPECK = 0.08
_PUNCTUATION = re.compile("[.,:;'\"()|‘’]")


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    at: int = -1  # where in its line's text the word starts (-1: not placed)
    x0: int = 0  # its left edge, in pixels of the page image


# A word as Tesseract gives it: text, box in the crop, confidence.
_Item = tuple[str, tuple[int, int, int, int], float]


def reread_line(
    crop: np.ndarray, line: str, items: list[_Item], left: int = 0
) -> tuple[str, list[Word], tuple[str, ...]]:
    """The line with its digits read again by shape (`reread_digits`), its words, and the
    punctuation read from specks that was left out of it.

    Tesseract cuts a number into words of a digit or two whose boxes overlap, and
    may read three printed digits as one: the digits of a number are read again
    as one word first, and word by word when that changes nothing.
    """
    dated = is_date_line(line)
    words, shift, specks = [], 0, []
    # A line of dates is Thai whatever its letters read as ("๑ A.A. Del" for ๑ ต.ค. ๖๗).
    thai_line = dated or len(_THAI_LETTERS.findall(line)) >= THAI_LINE * len(_LETTERS.findall(line))
    groups = _numbers(line, items)
    height = sorted(b[3] - b[1] for _, b, _ in items)[len(items) // 2] if items else 0
    for k, group in enumerate(groups):
        word = group[0][0]
        if len(group) == 1 and group[0][3] >= 0 and _speck(word, group[0][1], height):
            placed = group[0][3] + shift
            line, shift = line[:placed] + line[placed + len(word) :], shift - len(word)
            specks.append(word)
            continue
        if len(group) == 1 and ((thai_line and _LATIN_WORD.fullmatch(word)) or _LATIN_ABBREVIATION.fullmatch(word)):
            group = [_read_as_thai(crop, *group[0])]
            dated = dated or group[0][0] in MONTH_ABBREVIATIONS  # the line's numbers are dates
        text, bbox, _, at = group[0] if len(group) == 1 else _joined(group)
        # Only a number's words together are counted against its shapes: one word's box may
        # cover its neighbour's digits too.
        recount = len(group) > 1
        end = at + shift + len(text)  # where the word ends in the line as repaired so far
        counted = at >= 0 and _after_count(line, at + shift, end)
        fixed, changes = (
            reread_digits(text, *_word_ink(crop, bbox), dated=dated, recount=recount, counted=counted)
            if at >= 0
            else (text, [])
        )
        if changes or len(group) == 1:
            new = fixed if changes else text
            before_word = at >= 0 and _WORD_NEXT.match(line, end) is not None
            if len(group) == 1 and before_word and _BARE_NUMBER.fullmatch(new):
                new = _with_point(crop, new, bbox, groups[k + 1][0][1][0] if k + 1 < len(groups) else bbox[2])
            parts = [(new, min(g[2] for g in group), at, len(text), bbox[0])]
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
    return line, words, tuple(specks)


def _after_count(line: str, start: int, end: int) -> bool:
    """Whether the word from `start` to `end` of `line` stands alone right after a count word."""
    return _AFTER_COUNT.search(line, 0, start) is not None and line[end : end + 1] in ("", " ")


def _speck(word: str, box: tuple[int, int, int, int], height: int) -> bool:
    """A punctuation mark read from dust: too small for any printed one."""
    return _PUNCTUATION.fullmatch(word) is not None and max(box[2] - box[0], box[3] - box[1]) <= SPECK * height


def _with_point(crop: np.ndarray, number: str, bbox: tuple[int, int, int, int], limit: int) -> str:
    """`number` ending in a point where the ink between its box's left and `limit` (the next
    word's left) shows one right after its digits."""
    x0, y0, x1, y1 = bbox
    reach = (y1 - y0) // 4
    shapes = cv2.connectedComponentsWithStats(_ink(crop[max(0, y0 - reach) : y1 + reach, x0 : max(limit, x1)]))[2][1:]
    if not len(shapes):
        return number
    tallest = int(shapes[:, cv2.CC_STAT_HEIGHT].max())
    digits = shapes[shapes[:, cv2.CC_STAT_HEIGHT] >= 0.6 * tallest]
    right = int((digits[:, 0] + digits[:, 2]).max())
    baseline = int((digits[:, 1] + digits[:, 3]).max())
    smallest, largest = (share * tallest for share in POINT_SIZE)
    for x, y, w, h, _ in shapes:
        dot = smallest <= min(w, h) and max(w, h) <= largest and h <= 1.6 * w
        if x >= right - 1 and dot and abs(y + h - baseline) <= POINT_BASELINE * tallest:
            return number.rstrip(",") + "."
    return number


def _read_as_thai(
    crop: np.ndarray, text: str, bbox: tuple[int, int, int, int], confidence: float, at: int
) -> tuple[str, tuple[int, int, int, int], float, int]:
    """A word the Thai and English models together read as English, in a Thai line ("AIA" for
    คัด): read again by the Thai model alone, and kept when that reads a Thai word more surely."""
    from pipeline.read.ocr.engine import thai_engine
    from pipeline.read.ocr.marks import is_word

    x0, top, x1, bottom = bbox
    reach = (bottom - top) // 3
    word = crop[max(0, top - reach) : bottom + reach, max(0, x0 - 4) : x1 + 4]
    word = np.ascontiguousarray(cv2.copyMakeBorder(word, PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255))
    api = thai_engine()
    api.SetImageBytes(word.tobytes(), word.shape[1], word.shape[0], 1, word.shape[1])
    thai = (api.GetUTF8Text() or "").strip()
    sure = float(api.MeanTextConf())
    # Two points read in Latin ("N.Y." for ก.ย.) say the word is an abbreviation; the Thai read
    # may lose one of them, and its letters then say which month.
    month = month_named(thai) if _LATIN_ABBREVIATION.fullmatch(text) else None
    known = is_word(thai) if _THAI_WORD.fullmatch(thai) else repair_abbreviations(thai) in MONTH_ABBREVIATIONS
    if (known or month) and sure >= confidence + THAI_MARGIN:
        return month or repair_abbreviations(thai), bbox, sure, at
    return text, bbox, confidence, at


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
    """Digits only; Arabic ones too, which a Thai number misread may hold ("๖6๕6" for ๖๘)."""
    return all(ch in THAI_DIGITS or "0" <= ch <= "9" for ch in text)


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
