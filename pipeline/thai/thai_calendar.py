"""The Thai calendar: eras, month names, fiscal and academic years.

BE = CE + 543. The Thai fiscal year N (BE) runs from 1 October N-544 to
30 September N-543 (CE); its quarter 1 is October-December. The school
(academic) year N runs from 16 May N-543 to 31 March N-542, in two
semesters. Month names come in full, clipped ("ตุลา") and dotted ("ต.ค.")
forms; every stage that needs to recognise a month takes it from here.

>>> fiscal_year_bounds(2568)
(datetime.date(2024, 10, 1), datetime.date(2025, 9, 30))
>>> to_be("67", None, None), to_be("2024", None, None)
(2567, 2567)
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from pipeline.thai.chars import LETTERS, VOWEL_MARKS
from pipeline.thai.text import normalize_text

BE_OFFSET = 543
BE_MIN, BE_MAX = 2500, 2700  # plausible Buddhist-era years of a report
CE_MIN, CE_MAX = BE_MIN - BE_OFFSET, BE_MAX - BE_OFFSET
THAI_LETTERS = LETTERS  # letters, vowels and marks; not Thai digits


def is_plausible_year(n: int) -> bool:
    """A year a report may name, Buddhist era (2500-2700) or the same span in CE."""
    return BE_MIN <= n <= BE_MAX or CE_MIN <= n <= CE_MAX


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None
    whole_year: bool = False  # the period is exactly one whole fiscal year


def period(start: date, end: date) -> Period:
    """The period from `start` to `end`, flagged when it is one whole fiscal year."""
    whole = (start, end) == fiscal_year_bounds(fiscal_year_of(start))
    return Period(start, end, whole)


# --- fiscal and academic years -------------------------------------------------


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    """First and last day of a BE fiscal year."""
    last_ce = fiscal_year_be - BE_OFFSET
    return date(last_ce - 1, 10, 1), date(last_ce, 9, 30)


def fiscal_year_of(day: date) -> int:
    """The BE fiscal year a Gregorian day belongs to.

    >>> fiscal_year_of(date(2024, 10, 1))
    2568
    """
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def quarter_bounds(fiscal_year_be: int, quarter: int) -> tuple[date, date]:
    """Fiscal quarter 1 is Oct-Dec of the year before; 2..4 run Jan-Sep.

    >>> quarter_bounds(2568, 1)
    (datetime.date(2024, 10, 1), datetime.date(2024, 12, 31))
    """
    last_ce = fiscal_year_be - BE_OFFSET
    year = last_ce - 1 if quarter == 1 else last_ce
    first_month = (quarter * 3 + 6) % 12 + 1
    last_day = calendar.monthrange(year, first_month + 2)[1]
    return date(year, first_month, 1), date(year, first_month + 2, last_day)


def semester_bounds(academic_year_be: int, semester: int) -> tuple[date, date]:
    """Semester 1 runs mid-May to October, semester 2 November to March.

    Schools close the first semester around 11 October; the October break is
    counted with it, so the two semesters tile the academic year.

    >>> semester_bounds(2567, 2)
    (datetime.date(2024, 11, 1), datetime.date(2025, 3, 31))
    """
    first_ce = academic_year_be - BE_OFFSET
    if semester == 1:
        return date(first_ce, 5, 16), date(first_ce, 10, 31)
    return date(first_ce, 11, 1), date(first_ce + 1, 3, 31)


def academic_year_bounds(academic_year_be: int) -> tuple[date, date]:
    """The Thai school year N (BE) runs from 16 May N-543 to 31 March N-542 (CE).

    >>> academic_year_bounds(2566)
    (datetime.date(2023, 5, 16), datetime.date(2024, 3, 31))
    """
    return semester_bounds(academic_year_be, 1)[0], semester_bounds(academic_year_be, 2)[1]


# --- years and eras ------------------------------------------------------------

_ERAS = {"พ": "BE", "b": "BE", "ค": "CE", "a": "CE"}  # พ.ศ., B.E. / ค.ศ., A.D.


def era_of(marker: str) -> str | None:
    """ "BE" or "CE" for an era marker (พ.ศ., B.E., ค.ศ., A.D.), else None."""
    return _ERAS.get(marker[:1].lower())


def to_be(digits: str, era: str | None, near: int | None) -> int | None:
    """A printed year as BE, or None when it cannot be a year.

    A 2-digit year is BE (67 -> 2567) unless reading it as CE lands
    closer to the fiscal year at hand (24 in a 2567 report -> 2567).
    """
    n = int(digits)
    if len(digits) == 4:
        if era != "CE" and BE_MIN <= n <= BE_MAX:
            return n
        return n + BE_OFFSET if era != "BE" and CE_MIN <= n <= CE_MAX else None
    if len(digits) != 2:
        return None
    as_be, as_ce = 2500 + n, 2000 + n + BE_OFFSET
    if era == "BE":
        return as_be
    if era == "CE" or (near is not None and abs(as_ce - near) < abs(as_be - near)):
        return as_ce
    return as_be


def plausible_fiscal_year(fiscal_year: int | None) -> int | None:
    """`fiscal_year` when it can be a report's BE year, else None."""
    if isinstance(fiscal_year, int) and BE_MIN <= fiscal_year <= BE_MAX:
        return fiscal_year
    return None


