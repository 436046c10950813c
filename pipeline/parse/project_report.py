"""Project result reports: a filled form read into fields, tick boxes and amounts.

The form's fields (see `pipeline.layout.forms`) become one measure (the
project) with one activity: its period, responsible units, outputs (results
and participants, with their quantities), outcomes, and the rest kept as
extra fields. Ticked options are data; an unticked option never becomes part
of a value. Amounts allocated, spent and remaining are read wherever the form
prints them ("เงินงบประมาณที่ได้รับ จำนวน ๕๐,๐๐๐ บาท").

>>> r = read_project_report(["แบบรายงานผลการดำเนินงานโครงการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๙",
...     "ชื่อโครงการ อบรมคุณธรรม", "☐ ยังไม่เริ่มดำเนินการ", "☑ ดำเนินโครงการแล้วเสร็จ",
...     "ได้รับจัดสรรงบประมาณ จำนวน ๕๐,๐๐๐ บาท ใช้จ่ายจริง ๔๘,๕๐๐ บาท"])
>>> (r.fields["title"], r.ticked, r.amounts["allocated"], r.amounts["spent"])
('อบรมคุณธรรม', ('ดำเนินโครงการแล้วเสร็จ',), 50000.0, 48500.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.layout.forms import (
    BUDGET_WORDS,
    blank_of,
    is_signature,
    open_field,
    opens_section,
    split_options,
    tick_of,
)
from pipeline.parse.records import BAHT_AMOUNT
from pipeline.thai.text import normalize_text

AMOUNT_REACH = 40  # characters between an amount's wording and its number
OTHER_SECTIONS = "other_sections"  # numbered sections whose wording is no known field


@dataclass(frozen=True)
class ProjectReport:
    fields: dict[str, str]  # field -> value, placeholders removed; multi-line values keep "\n"
    ticked: tuple[str, ...]  # options whose box is ticked, in order
    unticked: tuple[str, ...]
    amounts: dict[str, float | None]  # allocated / spent / remaining, in baht


def read_project_report(lines: Sequence[str]) -> ProjectReport:
    fields: dict[str, list[str]] = {}
    ticked: list[str] = []
    unticked: list[str] = []
    current: str | None = None
    signed = False  # inside a signature block: the signer's title is no field
    for line in (part for raw in lines for part in split_options(normalize_text(raw))):
        if is_signature(line):
            current, signed = None, True
            continue
        tick = tick_of(line)
        if tick is not None:
            (ticked if tick[0] else unticked).append(blank_of(tick[1]))
            continue
        numbered = opens_section(line)
        opened = open_field(line) if numbered or not signed else None
        if opened is not None:
            current, rest = opened
            fields.setdefault(current, []).append(blank_of(rest))
            signed = False
        elif numbered:  # a section the form names in words of its own: kept, and it ends the field above
            current, signed = OTHER_SECTIONS, False
            fields.setdefault(current, []).append(blank_of(line))
        elif current is not None:
            fields[current].append(blank_of(line))
    values = {name: "\n".join(v for v in parts if v) for name, parts in fields.items()}
    return ProjectReport(
        values,
        tuple(t for t in ticked if t),
        tuple(t for t in unticked if t),
        _amounts(values, normalize_text(" ".join(lines))),
    )


def _amounts(values: dict[str, str], text: str) -> dict[str, float | None]:
    """Allocated, spent and remaining baht; a spending breakdown counts by its total (รวม)."""
    amounts = {name: _amount(text, words) for name, words in BUDGET_WORDS.items()}
    spending = values.get("spending", "").replace("\n", " ")
    total = _amount(spending, ("รวมทั้งสิ้น", "รวม")) if spending else None
    if total is not None:
        amounts["spent"] = total
    return amounts


def _amount(text: str, words: tuple[str, ...]) -> float | None:
    """The first amount in baht within reach after one of `words`."""
    for word in words:
        start = text.find(word)
        while start >= 0:
            match = BAHT_AMOUNT.search(text, start + len(word), start + len(word) + AMOUNT_REACH)
            if match:
                return float(match.group(1).replace(",", ""))
            start = text.find(word, start + 1)
    return None
