from __future__ import annotations

import pytest

from pipeline.read.aligned import runs_of
from pipeline.read.text import read_text

TITLE = "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\nประจำปีงบประมาณ พ.ศ. 2568\n"


@pytest.mark.parametrize("text, width", [("ผู้รับผิดชอบ", 8), ("abc", 3), ("ที่", 1), ("กำ", 2)])
def test_runs_are_placed_in_screen_columns_where_thai_marks_take_none(text, width):
    # "ต่อ" is two columns wide; a tab is four spaces
    runs = runs_of(f"{text}   ต่อ\tx")
    assert [(r.start, r.end, r.text) for r in runs] == [
        (0, width, text),
        (width + 3, width + 5, "ต่อ"),
        (width + 9, width + 10, "x"),
    ]


def test_tab_separated_rows_keep_their_cells_and_lines():
    text = TITLE + "\nลำดับ\tมาตรการ\tวิธีการ\tระยะเวลา\n1\tมาตรการ ก\t<p>๑. ทำ</p>\tต.ค. 67\n\tต่อ\n"
    doc = read_text(text, "a.txt")
    assert doc.source_format == "txt"
    assert doc.preamble[1] == "ประจำปีงบประมาณ พ.ศ. 2568"
    assert [r.cells for r in doc.rows] == [
        ("ลำดับ", "มาตรการ", "วิธีการ", "ระยะเวลา"),
        ("1", "มาตรการ ก", "๑. ทำ", "ต.ค. 67 ต่อ"),  # markup resolved by the reader
    ]
    assert doc.rows[1].line == 5
    assert [p.code for p in doc.problems] == ["stray_line"]  # "\tต่อ" has one tab: joined, not lost


ALIGNED = """\
                 รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส
                          ประจำปีงบประมาณ พ.ศ. 2568

ลำดับ   มาตรการ          วิธีการปฏิบัติ        ระยะเวลาใน      ผู้รับผิดชอบ
                                            การดำเนินการ

1.     มาตรการเปิดเผย     1. แต่งตั้งคณะทำงาน     1 ต.ค. 67 –     - ฝ่ายบริหาร
       ข้อมูลสาธารณะ      รับผิดชอบ             30 ก.ย. 68      - ฝ่ายวิชาการ
                        2. ตรวจสอบ

                                                                 หน้า 1/2
\f                 รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส
ลำดับ   มาตรการ          วิธีการปฏิบัติ        ระยะเวลาใน      ผู้รับผิดชอบ
       ต่อจากหน้าก่อน
"""


def test_aligned_text_is_cut_by_screen_columns_and_wrapped_lines_are_joined():
    doc = read_text(ALIGNED, "b.txt")
    assert doc.preamble == ("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส", "ประจำปีงบประมาณ พ.ศ. 2568")
    header, row = doc.rows[0], doc.rows[1]
    assert header.cells[3] == "ระยะเวลาในการดำเนินการ"  # the header's second line joined on
    assert row.cells == (
        "1.",
        "มาตรการเปิดเผย ข้อมูลสาธารณะ",
        "1. แต่งตั้งคณะทำงาน รับผิดชอบ\n2. ตรวจสอบ",
        "1 ต.ค. 67 – 30 ก.ย. 68",
        "- ฝ่ายบริหาร\n- ฝ่ายวิชาการ",
    )
    assert row.line == 7


def test_aligned_text_drops_page_furniture_and_flags_the_first_row_of_a_page():
    doc = read_text(ALIGNED, "b.txt")
    texts = [c for r in doc.rows for c in r.cells]
    assert not any("หน้า 1/2" in c for c in texts)
    last = doc.rows[-1]
    assert last.cells[1] == "ต่อจากหน้าก่อน" and last.starts_page


def test_spreadsheet_exports_quote_cells_that_hold_line_breaks():
    text = (
        TITLE + "ลำดับ\tมาตรการ\tวิธีการ\tระยะเวลา\n"
        '1\tมาตรการ ก\t"1. ทำ ""ก""\n2. ทำ ข"\tต.ค. 67\n2\tมาตรการ ข\tทำ\tพ.ย. 67\n'
    )
    doc = read_text(text, "x.txt")
    assert [r.cells for r in doc.rows[1:]] == [
        ("1", "มาตรการ ก", '1. ทำ "ก"\n2. ทำ ข', "ต.ค. 67"),
        ("2", "มาตรการ ข", "ทำ", "พ.ย. 67"),
    ]
    assert [r.line for r in doc.rows] == [3, 4, 6]
    first_column = TITLE + "ลำดับ\tมาตรการ\tวิธีการ\tระยะเวลา\n" + '"1\nก"\tมาตรการ ก\tทำ\tต.ค. 67\n'
    assert read_text(first_column, "x.txt").rows[1].cells == ("1\nก", "มาตรการ ก", "ทำ", "ต.ค. 67")


CENTRED = """\
                รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. 2567

 ลำดับ            มาตรการ                 วิธีการดำเนินการ          ระยะเวลา       ผู้รับผิดชอบ
                                                             ดำเนินการ

1       มาตรการเปิดเผยข้อมูล       1. แต่งตั้งผู้รับผิดชอบ         ต.ค. 66 -      งานบริหาร
        ของหน่วยงาน               2. เผยแพร่ข้อมูล           ก.ย. 67
"""


def test_centred_headers_name_the_left_aligned_columns_below_them():
    doc = read_text(CENTRED, "c.txt")
    header, row = doc.rows
    assert header.cells[3] == "ระยะเวลาดำเนินการ"
    assert row.cells == (
        "1",
        "มาตรการเปิดเผยข้อมูล ของหน่วยงาน",
        "1. แต่งตั้งผู้รับผิดชอบ\n2. เผยแพร่ข้อมูล",
        "ต.ค. 66 - ก.ย. 67",
        "งานบริหาร",
    )
