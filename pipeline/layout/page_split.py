"""Which page-top row is the rest of the row above (a row split by a page break)?

A split row and a genuine continuation row (the next activity of the same
measure) both open a page with empty number and measure cells, and geometry
cannot tell them apart. Content can: a new activity has its own period,
while the rest of a split row has an empty period cell or the tail of the
period above ("ก.ย. 66" after "ต.ค. 65 -"). This is the one rule for every
format: readers only say which row opens a page right below a table row
(`RawRow.starts_page`); the table stage asks this module.

>>> continues_above("", "ก.ย. 66", "ต.ค. 65 -")
True
>>> continues_above("", "ปี 2567", "ต.ค. 65 - ก.ย. 66")
False
"""

from __future__ import annotations

import re

from pipeline.thai.text import normalize_text
from pipeline.thai.thai_calendar import MONTH_ABBREVIATIONS, MONTH_CLIPPED, MONTH_NAMES

_MONTHS = (*MONTH_NAMES, *MONTH_CLIPPED, *MONTH_ABBREVIATIONS)
_MONTH = "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True))
# Words that open a period cell ("ไตรมาสที่ 2", "ตลอดปีงบประมาณ", "ภายใน 30 วัน", "ปี 2567").
_PERIOD_WORDS = "ไตรมาส|ตลอด|ปีงบ|ภายใน|ทุกเดือน|ทุกวัน|ทุกปี|ทุก|ตั้งแต่|ระหว่าง|ช่วง|วันที่|เดือน|ปี"
# A cell that opens with a day and month, a month, a period word or a numeric
# date starts a period of its own. A fragment opening with a bare year or a
# range word ("67 ถึง 30 ก.ย. 68") never does: it is the tail of a cut period,
# although it would parse as one.
_STARTS_PERIOD = re.compile(
    rf"^(?:[0-9]{{1,2}}\s*(?:{_MONTH})|(?:{_MONTH})|(?:{_PERIOD_WORDS})"
    r"|[0-9]{1,2}\s*[/.-]\s*[0-9]{1,2}\s*[/.-])"
)
# A period cut short: a day alone, a range word, a day after a dated range
# word ("1 ต.ค. 67 – 30"; "ไตรมาส 1-4" is whole) or a word that needs what
# follows ("ตั้งแต่", "ภายใน", "ตลอด"). A month alone is a whole period (month
# grids write "ต.ค." with the fiscal year implied), so the next page's "พ.ย."
# is a new activity.
_UNFINISHED_PERIOD = re.compile(
    rf"(?:^[0-9]{{1,2}}|(?:[-–—]|ถึง|จนถึง)|(?:{_MONTH}).*(?:[-–—]|ถึง)\s*[0-9]{{1,2}}"
    r"|ตั้งแต่|ตลอด|ภายใน|ระหว่าง)$"
)


def continues_above(number: str, period: str | None, period_above: str | None) -> bool:
    """Is a page-top row the rest of the row above it on the page before?

    `number` and `period` are the row's number and period cells (plain text),
    `period_above` the period of the row above; `period` is None when the
    table has no period column.
    """
    if normalize_text(number):
        return False  # a new row starts with its number; a split never moves it
    if period is None:
        return True  # page breaks split far more rows than they fall between two
    fragment = normalize_text(period)
    if not fragment or not _STARTS_PERIOD.match(fragment):
        return True
    return bool(_UNFINISHED_PERIOD.search(normalize_text(period_above or "")))
