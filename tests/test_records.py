from __future__ import annotations

import pytest

from pipeline.parse.cells import Item
from pipeline.parse.records import _budget, _units


@pytest.mark.parametrize(
    "texts, units",
    [
        (["สำนักปลัด, กองคลัง"], ["สำนักปลัด", "กองคลัง"]),
        (["สำนักปลัด กองการศึกษา"], ["สำนักปลัด", "กองการศึกษา"]),
        (["ฝ่ายประชาสัมพันธ์ สำนักปลัดเทศบาล"], ["ฝ่ายประชาสัมพันธ์ สำนักปลัดเทศบาล"]),
        (["กองกลาง สำนักงานอธิการบดี"], ["กองกลาง สำนักงานอธิการบดี"]),
        (["กลุ่มงานประกันสุขภาพ ยุทธศาสตร์และสารสนเทศทางการแพทย์"], ["กลุ่มงานประกันสุขภาพ ยุทธศาสตร์และสารสนเทศทางการแพทย์"]),
        (["ผู้อำนวยการโรงเรียน ฝ่ายบริหารงานบุคคล"], ["ผู้อำนวยการโรงเรียน", "ฝ่ายบริหารงานบุคคล"]),
        (["-"], []),
    ],
)
def test_responsible_units(texts, units):
    assert _units([Item("", t) for t in texts]) == units


@pytest.mark.parametrize(
    "text, baht",
    [
        ("35,000", 35000.0),
        ("15,000.-", 15000.0),
        ("20,000 บาท", 20000.0),
        ("-", None),
        ("", None),
        ("ไม่ใช้งบประมาณ", None),
        ("1,234.50", 1234.5),
        (None, None),
    ],
)
def test_budget(text, baht):
    assert _budget(text) == baht
