"""Counted quantities in one output item: number + unit + comparator + period.

The grammar, anchored on each number found in the text::

    [comparator] [rate word: เดือนละ | ปี | ครั้งละ] [ทุก(ๆ)] [ร้อยละ] NUMBER [- NUMBER]
        [พัน|หมื่น|แสน|ล้าน] UNIT [ต่อปี | /เดือน | ทุกไตรมาส] [ขึ้นไป]

NUMBER is Arabic (thousands separators, decimals; Thai digits are accepted and
read in place) or Thai number words ("สิบสอง"). A number without a unit from
the vocabulary is not a quantity, except after a counting cue ("จำนวน 3 X")
where the next dictionary word is taken as the unit. References that only
look like counts (years, dates, มาตรา 7, หมู่ที่ 3, codes, phone numbers, URLs)
are refused by the left guard.

>>> [(q.value, q.unit, q.comparator, q.per) for q in extract_quantities("อย่างน้อยเดือนละ 1 ครั้ง")]
[(1.0, 'ครั้ง', '>=', 'month')]
>>> [(q.value, q.unit) for q in extract_quantities("ประชุมสองครั้ง ร้อยละ 92.65 ในปี พ.ศ. 2567")]
[(2.0, 'ครั้ง'), (92.65, 'ร้อยละ')]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pipeline.parse.quantity_words import (
    COMPARATORS_AFTER,
    COMPARATORS_BEFORE,
    COUNT_CUES,
    EVENT_UNITS,
    MONTHS,
    NOT_REFERENCE_AFTER,
    PERIODS,
    REFERENCE_WORDS,
    TIME_UNITS,
    UNIT_NOT_BEFORE,
    UNITS,
    WITHIN,
)
from pipeline.thai.chars import LETTERS
from pipeline.thai.digits import to_arabic_digits
from pipeline.thai.numbers import MULTIPLIER_WORDS, NUMBER_WORD, thai_number_value
from pipeline.thai.thai_calendar import is_plausible_year

__all__ = ["Quantity", "extract_quantities", "thai_number_value"]


class Quantity(NamedTuple):  # a tuple: one is made per quantity of every output item
    value: float
    unit: str  # as written: คน, ครั้ง, ร้อยละ, % ...
    comparator: str  # "=", ">=", "<="
    per: str | None  # "day" | "week" | "month" | "quarter" | "year" | None
    span: str  # text[start:end]
    start: int
    end: int


def _alt(patterns) -> str:
    """Regex alternation, longest first so that no entry hides a longer one."""
    return "|".join(sorted(patterns, key=len, reverse=True))


def _lit(words) -> str:
    return _alt(re.escape(w) for w in words)


def _backwards(word: str) -> str:
    # backwards, the optional space after an inner dot comes before it
    return "".join((r"\s?" if ch == "." and i else "") + re.escape(ch) for i, ch in enumerate(reversed(word)))


def _rlit(words) -> str:
    """Alternation matching the words written backwards, for right-to-left matching."""
    return _alt(_backwards(w) for w in words)


def _reference_rlit(words) -> str:
    """Like `_rlit`, each reference word guarded against being the end of a longer word."""

    def guarded(word: str) -> str:
        if word.endswith(".") and word.count(".") == 1:
            return _backwards(word) + f"(?![{LETTERS}])"
        after = NOT_REFERENCE_AFTER.get(word)
        return _backwards(word) + (f"(?!{_rlit(after)})" if after else "")

    # the order only speeds matching up: every alternative is tried before failing
    return "|".join(guarded(w) for w in sorted(words, key=len, reverse=True))


_PERIOD = _lit(PERIODS)
_NUM_WORDS = NUMBER_WORD

# --- compiled grammar -------------------------------------------------------

_ARABIC = r"[0-9](?:[0-9]{0,2}(?:,[0-9]{3})+(?![0-9])|[0-9]*)(?:\.[0-9]+)?"
# Two scans are several times faster than one alternation: each starts with a
# simple character set the regex engine can skip to.
_ARABIC_RE = re.compile(_ARABIC)
_WORDS_RE = re.compile(rf"(?:{_NUM_WORDS})(?:{_NUM_WORDS})*")
# Every unit word, longest first, each refused before the words that make it part of another.
UNIT_ALTERNATION = _alt(re.escape(u) + (f"(?!{UNIT_NOT_BEFORE[u]})" if u in UNIT_NOT_BEFORE else "") for u in UNITS)
_RIGHT = re.compile(
    rf"(?:\s*[-–]\s*(?P<num2>{_ARABIC}))?"
    rf"(?:\s*(?P<mult>แสน|หมื่น|ล้าน|พัน)(?=\s*(?:{UNIT_ALTERNATION})))?"
    rf"\s*(?P<unit>{UNIT_ALTERNATION})"
)
_PCT_TAIL = re.compile(r"\s*(?:%|เปอร์เซ็นต์)")
_SUFFIX = re.compile(
    rf"(?:\s*(?:ต่อ|/)\s*(?:1\s*|หนึ่ง\s*)?(?P<per>{_PERIOD})"
    rf"|\s*ใน\s*(?:1|หนึ่ง)\s*(?P<per_in>{_PERIOD})"
    rf"|\s*ทุก\s*(?:ๆ\s*)?(?P<per_every>{_PERIOD})(?!\s*[0-9]|ที่))?"
    rf"(?:\s*(?P<after>{_lit(COMPARATORS_AFTER)}))?"
)
# The words before a number, matched right to left on the reversed text from
# the number's start, so the cost does not grow with the distance scanned.
# Read backwards it is: [cmp [จำนวน]] [เดือนละ | ปี | ครั้งละ] [ทุก(ๆ)] [ร้อยละ].
_LEFT_REV = re.compile(
    rf"\s*(?P<pct>{_rlit(['ร้อยละ', 'เปอร์เซ็นต์'])})?"
    r"\s*(?P<every>(?:ๆ\s*)?\s*กุท)?\s*"
    rf"(?:(?P<rate>ะล\s*(?:ๆ\s*)?(?P<rate_period>{_rlit(PERIODS)}))|(?P<bare>{_rlit(PERIODS)})"
    rf"|(?P<each>{_rlit(['ครั้งละ', 'คราวละ'])}))?"
    rf"(?:\s*(?:{_rlit(['จำนวน'])}(?!\s*{_rlit(['ภายใน'])})\s*)?(?P<cmp>{_rlit(COMPARATORS_BEFORE)}))?"
)
_REFERENCE_REV = re.compile(rf"\s*(?:{_reference_rlit(['ที่', *REFERENCE_WORDS])})")
_CUE_REV = re.compile(rf"\s*(?:{_rlit(COUNT_CUES)})")
_DIGIT_REV = re.compile(r"\s*[0-9]")
_ATTACHED = frozenset("0123456789.,/:_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_RIGHT_BLOCK = re.compile(r"[/:.,][0-9]|[A-Za-z]|ละ")
_ORDINAL_AFTER = re.compile(r"\s*ที่\s*[0-9]")
_THAI_WORD = re.compile(rf"\s?([{LETTERS}]+)")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+")


class _Text(NamedTuple):
    """One input, its digit-converted working copy, and that copy reversed."""

    text: str
    work: str
    rev: str

    def rpos(self, i: int) -> int:
        """Position in `rev` of the gap just before work[i]."""
        return len(self.work) - i


class _Num(NamedTuple):
    start: int
    end: int
    raw: str
    arabic: bool


def _numbers(work: str) -> list[_Num]:
    found = [_Num(*m.span(), m.group(), True) for m in _ARABIC_RE.finditer(work)]
    words = [_Num(*m.span(), m.group(), False) for m in _WORDS_RE.finditer(work)]
    return sorted(found + words) if words else found


class _Left(NamedTuple):
    """The words found right before a number, by group name, and where each starts in the text."""

    words: dict[str, str]
    starts: dict[str, int]

    def start(self, names, default: int) -> int:
        starts = self.starts
        if not starts:
            return default
        return min((starts[n] for n in names if n in starts), default=default)


_NO_WORDS = _Left({}, {})


def _left_of(t: _Text, start: int, floor: int) -> _Left:
    m = _LEFT_REV.match(t.rev, t.rpos(start), t.rpos(floor))
    assert m is not None  # every part of the pattern is optional: it always matches
    if m.lastindex is None:
        return _NO_WORDS  # most numbers: no word of the grammar right before them
    words, starts = {}, {}
    for name, word in m.groupdict().items():
        if word:
            words[name] = word[::-1]
            starts[name] = len(t.work) - m.end(name)
    return _Left(words, starts)


def _arabic_value(raw: str) -> float | None:
    digits = raw.replace(",", "")
    integer = digits.split(".")[0]
    if "," not in raw and "." not in raw:
        if len(integer) == 4 and is_plausible_year(int(integer)):
            return None  # a bare year (BE or CE), never a count
        if len(integer) > 1 and integer.startswith("0") or len(integer) > 8:
            return None  # phone numbers and codes
    return float(digits)


@lru_cache(maxsize=1)
def _dictionary():
    """pythainlp's word list as a trie, loaded only when a fallback unit is needed."""
    from pythainlp.corpus import thai_stopwords, thai_words
    from pythainlp.util import Trie

    return Trie(thai_words()), thai_stopwords()


