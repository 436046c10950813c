from __future__ import annotations

import pytest

from pipeline.layout.headers import match_header
from pipeline.layout.vocab import canonical_column


@pytest.mark.parametrize(
    "cell, column",
    [
        ("ลำดับที่", "number"),
        ("ลำดับ", "number"),
        ("ที่", "number"),
        ("มาตรการ/กิจกรรม", "measure"),
        ("โครงการ/กิจกรรม/มาตรการ", "measure"),
        ("มาตรการ", "measure"),
        ("วิธีการปฏิบัติ", "actions"),
        ("วิธีการดำเนินการ", "actions"),
        ("ขั้นตอนการดำเนินการ", "actions"),
        ("แนวทางการดำเนินการ", "actions"),
        ("ระยะเวลาในการดำเนินการ", "period"),
        ("ระยะเวลาดำเนินการ", "period"),
        ("ระยะเวลาใน", "period"),
        ("ห้วงเวลาดำเนินการ", "period"),
        ("ผู้รับผิดชอบ", "responsible"),
        ("หน่วยงานรับผิดชอบ", "responsible"),
        ("หน่วยงานที่รับผิดชอบ", "responsible"),
        ("งบประมาณ (บาท)", "budget"),
        ("ผลการดำเนินการ (output)", "output"),
        ("ผลการดำเนินงาน", "output"),
        ("ผลผลิต", "output"),
        ("ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ (outcome/result)", "outcome"),
        ("ผลลัพธ์ (outcome)", "outcome"),
        ("ตัวชี้วัด/เป้าหมาย", "indicator"),
        ("Output", "output"),
        ("หมายเหตุ", None),
        ("", None),
        ("มาตรการยกระดับกระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพภายในหน่วยงาน ผลการดำเนินการครบถ้วน", None),
    ],
)
def test_canonical_column(cell, column):
    assert canonical_column(cell) == column


def test_match_header_maps_columns_and_keeps_unknown_ones():
    header = match_header(("ลำดับที่", "มาตรการ", "วิธีการปฏิบัติ", "ระยะเวลา", "หมายเหตุ", "ผลการดำเนินการ"))
    assert header is not None
    assert header.columns == {0: "number", 1: "measure", 2: "actions", 3: "period", 5: "output"}
    assert header.unknown == {4: "หมายเหตุ"}


@pytest.mark.parametrize(
    "cells",
    [
        ("๑.", "มาตรการเผยแพร่ข้อมูล", "๑. แต่งตั้ง", "ต.ค. ๖๗ - ก.ย. ๖๘", "สำนักปลัด"),
        ("ผลการดำเนินการ", "", ""),  # too few columns
        ("วิธีการ", "ระยะเวลา", "ผู้รับผิดชอบ"),  # neither a number nor a measure column
    ],
)
def test_match_header_rejects_data_and_partial_rows(cells):
    assert match_header(cells) is None
