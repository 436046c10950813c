"""How reports print a measure's number: in its own cell, or at the start of its title.

>>> parse_measure_no("มาตรการที่ 3"), parse_measure_no("1.2"), parse_measure_no("ข้อ")
(3, 1, None)
>>> title_number("2. เปิดเผยข้อมูล")
('2', 'เปิดเผยข้อมูล')
"""

from __future__ import annotations

import re

# A number cell: "3", "3.", "มาตรการที่ 3", "ข้อ 3", or an activity "3.1" of measure 3.
_MEASURE_NO = re.compile(r"^\s*(?:มาตรการที่|ข้อ)?\s*([0-9]{1,3})(?:\.([0-9]{1,2}))?\s*[.)]?\s*$")
# A title that carries its number: "3. การเปิดเผยข้อมูล", "มาตรการที่ 3 …" (not "3.5 ล้านบาท").
_TITLE_NUMBER = re.compile(r"^\s*(?:มาตรการที่\s*)?([0-9]{1,3})(?:[.)]|\s)\s*(?![0-9])")


def parse_measure_no(text: str) -> int | None:
    """The measure a number cell names, or None when it names none."""
    match = _MEASURE_NO.match(text)
    return int(match.group(1)) if match else None


def title_number(title: str) -> tuple[str, str] | None:
    """(number, the rest of the title) when the title opens with its measure's number."""
    match = _TITLE_NUMBER.match(title)
    return (match.group(1), title[match.end() :]) if match else None