def _fallback_unit(work: str, pos: int) -> tuple[str, int] | None:
    """The dictionary word right after a counted number ("จำนวน 5 กล้อง")."""
    m = _THAI_WORD.match(work, pos)
    if not m:
        return None
    trie, stopwords = _dictionary()
    words = [w for w in trie.prefixes(m.group(1)) if len(w) > 1]
    word = max(words, key=len, default="")
    if not word or word in stopwords or word in MONTHS or word.startswith(("ที่", "ละ")):
        return None
    return word, m.start(1) + len(word)


def _refused_left(t: _Text, start: int, is_arabic: bool) -> bool:
    before = t.work[start - 1] if start else ""
    if is_arabic and before in _ATTACHED:
        return True  # "สขร.1", "10/2567", "ISO9001"
    if before in "-–" and start > 1 and t.work[start - 2] in _ATTACHED:
        return True  # the second half of "0-3561-1234" or "4-6"
    return _REFERENCE_REV.match(t.rev, t.rpos(start)) is not None


def _unit_after(t: _Text, m: _Num, left: _Left, floor: int):
    """(unit, end of unit, upper value of a range, multiplier), or None."""
    end = m.end
    if left.words.get("pct"):
        tail = _PCT_TAIL.match(t.work, end)
        return left.words.get("pct"), tail.end() if tail else end, None, 1
    r = _RIGHT.match(t.work, end)
    if r:
        num2, mult, unit = r.group("num2", "mult", "unit")
        if m.arabic or not num2 and not mult:
            return unit, r.end(), _arabic_value(num2) if num2 else None, MULTIPLIER_WORDS.get(mult or "", 1)
    if left.words.get("cmp") or _CUE_REV.match(t.rev, t.rpos(m.start), t.rpos(floor)):
        found = _fallback_unit(t.work, end)
        if found:
            return found[0], found[1], None, 1
    return None