def fiscal_year_be(year: int) -> int:
    """A fiscal year as a person may type it, as BE: 2568 stays, CE 2025 -> 2568, 68 -> 2568.

    Anything else comes back unchanged, for the caller to reject.

    >>> fiscal_year_be(2025), fiscal_year_be(68), fiscal_year_be(2568)
    (2568, 2568, 2568)
    """
    if 0 <= year <= 99:
        return to_be(f"{year:02d}", None, None) or year
    return to_be(str(year), None, None) or year if year >= 1000 else year


def day_of(year_be: int | None, month: int | None, day: int | None, at_end: bool) -> date | None:
    """The Gregorian day, or None when out of range; no day: the month's first (or last) day.

    A day past the month's end means its last day ("31 ก.ย.").
    """
    year = (year_be or 0) - BE_OFFSET
    if not (CE_MIN <= year <= CE_MAX and month and 1 <= month <= 12):
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, last if at_end else 1)
    if not 1 <= day <= 31:
        return None
    return date(year, month, min(day, last))


# --- month names ---------------------------------------------------------------

# Full names, common misspellings (ฏ for ฎ, ษ for ศ) and the clipped forms
# people write ("ตุลา 67"); the clipped forms are guarded like abbreviations.
_MONTH_NAMES: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = (
    (1, ("มกราคม",), ("มกรา",)),
    (2, ("กุมภาพันธ์", "กุมภาพันธ"), ("กุมภา",)),
    (3, ("มีนาคม",), ("มีนา",)),
    (4, ("เมษายน",), ("เมษา",)),
    (5, ("พฤษภาคม", "พฤศภาคม"), ("พฤษภา",)),
    (6, ("มิถุนายน",), ("มิถุนา",)),
    (7, ("กรกฎาคม", "กรกฏาคม"), ("กรกฎา", "กรกฏา")),
    (8, ("สิงหาคม",), ("สิงหา",)),
    (9, ("กันยายน",), ("กันยา",)),
    (10, ("ตุลาคม",), ("ตุลา",)),
    (11, ("พฤศจิกายน", "พฤษจิกายน"), ("พฤศจิกา", "พฤษจิกา")),
    (12, ("ธันวาคม",), ("ธันวา",)),
)
# The month vocabulary other stages share: standard full names, their clipped
# forms ("ตุลา") and the dotted abbreviations, January first.
MONTH_ABBREVIATIONS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONTH_NAMES = tuple(names[0] for _, names, _ in _MONTH_NAMES)
MONTH_CLIPPED = tuple(clipped[0] for _, _, clipped in _MONTH_NAMES)
_MONTH_EN = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _key(word: str) -> str:
    return re.sub(r"[.\s]", "", word).lower()


def _spaced(word: str) -> str:
    # PDF text may carry a stray space inside a word
    return r"\s?".join(map(re.escape, word))


def _abbr_pattern(abbr: str) -> str:
    parts = []
    for part in (p for p in abbr.split(".") if p):
        head, mark = part[:-1], part[-1]
        if head and mark in VOWEL_MARKS:
            # PDF text may put the vowel after the dot: "ม.ี ค." for "มี.ค."
            parts.append(rf"{_spaced(head)}(?:\s?{mark}\.?|\.\s?{mark})")
        else:
            parts.append(_spaced(part) + r"\.?")
    return r"\s?".join(parts)


