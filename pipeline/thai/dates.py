"""Period cells (ระยะเวลาดำเนินการ) and fiscal years -> Gregorian dates.

A period cell is read as a stream of tokens (month names, numbers, year
markers, range words) and folded into one to many *points* (day?, month,
year?); the first point starts the period, the last ends it. Missing years are
inferred so that start <= end, and from the fiscal year when no year is
printed at all. Quarters and whole-year phrases are fiscal-year words; printed
months win over them. Semesters (ภาคเรียนที่ 1/2567) and school years
(ปีการศึกษา 2566) follow the Thai academic year, 16 May to 31 March.

The Thai fiscal year N (BE) runs from 1 October N-544 to 30 September N-543
(CE); BE = CE + 543.

>>> parse_period("๑ ต.ค. ๖๗ ถึง ๓๐ ก.ย. ๖๘", None)
Period(start=datetime.date(2024, 10, 1), end=datetime.date(2025, 9, 30), whole_year=True)
>>> parse_period("พ.ย. - ก.พ. 67", None)
Period(start=datetime.date(2023, 11, 1), end=datetime.date(2024, 2, 29), whole_year=False)
>>> parse_period("ไตรมาสที่ ๒", 2568)
Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 3, 31), whole_year=False)
>>> find_fiscal_year("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘")
2568
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date

from pipeline.thai.text import normalize_text

BE_OFFSET = 543
_BE_MIN, _BE_MAX = 2500, 2700  # plausible Buddhist-era years of a report
_CE_MIN, _CE_MAX = _BE_MIN - BE_OFFSET, _BE_MAX - BE_OFFSET


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None
    whole_year: bool = False  # the period is exactly one whole fiscal year


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    """First and last day of a BE fiscal year.

    >>> fiscal_year_bounds(2568)
    (datetime.date(2024, 10, 1), datetime.date(2025, 9, 30))
    """
    last_ce = fiscal_year_be - BE_OFFSET
    return date(last_ce - 1, 10, 1), date(last_ce, 9, 30)


def fiscal_year_be(year: int) -> int:
    """A fiscal year as a person may type it, as BE: 2568 stays, CE 2025 -> 2568, 68 -> 2568.

    Anything else comes back unchanged, for the caller to reject.

    >>> fiscal_year_be(2025), fiscal_year_be(68), fiscal_year_be(2568)
    (2568, 2568, 2568)
    """
    if 0 <= year <= 99:
        return _to_be(f"{year:02d}", None, None) or year
    return _to_be(str(year), None, None) or year if year >= 1000 else year


def fiscal_year_of(day: date) -> int:
    """The BE fiscal year a Gregorian day belongs to.

    >>> fiscal_year_of(date(2024, 10, 1))
    2568
    """
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


# --- vocabulary -------------------------------------------------------------

_THAI = "\u0e01-\u0e4e"  # letters, vowels and marks; not Thai digits

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
_MONTH_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
# The month vocabulary other stages share: standard full names, their clipped
# forms ("ตุลา") and the dotted abbreviations, January first.
MONTH_NAMES = tuple(names[0] for _, names, _ in _MONTH_NAMES)
MONTH_CLIPPED = tuple(clipped[0] for _, _, clipped in _MONTH_NAMES)
MONTH_ABBREVIATIONS = _MONTH_ABBR
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
        if head and "\u0e31" <= mark <= "\u0e3a":
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
    for month, abbr in enumerate(_MONTH_ABBR, start=1):
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
    before = rf"(?:(?<=เดือน)|(?<=ถึง)|(?<=แต่)|(?<=จน)|(?<=และ)|(?<![{_THAI}]))"
    after = rf"(?=$|[^{_THAI}]|ถึง|จน|ปี|พ\.?\s?ศ|ค\.?\s?ศ|และ|เป็น|ต้น)"
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


_MONTH_KEYS, _MONTH_RE = _month_table()

_Q = r"ไตรมา[สศ]\s?(?:ที่)?"  # ศ: a common misspelling
_SEM = r"ภาค\s?(?:เรียน|การศึกษา)\s?(?:ที่)?"
_ACADEMIC_YEAR = r"ปี\s?การศึกษา"


def _numbered(label: str, digits: str, group: str = "list") -> str:
    """A label and its list of numbers: "ไตรมาสที่ 1-2", "ภาคเรียนที่ 1 และ 2"."""
    return (
        rf"{label}\s*(?P<{group}>[{digits}](?:\s*(?:[-–—,]|ถึง|และ|{label})\s*[{digits}]"
        r"(?![0-9]))*)(?![0-9])"
    )


# A hyphen glued between a month and a year is Excel's "ต.ค.-67" (mmm-yy),
# unless a month follows the number: then it was a day ("1 ม.ค.-15 ก.พ.").
_GLUED_YEAR = (
    rf"(?:[-‐‑](?P<glued>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
    rf"(?!\s*(?:{_MONTH_RE})))?"
)

_TOKEN = re.compile(
    r"(?P<numdate>(?<![0-9])(?P<nd_d>[0-9]{1,2})\s*(?P<sep>[/.])\s*(?P<nd_m>[0-9]{1,2})"
    r"\s*(?P=sep)\s*(?P<nd_y>[0-9]{4}|[0-9]{2})(?![0-9]))"
    # a number right after ไตรมาส / ภาคเรียน names the part, never a day
    rf"|(?P<label>{_numbered(f'(?:{_Q}|{_SEM})', '1-4', 'parts')}|{_Q}|{_SEM}|{_ACADEMIC_YEAR})"
    rf"|(?P<month>{_MONTH_RE}){_GLUED_YEAR}"
    r"|(?P<fy>ปีงบ(?:ประมาณ)?ฯ?|fiscal\s*year|\bFY)"
    r"|(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|ปี|\bB\.E\.?|\bBE\b|\bA\.D\.?|\bAD\b)"
    r"|(?P<dash>จนถึง|ถึง|จน|[-–—−‐‑~]|\bto\b|\buntil\b|\btill\b)"
    r"|(?P<since>(?:เป็น)?ต้นไป|ปัจจุบัน)"
    r"|(?P<by>ภายใน)"
    r"|(?P<num>[0-9]+)",
    re.IGNORECASE,
)
_KINDS = ("numdate", "label", "month", "fy", "era", "dash", "since", "by", "num")

_PART_YEAR = (
    r"(?:\s*(?:/|{words})\s*(?:(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)\s*)?"
    r"(?P<year>[0-9]{{4}}|[0-9]{{2}})(?![0-9]))?"
)
_QUARTER = re.compile(_numbered(_Q, "1-4") + _PART_YEAR.format(words=r"ปีงบ(?:ประมาณ)?|ปี"))
_SEMESTER = re.compile(_numbered(_SEM, "12") + _PART_YEAR.format(words=rf"{_ACADEMIC_YEAR}|ปี"))
_ACADEMIC = re.compile(
    rf"{_ACADEMIC_YEAR}(?:\s*(?:(?P<era>พ\.?\s?ศ\.?)\s*)?(?P<year>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
    r"(?:\s*(?:[-–—]|ถึง)\s*(?P<year2>[0-9]{4}|[0-9]{2})(?![0-9]))?)?"
)
_QUARTER_WORDS = (("ไตรมาสแรก", "ไตรมาส 1"), ("ไตรมาสสุดท้าย", "ไตรมาส 4"))
_WHOLE_YEAR = re.compile(
    r"ตลอด\s?(?:ทั้ง\s?)?ปี|ทั้ง\s?ปี|ทุก\s?(?:ไตรมา[สศ]|เดือน|สัปดาห์|วัน)|ปีงบ"
    r"|^\(?(?:1|หนึ่ง)\s?ปี\)?$|^\(?12\s?เดือน\)?$"
)


# --- years ------------------------------------------------------------------

_ERAS = {"พ": "BE", "b": "BE", "ค": "CE", "a": "CE"}  # พ.ศ., B.E. / ค.ศ., A.D.


def _era_of(marker: str) -> str | None:
    return _ERAS.get(marker[:1].lower())


def _to_be(digits: str, era: str | None, near: int | None) -> int | None:
    """A printed year as BE, or None when it cannot be a year.

    A 2-digit year is BE (67 -> 2567) unless reading it as CE lands
    closer to the fiscal year at hand (24 in a 2567 report -> 2567).
    """
    n = int(digits)
    if len(digits) == 4:
        if era != "CE" and _BE_MIN <= n <= _BE_MAX:
            return n
        return n + BE_OFFSET if era != "BE" and _CE_MIN <= n <= _CE_MAX else None
    if len(digits) != 2:
        return None
    as_be, as_ce = 2500 + n, 2000 + n + BE_OFFSET
    if era == "BE":
        return as_be
    if era == "CE" or (near is not None and abs(as_ce - near) < abs(as_be - near)):
        return as_ce
    return as_be


def _plausible_fy(fiscal_year: int | None) -> int | None:
    if isinstance(fiscal_year, int) and _BE_MIN <= fiscal_year <= _BE_MAX:
        return fiscal_year
    return None


# --- token scan -------------------------------------------------------------


@dataclass(frozen=True)
class _Point:
    month: int | None = None
    day: int | None = None
    year: int | None = None  # BE


@dataclass
class _Scan:
    """What the token stream of one cell holds (a private, short-lived builder)."""

    near: int | None  # the report's fiscal year, to read 2-digit years
    points: list[_Point] = field(default_factory=list)
    text_fy: int | None = None  # "ปีงบประมาณ 2568" inside the cell
    loose_year: int | None = None  # a year not attached to any month
    since: bool = False  # "... เป็นต้นไป", "... - ปัจจุบัน": open to the fiscal year end
    by: bool = False  # "ภายใน ..."
    dangling: bool = False  # "ม.ค. - <unread> 66": the end was not understood
    # state while scanning: what a number read now would be
    era: str | None = None
    attach: bool = False  # the year of the month just read
    fy_next: bool = False  # the fiscal year just announced
    after_dash: bool = False


def _scan(text: str, near: int | None) -> _Scan:
    scan = _Scan(near)
    tokens = [(next(k for k in _KINDS if m.group(k) is not None), m) for m in _TOKEN.finditer(text)]
    pending_day: int | None = None
    for i, (kind, m) in enumerate(tokens):
        following = tokens[i + 1][0] if i + 1 < len(tokens) else None
        if kind == "num":
            pending_day = _on_number(scan, m.group(), following)
        elif kind == "month":
            year = _to_be(m.group("glued"), None, near) if m.group("glued") else None
            scan.points.append(_Point(_MONTH_KEYS.get(_key(m.group("month"))), pending_day, year))
            pending_day = None
        elif kind == "numdate":
            year = _to_be(m.group("nd_y"), None, near)
            scan.points.append(_Point(int(m.group("nd_m")), int(m.group("nd_d")), year))
        scan.since |= kind == "since"
        scan.by |= kind == "by"
        if kind == "era":
            scan.era = _era_of(m.group()) or scan.era
        else:
            scan.era = None
            scan.attach, scan.fy_next = kind == "month", kind == "fy"
            scan.after_dash = kind == "dash"
    return scan


def _on_number(scan: _Scan, digits: str, following: str | None) -> int | None:
    """Place one number; return it when it is the day of the month that follows."""
    if len(digits) > 4:  # a code or an amount; int() of a huge run may also raise
        return None
    n, era, last = int(digits), scan.era, (scan.points[-1] if scan.points else None)
    if scan.fy_next:
        scan.text_fy = _to_be(digits, era or ("BE" if len(digits) == 2 else None), scan.near)
        return None
    if scan.attach and last is not None and last.year is None:
        year = _to_be(digits, era, scan.near)
        if year is not None:
            scan.points[-1] = replace(last, year=year)
            return None
    if following == "month" and 1 <= n <= 31:
        return n
    if following == "dash" and 1 <= n <= 31 and era is None:
        scan.points.append(_Point(day=n))  # "1-15 มกราคม": month comes later
        return None
    scan.dangling |= scan.after_dash and last is not None
    if era is not None or len(digits) == 4:
        scan.loose_year = _to_be(digits, era, scan.near) or scan.loose_year
    return None


# --- from points to dates ---------------------------------------------------


def _order(p: _Point) -> tuple[int, int]:
    return (p.month or 0, p.day or 0)


def _fill(points: list[_Point], fy: int | None) -> list[_Point] | None:
    pts = list(points)
    for i in range(len(pts) - 2, -1, -1):  # a bare day takes the next month
        if pts[i].month is None:
            pts[i] = replace(pts[i], month=pts[i + 1].month)
    if pts[-1].month is None:  # "15 ม.ค. - 20": a bare end day would need guessing
        return None
    for i in range(len(pts) - 2, -1, -1):  # only the end has a year
        nxt = pts[i + 1]
        if pts[i].year is None and nxt.year is not None:
            pts[i] = replace(pts[i], year=nxt.year - (_order(pts[i]) > _order(nxt)))
    if pts[0].year is None:
        if fy is None:
            return None
        # Oct-Dec belong to the calendar year before the fiscal year's end
        pts[0] = replace(pts[0], year=fy - 1 if pts[0].month >= 10 else fy)
    for i in range(1, len(pts)):
        prev = pts[i - 1]
        if pts[i].year is None:
            pts[i] = replace(pts[i], year=prev.year + (_order(pts[i]) < _order(prev)))
    return pts


def _day(p: _Point, at_end: bool) -> date | None:
    year = (p.year or 0) - BE_OFFSET
    if not (_CE_MIN <= year <= _CE_MAX and p.month and 1 <= p.month <= 12):
        return None
    last = calendar.monthrange(year, p.month)[1]
    if p.day is None:
        return date(year, p.month, last if at_end else 1)
    if not 1 <= p.day <= 31:
        return None
    return date(year, p.month, min(p.day, last))  # "31 ก.ย." means month end


def _from_points(scan: _Scan, fy: int | None) -> Period | None:
    pts = _fill(scan.points, fy) if scan.points and not scan.dangling else None
    if not pts:
        return None
    start, end = _day(pts[0], False), _day(pts[-1], True)
    if start is None or end is None or start > end:
        return None
    if len(pts) == 1 and scan.since:
        end = fiscal_year_bounds(fiscal_year_of(start))[1]
    elif len(pts) == 1 and scan.by:
        return Period(None, end)
    return _period(start, end)


def _period(start: date, end: date) -> Period:
    whole = (start, end) == fiscal_year_bounds(fiscal_year_of(start))
    return Period(start, end, whole)


# --- quarters and whole years -----------------------------------------------


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


def _from_quarters(text: str, fy: int | None, near: int | None) -> Period | None:
    for word, digit in _QUARTER_WORDS:
        text = text.replace(word, digit)
    quarters: set[int] = set()
    for m in _QUARTER.finditer(text):
        quarters.update(int(c) for c in re.findall("[1-4]", m.group("list")))
        if m.group("year"):
            fy = _to_be(m.group("year"), _era_of(m.group("era") or ""), near) or fy
    if not quarters or fy is None:
        return None
    start = quarter_bounds(fy, min(quarters))[0]
    return _period(start, quarter_bounds(fy, max(quarters))[1])


# --- academic years and semesters ---------------------------------------------


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


def _academic_span(parts: list[tuple[set[int], int | None]], year: int | None) -> tuple[date, date]:
    """First and last day of the named semesters; `year` fills the unprinted years."""
    bounds = [semester_bounds(y or year, n) for sems, y in parts for n in sems]
    return min(b[0] for b in bounds), max(b[1] for b in bounds)


def _overlap(span: tuple[date, date], fy: int) -> int:
    first, last = fiscal_year_bounds(fy)
    return (min(span[1], last) - max(span[0], first)).days


def _from_academic(text: str, fy: int | None, near: int | None) -> Period | None:
    """ภาคเรียนที่ 1/2567, ปีการศึกษา 2566: semesters, or whole academic years.

    Without a printed year, the academic year is the one whose named part
    overlaps the fiscal year most: in fiscal 2568 (Oct 2024 - Sep 2025)
    "ภาคเรียนที่ 2" is Nov 2024 - Mar 2025, "ภาคเรียนที่ 1" May - Oct 2025,
    and "ตลอดปีการศึกษา" the school year 2567 (ties go to the earlier year).
    """
    parts: list[tuple[set[int], int | None]] = []
    for m in _SEMESTER.finditer(text):
        year = _to_be(m.group("year"), "BE", near) if m.group("year") else None
        parts.append(({int(c) for c in re.findall("[12]", m.group("list"))}, year))
    academic = list(_ACADEMIC.finditer(text))
    if not parts and not academic:
        return None
    printed = [m.group(g) for m in academic for g in ("year", "year2") if m.group(g)]
    years = [y for y in (_to_be(digits, "BE", near) for digits in printed) if y is not None]
    if not parts:
        parts = [({1, 2}, y) for y in years] or [({1, 2}, None)]
    if years or all(y is not None for _, y in parts):
        return _period(*_academic_span(parts, years[0] if years else None))
    if fy is None:
        return None
    spans = [_academic_span(parts, y) for y in (fy - 1, fy)]
    return _period(*max(spans, key=lambda span: _overlap(span, fy)))


def parse_period(text: str, fiscal_year: int | None) -> Period | None:
    """None when the text holds no period we understand (the caller records a warning).

    >>> parse_period("ตลอดปีงบประมาณ", 2566)
    Period(start=datetime.date(2022, 10, 1), end=datetime.date(2023, 9, 30), whole_year=True)
    >>> parse_period("ตามความเหมาะสม", 2566) is None
    True
    """
    if not isinstance(text, str):
        return None
    clean = normalize_text(text)
    near = _plausible_fy(fiscal_year)
    scan = _scan(clean, near)
    fy = scan.text_fy or near
    period = _from_points(scan, fy) or _from_academic(clean, fy, near) or _from_quarters(clean, fy, near)
    if period is None and _WHOLE_YEAR.search(clean):
        year = scan.text_fy or scan.loose_year or near
        if year is not None:
            period = Period(*fiscal_year_bounds(year), whole_year=True)
    return period


def looks_like_period(text: str) -> bool:
    """Whether the text would parse as a period once the fiscal year is known.

    >>> looks_like_period("ไตรมาสที่ 3"), looks_like_period("- กองคลัง")
    (True, False)
    """
    return parse_period(text, _ANY_FY) is not None


_ANY_FY = 2568  # any plausible year: it only fills years the text leaves out


# --- fiscal year of a title block -------------------------------------------

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

    >>> find_fiscal_year("ปีงบ ๖๗")
    2567
    >>> find_fiscal_year("Fiscal Year 2024")
    2567
    """
    if not isinstance(text, str):
        return None
    clean = normalize_text(text)
    for pattern in _FY_PATTERNS:
        for m in pattern.finditer(clean):
            era = _era_of(m.group("era") or "")
            digits = m.group("year")
            if era is None and len(digits) == 2 and pattern is _FY_PATTERNS[2]:
                era = "BE" if int(digits) >= 50 else "CE"  # "FY24" is CE, "FY68" BE
            year = _to_be(digits, era or ("BE" if len(digits) == 2 else None), None)
            if year is not None:
                return year
    return None


def month_number(word: str) -> int | None:
    """The month a whole word names ("ต.ค.", "ตุลาคม", "ตุลา", "Oct"), else None.

    >>> month_number("ต.ค."), month_number("มีนาคม"), month_number("ตุลาการ")
    (10, 3, None)
    """
    return _MONTH_KEYS.get(_key(normalize_text(word)))
