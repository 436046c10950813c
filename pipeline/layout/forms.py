"""How project result forms look: field wordings, tick boxes, placeholders, signatures.

A project result report (แบบรายงานผลการดำเนินงานโครงการ) is a form, not a
table: a field opens a line ("ชื่อโครงการ …", "๒. วัตถุประสงค์"), often after
a section number, its value follows on that line and the next ones, options
are tick boxes, and blanks are dot leaders.

>>> open_field("๑. ชื่อโครงการ อบรมคุณธรรม")
('title', 'อบรมคุณธรรม')
>>> tick_of("☑ ดำเนินโครงการแล้วเสร็จ")
(True, 'ดำเนินโครงการแล้วเสร็จ')
"""

from __future__ import annotations

import re

from pipeline.thai.chars import CONSONANTS
from pipeline.thai.chars import LETTERS_AND_DIGITS as _THAI

# (field, wordings): longest wordings first within a field; fields tried in order.
FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("ชื่อโครงการ/กิจกรรม", "ชื่อกิจกรรม/โครงการ", "ชื่อโครงการ", "ชื่อกิจกรรม", "โครงการ")),
    (
        "responsible",
        (
            "ชื่อบุคคล/งานที่รับผิดชอบ",
            "หน่วยงานที่รับผิดชอบ",
            "หน่วยงานผู้รับผิดชอบ",
            "ผู้รับผิดชอบโครงการ",
            "ผู้รับผิดชอบ",
            "หน่วยงาน",
        ),
    ),
    ("objectives", ("วัตถุประสงค์",)),
    ("target", ("กลุ่มเป้าหมาย", "เป้าหมาย")),
    (
        "period",
        (
            "ระยะเวลาดำเนินการ",
            "ระยะเวลาดำเนินโครงการ",
            "ระยะเวลาการดำเนินงาน",
            "วัน/สถานที่ดำเนินการ",
            "วันที่ดำเนินการ",
            "ระยะเวลา",
        ),
    ),
    ("place", ("สถานที่ดำเนินการ", "สถานที่")),
    ("budget", ("ได้รับจัดสรรงบประมาณ", "เงินงบประมาณที่ได้รับ", "งบประมาณที่ได้รับ", "งบประมาณ")),
    ("participants", ("จำนวนผู้เข้าร่วมกิจกรรมโครงการ", "จำนวนผู้เข้าร่วมโครงการ", "จำนวนผู้เข้าร่วม", "ผู้เข้าร่วม")),
    ("results", ("มีผลการดำเนินงาน", "ผลการดำเนินงาน", "ผลการดำเนินการ")),
    ("outcomes", ("ผลที่ได้รับ", "ผลลัพธ์")),
    ("spending", ("การเบิกจ่ายงบประมาณ", "งบประมาณที่ใช้จริง", "ค่าใช้จ่ายจริง", "การใช้จ่ายงบประมาณ")),
    ("budget_output", ("ผลผลิต",)),
    (
        "problems",
        (
            "ปัญหา/อุปสรรคและแนวทางแก้ไข",
            "จุดอ่อน/ปัญหา อุปสรรคของโครงการ",
            "จุดอ่อน/ปัญหา",
            "ปัญหาอุปสรรคและแนวทางแก้ไข",
            "ปัญหา/อุปสรรค",
            "ปัญหาและอุปสรรค",
            "ปัญหาอุปสรรค",
            "ปัญหา",
        ),
    ),
    ("suggestions", ("ข้อเสนอแนะ",)),
)
# Amounts named anywhere in a form, each as wording … number บาท.
BUDGET_WORDS: dict[str, tuple[str, ...]] = {
    "allocated": ("ได้รับจัดสรรงบประมาณ", "เงินงบประมาณที่ได้รับ", "งบประมาณที่ได้รับ", "ได้รับจัดสรร"),
    "spent": ("งบประมาณที่ใช้จริง", "ใช้งบประมาณจริง", "ใช้จ่ายจริง", "เบิกจ่ายจริง", "การเบิกจ่ายงบประมาณ", "ใช้จริง"),
    "remaining": ("งบประมาณคงเหลือ", "คงเหลือ"),
}
TICKED = "☑☒✓✔■▣"
UNTICKED = "☐□"
TICKED_BOX, UNTICKED_BOX = TICKED[0], UNTICKED[0]  # how a reader writes a box it has seen
# A section number before a field: "1.", "๒.", "4.2", "(3)", or a letter "ก.".
_SECTION = re.compile(rf"^(?:\(?[0-9๐-๙]{{1,2}}(?:\.[0-9๐-๙]{{1,2}})*[.)]?|[{CONSONANTS}][.)])\s*")
# A top-level section ("๓. ความสอดคล้อง…"), not a sub-item ("๓.๑ …") nor a bare number.
_TOP_SECTION = re.compile(r"^\(?[0-9๐-๙]{1,2}[.)]\s")
_TICK = re.compile(rf"^\s*(?:([{TICKED}])|([{UNTICKED}])|\[\s*([/xX✓])?\s*\])\s*")
# Placeholders left blank: dot leaders, ellipses, underscores.
PLACEHOLDER = re.compile(r"[.…_]{3,}|…+")
# Lines that open the signature block: the form's content has ended.
_SIGNATURE = re.compile(r"^(?:ลงชื่อ|ลงนาม|\(\s*(?:นาย|นาง|นางสาว|ว่าที่|ดร\.)|ผู้รายงาน|ตำแหน่ง|ขอรับรอง|ภาพกิจกรรม|ภาพถ่าย)")
_FIELD_PATTERNS = tuple(
    (
        field,
        re.compile(rf"^(?:{'|'.join(re.escape(w) for w in words)})(?=$|[\s:：.…_]|[{_THAI}])\s*[:：]?\s*"),
    )
    for field, words in FIELDS
)
# Short wordings that start ordinary sentences too ("โครงการอบรม…"): they open a
# field only when a separator or a placeholder follows them.
_NEEDS_SEPARATOR = frozenset({"โครงการ", "หน่วยงาน", "ปัญหา", "งบประมาณ", "ผู้เข้าร่วม", "เป้าหมาย", "ระยะเวลา", "สถานที่"})