def _per_before(t: _Text, left: _Left, unit: str, floor: int) -> str | None:
    """A rate word before the number: เดือนละ, or a bare period before an event count."""
    if left.words.get("rate"):
        return left.words.get("rate_period")
    bare = left.words.get("bare")
    if bare and unit in EVENT_UNITS:
        # "2 วัน 1 ครั้ง": the period word is the previous quantity's unit
        if not _DIGIT_REV.match(t.rev, t.rpos(left.start(["bare"], 0)), t.rpos(floor)):
            return bare
    return None


def _comparator_before(left: _Left, unit: str) -> str:
    word = left.words.get("cmp")
    if not word or word in WITHIN and unit not in TIME_UNITS:
        return "="
    return COMPARATORS_BEFORE[word]


# The words before a number that its quantity's span takes in (a bare period word too, when it is the period).
_LEFT_WORDS_USED = ("cmp", "rate", "each", "every", "pct")


def _quantities_at(t: _Text, m: _Num, floor: int) -> list[Quantity]:
    """The quantities anchored on one number, or [] when it counts nothing."""
    start, end = m.start, m.end
    if _refused_left(t, start, m.arabic) or _RIGHT_BLOCK.match(t.work, end):
        return []
    value = _arabic_value(m.raw) if m.arabic else thai_number_value(m.raw)
    left = _left_of(t, start, floor)
    found = _unit_after(t, m, left, floor) if value is not None else None
    if found is None or _ORDINAL_AFTER.match(t.work, found[1]):
        return []
    unit, pos, upper, mult = found
    suffix = _SUFFIX.match(t.work, pos)
    assert suffix is not None  # every part of the pattern is optional: it always matches
    per_at, per_in, per_every, after = suffix.group("per", "per_in", "per_every", "after")
    per_word = per_at or per_in or per_every
    before = None if per_word else _per_before(t, left, unit, floor)
    per = PERIODS.get(per_word or before or "")
    cmp = COMPARATORS_AFTER.get(after or "") or _comparator_before(left, unit)
    used = _LEFT_WORDS_USED + ("bare",) if before and not left.words.get("rate") else _LEFT_WORDS_USED
    s0, e0 = left.start(used, start), suffix.end()
    span = t.text[s0:e0]
    if upper is None:
        return [Quantity(value * mult, unit, cmp, per, span, s0, e0)]
    return [
        Quantity(value * mult, unit, ">=", per, span, s0, e0),
        Quantity(upper * mult, unit, "<=", per, span, s0, e0),
    ]


def _skip_spans(work: str) -> list[tuple[int, int]]:
    if "://" not in work and "www." not in work and "@" not in work:
        return []
    return [m.span() for m in _URL.finditer(work)]


def extract_quantities(text: str) -> list[Quantity]:
    """Every counted quantity in one output item, in text order.

    >>> [(q.value, q.unit, q.comparator, q.per) for q in extract_quantities("ทุกๆ 3 เดือน และ 12 ครั้ง/ปี")]
    [(3.0, 'เดือน', '=', None), (12.0, 'ครั้ง', '=', 'year')]
    """
    if not isinstance(text, str) or not text:
        return []
    # Thai digits map one-for-one to Arabic ones, so offsets stay valid
    work = to_arabic_digits(text)
    t = _Text(text, work, work[::-1])
    skip = _skip_spans(work)
    found: list[Quantity] = []
    floor = 0
    for m in _numbers(work):
        if m.start < floor or skip and any(a <= m.start < b for a, b in skip):
            continue  # inside the previous quantity ("ใน 1 ปี") or a URL
        got = _quantities_at(t, m, floor)
        if got:
            found.extend(got)
            floor = got[-1].end
    return found
