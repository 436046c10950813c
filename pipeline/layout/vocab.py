"""Header wordings of ITA report tables, mapped to canonical column names.

Agencies word their headers freely ("วิธีการปฏิบัติ", "วิธีการดำเนินการ",
"ขั้นตอนการดำเนินการ" ...). Each canonical column has a list of stems; a header
cell maps to the first column, in `COLUMN_ORDER`, one of whose stems it contains.
The order matters because the wordings nest: "ผลลัพธ์หรือผลสัมฤทธิ์ในการ
ดำเนินการ" also contains "การดำเนินการ", so outcomes are tried before actions.

>>> canonical_column("ระยะเวลาในการดำเนินการ")
'period'
>>> canonical_column("ผลการดำเนินงาน (output)")
'output'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pipeline.thai.text import normalize_text

NUMBER, MEASURE, ACTIONS, PERIOD = "number", "measure", "actions", "period"
RESPONSIBLE, BUDGET, OUTPUT, OUTCOME, INDICATOR = "responsible", "budget", "output", "outcome", "indicator"
# Tick columns under a status group ("การดำเนินงาน": "ดำเนินการแล้ว | ยังมิได้ดำเนินการ").
STATUS_DONE, STATUS_NOT_DONE = "status_done", "status_not_done"
STATUS = "status"  # a column stating the status in words ("สถานะ")
# Columns reports print that no table of ours has a place for ("หมายเหตุ",
# "ปัญหา/อุปสรรค"): known header wording, so they count towards a header,
# and their cells are kept whole in `activities.extra`.
NOTE = "note"

# (column, stems) in the order they are tried.
# Whole wordings that name a column although they hold another column's stem
# ("แนวทางการพัฒนา" is the topic of an action plan, not its actions); tried first.
PHRASES: tuple[tuple[str, str], ...] = (("แนวทางการพัฒนา", MEASURE),)
COLUMN_ORDER: tuple[tuple[str, tuple[str, ...]], ...] = (
    (OUTCOME, ("ผลลัพธ์", "ผลสัมฤทธิ์", "outcome", "result")),
    (OUTPUT, ("ผลการดำเนิน", "ผลการปฏิบัติ", "ผลดำเนินการ", "ผลผลิต", "output", "ผลการจัด")),
    (NOTE, ("หมายเหตุ", "ข้อเสนอแนะ", "ปัญหา", "อุปสรรค", "remark", "note")),
    (STATUS_NOT_DONE, ("ยังมิได้", "ยังไม่ได้", "ยังไม่ดำเนิน", "ไม่ได้ดำเนิน", "not done")),
    (STATUS_DONE, ("ดำเนินการแล้ว", "ดำเนินงานแล้ว", "แล้วเสร็จ", "done")),
    (STATUS, ("สถานะ", "status")),
    (INDICATOR, ("ตัวชี้วัด", "เป้าหมาย", "indicator", "kpi")),
    (PERIOD, ("ระยะเวลา", "ห้วงเวลา", "ช่วงเวลา", "ห้วงระยะ", "วันเวลา", "กำหนดเวลา", "period")),
    (BUDGET, ("งบประมาณ", "budget", "จำนวนเงิน")),
    (RESPONSIBLE, ("รับผิดชอบ", "หน่วยงาน", "ขับเคลื่อน", "responsible")),
    (
        ACTIONS,
        ("วิธีการ", "ขั้นตอน", "แนวทาง", "การดำเนินการ", "การดำเนินงาน", "การปฏิบัติ", "รายละเอียด", "action"),
    ),
    (MEASURE, ("มาตรการ", "โครงการ", "กิจกรรม", "หัวข้อ", "ประเด็น", "ภารกิจ", "measure")),
    (NUMBER, ("ลำดับ", "no.")),
)
# Whole-cell headers too short to search for as stems.
EXACT_HEADERS = {"ที่": NUMBER, "ข้อ": NUMBER, "no": NUMBER, "ลำดับที่": NUMBER}

# A header cell is a short label; a data cell that happens to contain
# "มาตรการ" is long. Longer cells are never headers.
MAX_HEADER_CELL = 60
_PAREN_ONLY = re.compile(r"^\(?[a-z/ ]+\)?$")


_SHORT = 12  # "ที่", "ข้อ": short enough to check whole


def wording_key(text: str) -> str:
    """Header wording compared on a key that damaged PDF text still matches.

    Spaces go (headers wrap anywhere), and sara am compares as sara aa: PDFs
    whose fonts lose the nikhahit print "ล าดับ" for "ลำดับ". This is the one
    place header wording is made damage-tolerant.
    """
    # str.split drops exactly the characters `\s` matches, in C, without a pattern.
    return "".join(text.lower().split()).replace("\u200b", "").replace("\u0e33", "\u0e32").replace("\u0e4d", "")


_PHRASE_KEYS = tuple((wording_key(phrase), column) for phrase, column in PHRASES)
_STEM_KEYS = tuple((column, tuple(wording_key(stem) for stem in stems)) for column, stems in COLUMN_ORDER)


def _any_of(words: set[str]) -> str:
    """A pattern matching any of `words`, their common beginnings written once.

    `re` tries an alternation's branches one by one at each position; merged
    into a trie ("วิธี(?:การ|ดำเนินการ)"), a branch is only tried past the
    characters it shares with the others. A longer word is tried before a
    word it begins with.
    """
    heads: dict[str, set[str]] = {}
    for word in words:
        if word:
            heads.setdefault(word[0], set()).add(word[1:])
    if not heads:
        return ""
    branches = [re.escape(head) + _any_of(rests) for head, rests in sorted(heads.items())]
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in words else body


# Asked of every longer cell of every table row (`may_be_header_cell`).
_ANY_STEM = re.compile(_any_of({stem for _, stems in _STEM_KEYS for stem in stems}))


def may_be_header_cell(cell: str) -> bool:
    """A cheap test that rules out most data cells before `canonical_column`."""
    if len(cell) > 3 * MAX_HEADER_CELL:
        return False
    return len(cell) <= _SHORT or _ANY_STEM.search(wording_key(cell)) is not None


def enough_header_cells(cells: Sequence[str | None], needed: int) -> bool:
    """Whether at least `needed` of `cells` may be header cells (`may_be_header_cell`).

    Asked of every table row: short cells pass on their length, so they are
    counted first, and the wording of longer ones is only looked at for the rest.
    """
    found = sum(1 for cell in cells if cell and len(cell) <= _SHORT)
    for cell in cells:
        if found >= needed:
            return True
        if cell and len(cell) > _SHORT and may_be_header_cell(cell):
            found += 1
    return found >= needed


@lru_cache(maxsize=4096)  # header wordings repeat before every block of every report
def canonical_column(cell: str) -> str | None:
    if not may_be_header_cell(cell):
        return None
    text = normalize_text(cell).lower()
    if not text or len(text) > MAX_HEADER_CELL:
        return None
    bare = text.rstrip(".").strip()
    if bare in EXACT_HEADERS:
        return EXACT_HEADERS[bare]
    key = wording_key(text)  # "ผู้รับ<br>ผิดชอบ" reads "ผู้รับ ผิดชอบ"
    for phrase, column in _PHRASE_KEYS:
        if phrase in key:
            return column
    for column, stems in _STEM_KEYS:
        if any(stem in key for stem in stems):
            return column
    return None


# Second halves of header words wrapped over two lines ("ผู้รับ" / "ผิดชอบ").
FRAGMENT_STEMS = ("ผิดชอบ", "ดำเนินการ", "ดำเนินงาน", "ปฏิบัติ", "(บาท)", "บาท", "ที่")


def is_header_fragment(cell: str) -> bool:
    """A cell of a header's second line: "(output)", "การดำเนินการ", "ผิดชอบ"."""
    text = normalize_text(cell).lower()
    if not text or len(text) > MAX_HEADER_CELL or re.search(r"[0-9]", text):
        return False  # header wording carries no numbers; "มาตรการที่ 1 …" is a heading
    return (
        canonical_column(text) is not None
        or bool(_PAREN_ONLY.match(text))
        or any(text.startswith(stem) or text.endswith(stem) for stem in FRAGMENT_STEMS)
    )
