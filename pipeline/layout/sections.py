"""Section headings: the rows and lines that group a report's measures.

Plans group their measures under strategies and dimensions, printed as a
row across the table ("กลยุทธ์ที่ 2 ปลูกฝังวิธีคิด…", "๒. ด้านการให้บริการ")
or as a line above each table ("ยุทธศาสตร์ที่ 1 …"). A heading is a section
word with its number, or a list number before a section word; both give the
label as printed and the heading's text apart.

>>> section_heading("กลยุทธ์ที่ 2 ปลูกฝังวิธีคิด")
('กลยุทธ์ที่ 2', 'ปลูกฝังวิธีคิด')
>>> section_heading("2. ด้านการให้บริการ")
('2.', 'ด้านการให้บริการ')
>>> section_heading("1. จัดประชุมชี้แจง") is None
True
"""

from __future__ import annotations

import re

from pipeline.thai.text import normalize_text

# Words that open a heading grouping measures. "กลยุทธ" also stands for
# "กลยุทธ์" printed without its mark, as real plans do.
SECTION_WORDS = (
    "ยุทธศาสตร์",
    "ประเด็นยุทธศาสตร์",
    "กลยุทธ์",
    "กลยุทธ",
    "แผนงาน",
    "แผนย่อย",
    "เป้าประสงค์",
    "มิติ",
    "ด้าน",
    "หมวด",
    "องค์ประกอบ",
    "ส่วน",
)
_WORDS = "|".join(re.escape(w) for w in sorted(SECTION_WORDS, key=len, reverse=True))
_NUMBER = r"[0-9]{1,2}(?:\.[0-9]{1,2})*"
# "กลยุทธ์ที่ 2 …", "ยุทธศาสตร์ที่ 1: …", "มิติที่ 3 …", "ด้านที่ 2 …"
_WORD_NUMBERED = re.compile(rf"^(?P<label>(?:{_WORDS})\s*ที่\s*{_NUMBER})\s*[.:)\-–]?\s*(?P<title>.*)$")
# "2. ด้านการให้บริการ", "(3) มิติการป้องกัน"
_NUMBER_FIRST = re.compile(rf"^(?P<label>\(?{_NUMBER}[.)])\s*(?P<title>(?:{_WORDS}).*)$")


def section_heading(text: str) -> tuple[str, str] | None:
    """(label, heading text) when `text` is a section heading, else None."""
    clean = normalize_text(text)
    match = _WORD_NUMBERED.match(clean) or _NUMBER_FIRST.match(clean)
    if match is None:
        return None
    return match.group("label"), match.group("title").strip()
