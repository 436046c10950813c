"""Years a document spans: a multi-year plan's first and last fiscal year."""

from __future__ import annotations

import re

from pipeline.thai.text import normalize_text

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
