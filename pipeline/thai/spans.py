"""Years a document spans: a multi-year plan's first and last fiscal year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.thai.periods import parse_period
from pipeline.thai.text import normalize_text
from pipeline.thai.thai_calendar import fiscal_year_bounds

# "แผนปฏิบัติการ … ระยะที่ 2 (พ.ศ. 2566–2570)", "แผนพัฒนา 4 ปี (2566 - 2569)"
_BE_MARK = r"(?:พ\.?\s?ศ\.?\s*)?"
_SPAN = re.compile(rf"{_BE_MARK}(?P<first>25[0-9]{{2}})\s*(?:[-–—]|ถึง)\s*{_BE_MARK}(?P<last>25[0-9]{{2}})(?![0-9])")
_PLAN_WORDS = ("แผน", "ระยะ", "ปีงบประมาณ")
MAX_PLAN_YEARS = 20


def find_plan_span(text: str) -> tuple[int, int] | None:
    """The first and last BE year of a multi-year plan named in a title block, or None.

    >>> find_plan_span("แผนปฏิบัติราชการ ระยะที่ ๒ (พ.ศ. ๒๕๖๖-๒๕๗๐)")
    (2566, 2570)
    >>> find_plan_span("ประจำปีงบประมาณ พ.ศ. 2568") is None
    True
    """
    if not isinstance(text, str):
        return None
    for line in normalize_text(text).split("\n"):
        if not any(word in line for word in _PLAN_WORDS):
            continue
        for m in _SPAN.finditer(line):
            first, last = int(m.group("first")), int(m.group("last"))
            if 0 < last - first <= MAX_PLAN_YEARS:
                return first, last
    return None


# --- the reporting round of a result report ------------------------------------

# "☑ รอบ 6 เดือน  ☐ รอบ 12 เดือน", "รายงานผล รอบ 6 เดือน (1 ต.ค. 67 - 31 มี.ค. 68)"
_ROUND = re.compile(r"รอบ\s*(?:ที่\s*[0-9]\s*)?\(?\s*([0-9]{1,2})\s*เดือน\s*\)?")
_TICKED = "☑☒✓✔√■●◉▣"
_UNTICKED = "☐□○◯"


@dataclass(frozen=True)
class Round:
    months: int  # 6 or 12: the months of the fiscal year the report covers
    start: date
    end: date
    text: str  # "รอบ 6 เดือน"


def find_round(text: str, fiscal_year: int | None) -> Round | None:
    """The reporting round a title block ticks or names, with its dates, else None.

    A round with a box is the one whose box is ticked; the dates printed after
    it are its period, else the round's share of the fiscal year from October.

    >>> find_round("☐ รอบ 6 เดือน ☑ รอบ 12 เดือน", 2568)
    Round(months=12, start=datetime.date(2024, 10, 1), end=datetime.date(2025, 9, 30), text='รอบ 12 เดือน')
    >>> find_round("รายงานผล รอบ 6 เดือน (1 ต.ค. 67 - 31 มี.ค. 68)", 2568).end
    datetime.date(2025, 3, 31)
    """
    if not isinstance(text, str):
        return None
    clean = normalize_text(text)
    found = list(_ROUND.finditer(clean))
    if not found:
        return None
    boxed = [m for m in found if _box(clean, m.start()) in _TICKED + _UNTICKED]
    ticked = [m for m in boxed if _box(clean, m.start()) in _TICKED]
    if boxed:
        if len(ticked) != 1:
            return None  # boxes with none (or several) ticked name no round
        chosen = ticked[0]
    elif len({m.group(1) for m in found}) == 1:
        chosen = found[0]
    else:
        return None
    months = int(chosen.group(1))
    if not 1 <= months <= 12:
        return None
    rest = clean[chosen.end() :].split("\n", 1)[0]
    rest = re.split(f"[{_TICKED}{_UNTICKED}]|รอบ", rest, maxsplit=1)[0]
    period = parse_period(rest, fiscal_year) if rest.strip() else None
    if period is not None and period.start and period.end:
        return Round(months, period.start, period.end, f"รอบ {months} เดือน")
    if fiscal_year is None:
        return None
    start = fiscal_year_bounds(fiscal_year)[0]
    end_month = (start.month + months - 2) % 12 + 1
    end_year = start.year + (start.month + months - 2) // 12
    end = fiscal_year_bounds(fiscal_year)[1] if months == 12 else _month_end(end_year, end_month)
    return Round(months, start, end, f"รอบ {months} เดือน")


def _box(text: str, at: int) -> str:
    """The sign just before a round's words (a box, ticked or not), or "-" when there is none."""
    return text[max(0, at - 3) : at].strip()[-1:] or "-"


def _month_end(year: int, month: int) -> date:
    import calendar

    return date(year, month, calendar.monthrange(year, month)[1])
