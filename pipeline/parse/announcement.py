"""Measure announcements: "ประกาศ <agency> เรื่อง มาตรการ…", measures as a numbered prose list.

Each numbered item of the body is a measure: its first sentence is the title,
its whole text the measure's one action. The fiscal year follows from the
announcement date ("ประกาศ ณ วันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๗" is in fiscal 2568).

>>> a = read_announcement(["ประกาศเทศบาลตำบลหนองบัว", "เรื่อง มาตรการป้องกันการรับสินบน",
...     "เพื่อให้การปฏิบัติงานโปร่งใส จึงกำหนดมาตรการ ดังนี้",
...     "๑. ห้ามรับของขวัญ ทุกกรณี", "๒. เปิดเผยข้อมูลการจัดซื้อจัดจ้าง", "ประกาศ ณ วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗"])
>>> (a.fiscal_year, [m.title for m in a.measures])
(2568, ['ห้ามรับของขวัญ', 'เปิดเผยข้อมูลการจัดซื้อจัดจ้าง'])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.parse.meta import dated_fiscal_year
from pipeline.thai.text import normalize_text

# "1." "๑." "(1)" "1)" opening a body line; "1.1" is a sub-item and stays inside.
_ITEM = re.compile(r"^\(?([0-9]{1,2})[.)](?![0-9])\s*")
_DATE_LINE = re.compile(r"^(?:ประกาศ|สั่ง)\s*ณ\s*วันที่\s*(.+)$")
_SUBJECT = re.compile(r"^เรื่อง\s*")
# Lines that close the list of measures before the date: "ทั้งนี้ ตั้งแต่…", "จึงประกาศมาเพื่อทราบ".
_CLOSING = re.compile(r"^(?:ทั้งนี้|จึงประกาศ|ประกาศมา|จึงขอประกาศ)")
# A title is the item's first sentence: Thai ends a sentence with a space, so
# the first space after at least this many characters ends the title.
MIN_TITLE = 12


@dataclass(frozen=True)
class AnnouncedMeasure:
    number: int
    title: str
    text: str


@dataclass(frozen=True)
class Announcement:
    heading: str  # "ประกาศเทศบาลตำบลหนองบัว"
    subject: str  # "มาตรการป้องกันการรับสินบน"
    fiscal_year: int | None
    date_text: str | None
    measures: tuple[AnnouncedMeasure, ...]


def read_announcement(lines: Sequence[str]) -> Announcement:
    text = [normalize_text(line) for line in lines if line.strip()]
    heading = next((line for line in text if line.startswith("ประกาศ") and not _DATE_LINE.match(line)), "")
    subject = next((_SUBJECT.sub("", line) for line in text if _SUBJECT.match(line)), "")
    date_text = next((m.group(1) for line in text if (m := _DATE_LINE.match(line))), None)
    fiscal_year = dated_fiscal_year([line for line in text if _DATE_LINE.match(line)])
    return Announcement(heading, subject, fiscal_year, date_text, tuple(_measures(text)))


def _measures(lines: list[str]) -> list[AnnouncedMeasure]:
    """Numbered body items in order; unnumbered lines continue the item above."""
    items: list[tuple[int, list[str]]] = []
    for line in lines:
        if _DATE_LINE.match(line) or (items and _CLOSING.match(line)):
            break
        match = _ITEM.match(line)
        if match:
            items.append((int(match.group(1)), [line[match.end() :]]))
        elif items:
            items[-1][1].append(line)
    return [AnnouncedMeasure(n, _first_sentence(" ".join(parts)), " ".join(parts)) for n, parts in items]


def _first_sentence(text: str) -> str:
    cut = text.find(" ", MIN_TITLE)
    return text if cut < 0 else text[:cut]
