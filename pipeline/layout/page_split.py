"""Which page-top row is the rest of the row above (a row split by a page break)?

A split row and a genuine continuation row (the next activity of the same
measure) both open a page with empty number and measure cells, and geometry
cannot tell them apart. Content can: a new activity has its own period,
while the rest of a split row has an empty period cell or the tail of the
period above ("ก.ย. 66" after "ต.ค. 65 -"). Columns are known from the last
header row seen.
"""

from __future__ import annotations

import re

from pipeline.layout.headers import match_header
from pipeline.thai.text import normalize_text
from pipeline.thai.thai_calendar import MONTH_ABBREVIATIONS, MONTH_NAMES

_MONTHS = (*MONTH_NAMES, *MONTH_ABBREVIATIONS)
_MONTH = "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True))
# Words that open a period cell ("ไตรมาสที่ 2", "ตลอดปีงบประมาณ", "ภายใน 30 วัน").
_PERIOD_WORDS = "ไตรมาส|ตลอด|ปีงบ|ภายใน|ทุกเดือน|ทุกวัน|ทุกปี|ทุก|ตั้งแต่|ระหว่าง|ช่วง|วันที่|เดือน|ปี"
_STARTS_PERIOD = re.compile(
    rf"^(?:[0-9]{{1,2}}\s*(?:{_MONTH})|(?:{_MONTH})|(?:{_PERIOD_WORDS})"
    r"|[0-9]{1,2}\s*[/.-]\s*[0-9]{1,2}\s*[/.-])"
)
# A period cut short: a day alone, a range word (after a month, perhaps with
# the day after it: "1 ต.ค. 67 – 30"; "ไตรมาส 1-4" is whole) or a month still
# waiting for its year.
_UNFINISHED_PERIOD = re.compile(
    rf"(?:^[0-9]{{1,2}}|(?:[-–—]|ถึง|จนถึง)|(?:{_MONTH}).*(?:[-–—]|ถึง)\s*[0-9]{{1,2}}|ตั้งแต่|ตลอด|ภายใน|ระหว่าง"
    rf"|(?:{_MONTH}))$"
)


class Columns:
    """Column roles from the most recent header row."""

    def __init__(self) -> None:
        self.roles: dict[int, str] = {}

    def see(self, cells: tuple[str | None, ...]) -> bool:
        """Remember the header's columns; True if `cells` is a header row."""
        header = match_header(cells)
        if header is None:
            return False
        self.roles = {i: name for i, name in header.columns.items()}
        return True

    def index(self, role: str) -> int | None:
        return next((i for i, name in self.roles.items() if name == role), None)


def continues_above(cells: tuple[str | None, ...], above: tuple[str | None, ...] | None, columns: Columns) -> bool:
    """Is this page-top row the rest of `above`, the last row of the page before?"""
    if above is None:
        return False
    number = columns.index("number")
    if number is not None and _text(cells, number):
        return False  # a new row starts with its number; a split never moves it
    period = columns.index("period")
    if period is None:
        return True  # page breaks split far more rows than they fall between two
    fragment = _text(cells, period)
    if not fragment or not _STARTS_PERIOD.match(fragment):
        return True
    return bool(_UNFINISHED_PERIOD.search(_text(above, period)))


def _text(cells: tuple[str | None, ...], index: int) -> str:
    if index >= len(cells) or cells[index] is None:
        return ""
    return normalize_text(cells[index] or "")
