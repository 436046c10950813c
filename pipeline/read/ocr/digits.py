"""Thai digits read again by shape, where Tesseract's Thai model is weakest.

Tesseract's `tha` model confuses ๔/๕, ๖/๒ and ๘/๕ even on clean print,
with high confidence. A word Tesseract reads as Thai digits is cut into its
glyphs (connected ink, left to right) and each glyph is compared with the
digits as Thai fonts draw them (`thai_digits.npz`, made by
`tools.thai_digit_templates`). Only the model's known confusions are
questioned (`CONFUSED`: a ๕ it reads may be a ๔ or ๘, a ๒ a ๖, ...), and the
shape's reading replaces Tesseract's only when that digit matches the glyph
clearly better than the one read; otherwise the word stays as read.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from pipeline.read.ocr.glyph import normalise
from pipeline.read.ocr.months import repair_abbreviations
from pipeline.thai.chars import CONSONANTS
from pipeline.thai.thai_calendar import MONTH_ABBREVIATIONS, MONTH_NAMES

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_DATE_WORDS = re.compile("|".join(re.escape(w) for w in (*MONTH_NAMES, *MONTH_ABBREVIATIONS, "ถึง")))
TEMPLATES = Path(__file__).with_name("thai_digits.npz")
# Digits Tesseract's Thai model reads in place of others: read -> what the print may really be.
CONFUSED = {"๕": "๔๘", "๒": "๖", "๑": "๖", "๐": "๖๘๙", "๓": "๗"}
# The other digit's correlation must beat the read digit's by this much to overrule Tesseract.
MARGIN = 0.06
# A short Latin word, where a line of dates has Thai digits ("Del", "mo", "‘De").
_LATIN_WORD = re.compile(r"^[‘'’]?[A-Za-z][A-Za-z0-9]{0,3}\.?$")
# A list label whose Thai digit was read as Latin or a symbol: "on.", "©.", "D>.", "©).".
_LABEL_LIKE = re.compile(r"^[^\s\u0e00-\u0e7f0-9.]{1,3}\)?\.$")
# Each glyph of such a word must be this clearly one Thai digit.
MIN_LATIN_MARGIN = 0.05
# A lone consonant where a count stands ("จำนวน ซ ช่องทาง" for ๗): Thai writes no one-letter
# word there, and ๗ ๘ ๙ read as ซ ฆ ผ.
_LONE_CONSONANT = re.compile(f"[{CONSONANTS}]")
# A Thai digit is about as wide as it is tall (Laksaman, Sarabun, Garuda: 0.8–1.1).
DIGIT_WIDTH = 1.0
# A number read again from its shapes alone has at most this many digits.
MAX_DIGITS = 8
# Ink shorter than this share of the word's tallest glyph is a point or a comma, not a digit.
MIN_GLYPH_HEIGHT = 0.5


@lru_cache(maxsize=1)
def _templates() -> tuple[np.ndarray, np.ndarray]:
    data = np.load(TEMPLATES)
    templates = data["templates"].reshape(len(data["labels"]), -1)
    return templates, data["labels"].astype(int)


def scores(glyph: np.ndarray) -> np.ndarray | None:
    """Each digit's best correlation (0–9) with one glyph's ink, or None if it has none."""
    shape = normalise(glyph)
    if shape is None:
        return None
    templates, labels = _templates()
    best = np.full(10, -1.0)
    np.maximum.at(best, labels, templates @ shape.ravel())
    return best


def classify(glyph: np.ndarray) -> tuple[int, float] | None:
    """(digit 0–9, margin over the next digit) for one glyph's ink, or None if it has none."""
    best = scores(glyph)
    if best is None:
        return None
    order = np.argsort(best)[::-1]
    return int(order[0]), float(best[order[0]] - best[order[1]])


def glyphs(ink: np.ndarray, inside: tuple[int, int] | None = None, split: bool = True) -> list[np.ndarray]:
    """The glyphs of a word image (nonzero = ink), left to right; marks too small to be digits left out.

    Digits printed touching make one blob: a blob much wider than a digit is
    cut at its thinnest columns. With `inside` (x0, x1), only glyphs whose
    centre lies in that span are kept (the word's own, not a neighbour's).
    """
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
        mask = np.where(np.isin(labels, [b[4] for b in group]), 255, 0).astype(np.uint8)
        x0, x1 = min(b[0] for b in group), max(b[0] + b[2] for b in group)
        for piece in _split(mask, x0, x1) if split else [mask]:
            xs = np.flatnonzero(piece.any(axis=0))
            if inside is None or inside[0] <= (xs[0] + xs[-1]) / 2 < inside[1]:
                out.append(piece)
    return out


def _split(mask: np.ndarray, x0: int, x1: int) -> list[np.ndarray]:
    """One blob cut into as many digits as its width holds, at the thinnest columns."""
    rows = np.flatnonzero(mask.any(axis=1))
    height = rows[-1] - rows[0] + 1
    count = max(1, round((x1 - x0) / (DIGIT_WIDTH * height)))
    if count == 1:
        return [mask]
    columns = (mask[:, x0:x1] > 0).sum(axis=0)
    cuts = [x0]
    for k in range(1, count):
        centre = x0 + (x1 - x0) * k // count
        reach = (x1 - x0) // (3 * count)
        lo, hi = centre - reach, centre + reach + 1
        cuts.append(lo + int(np.argmin(columns[lo - x0 : hi - x0])))
    cuts.append(x1)
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        piece = np.zeros_like(mask)
        piece[:, a:b] = mask[:, a:b]
        pieces.append(piece)
    return pieces


