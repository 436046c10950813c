"""Match one organization's measures across two fiscal years, one to one.

Two passes. First, titles that are identical once normalised (NFC, Arabic
digits, lower case, no punctuation or spaces) pair up, in measure order.
Then the rest are scored by the Dice coefficient of their pythainlp word
tokens (newmm), leaving out the words every title shares ("มาตรการ",
"การ", "และ" ...), and paired greedily, best score first, as long as the
score reaches `SIMILARITY_THRESHOLD`. Greedy is exact enough here: a report
has about ten measures, and a title close to two others is rare.

>>> [(m.no_from, m.no_to, m.method) for m in match_titles(
...     [(1, "มาตรการป้องกันการรับสินบน (No Gift Policy)"), (2, "มาตรการจัดการเรื่องร้องเรียน")],
...     [(1, "มาตรการจัดการเรื่องร้องเรียน"), (2, "มาตรการป้องกันการรับสินบนและของขวัญ (No Gift Policy)")])]
[(2, 1, 'exact'), (1, 2, 'similar')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pythainlp.tokenize import word_tokenize

from pipeline.thai.chars import BLOCK
from pipeline.thai.text import normalize_text

# Measured on the corpus: two different measures of one organization score at
# most 0.50 ("ยกระดับกระบวนการ…โปร่งใส…" twice); reworded titles of one measure
# score 0.6-0.9. tests/test_compare.py pins both sides.
SIMILARITY_THRESHOLD = 0.55
TOKEN_ENGINE = "newmm"
# Words nearly every title has: they make unrelated titles look alike.
STOP_WORDS = frozenset(
    {
        "มาตรการ",
        "โครงการ",
        "กิจกรรม",
        "การ",
        "ความ",
        "และ",
        "ของ",
        "ใน",
        "ที่",
        "เพื่อ",
        "ให้",
        "หรือ",
        "ด้วย",
        "ผ่าน",
        "ต่อ",
        "กับ",
        "โดย",
        "แก่",
        "จาก",
        "เป็น",
        "มี",
        "ทาง",
        "อย่าง",
        "ภายใน",
        "หน่วยงาน",
    }
)
# Titles open with these words; cut them off before tokenising so that
# newmm does not glue them to the next word ("มาตรการป้องกัน").
_TITLE_PREFIX = re.compile(r"^(?:มาตรการ(?:ที่\s*[0-9]+)?|โครงการ|กิจกรรม)\s*")
# `\w` leaves out Thai vowel and tone marks (category Mn): keep the whole Thai block.
_PUNCTUATION = re.compile(rf"[^\w{BLOCK}]+")

EXACT, SIMILAR = "exact", "similar"


@dataclass(frozen=True)
class TitleMatch:
    """A measure of year A paired with one of year B; `score` 1.0 for exact matches."""

    no_from: int
    no_to: int
    method: str  # "exact" | "similar"
    score: float


def normalize_title(title: str) -> str:
    """The form two titles must share to count as identical."""
    text = normalize_text(unicodedata.normalize("NFC", title or "")).lower()
    return _PUNCTUATION.sub("", text)


@lru_cache(maxsize=4096)
def title_tokens(title: str) -> frozenset[str]:
    """Content words of a title: newmm tokens without stop words and punctuation."""
    text = normalize_text(title or "").lower()
    text = _TITLE_PREFIX.sub("", text)
    text = _PUNCTUATION.sub(" ", text)
    tokens = word_tokenize(text, engine=TOKEN_ENGINE, keep_whitespace=False)
    return frozenset(t for t in (tok.strip() for tok in tokens) if t and t not in STOP_WORDS)


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two titles' content words, 0.0 .. 1.0."""
    left, right = title_tokens(a), title_tokens(b)
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


def match_titles(
    before: list[tuple[int, str]], after: list[tuple[int, str]], threshold: float = SIMILARITY_THRESHOLD
) -> list[TitleMatch]:
    """One-to-one pairs of (measure_no, title) from two years, exact pairs first."""
    matches = _exact(before, after)
    used_from = {m.no_from for m in matches}
    used_to = {m.no_to for m in matches}
    rest_from = [(n, t) for n, t in before if n not in used_from]
    rest_to = [(n, t) for n, t in after if n not in used_to]
    return sorted(matches + _similar(rest_from, rest_to, threshold), key=lambda m: (m.no_from, m.no_to))


def _exact(before: list[tuple[int, str]], after: list[tuple[int, str]]) -> list[TitleMatch]:
    waiting: dict[str, list[int]] = {}
    for number, title in after:
        key = normalize_title(title)
        if key:
            waiting.setdefault(key, []).append(number)
    matches = []
    for number, title in before:
        candidates = waiting.get(normalize_title(title))
        if candidates:
            matches.append(TitleMatch(number, candidates.pop(0), EXACT, 1.0))
    return matches


def _similar(before: list[tuple[int, str]], after: list[tuple[int, str]], threshold: float) -> list[TitleMatch]:
    scored = [(similarity(a, b), na, nb) for na, a in before for nb, b in after]
    # Best score first; ties go to the lower measure numbers, so runs are repeatable.
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    matches, used_from, used_to = [], set(), set()
    for score, na, nb in scored:
        if score < threshold:
            break
        if na in used_from or nb in used_to:
            continue
        used_from.add(na)
        used_to.add(nb)
        matches.append(TitleMatch(na, nb, SIMILAR, round(score, 4)))
    return matches
