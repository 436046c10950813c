"""Marks OCR loses, put back where the language leaves no doubt.

Tesseract's Thai model drops a tone mark stacked over an upper vowel (ที่ ->
ที, เรื่อง -> เรือง, ทั่วไป -> ทัวไป), the maitaikhu of เร็ว, and reads sara am's
circle as a tone mark (จำนวน -> จ้านวน), and takes a letter for its look-alike
(ผิดชอบ -> ผิดขอบ, ไตรมาส -> เตรมาส); it also reads a speck as a mark
(คณะ -> คุณะ) and one tone mark for the other (ชี้แจง -> ชี่แจง). Each Thai
run is tried with every single such edit: a mark inserted after an upper or
below vowel, before sara am, or after the consonant of an เ/แ syllable;
sara aa made sara am; a speck's mark removed or a tone swapped (`specks`);
a letter swapped for its look-alike (`LOOK_ALIKES`). An edit is kept only
when it makes the run far more probable as Thai (a unigram model over the
Thai National Corpus word frequencies that PyThaiNLP ships, on its own
dictionary's segmentation, compounds scored no lower than their words): a
real word is never traded for a rarer one, and a read that is a common word
stays as it is, unless the image shows the mark the read lacks
(`stacked`).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.thai.chars import CONSONANTS

if TYPE_CHECKING:
    from pythainlp.util import Trie

# How much more probable (natural log) the edited run must be; a letter swapped for another
# changes what was drawn, not what was lost, and needs the stronger evidence.
MIN_GAIN = 4.0
MIN_SWAP_GAIN = 8.0
# Where the image shows the mark, the edit may even be somewhat less probable than the read
# without it: the read is known to be wrong there, and the language only picks the mark.
SEEN_MARK_GAIN = -MIN_GAIN
# The word an edit makes must be in PyThaiNLP's dictionary or this frequent in the corpus.
MIN_WORD_FREQUENCY = 20
# Edits kept per run at most: OCR loses a mark here and there, not every other one.
MAX_EDITS = 3
UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37"  # ั ิ ี ึ ื
BELOW_VOWELS = "\u0e38\u0e39"  # ุ ู
TONES = "\u0e48\u0e49"  # ่ ้ : the marks OCR drops (๊ ๋ are rare and rarely lost)
SARA_AM, SARA_AA, MAITAIKHU = "\u0e33", "\u0e32", "\u0e47"
# Letters Tesseract's Thai model reads for one another: they differ by a stroke or a tail.
_LOOK_ALIKE_PAIRS = ("ขช", "ดต", "คด", "บป", "ผฝ", "พฟ", "ถภ", "ซช", "ฎฏ", "ไเ", "ใไ")
LOOK_ALIKES = {
    ch: "".join(other for pair in _LOOK_ALIKE_PAIRS if ch in pair for other in pair if other != ch)
    for ch in "".join(_LOOK_ALIKE_PAIRS)
}
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_THAI_RUN = re.compile("[\u0e01-\u0e4e]+")
_CONSONANT = re.compile(f"[{CONSONANTS}]")


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, int], float]:
    from pythainlp.corpus import tnc

    freqs = dict(tnc.word_freqs())
    return freqs, math.log(sum(freqs.values()))


@lru_cache(maxsize=65536)
def log_probability(run: str) -> float:
    """Unigram log probability of a Thai run, segmented by PyThaiNLP's dictionary."""
    return sum(map(_token_log_probability, _segments(run)))


@lru_cache(maxsize=65536)
def _token_log_probability(token: str) -> float:
    """A dictionary token's log probability: no less than that of its corpus words in a row.

    The dictionary holds compounds (การนำ, ทำได้, ความเสี่ยง) that the corpus counts as
    the words they are made of, so their own count is near nil; scored by it, every
    compound would lose to any single-word misreading (การน้ำ, ทำไต้).
    """
    from pythainlp.tokenize import word_tokenize

    freqs, total = _model()
    alone = math.log(freqs.get(token, 0) + 0.5) - total
    parts = word_tokenize(token, custom_dict=_corpus_words(), engine="newmm")
    if len(parts) < 2 or any(freqs.get(part, 0) < MIN_WORD_FREQUENCY for part in parts):
        return alone
    return max(alone, sum(math.log(freqs[part] + 0.5) - total for part in parts))


@lru_cache(maxsize=1)
def _corpus_words() -> Trie:
    """The corpus's words of at least `MIN_WORD_FREQUENCY`, as a tokenizer dictionary."""
    from pythainlp.util import Trie

    freqs, _ = _model()
    return Trie([word for word, n in freqs.items() if n >= MIN_WORD_FREQUENCY])


def candidates(run: str) -> list[tuple[int, str]]:
    """Every single-edit repair of a lost or misread mark in `run`: (position edited, new run)."""
    out = []
    for i, ch in enumerate(run):
        after = run[i + 1] if i + 1 < len(run) else ""
        if ch in UPPER_VOWELS + BELOW_VOWELS and (not after or after not in TONES + "\u0e4a\u0e4b\u0e4c"):
            out += [(i, run[: i + 1] + tone + run[i + 1 :]) for tone in TONES]
        if _CONSONANT.match(ch) and after == SARA_AM:
            out += [(i, run[: i + 1] + tone + run[i + 1 :]) for tone in TONES]
        if ch == SARA_AA and i and run[i - 1] in TONES:
            out.append((i, run[:i] + SARA_AM + run[i + 1 :]))
            out.append((i - 1, run[: i - 1] + SARA_AM + run[i + 1 :]))
        if _CONSONANT.match(ch) and i and run[i - 1] in "เแ" and after and not re.match(f"[{_MARKS}]", after):
            out.append((i, run[: i + 1] + MAITAIKHU + run[i + 1 :]))
    return out + _word_final_tones(run)


