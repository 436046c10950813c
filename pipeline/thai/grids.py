"""Month and quarter grids: the period drawn as marks across month columns.

Plans print the period as a grid: a group header "ระยะเวลา (ปีงบประมาณ 2568)"
over twelve columns "ต.ค. พ.ย. … ก.ย." (or "ไตรมาส 1–4"), and in each row an
arrow, a line, shading or ticks across the months the activity runs. The
period runs from the first day of the first marked column to the last day of
the last one; a month without a printed year takes it from the grid's fiscal
year (October to December fall in the calendar year before).

>>> slots = [grid_slot(t) for t in ("ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.")]
>>> grid_period(slots[1], slots[3], 2568)
GridPeriod(start=datetime.date(2024, 11, 1), end=datetime.date(2025, 1, 31), text='grid: พ.ย.–ม.ค. 2568')
>>> grid_period(grid_slot("ไตรมาส 2"), grid_slot("ไตรมาสที่ 3"), 2568).end
datetime.date(2025, 6, 30)
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from pipeline.thai.text import normalize_text
from pipeline.thai.thai_calendar import BE_OFFSET, month_number, quarter_bounds

MONTH, QUARTER = "month", "quarter"
# "ไตรมาส 1", "ไตรมาสที่ 2 (ม.ค.-มี.ค.)", "Q3"
_QUARTER = re.compile(r"^(?:ไตรมา[สศ]\s?(?:ที่)?|q)\s*([1-4])(?:\s*\(.*\))?$", re.IGNORECASE)
_BARE_QUARTER = re.compile(r"^([1-4])$")
_MONTH_YEAR = re.compile(r"^(?P<word>[^0-9]+?)\s*(?:(?:พ\.?\s?ศ\.?)\s*)?(?P<year>[0-9]{2}|25[0-9]{2})?$")
# A year printed in a group header over the grid: "(ปีงบประมาณ 2568)", "พ.ศ. 2568", "ปี 68".
_HEADER_YEAR = re.compile(r"(?:ปีงบ(?:ประมาณ)?|พ\.?\s?ศ\.?|ปี)\s*(?P<year>25[0-9]{2}|[0-9]{2})(?![0-9])")


@dataclass(frozen=True)
class GridSlot:
    kind: str  # MONTH or QUARTER
    number: int  # month 1..12 or quarter 1..4
    year: int | None  # BE year printed with a month ("ต.ค. 67"), else None
    text: str  # the column's label as printed, normalised


@dataclass(frozen=True)
class GridPeriod:
    start: date
    end: date
    text: str  # how it was read: "grid: ต.ค.–พ.ย. 2568"


def _be(digits: str) -> int:
    year = int(digits)
    return year + 2500 if year < 100 else year


def grid_slot(cell: str, quarters: bool = False) -> GridSlot | None:
    """The month or quarter a grid column's header names, else None.

    `quarters`: a bare "1".."4" names a quarter (under a "ไตรมาส" group header).
    """
    text = normalize_text(cell).strip()
    if not text or len(text) > 30:
        return None
    if m := _QUARTER.match(text):
        return GridSlot(QUARTER, int(m.group(1)), None, text)
    if quarters and (m := _BARE_QUARTER.match(text)):
        return GridSlot(QUARTER, int(m.group(1)), None, f"ไตรมาส {m.group(1)}")
    m = _MONTH_YEAR.match(text)
    if m is None:
        return None
    month = month_number(m.group("word"))
    if month is None:
        return None
    year = _be(m.group("year")) if m.group("year") else None
    return GridSlot(MONTH, month, year, text)


_YEAR_LABEL = re.compile(r"^(?:(?:ปี(?:งบประมาณ)?|พ\.?\s?ศ\.?)\s*)*(25[0-9]{2})$")


def year_label(cell: str) -> int | None:
    """The BE year a column of per-year figures is headed with ("2567", "ปี 2567", "พ.ศ. 2567"), else None.

    >>> year_label("ปี ๒๕๖๗"), year_label("ปีงบประมาณ พ.ศ. 2568"), year_label("2567 บาท")
    (2567, 2568, None)
    """
    m = _YEAR_LABEL.match(normalize_text(cell).strip())
    return int(m.group(1)) if m else None


def header_year(text: str) -> int | None:
    """The BE year a group header over a grid prints ("ระยะเวลา (ปีงบประมาณ 2568)"), else None."""
    m = _HEADER_YEAR.search(normalize_text(text))
    return _be(m.group("year")) if m else None


def _month_start(slot: GridSlot, fiscal_year: int) -> date:
    if slot.year is not None:
        return date(slot.year - BE_OFFSET, slot.number, 1)
    last_ce = fiscal_year - BE_OFFSET
    return date(last_ce - 1 if slot.number >= 10 else last_ce, slot.number, 1)


def grid_period(first: GridSlot, last: GridSlot, fiscal_year: int) -> GridPeriod:
    """The period from the first marked column to the last one."""
    if first.kind == QUARTER:
        start, end = quarter_bounds(fiscal_year, first.number)[0], quarter_bounds(fiscal_year, last.number)[1]
    else:
        start = _month_start(first, fiscal_year)
        end_month = _month_start(last, fiscal_year)
        end = end_month.replace(day=calendar.monthrange(end_month.year, end_month.month)[1])
    span = first.text if first == last else f"{first.text}–{last.text}"
    return GridPeriod(start, end, f"grid: {span} {fiscal_year}")
