"""Responsible units: one cell -> the names of the units it lists.

Agencies separate units with list items, line breaks, commas, slashes and
bullets ("กลุ่มส่งเสริมและพัฒนาการผลิต /, กลุ่มอารักขาพืช"), or only by the
word that opens each name ("สำนักปลัด กองคลัง"). No separator stays on a name.

>>> split_units(["กลุ่มส่งเสริมและพัฒนาการผลิต /, กลุ่มอารักขาพืช"])
['กลุ่มส่งเสริมและพัฒนาการผลิต', 'กลุ่มอารักขาพืช']
>>> split_units(["ฝ่ายประชาสัมพันธ์ สำนักปลัดเทศบาล กองคลัง"])
['ฝ่ายประชาสัมพันธ์ สำนักปลัดเทศบาล', 'กองคลัง']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.layout.labels import BULLETS
from pipeline.thai.chars import LETTERS_AND_DIGITS

# Words that open the name of a unit, by rank: a lower unit followed by a
# higher one names one unit ("ฝ่ายประชาสัมพันธ์ สำนักปลัดเทศบาล"); units of
# the same rank side by side are two ("สำนักปลัด กองคลัง"). Office holders
# and committees always stand alone.
UNIT_RANKS = (
    ("สำนักงาน", 5),
    ("สำนัก", 4),
    ("กอง", 4),
    ("ฝ่าย", 3),
    ("กลุ่ม", 3),
    ("งาน", 2),
    ("ศูนย์", 2),
    ("หน่วย", 2),
    ("แผนก", 2),
)
OFFICE_HOLDERS = ("ผู้อำนวยการ", "หัวหน้า", "ปลัด", "นายก", "รองนายก", "รองปลัด", "เจ้าหน้าที่", "ครู", "คณะกรรมการ", "คณะทำงาน")
UNIT_WORDS = tuple(w for w, _ in UNIT_RANKS) + OFFICE_HOLDERS
_UNIT_HEAD = re.compile(r"\s+(?=(?:" + "|".join(UNIT_WORDS) + rf")[{LETTERS_AND_DIGITS}])")
# Separators between names: commas, semicolons, slashes, line breaks, and
# bullets (a dash only with a space on each side: "งานป้องกัน - กองช่าง").
_BULLET_SIGNS = re.escape(BULLETS.replace("-", "").replace("–", ""))
_SEPARATOR = re.compile(rf"[,;/\n、{_BULLET_SIGNS}]|\s[-–]\s")
_EDGE = re.compile(rf"^[\s,;/.:{re.escape(BULLETS)}]+|[\s,;/:{re.escape(BULLETS)}]+$")


def _rank(unit: str) -> int | None:
    if unit.startswith(OFFICE_HOLDERS):
        return None
    return next((rank for word, rank in UNIT_RANKS if unit.startswith(word)), None)


def _by_unit_words(text: str) -> list[str]:
    units: list[str] = []
    previous: int | None = None  # rank of the last name's last part
    for part in _UNIT_HEAD.split(text):
        current = _rank(part)
        if units and previous is not None and current is not None and current > previous:
            units[-1] = f"{units[-1]} {part}"  # a unit and the body it belongs to
        else:
            units.append(part)
        previous = current if units[-1] == part or current is None else max(previous or 0, current)
    return units


def split_units(items: Iterable[str]) -> list[str]:
    """Unit names from the list items of a responsible cell, in order."""
    units = []
    for item in items:
        for part in _SEPARATOR.split(item):
            for unit in _by_unit_words(part.strip()):
                name = _EDGE.sub("", unit)
                if name:
                    units.append(name)
    return units


def looks_like_units(text: str) -> bool:
    """Every name in a cell opens with a unit or office word ("สำนักปลัด", "ครูประจำชั้น")."""
    names = split_units([text])
    return bool(names) and all(n.startswith(UNIT_WORDS) for n in names)