def open_field(line: str) -> tuple[str, str] | None:
    """(field, rest of the line) when `line` opens a form field, else None."""
    text = _SECTION.sub("", line.strip(), count=1)
    for field, pattern in _FIELD_PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        word = text[: match.end()].strip(" :：")
        if word in _NEEDS_SEPARATOR and match.end() < len(text) and text[match.end() - 1] not in " :：":
            if not PLACEHOLDER.match(text[len(word) :]):
                continue
        return field, text[match.end() :]
    return None


_BOX_INSIDE = re.compile(rf"\s(?=[{TICKED}{UNTICKED}]\s)")


def split_options(line: str) -> list[str]:
    """A line cut before each tick box inside it: "๗. งบประมาณ ☐ ไม่ใช้ ☑ ใช้" gives the field
    and two options; a line with no box inside it is one part."""
    return [part.strip() for part in _BOX_INSIDE.split(line) if part.strip()]


def tick_of(line: str) -> tuple[bool, str] | None:
    """(ticked, option text) when `line` is a tick-box option, else None."""
    match = _TICK.match(line)
    if match is None:
        return None
    ticked = bool(match.group(1) or match.group(3))
    return ticked, line[match.end() :].strip()


def opens_section(line: str) -> bool:
    """A line opening a numbered top-level section of the form, known field or not."""
    return bool(_TOP_SECTION.match(line.strip()))


def is_signature(line: str) -> bool:
    return bool(_SIGNATURE.match(line.strip()))


# A lead-in that only announces what follows ("มีผลการดำเนินงาน ดังนี้").
_LEAD_IN = re.compile(r"^(?:ดังนี้|ดังต่อไปนี้|ได้แก่)$")


def blank_of(text: str) -> str:
    """`text` with its placeholders and lead-ins removed and white space folded."""
    folded = " ".join(PLACEHOLDER.sub(" ", text).split())
    return "" if _LEAD_IN.match(folded) else folded