def is_date_line(line: str) -> bool:
    """A line that writes a date or period: a Thai month name or abbreviation (as OCR may have
    damaged it: กุย.), or Thai digits."""
    return any(ch in THAI_DIGITS for ch in line) or bool(_DATE_WORDS.search(repair_abbreviations(line)))


def reread_digits(
    word: str,
    ink: np.ndarray,
    inside: tuple[int, int] | None = None,
    dated: bool = False,
    recount: bool = False,
    counted: bool = False,
) -> tuple[str, list[tuple[str, str, float]]]:
    """`word` with its Thai digits read by shape where the shape is clear.

    `ink` is the word's image (nonzero = ink). Returns the word and the
    changes made as (read, now, margin). A word whose glyphs cannot be lined
    up one to one with its digits is left alone. `counted`: the word follows
    a count word, where a lone consonant is a misread digit.
    """
    if (
        (dated and _LATIN_WORD.match(word))
        or _LABEL_LIKE.match(word)
        or _MIXED_SCRIPTS.fullmatch(word)
        or (counted and _LONE_CONSONANT.fullmatch(word))
    ):
        # In a line of dates, Thai digits come out as Latin letters ("๖๗" as "Del", "๓๐" as "mo");
        # a list label "๓." comes out as "on." or "©." anywhere; and a number is written in one
        # script, so Thai and Arabic digits in one ("๖6๕6" for ๖๘) are glyphs misread or split.
        found = glyphs(ink, inside)
        shapes = [classify(g) for g in found]
        if found and len(found) <= 4 and all(s is not None and s[1] >= MIN_LATIN_MARGIN for s in shapes):
            digits = "".join(THAI_DIGITS[s[0]] for s in shapes if s is not None)
            digits += "." if word.endswith(".") else ""
            return digits, [(word, digits, min(s[1] for s in shapes if s is not None))]
        return word, []
    positions = [i for i, ch in enumerate(word) if ch in THAI_DIGITS]
    if not positions or any(not (ch in THAI_DIGITS or ch in ".,:-/()") for ch in word):
        return word, []
    found = glyphs(ink, inside)
    if len(found) != len(positions):
        return _recount(word, found) if recount else (word, [])
    chars = list(word)
    changes = []
    for i, glyph in zip(positions, found):
        if chars[i] not in CONFUSED:
            continue
        best = scores(glyph)
        if best is None:
            continue
        read = THAI_DIGITS.index(chars[i])
        other = max(CONFUSED[chars[i]], key=lambda d: best[THAI_DIGITS.index(d)])
        margin = float(best[THAI_DIGITS.index(other)] - best[read])
        if margin >= MARGIN:
            changes.append((chars[i], other, margin))
            chars[i] = other
    return "".join(chars), changes


def _recount(word: str, found: list[np.ndarray]) -> tuple[str, list[tuple[str, str, float]]]:
    """A number Tesseract read with fewer digits than its glyphs (๒๕๖๗ as ๒๕๒): the shapes
    are the reading when every glyph is clearly one digit; anything else stays as read.
    Only glyphs apart count (digits printed touching are cut by guesswork), and fewer
    glyphs than digits is no evidence: a glyph at the word's edge may be cut off."""
    if len(found) <= len(word) or len(found) > MAX_DIGITS or any(ch not in THAI_DIGITS for ch in word):
        return word, []
    shapes = [classify(g) for g in found]
    if not all(s is not None and s[1] >= MIN_LATIN_MARGIN for s in shapes):
        return word, []
    digits = "".join(THAI_DIGITS[s[0]] for s in shapes if s is not None)
    return digits, [(word, digits, min(s[1] for s in shapes if s is not None))]


# A list number in Thai digits ("๑.", "๑๒", "(๓)"): a short cell with no Thai letters.
_ARABIC = re.compile("[0-9]")
_MIXED_SCRIPTS = re.compile(f"(?=[^.]*[0-9])(?=[^.]*[{THAI_DIGITS}])[0-9{THAI_DIGITS}]+\\.?")
_THAI_LETTER = re.compile(f"[{CONSONANTS}]")
MAX_NUMBER_CHARS = 5
MIN_NUMBER_MARGIN = 0.03


def read_number(text: str, ink: np.ndarray) -> str | None:
    """A short cell Tesseract read as no Thai (``©).``, ``G).``, ``๑๓.``, ``๑7.``) read again as Thai digits.

    Only for cells that can be nothing but a number: a few characters, no
    Thai letter, no Arabic digit unless beside a Thai one (Tesseract reads
    Arabic numbers well; a number is written in one script, so a mix is one
    glyph read as two). Every glyph as tall as a digit must be clearly one
    digit, else None (the read stays); a point after the digits is kept.
    """
    bare = text.strip()
    if not bare or len(bare) > MAX_NUMBER_CHARS or _THAI_LETTER.search(bare):
        return None
    if _ARABIC.search(bare) and not any(ch in THAI_DIGITS for ch in bare):
        return None
    found = glyphs(ink)
    if not found or len(found) > 3:
        return None
    digits = []
    for glyph in found:
        result = classify(glyph)
        if result is None or result[1] < MIN_NUMBER_MARGIN:
            return None
        digits.append(THAI_DIGITS[result[0]])
    return "".join(digits) + ("." if bare.endswith(".") else "")
