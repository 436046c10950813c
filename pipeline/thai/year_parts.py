"""Named parts of a year in a period cell: fiscal quarters, semesters, school years.

"ไตรมาสที่ 1-2" and "ไตรมาสแรก" name quarters of the fiscal year;
"ภาคเรียนที่ 1/2567" and "ปีการศึกษา 2566" follow the Thai academic year,
16 May to 31 March (see `pipeline.thai.thai_calendar`).

>>> from_quarters("ไตรมาสที่ 2", 2568, 2568)
Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 3, 31), whole_year=False)
"""

from __future__ import annotations

import re
from datetime import date

from pipeline.thai.thai_calendar import (
    Period,
    era_of,
    fiscal_year_bounds,
    period,
    quarter_bounds,
    semester_bounds,
    to_be,
)

QUARTER_LABEL = r"ไตรมา[สศ]\s?(?:ที่)?"  # ศ: a common misspelling
SEMESTER_LABEL = r"ภาค\s?(?:เรียน|การศึกษา)\s?(?:ที่)?"
ACADEMIC_YEAR_LABEL = r"ปี\s?การศึกษา"


def numbered(label: str, digits: str, group: str = "list") -> str:
    """A label and its list of numbers: "ไตรมาสที่ 1-2", "ภาคเรียนที่ 1 และ 2"."""
    return (
        rf"{label}\s*(?P<{group}>[{digits}](?:\s*(?:[-–—,]|ถึง|และ|{label})\s*[{digits}]"
        r"(?![0-9]))*)(?![0-9])"
    )


_PART_YEAR = (
    r"(?:\s*(?:/|{words})\s*(?:(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)\s*)?"
    r"(?P<year>[0-9]{{4}}|[0-9]{{2}})(?![0-9]))?"
)
_QUARTER = re.compile(numbered(QUARTER_LABEL, "1-4") + _PART_YEAR.format(words=r"ปีงบ(?:ประมาณ)?|ปี"))
_SEMESTER = re.compile(numbered(SEMESTER_LABEL, "12") + _PART_YEAR.format(words=rf"{ACADEMIC_YEAR_LABEL}|ปี"))
_ACADEMIC = re.compile(
    rf"{ACADEMIC_YEAR_LABEL}(?:\s*(?:(?P<era>พ\.?\s?ศ\.?)\s*)?(?P<year>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
    r"(?:\s*(?:[-–—]|ถึง)\s*(?P<year2>[0-9]{4}|[0-9]{2})(?![0-9]))?)?"
)
_QUARTER_WORDS = (("ไตรมาสแรก", "ไตรมาส 1"), ("ไตรมาสสุดท้าย", "ไตรมาส 4"))


def from_quarters(text: str, fy: int | None, near: int | None) -> Period | None:
    """The quarters named in `text` as one period, or None; `fy` is the fiscal year when none is printed."""
    for word, digit in _QUARTER_WORDS:
        text = text.replace(word, digit)
    quarters: set[int] = set()
    for m in _QUARTER.finditer(text):
        quarters.update(int(c) for c in re.findall("[1-4]", m.group("list")))
        if m.group("year"):
            fy = to_be(m.group("year"), era_of(m.group("era") or ""), near) or fy
    if not quarters or fy is None:
        return None
    start = quarter_bounds(fy, min(quarters))[0]
    return period(start, quarter_bounds(fy, max(quarters))[1])


def _academic_span(parts: list[tuple[set[int], int | None]], year: int) -> tuple[date, date]:
    """First and last day of the named semesters; `year` fills the unprinted years."""
    bounds = [semester_bounds(y or year, n) for sems, y in parts for n in sems]
    return min(b[0] for b in bounds), max(b[1] for b in bounds)


def _overlap(span: tuple[date, date], fy: int) -> int:
    first, last = fiscal_year_bounds(fy)
    return (min(span[1], last) - max(span[0], first)).days


def from_academic(text: str, fy: int | None, near: int | None) -> Period | None:
    """ภาคเรียนที่ 1/2567, ปีการศึกษา 2566: semesters, or whole academic years.

    Without a printed year, the academic year is the one whose named part
    overlaps the fiscal year most: in fiscal 2568 (Oct 2024 - Sep 2025)
    "ภาคเรียนที่ 2" is Nov 2024 - Mar 2025, "ภาคเรียนที่ 1" May - Oct 2025,
    and "ตลอดปีการศึกษา" the school year 2567 (ties go to the earlier year).
    """
    parts: list[tuple[set[int], int | None]] = []
    for m in _SEMESTER.finditer(text):
        year = to_be(m.group("year"), "BE", near) if m.group("year") else None
        parts.append(({int(c) for c in re.findall("[12]", m.group("list"))}, year))
    academic = list(_ACADEMIC.finditer(text))
    if not parts and not academic:
        return None
    printed = [m.group(g) for m in academic for g in ("year", "year2") if m.group(g)]
    years = [y for y in (to_be(digits, "BE", near) for digits in printed) if y is not None]
    if not parts:
        parts = [({1, 2}, y) for y in years] or [({1, 2}, None)]
    if years:
        return period(*_academic_span(parts, years[0]))
    if all(y is not None for _, y in parts):
        return period(*_academic_span(parts, 0))  # every semester has its year: none to fill
    if fy is None:
        return None
    spans = [_academic_span(parts, y) for y in (fy - 1, fy)]
    return period(*max(spans, key=lambda span: _overlap(span, fy)))