def _word_final_tones(run: str) -> list[tuple[int, str]]:
    """A tone mark on the bare consonant that ends a word of the run's segmentation, where the
    mark joins it to a word before or after (เผย|แพร|ให้ -> เผยแพร่|ให้): the loss that leaves two
    words where there was one. Only there: a tone may stand on any consonant, and trying every
    one would cost a segmentation each."""
    out, start = [], 0
    for token in _segments(run)[:-1]:
        end = start + len(token)
        if len(token) > 1 and _CONSONANT.match(token[-2:-1]) and _CONSONANT.match(token[-1]):
            for tone in TONES:
                edited = run[:end] + tone + run[end:]
                word_start, word_end = _span_at(edited, end - 1)
                if word_start < start or word_end > end + 1:
                    out.append((end - 1, edited))
        start = end
    return out


def _span_at(run: str, position: int) -> tuple[int, int]:
    """Where the word of `run`'s segmentation holding `position` starts and ends."""
    start = 0
    for token in _segments(run):
        if start + len(token) > position:
            return start, start + len(token)
        start += len(token)
    return start, start


@lru_cache(maxsize=65536)
def _segments(run: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(run, engine="newmm"))


def specks(run: str) -> list[tuple[float, int, str]]:
    """Every removal of a mark a speck may have made: a below vowel, or a tone mark before sara
    am (คุณะ for คณะ, จ้ำนวน for จำนวน); every tone mark read as the other (ชี่แจง for
    ชี้แจง); and every letter read twice: (gain needed, position, new run). Changing what was
    drawn needs the evidence of a swap; the edit lands on the letter the mark stood on."""
    out = [
        (MIN_SWAP_GAIN, i - 1, run[:i] + run[i + 1 :])
        for i, ch in enumerate(run)
        if i and (ch in BELOW_VOWELS or (ch in TONES and run[i + 1 : i + 2] == SARA_AM))
    ]
    out += [
        (MIN_SWAP_GAIN, i - 1, run[:i] + TONES[1 - TONES.index(ch)] + run[i + 1 :])
        for i, ch in enumerate(run)
        if i and ch in TONES
    ]
    # A consonant read twice (ปรรับปรุง): the recogniser repeats a letter it sees across two frames.
    out += [(MIN_SWAP_GAIN, i, run[:i] + run[i + 1 :]) for i in range(1, len(run)) if run[i] == run[i - 1]]
    return out


def look_alikes(run: str, offered: frozenset[tuple[str, str]] = frozenset()) -> list[tuple[float, int, str]]:
    """Every single-letter swap in `run` of a letter for its look-alike, or for a letter the
    recogniser offered as its second reading: (gain needed, position, new run). A swap the
    recogniser offered needs no more evidence than a lost mark."""
    out = []
    for i, ch in enumerate(run):
        swaps = dict.fromkeys(LOOK_ALIKES.get(ch, ""), MIN_SWAP_GAIN)
        swaps.update({other: MIN_GAIN for read, other in offered if read == ch})
        out += [(need, i, run[:i] + other + run[i + 1 :]) for other, need in swaps.items()]
    return out


def _word_at(run: str, position: int) -> str:
    """The dictionary segment of `run` holding `position`."""
    from pythainlp.tokenize import word_tokenize

    start = 0
    for token in word_tokenize(run, engine="newmm"):
        if start <= position < start + len(token):
            return token
        start += len(token)
    return ""


def is_word(token: str) -> bool:
    """A known word; a lone letter ("ฟ" in "ประมาณฟ.ศ.") is the corpus's noise, not one."""
    freqs, _ = _model()
    return len(token) > 1 and (freqs.get(token, 0) >= MIN_WORD_FREQUENCY or token in _dictionary())


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _weighed(run: str, position: int, edited: str, unread_marks: frozenset[str]) -> tuple[float, int, str]:
    """(gain needed, position, new run) of a lost-mark edit: less gain where the image shows the
    mark it puts back, and then the word that must be known is the one the mark lands in."""
    seen = (
        position
        and run[position] in UPPER_VOWELS
        and edited[position + 1 : position + 2] in TONES
        and run[position - 1 : position + 2] in unread_marks
    )
    return (SEEN_MARK_GAIN, position + 1, edited) if seen else (MIN_GAIN, position, edited)


def restore_marks(
    text: str, offered: frozenset[tuple[str, str]] = frozenset(), unread_marks: frozenset[str] = frozenset()
) -> tuple[str, list[tuple[str, str]]]:
    """`text` with lost marks restored where the language is sure; and the (was, now) changes.

    `unread_marks`: places (letter, upper vowel, letter) where the image shows a mark over the
    vowel that the read lacks (`stacked`): there the mark is no guess, only which mark it is,
    and the language need not prefer it to the read without one (ความเสี่ยง over ความเสียง).
    """
    changes: list[tuple[str, str]] = []

    def fix(match: re.Match[str]) -> str:
        run = match.group(0)
        original = run
        for _ in range(MAX_EDITS):
            base = log_probability(run)
            edits = [_weighed(run, p, c, unread_marks) for p, c in candidates(run)]
            edits += specks(run) + look_alikes(run, offered)
            scored = sorted(((log_probability(c) - base - need, p, c) for need, p, c in edits), reverse=True)
            # The edit must make the word it lands in a common word: a name the
            # dictionary does not know is never "repaired" into something else.
            best = next((s for s in scored if s[0] >= 0 and is_word(_word_at(s[2], s[1]))), None)
            if best is None:
                break
            run = best[2]
        if run != original:
            changes.append((original, run))
        return run

    return _THAI_RUN.sub(fix, text), changes
