"""Period cells (ระยะเวลาดำเนินการ) -> Gregorian dates.

A period cell is read as a stream of tokens (month names, numbers, year
markers, range words) and folded into one to many *points* (day?, month,
year?); the first point starts the period, the last ends it. Missing years are
inferred so that start <= end, and from the fiscal year when no year is
printed at all. Quarters and whole-year phrases are fiscal-year words; printed
months win over them. Semesters and school years are read by
`pipeline.thai.year_parts`; years, eras and months come from
`pipeline.thai.thai_calendar`.

>>> parse_period("๑ ต.ค. ๖๗ ถึง ๓๐ ก.ย. ๖๘", None)
Period(start=datetime.date(2024, 10, 1), end=datetime.date(2025, 9, 30), whole_year=True)
>>> parse_period("พ.ย. - ก.พ. 67", None)
Period(start=datetime.date(2023, 11, 1), end=datetime.date(2024, 2, 29), whole_year=False)
>>> parse_period("ไตรมาสที่ ๒", 2568)
Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 3, 31), whole_year=False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.thai.text import normalize_text
from pipeline.thai.thai_calendar import (
    MONTH_PATTERN,
    Period,
    day_of,
    era_of,
    fiscal_year_bounds,
    fiscal_year_of,
    month_number,
    period,
    plausible_fiscal_year,
    to_be,
)
from pipeline.thai.year_parts import (
    ACADEMIC_YEAR_LABEL,
    QUARTER_LABEL,
    SEMESTER_LABEL,
    from_academic,
    from_quarters,
    numbered,
)

__all__ = ["Period", "looks_like_period", "parse_period"]

# A hyphen glued between a month and a year is Excel's "ต.ค.-67" (mmm-yy),
# unless a month follows the number: then it was a day ("1 ม.ค.-15 ก.พ.").
_GLUED_YEAR = (
    rf"(?:[-‐‑](?P<glued>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
    rf"(?!\s*(?:{MONTH_PATTERN})))?"
)

_TOKEN = re.compile(
    r"(?P<numdate>(?<![0-9])(?P<nd_d>[0-9]{1,2})\s*(?P<sep>[/.])\s*(?P<nd_m>[0-9]{1,2})"
    r"\s*(?P=sep)\s*(?P<nd_y>[0-9]{4}|[0-9]{2})(?![0-9]))"
    # a number right after ไตรมาส / ภาคเรียน names the part, never a day
    rf"|(?P<label>{numbered(f'(?:{QUARTER_LABEL}|{SEMESTER_LABEL})', '1-4', 'parts')}"
    rf"|{QUARTER_LABEL}|{SEMESTER_LABEL}|{ACADEMIC_YEAR_LABEL})"
    rf"|(?P<month>(?P<month_name>{MONTH_PATTERN}){_GLUED_YEAR})"
    r"|(?P<fy>ปีงบ(?:ประมาณ)?ฯ?|fiscal\s*year|\bFY)"
    r"|(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|ปี|\bB\.E\.?|\bBE\b|\bA\.D\.?|\bAD\b)"
    r"|(?P<dash>จนถึง|ถึง|จน|[-–—−‐‑~]|\bto\b|\buntil\b|\btill\b)"
    r"|(?P<since>(?:เป็น)?ต้นไป|ปัจจุบัน)"
    r"|(?P<by>ภายใน)"
    r"|(?P<num>[0-9]+)",
    re.IGNORECASE,
)
# A token's kind is the name of its outermost group, the last to close (`Match.lastgroup`).
_KINDS = ("numdate", "label", "month", "fy", "era", "dash", "since", "by", "num")

_WHOLE_YEAR = re.compile(
    r"ตลอด\s?(?:ทั้ง\s?)?ปี|ทั้ง\s?ปี|ทุก\s?(?:ไตรมา[สศ]|เดือน|สัปดาห์|วัน)|ปีงบ"
    r"|^\(?(?:1|หนึ่ง)\s?ปี\)?$|^\(?12\s?เดือน\)?$"
)


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
    tokens = [(m.lastgroup, m) for m in _TOKEN.finditer(text)]
    pending_day: int | None = None
    for i, (kind, m) in enumerate(tokens):
        following = tokens[i + 1][0] if i + 1 < len(tokens) else None
        if kind == "num":
            pending_day = _on_number(scan, m.group(), following)
        elif kind == "month":
            year = to_be(m.group("glued"), None, near) if m.group("glued") else None
            scan.points.append(_Point(month_number(m.group("month_name")), pending_day, year))
            pending_day = None
        elif kind == "numdate":
            year = to_be(m.group("nd_y"), None, near)
            scan.points.append(_Point(int(m.group("nd_m")), int(m.group("nd_d")), year))
        scan.since |= kind == "since"
        scan.by |= kind == "by"
        if kind == "era":
            scan.era = era_of(m.group()) or scan.era
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
        scan.text_fy = to_be(digits, era or ("BE" if len(digits) == 2 else None), scan.near)
        return None
    if scan.attach and last is not None and last.year is None:
        year = to_be(digits, era, scan.near)
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
        scan.loose_year = to_be(digits, era, scan.near) or scan.loose_year
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
        next_year = pts[i + 1].year
        if pts[i].year is None and next_year is not None:
            pts[i] = replace(pts[i], year=next_year - (_order(pts[i]) > _order(pts[i + 1])))
    first_year, first_month = pts[0].year, pts[0].month
    assert first_month is not None  # every month was filled from the end's
    if first_year is None:
        if fy is None:
            return None
        # Oct-Dec belong to the calendar year before the fiscal year's end
        first_year = fy - 1 if first_month >= 10 else fy
        pts[0] = replace(pts[0], year=first_year)
    year = first_year
    for i in range(1, len(pts)):
        own = pts[i].year
        if own is None:
            own = year + (_order(pts[i]) < _order(pts[i - 1]))
            pts[i] = replace(pts[i], year=own)
        year = own
    return pts


def _from_points(scan: _Scan, fy: int | None) -> Period | None:
    pts = _fill(scan.points, fy) if scan.points and not scan.dangling else None
    if not pts:
        return None
    first, last = pts[0], pts[-1]
    start, end = day_of(first.year, first.month, first.day, False), day_of(last.year, last.month, last.day, True)
    if start is None or end is None or start > end:
        return None
    if len(pts) == 1 and scan.since:
        end = fiscal_year_bounds(fiscal_year_of(start))[1]
    elif len(pts) == 1 and scan.by:
        return Period(None, end)
    return period(start, end)


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
    near = plausible_fiscal_year(fiscal_year)
    scan = _scan(clean, near)
    fy = scan.text_fy or near
    found = _from_points(scan, fy) or from_academic(clean, fy, near) or from_quarters(clean, fy, near)
    if found is None and _WHOLE_YEAR.search(clean):
        year = scan.text_fy or scan.loose_year or near
        if year is not None:
            found = Period(*fiscal_year_bounds(year), whole_year=True)
    return found


def looks_like_period(text: str) -> bool:
    """Whether the text would parse as a period once the fiscal year is known.

    >>> looks_like_period("ไตรมาสที่ 3"), looks_like_period("- กองคลัง")
    (True, False)
    """
    return parse_period(text, _ANY_FY) is not None


_ANY_FY = 2568  # any plausible year: it only fills years the text leaves out