def _month_table() -> tuple[dict[str, int], str]:
    keys: dict[str, int] = {}
    full: list[str] = []
    guarded: list[str] = []
    for month, names, clipped in _MONTH_NAMES:
        for name in names:
            keys[_key(name)] = month
            full.append(name)
        for name in clipped:
            keys[_key(name)] = month
            guarded.append(_spaced(name))
    for month, abbr in enumerate(MONTH_ABBREVIATIONS, start=1):
        keys[_key(abbr)] = month
        guarded.append(_abbr_pattern(abbr))
    english = []
    for month, name in enumerate(_MONTH_EN, start=1):
        keys[name] = keys[name[:3]] = month
        english += [name, name[:3]]
    keys["sept"] = 9
    english.append("sept")
    full.sort(key=len, reverse=True)
    english.sort(key=len, reverse=True)
    # A short form must not sit inside a longer Thai word ("มี คน", "ตุลาการ"),
    # except after or before the joining words of a period.
    before = rf"(?:(?<=เดือน)|(?<=ถึง)|(?<=แต่)|(?<=จน)|(?<=และ)|(?<![{THAI_LETTERS}]))"
    after = rf"(?=$|[^{THAI_LETTERS}]|ถึง|จน|ปี|พ\.?\s?ศ|ค\.?\s?ศ|และ|เป็น|ต้น)"
    pattern = (
        "(?:"
        + "|".join(_spaced(n) for n in full)
        + ")"
        + f"|{before}(?:"
        + "|".join(guarded)
        + f"){after}"
        + r"|\b(?:"
        + "|".join(english)
        + r")\b\.?"
    )
    return keys, pattern


_MONTH_KEYS, MONTH_PATTERN = _month_table()  # MONTH_PATTERN: any month word, as a regex (no groups)


def month_number(word: str) -> int | None:
    """The month a whole word names ("ต.ค.", "ตุลาคม", "ตุลา", "Oct"), else None.

    >>> month_number("ต.ค."), month_number("มีนาคม"), month_number("ตุลาการ")
    (10, 3, None)
    """
    return _MONTH_KEYS.get(_key(normalize_text(word)))


# --- the fiscal year of a title block ------------------------------------------

_ERA = r"(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)"
_YEAR = r"(?P<year>[0-9]{4}|[0-9]{2})(?![0-9])"
_FY_PATTERNS = (
    # "ปีงบประมาณ พ.ศ. 2568", "ปีงบ 67", "ปีงบประมาณ2567"
    re.compile(rf"ปีงบ(?:ประมาณ)?ฯ?\s*(?:{_ERA}\s*)?{_YEAR}"),
    # "ประจำปีงบประมาณ\nประจำปี พ.ศ. 2568": a marked year near the words
    re.compile(rf"ปีงบ(?:ประมาณ)?[^0-9]{{0,40}}?{_ERA}\s*(?P<year>[0-9]{{4}})(?![0-9])"),
    re.compile(rf"(?:fiscal\s*year|\bFY)\s*:?\s*(?:{_ERA}\s*)?{_YEAR}", re.IGNORECASE),
    # last resort: "ประจำปี พ.ศ. 2568" without งบประมาณ
    re.compile(rf"ประจำปี\s*(?:{_ERA}\s*)?(?P<year>[0-9]{{4}})(?![0-9])"),
)


def find_fiscal_year(text: str) -> int | None:
    """The BE fiscal year printed in a title block, or None.

    >>> find_fiscal_year("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"), find_fiscal_year("ปีงบ ๖๗")
    (2568, 2567)
    >>> find_fiscal_year("Fiscal Year 2024")
    2567
    """
    if not isinstance(text, str):
        return None
    clean = normalize_text(text)
    for pattern in _FY_PATTERNS:
        for m in pattern.finditer(clean):
            era = era_of(m.group("era") or "")
            digits = m.group("year")
            if era is None and len(digits) == 2 and pattern is _FY_PATTERNS[2]:
                era = "BE" if int(digits) >= 50 else "CE"  # "FY24" is CE, "FY68" BE
            year = to_be(digits, era or ("BE" if len(digits) == 2 else None), None)
            if year is not None:
                return year
    return None
