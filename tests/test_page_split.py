"""The one page-split rule every format shares (`layout.page_split`)."""

from __future__ import annotations

import pytest

from pipeline.layout.page_split import continues_above


@pytest.mark.parametrize(
    ("number", "period", "above", "expected"),
    [
        ("", "", "ต.ค. 65 - ก.ย. 66", True),  # no period of its own: the rest of the row
        ("", "ก.ย. 66", "ต.ค. 65 -", True),  # the tail of a range cut after its dash
        ("", "ปีงบประมาณ 2566", "ตลอด", True),
        ("", "2566", "1 ต.ค. 2565 - 30 กันยายน", True),  # a bare year never starts a period
        ("", "67 ถึง 30 ก.ย. 68", "1 ต.ค.", True),  # parses as a period, but opens with a year
        ("", "ก.ย. ๖๘", "๑ ต.ค. ๖๗ ถึง ๓๐", True),
        ("", "1 ต.ค. 2567", "ตั้งแต่", True),
        ("", "30 วัน", "ภายใน", True),
        ("", "เดือน ต.ค. 67", "ระหว่าง", True),
        ("", "ไตรมาสที่ 2-4", "ต.ค. 65 - ก.ย. 66", False),  # a period of its own: a new activity
        ("", "ปี 2567", "ต.ค. 65 - ก.ย. 66", False),
        ("", "ภายใน 30 วัน", "ไตรมาสที่ 1", False),
        ("", "ตุลา 67", "ก.ย. 67", False),
        ("", "พ.ย.", "ต.ค.", False),  # a month alone is a whole period in a month grid
        ("", "กุมภาพันธ์", "มกราคม", False),
        ("", "ม.ค. 68", "ไตรมาส 1-4", False),  # "1-4" numbers quarters; nothing is cut
        ("2.", "", "ต.ค. 65 -", False),  # a number starts a row, always
        ("๒", "ก.ย. 66", "ต.ค. 65 -", False),
        ("", None, None, True),  # no period column: page breaks split more rows than they separate
    ],
)
def test_continues_above(number, period, above, expected):
    assert continues_above(number, period, above) is expected
