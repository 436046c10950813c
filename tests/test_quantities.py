from __future__ import annotations

import doctest
import json
import math
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import HOSTILE_STRINGS
from pipeline.parse import quantities
from pipeline.parse.quantities import Quantity, extract_quantities
from pipeline.parse.quantity_words import UNITS
from pipeline.thai import numbers
from pipeline.thai.numbers import thai_number_value

GOLD = Path(__file__).parent / "fixtures" / "gold"


def tuples(text: str) -> list[tuple[float, str, str, str | None]]:
    return [(q.value, q.unit, q.comparator, q.per) for q in extract_quantities(text)]


CASES = [
    # plain counts, units as written
    ("ผู้บริหารได้กำหนดผู้รับผิดชอบ จำนวน 2 คน", [(2, "คน", "=", None)]),
    ("แจกเวียนให้บุคลากรภายในจำนวน 4 กอง 1 สำนักให้รับทราบ", [(4, "กอง", "=", None), (1, "สำนัก", "=", None)]),
    ("ประกาศให้ประชาชน ทั้ง 7 หมู่ รับทราบ", [(7, "หมู่", "=", None)]),
    ("เพื่อให้ประชาชน จำนวน 7 หมู่บ้านได้รับรู้", [(7, "หมู่บ้าน", "=", None)]),
    ("ครอบคลุม 3 กระบวนงานหลัก", [(3, "กระบวนงาน", "=", None)]),
    ("มีผู้ใช้บริการผ่านระบบออนไลน์ 1,250 คน", [(1250, "คน", "=", None)]),
    (
        "เบิกจ่ายงบประมาณ 34,200 บาท คิดเป็นร้อยละ 97.71 ของงบประมาณ",
        [(34200, "บาท", "=", None), (97.71, "ร้อยละ", "=", None)],
    ),
    ("ศึกษาดูงาน จำนวน 25 คน ณ อบต.ต้นแบบ 1 แห่ง", [(25, "คน", "=", None), (1, "แห่ง", "=", None)]),
    ("ความพึงพอใจเฉลี่ย 4.51 คะแนน", [(4.51, "คะแนน", "=", None)]),
    ("ผู้รับบริการพึงพอใจ 89.6%", [(89.6, "%", "=", None)]),
    ("ไม่พบข้อร้องเรียน 0 เรื่อง", [(0, "เรื่อง", "=", None)]),
    ("ติดตามผล ทุก 3 เดือน รวม 4 ครั้ง", [(3, "เดือน", "=", None), (4, "ครั้ง", "=", None)]),
    ("งบประมาณ 1.5 ล้านบาท", [(1_500_000, "บาท", "=", None)]),
    ("ผู้เข้าร่วม 3-5 คน", [(3, "คน", ">=", None), (5, "คน", "<=", None)]),
    # percentages before the number
    ("ผ่านเกณฑ์ ร้อยละ 92.65", [(92.65, "ร้อยละ", "=", None)]),
    ("ไม่น้อยกว่าร้อยละ 80 ของผู้ตอบ", [(80, "ร้อยละ", ">=", None)]),
    ("ร้อยละ 80 ขึ้นไป", [(80, "ร้อยละ", ">=", None)]),
    # Thai number words and Thai digits
    ("จัดประชุมสองครั้ง", [(2, "ครั้ง", "=", None)]),
    ("ครูเข้าร่วม สิบสอง คน", [(12, "คน", "=", None)]),
    ("ผู้เข้าร่วมสองร้อยห้าสิบคน", [(250, "คน", "=", None)]),
    ("อย่างน้อยหนึ่งครั้ง", [(1, "ครั้ง", ">=", None)]),
    ("จำนวน ๒๐ เล่ม", [(20, "เล่ม", "=", None)]),
    ("อย่างน้อย ๒ ครั้งต่อปี", [(2, "ครั้ง", ">=", "year")]),
    # comparators
    ("มีช่องทางรับเรื่องร้องเรียนไม่น้อยกว่า 3 ช่องทาง", [(3, "ช่องทาง", ">=", None)]),
    ("แล้วเสร็จภายในระยะเวลาที่กำหนดไม่น้อย 15 วัน", [(15, "วัน", ">=", None)]),
    ("เบิกจ่ายให้ผู้รับจ้างไม่เกิน 15 วัน นับแต่วันตรวจรับ", [(15, "วัน", "<=", None)]),
    ("แจ้งผลภายใน 7 วัน", [(7, "วัน", "<=", None)]),
    ("ภายใน 3 หมู่บ้าน", [(3, "หมู่บ้าน", "=", None)]),  # ภายใน is "within" only for time
    ("อย่างปีละ 1 ครั้ง", [(1, "ครั้ง", "=", "year")]),  # อย่าง alone is not อย่างน้อย
    ("อย่างน้อย 2 คนต่อโครงการ", [(2, "คน", ">=", None)]),
    # periods
    ("อย่างน้อยเดือนละ 1 ครั้ง", [(1, "ครั้ง", ">=", "month")]),
    ("ไม่ต่ำกว่าเดือนละ 2 ครั้ง", [(2, "ครั้ง", ">=", "month")]),
    ("อย่างน้อย ปีละ 1 ครั้ง", [(1, "ครั้ง", ">=", "year")]),
    ("อย่างน้อยปีละ 1 ครั้ง ต่อปี", [(1, "ครั้ง", ">=", "year")]),
    ("ไม่น้อยกว่าปี 4 ครั้ง", [(4, "ครั้ง", ">=", "year")]),
    ("ประชุมของผู้บริหารเดือน 1 ครั้ง", [(1, "ครั้ง", "=", "month")]),
    ("ไตรมาสละ 1 ครั้ง", [(1, "ครั้ง", "=", "quarter")]),
    ("สัปดาห์ละ 2 ครั้ง", [(2, "ครั้ง", "=", "week")]),
    ("วันละ 3 รอบ", [(3, "รอบ", "=", "day")]),
    ("12 ครั้ง/ปี", [(12, "ครั้ง", "=", "year")]),
    ("1 ครั้งต่อปี", [(1, "ครั้ง", "=", "year")]),
    ("2 ครั้ง ต่อเดือน", [(2, "ครั้ง", "=", "month")]),
    ("1 ครั้ง ทุกไตรมาส", [(1, "ครั้ง", "=", "quarter")]),
    ("2 ครั้งใน 1 ปี", [(2, "ครั้ง", "=", "year")]),
    ("ทุกๆ 1 ครั้ง/ปี", [(1, "ครั้ง", "=", "year")]),
    ("อย่างน้อยครั้งละ 3 เดือนต่อปี", [(3, "เดือน", ">=", "year")]),
    ("ประชุมประจำเดือน 12 ครั้ง/ปี", [(12, "ครั้ง", "=", "year")]),
    ("อบรม 2 วัน 1 ครั้ง", [(2, "วัน", "=", None), (1, "ครั้ง", "=", None)]),
    # intervals
    ("ทุก 6 เดือน", [(6, "เดือน", "=", None)]),
    ("ทุกๆ 3 เดือน", [(3, "เดือน", "=", None)]),
    # fallback unit after a counting cue
    ("ติดตั้งกล้องวงจรปิดจำนวน 5 กล้อง", [(5, "กล้อง", "=", None)]),
    ("จำนวน 3 ได้แก่ ตู้ เว็บไซต์ และไลน์", []),
    # not quantities
    ("ในปีงบประมาณ พ.ศ. 2568 ไม่มีเรื่องร้องเรียน", []),
    ("ปีงบประมาณ 2568 จำนวน 3 ครั้ง", [(3, "ครั้ง", "=", None)]),
    ("จัดอบรม เมื่อวันที่ 15 กุมภาพันธ์ 2567 มีผู้เข้าร่วม 68 คน", [(68, "คน", "=", None)]),
    ("ระหว่าง 1 ต.ค. 67 - 30 ก.ย. 68", []),
    ("ตามมาตรา 7 แห่งพระราชบัญญัติ", []),
    ("บ้านหมู่ที่ 3 จำนวน 50 คน", [(50, "คน", "=", None)]),
    ("หมู่ 3 ตำบลบ้านใหม่", []),
    ("นักเรียนชั้นประถมศึกษาปีที่ 4-6 จำนวน 45 คน", [(45, "คน", "=", None)]),
    ("ครั้งที่สอง 3 คน", [(3, "คน", "=", None)]),
    ("ครั้งที่ 2/2567 จำนวน 12 คน", [(12, "คน", "=", None)]),
    ("สรุปผล (แบบ สขร.1) จำนวน 12 ฉบับ", [(12, "ฉบับ", "=", None)]),
    ("ติดต่อ โทร 0-3561-1234 หรือ 035611234 ครั้ง", []),
    ("ดูที่ https://www.abc.go.th/news/12 ครั้ง", []),
    ("ช่องทาง 1. เว็บไซต์ 2. สายด่วน 3. Facebook", []),
    ("เวลา 08.30 น. จำนวน 3 คน", [(3, "คน", "=", None)]),
    ("สามารถดำเนินการได้เรียบร้อย", []),
    ("นำเสนอในที่ประชุม ทุกไตรมาส", []),
    ("เจ้าหน้าที่ 3 คน", [(3, "คน", "=", None)]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_extract_quantities(text, expected):
    assert tuples(text) == [(float(v), u, c, p) for v, u, c, p in expected]


# Regression: a one-letter abbreviation (ม., ป.) that ends an acronym is no
# reference word; it refuses the number only when it starts a word.
ABBREVIATION_ENDS = [
    ("อบรมให้ความรู้แก่ อสม. 45 คน", [(45, "คน", "=", None)]),
    ("แจ้งเวียน สพป. 2 แห่ง", [(2, "แห่ง", "=", None)]),
    ("ผู้สูงอายุในเขต อบต. ม. 3 จำนวน 20 คน", [(20, "คน", "=", None)]),  # ม. 3 is หมู่ 3
    ("(ม.4) 3 คน", [(3, "คน", "=", None)]),
    ("บ้าน ม. 4 คน", []),
    ("ป. 6 ห้อง", []),
    ("ตามมาตรา 7 แห่งพระราชบัญญัติ", []),  # whole words run together in Thai
    ("ดำเนินการครบ 5 ขั้นตอน ตามขั้นตอน 5 ขั้นตอน", [(5, "ขั้นตอน", "=", None), (5, "ขั้นตอน", "=", None)]),
]

# Regression: common Thai classifiers are counting units.
COUNTING_UNITS = [
    ("ข้าราชการตำรวจลงนามรับทราบ 152 นาย", [(152, "นาย", "=", None)]),
    ("รับแจ้งความ 1,254 คดี", [(1254, "คดี", "=", None)]),
    ("จัดค่าย 2 วัน 1 คืน", [(2, "วัน", "=", None), (1, "คืน", "=", None)]),
    ("ตรวจเรือประมง 12 ลำ", [(12, "ลำ", "=", None)]),
    ("ปลูกต้นไม้ 500 ต้น", [(500, "ต้น", "=", None)]),
    ("ตั้งถังขยะ 20 ถัง", [(20, "ถัง", "=", None)]),
    ("แปลงสาธิต 3 แปลง", [(3, "แปลง", "=", None)]),
    ("อาคารเรียนสูง 4 ชั้น", [(4, "ชั้น", "=", None)]),
    ("ผู้ได้รับผลกระทบ 15 ครอบครัว", [(15, "ครอบครัว", "=", None)]),
    ("ส่งผลงาน 3 ผลงาน", [(3, "ผลงาน", "=", None)]),
    ("พระสงฆ์ 9 รูป", [(9, "รูป", "=", None)]),
    ("พื้นที่ 20 ไร่", [(20, "ไร่", "=", None)]),
    # longer words that only begin with a unit
    ("ยกย่อง 3 ต้นแบบ", []),
    ("ประชุมร่วมกับ 2 นายอำเภอ", []),
    ("เรียงตาม 3 ลำดับ", []),
]


@pytest.mark.parametrize("text, expected", ABBREVIATION_ENDS)
def test_abbreviation_ending_an_acronym_is_no_reference(text, expected):
    assert tuples(text) == [(float(v), u, c, p) for v, u, c, p in expected]


@pytest.mark.parametrize("text, expected", COUNTING_UNITS)
def test_counting_units(text, expected):
    assert tuples(text) == [(float(v), u, c, p) for v, u, c, p in expected]


SPANS = [
    ("ได้จัดประชุมอย่างน้อยเดือนละ 1 ครั้ง", ["อย่างน้อยเดือนละ 1 ครั้ง"]),
    ("ครบถ้วน ร้อยละ 100 ของรายการ", ["ร้อยละ 100"]),
    ("ประจำเดือน 12 ครั้ง/ปี", ["12 ครั้ง/ปี"]),  # an unused period word is left out
    ("รายงาน ทุกๆ 6 เดือน", ["ทุกๆ 6 เดือน"]),
    ("จำนวน ๑๒ ฉบับ", ["๑๒ ฉบับ"]),  # offsets index the input, Thai digits and all
]


@pytest.mark.parametrize("text, spans", SPANS)
def test_spans(text, spans):
    found = extract_quantities(text)
    assert [q.span for q in found] == spans
    assert all(text[q.start : q.end] == q.span for q in found)


@pytest.mark.parametrize(
    "words, value",
    [
        ("หนึ่ง", 1),
        ("สิบ", 10),
        ("สิบเอ็ด", 11),
        ("ยี่สิบ", 20),
        ("ยี่สิบเอ็ด", 21),
        ("สามสิบสอง", 32),
        ("ร้อย", 100),
        ("หนึ่งร้อยห้า", 105),
        ("สองพันห้าร้อย", 2500),
        ("สามหมื่น", 30_000),
        ("หนึ่งล้านสองแสน", 1_200_000),
        ("สองสาม", None),
        ("ยี่", None),
        ("เอ็ด", None),
        ("ร้อยพัน", None),
        ("สามารถ", None),
        ("", None),
    ],
)
def test_thai_number_value(words, value):
    assert thai_number_value(words) == (None if value is None else float(value))


@pytest.mark.parametrize("module", [quantities, numbers])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


# --- golden: every output item of every gold file ----------------------------


def _key_full(q) -> tuple:
    return (round(float(q["value"]), 4), q["unit"], q.get("comparator") or "=", q.get("per"))


def _gold_items():
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for measure in gold["measures"]:
            for row in measure["rows"]:
                for out in row.get("outputs", []):
                    if isinstance(out, dict) and "quantities" in out:
                        yield path.name, out["text"], out["quantities"]


def _f1(matched: int, n_pred: int, n_gold: int) -> float:
    if n_pred == n_gold == 0:
        return 1.0
    return 2 * matched / (n_pred + n_gold)


def test_gold_outputs_f1():
    tally = {"value_unit": [0, 0, 0], "full": [0, 0, 0]}
    mismatches = []
    for name, text, want in _gold_items():
        got = [
            {"value": q.value, "unit": q.unit, "comparator": q.comparator, "per": q.per}
            for q in extract_quantities(text)
        ]
        for key, fn in (("value_unit", lambda q: _key_full(q)[:2]), ("full", _key_full)):
            g, w = Counter(map(fn, got)), Counter(map(fn, want))
            t = tally[key]
            t[0], t[1], t[2] = t[0] + sum((g & w).values()), t[1] + len(got), t[2] + len(want)
        if Counter(map(_key_full, got)) != Counter(map(_key_full, want)):
            mismatches.append(
                f"{name}: {text!r}\n  got  {sorted(map(_key_full, got))}\n  gold {sorted(map(_key_full, want))}"
            )
    scores = {k: _f1(*v) for k, v in tally.items()}
    print(f"quantities F1 over {tally['full'][2]} gold quantities: {scores}")
    assert tally["full"][2] > 100
    assert scores["value_unit"] >= 0.98 and scores["full"] >= 0.98, "\n".join(mismatches)


# --- robustness ----------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\ud800",
    "\x00",
    "ๆ",
    "ร้อยละ",
    "ร้อยละ ",
    "1",
    "๑",
    "-",
    "1-",
    "-1 คน",
    "1,",
    ",1",
    "1.",
    ".5 คน",
    "%",
    "ทุก",
    "ทุกๆ",
    "ละ 1 ครั้ง",
    "จำนวน",
    "จำนวน 5",
    "จำนวน 5 ",
    "ภายใน",
    "1" * 500,
    "สอง" * 200 + "คน",
    "\n1\tคน\r",
]


@pytest.mark.parametrize("text", HOSTILE + HOSTILE_STRINGS)
def test_hostile_strings(text):
    found = extract_quantities(text)
    assert all(text[q.start : q.end] == q.span for q in found)


def test_non_string_input_is_empty():
    assert extract_quantities(None) == []  # type: ignore[arg-type]


PIECES = st.sampled_from(
    sorted(UNITS)
    + [
        "จำนวน",
        "อย่างน้อย",
        "ไม่น้อยกว่า",
        "ไม่เกิน",
        "ภายใน",
        "ขึ้นไป",
        "ร้อยละ",
        "เดือนละ",
        "ปีละ",
        "ต่อปี",
        "/ปี",
        "ทุก",
        "ทุกๆ",
        "ๆ",
        "ที่",
        "มาตรา",
        "พ.ศ.",
        "ต.ค.",
        "สอง",
        "สิบ",
        "ร้อย",
        "ล้าน",
        " ",
        "  ",
        "-",
        ".",
        ",",
        "/",
        "%",
        "(",
        ")",
        "1",
        "12",
        "2567",
        "1,250",
        "92.65",
        "๑๒",
        "0",
    ]
)
TEXTS = st.one_of(st.text(max_size=80), st.lists(PIECES, max_size=25).map("".join))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_property_spans_are_slices(text):
    found = extract_quantities(text)
    assert isinstance(found, list)
    spans = sorted({(q.start, q.end) for q in found})  # the two ends of a range share one
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    for q in found:
        assert isinstance(q, Quantity)
        assert text[q.start : q.end] == q.span and q.start <= q.end
        assert q.comparator in {"=", ">=", "<="}
        assert q.per in {None, "day", "week", "month", "quarter", "year"}
        assert math.isfinite(q.value) and q.value >= 0 and q.unit


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=25).map("".join))
def test_property_thai_digits_read_like_arabic(text):
    thai = text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    arabic = text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    strip = lambda qs: [(q.value, q.unit, q.comparator, q.per, q.start, q.end) for q in qs]
    assert strip(extract_quantities(thai)) == strip(extract_quantities(arabic))


def test_a_bare_year_is_no_count_but_a_number_outside_the_years_is():
    assert extract_quantities("จัดอบรม 2567 ครั้ง") == []
    assert [(q.value, q.unit) for q in extract_quantities("ผู้เข้าร่วม 2450 คน")] == [(2450.0, "คน")]
