from __future__ import annotations

import pytest

from pipeline.model import SPANNED, RawDocument, RawRow
from pipeline.parse.tables import build_table, read_table

HEADER = ("ลำดับที่", "มาตรการ", "วิธีการปฏิบัติ", "ระยะเวลาดำเนินการ", "ผู้รับผิดชอบ", "ผลการดำเนินการ")


def table(*rows: RawRow | tuple):
    raw = tuple(r if isinstance(r, RawRow) else RawRow(tuple(r), line=i) for i, r in enumerate(rows, 1))
    return build_table(RawDocument("x.txt", "txt", (), raw))


def test_repeated_headers_are_dropped_and_continuations_join_the_measure_above():
    rows, problems = table(
        HEADER,
        ("๑.", "มาตรการ ก", "ทำ ก", "ต.ค. 67", "สำนักปลัด", "ผล ก"),
        ("", "", "ทำ ข", "พ.ย. 67", "กองคลัง", "ผล ข"),
        HEADER,
        ("", "", "ทำ ค", "ธ.ค. 67", "กองช่าง", "ผล ค"),  # a measure may continue after a repeated header
        ("๒.", "มาตรการ ข", "ทำ ง", "ม.ค. 68", "สำนักปลัด", "ผล ง"),
    )
    assert [(r.measure_no, r.measure_title, r.cells["actions"]) for r in rows] == [
        (1, "มาตรการ ก", "ทำ ก"),
        (1, "มาตรการ ก", "ทำ ข"),
        (1, "มาตรการ ก", "ทำ ค"),
        (2, "มาตรการ ข", "ทำ ง"),
    ]
    assert problems == []


def test_spanned_cells_continue_the_measure_and_repeat_other_values():
    rows, _ = table(
        HEADER,
        ("1", "มาตรการ ก", "ทำ ก", "ไตรมาสที่ 1", "สำนักปลัด", "ผล ก"),
        RawRow((SPANNED, SPANNED, "ทำ ข", "ไตรมาสที่ 2", SPANNED, "ผล ข")),
    )
    assert [(r.measure_no, r.cells["responsible"]) for r in rows] == [(1, "สำนักปลัด"), (1, "สำนักปลัด")]


def test_a_page_top_row_without_a_period_is_glued_cell_by_cell():
    rows, _ = table(
        HEADER,
        ("1", "มาตรการ ก", "1. ทำ ก", "ต.ค. 67", "สำนักปลัด", "1. ผล ก"),
        RawRow(("", "", "2. ทำ ข", "", "", "2. ผล ข"), page=2, starts_page=True),
    )
    assert len(rows) == 1
    assert rows[0].cells["actions"] == "1. ทำ ก\n2. ทำ ข"
    assert rows[0].cells["output"] == "1. ผล ก\n2. ผล ข"


def test_a_two_line_header_is_joined_and_unknown_columns_are_kept_with_a_warning():
    rows, problems = table(
        ("ลำดับ", "มาตรการ", "วิธีการ", "ระยะเวลา", "ผู้รับ", "หมายเหตุ"),
        ("", "", "", "", "ผิดชอบ", ""),
        ("1", "มาตรการ ก", "ทำ ก", "ต.ค. 67", "สำนักปลัด", "ยกเลิก"),
    )
    assert rows[0].cells["responsible"] == "สำนักปลัด"
    assert rows[0].extra == {"หมายเหตุ": "ยกเลิก"}
    assert [p.code for p in problems] == ["unknown_column", "extra_column"]


def test_columns_of_unknown_wording_get_their_role_from_their_cells():
    table_ = read_table(
        RawDocument(
            "x.txt",
            "txt",
            (),
            (
                RawRow(("ที่", "โครงการ", "สิ่งที่ทำ", "ช่วงที่ทำ", "ใครทำ", "ได้อะไร", "หมายเหตุ"), line=1),
                RawRow(("1", "ก", "1. จัดประชุม 2. แจ้งเวียน", "ต.ค. 67", "สำนักปลัด", "ประชุม 2 ครั้ง", "-"), line=2),
                RawRow(("2", "ข", "1. ทำป้าย", "ม.ค. 68", "กองคลัง", "ป้าย 3 แผ่น", ""), line=3),
                RawRow(("3", "ค", "- อบรม", "ไตรมาส 2", "กองช่าง/งานป้องกัน", "ผู้เข้าร่วม 40 คน", "งด"), line=4),
            ),
        )
    )
    first = table_.rows[0]
    assert first.cells["actions"] == "1. จัดประชุม 2. แจ้งเวียน"
    assert first.cells["period"] == "ต.ค. 67"
    assert first.cells["responsible"] == "สำนักปลัด"
    assert first.cells["output"] == "ประชุม 2 ครั้ง"
    assert table_.rows[2].extra == {"หมายเหตุ": "งด"}
    assert table_.roles == {
        "สิ่งที่ทำ": ("actions", "content"),
        "ช่วงที่ทำ": ("period", "content"),
        "ใครทำ": ("responsible", "content"),
        "ได้อะไร": ("output", "content"),
        "หมายเหตุ": (None, "vocabulary: no role"),
    }


def test_numbers_in_the_title_cell_and_sub_numbers():
    rows, problems = table(
        ("มาตรการ", "วิธีการ", "ระยะเวลา", "ผลการดำเนินงาน"),
        ("มาตรการที่ 3 เผยแพร่ข้อมูล", "ทำ ก", "ต.ค. 67", "ผล"),
        ("4. ป้องกันสินบน", "ทำ ข", "ต.ค. 67", "ผล"),
        ("ไม่มีเลข", "ทำ ค", "ต.ค. 67", "ผล"),
    )
    assert [(r.measure_no, r.measure_title) for r in rows] == [(3, "เผยแพร่ข้อมูล"), (4, "ป้องกันสินบน"), (5, "ไม่มีเลข")]
    assert [p.code for p in problems] == ["measure_number_missing"]


def test_sub_numbered_rows_belong_to_their_measure():
    rows, _ = table(HEADER, ("1", "มาตรการ ก", "ทำ", "", "", ""), ("1.2", "", "ทำอีก", "", "", ""))
    assert [(r.measure_no, r.measure_title) for r in rows] == [(1, "มาตรการ ก"), (1, "มาตรการ ก")]


def test_rows_before_any_header_are_ignored():
    rows, _ = table(("รายงานผล", "", ""), HEADER, ("1", "ก", "ทำ", "", "", ""))
    assert len(rows) == 1


def test_a_measure_heading_across_the_table_owns_the_rows_below_it():
    rows, problems = table(
        HEADER,
        ("มาตรการที่ 1 การเปิดเผยข้อมูล", "", "", "", "", ""),
        ("1.1", "กิจกรรมเผยแพร่", "ทำ ก", "ต.ค. 67", "กอง", "ผล"),
        ("1.2", "กิจกรรมประชาสัมพันธ์", "ทำ ข", "ต.ค. 67", "กอง", "ผล"),
        ("มิติที่ 2 การป้องกัน", "", "", "", "", ""),
        ("2", "มาตรการ ข", "ทำ ค", "ต.ค. 67", "กอง", "ผล"),
    )
    assert [(r.measure_no, r.measure_title) for r in rows] == [
        (1, "การเปิดเผยข้อมูล"),
        (1, "การเปิดเผยข้อมูล"),
        (2, "มาตรการ ข"),
    ]
    assert problems == []
    assert rows[2].section == ("มิติที่ 2", "การป้องกัน")


def test_numbering_restarting_per_section_numbers_measures_in_document_order():
    rows, problems = table(
        HEADER,
        ("กลยุทธ์ที่ 1 ปลูกฝังวิธีคิด", "", "", "", "", ""),
        ("ข้อ 1", "มาตรการ ก", "ทำ ก", "ต.ค. 67", "กอง", "ผล"),
        ("", "", "ทำ ข", "ต.ค. 67", "กอง", "ผล"),
        ("ข้อ 2", "มาตรการ ข", "ทำ ค", "ต.ค. 67", "กอง", "ผล"),
        ("๒. ด้านการให้บริการ", "", "", "", "", ""),
        ("ข้อ 1", "มาตรการ ค", "ทำ ง", "ต.ค. 67", "กอง", "ผล"),
        ("1.2", "", "ทำ จ", "ต.ค. 67", "กอง", "ผล"),
        ("ข้อ 2", "มาตรการ ง", "ทำ ฉ", "ต.ค. 67", "กอง", "ผล"),
    )
    assert [(r.measure_no, r.label, r.measure_title, r.section) for r in rows] == [
        (1, "ข้อ 1", "มาตรการ ก", ("กลยุทธ์ที่ 1", "ปลูกฝังวิธีคิด")),
        (1, "ข้อ 1", "มาตรการ ก", ("กลยุทธ์ที่ 1", "ปลูกฝังวิธีคิด")),
        (2, "ข้อ 2", "มาตรการ ข", ("กลยุทธ์ที่ 1", "ปลูกฝังวิธีคิด")),
        (3, "ข้อ 1", "มาตรการ ค", ("2.", "ด้านการให้บริการ")),
        (3, "ข้อ 1", "มาตรการ ค", ("2.", "ด้านการให้บริการ")),
        (4, "ข้อ 2", "มาตรการ ง", ("2.", "ด้านการให้บริการ")),
    ]
    assert problems == []


def test_a_heading_line_between_tables_opens_the_section_of_the_table_below():
    rows, _ = table(
        RawRow(("กลยุทธ์ที่ 1 ปลูกฝังวิธีคิด ปลุกจิตสำนึก",), free=True),
        RawRow(("ในบุคลากร",), free=True),
        ("ล าดับ", "แนวทางการพัฒนา", "หน่วยงานขับเคลื่อน"),
        ("1", "พัฒนาหลักสูตร", "- สถาบันพระบรมราชชนก"),
        ("2", "ส่งเสริม", "- กองบริหาร"),
        RawRow(("หมายเหตุ มาตรา 63 แห่งรัฐธรรมนูญ",), free=True),
        RawRow(("กลยุทธที่ 2 สร้างเครือข่าย",), free=True),
        ("ล าดับ", "แนวทางการพัฒนา", "หน่วยงานขับเคลื่อน"),
        ("1", "ให้ความรู้", "- ศูนย์ปฏิบัติการ"),
        ("ล าดับ", "แนวทางการพัฒนา", "หน่วยงานขับเคลื่อน"),  # repeated on the next page: same section
        ("2", "ประชุม", "- ศูนย์ปฏิบัติการ"),
    )
    assert [(r.measure_no, r.label, r.measure_title, r.section) for r in rows] == [
        (1, "1", "พัฒนาหลักสูตร", ("กลยุทธ์ที่ 1", "ปลูกฝังวิธีคิด ปลุกจิตสำนึก ในบุคลากร")),
        (2, "2", "ส่งเสริม", ("กลยุทธ์ที่ 1", "ปลูกฝังวิธีคิด ปลุกจิตสำนึก ในบุคลากร")),
        (3, "1", "ให้ความรู้", ("กลยุทธที่ 2", "สร้างเครือข่าย")),
        (4, "2", "ประชุม", ("กลยุทธที่ 2", "สร้างเครือข่าย")),
    ]


def test_title_rows_typed_into_the_grid_feed_the_title_block():
    from pipeline.parse.tables import title_rows

    doc = RawDocument(
        "x.txt",
        "txt",
        (),
        (
            RawRow(("รายงานผล", "", "")),
            RawRow(("ปีงบประมาณ 2568", None, "")),
            RawRow(HEADER),
            RawRow(("1", "ก", "ทำ", "", "", "")),
        ),
    )
    assert title_rows(doc) == ["รายงานผล", "ปีงบประมาณ 2568"]


def test_a_lone_cell_cut_off_by_a_page_is_not_a_heading():
    rows, problems = table(
        HEADER,
        ("1", "มาตรการ ก", "1. ทำ ก 2. เปิดช่องทางรับฟังความคิดเห็นเกี่ยวกับ", "ต.ค. 67", "กอง", "ผล"),
        RawRow(("", "", "คุณภาพการให้บริการ", "", "", ""), starts_page=True),
        RawRow(("", "", "", "", "", "ผลต่อ"), starts_page=True),
    )
    assert len(rows) == 1 and problems == []
    assert rows[0].cells["actions"].endswith("เกี่ยวกับ คุณภาพการให้บริการ")  # text joins wraps with a space
    assert rows[0].cells["output"] == "ผล ผลต่อ"


def test_title_rows_come_from_the_first_page_only():
    from pipeline.parse.tables import title_rows

    doc = RawDocument(
        "x.pdf",
        "pdf",
        (),
        (
            RawRow(("แผนปฏิบัติราชการ ระยะที่ 2 (พ.ศ. 2566-2570)",), page=1),
            RawRow(("ตัวชี้วัด", "ปีงบประมาณ 2565"), page=11),  # an indicator table before the plan's own
            RawRow(HEADER, page=94),
        ),
    )
    assert title_rows(doc) == ["แผนปฏิบัติราชการ ระยะที่ 2 (พ.ศ. 2566-2570)"]


def test_a_pdf_table_of_another_width_is_not_read_under_the_header_above():
    rows, problems = table(
        RawRow(("ล าดับ", "แนวทางการพัฒนา", "หน่วยงานขับเคลื่อน"), page=1),
        RawRow(("1", "พัฒนาหลักสูตร", "- กองบริหาร"), page=1),
        RawRow(("ความเสี่ยง", "แนวทางการจัดการความเสี่ยง"), page=2),
        RawRow(("1. ความเสี่ยงจากการนำแผนไปปฏิบัติ", "1.1 ผู้บริหารกำกับ"), page=2),
    )
    assert [r.measure_title for r in rows] == ["พัฒนาหลักสูตร"]
    assert [p.code for p in problems] == ["other_table"]


def test_a_measure_heading_opening_a_page_starts_its_measure():
    rows, _ = table(
        HEADER,
        ("1", "มาตรการ ก", "ทำ ก", "ต.ค. 67", "กอง", "ผล"),
        RawRow(("มาตรการที่ 2 การเปิดเผยข้อมูล", "", "", "", "", ""), starts_page=True),
        ("2.1", "", "ทำ ข", "ม.ค. 68", "กอง", "ผล ข"),
    )
    assert [(r.measure_no, r.measure_title) for r in rows] == [(1, "มาตรการ ก"), (2, "การเปิดเผยข้อมูล")]


def test_the_end_of_a_measure_title_opening_a_page_is_glued_not_a_heading():
    rows, problems = table(
        HEADER,
        ("1", "มาตรการส่งเสริม", "ทำ ก", "ต.ค. 67", "กอง", "ผล"),
        RawRow(("", "คุณธรรม", "", "", "", ""), starts_page=True),
    )
    assert [r.measure_title for r in rows] == ["มาตรการส่งเสริม คุณธรรม"] and problems == []


@pytest.mark.parametrize(
    ("above", "fragment", "glued"),
    [
        ("1 ต.ค. 67 –", "30 ก.ย. 68", True),
        ("ตลอด", "ปีงบประมาณ พ.ศ. 2566", True),  # the text rule once read a new activity here; PDF glued it
        ("ต.ค. 67 - ก.ย. 68", "ม.ค. 68", False),
        ("ต.ค. 67 - ก.ย. 68", "ปี 2567", False),  # a period of its own, for text as for PDF now
    ],
)
def test_a_page_top_row_is_the_rest_of_the_row_above_unless_it_starts_a_period(above, fragment, glued):
    rows, _ = table(
        HEADER,
        ("1", "มาตรการ ก", "ทำ ก", above, "กอง", "ผล"),
        RawRow(("", "", "ต่อ", fragment, "", ""), starts_page=True),
    )
    if glued:
        assert [(r.cells["period"], r.cells["actions"]) for r in rows] == [(f"{above} {fragment}", "ทำ ก ต่อ")]
    else:
        assert [r.cells["period"] for r in rows] == [above, fragment]


def test_a_repeated_grid_header_reads_the_grid_in_every_block():
    header = ("ที่", "มาตรการ", "วิธีการ", "ต.ค.", "พ.ย.", "ธ.ค.", "ผู้รับผิดชอบ")
    rows, _ = table(
        header,
        ("1", "มาตรการ ก", "ทำ ก", "", "✓", "✓", "สำนักปลัด"),
        header,
        ("2", "มาตรการ ข", "ทำ ข", "✓", "", "", "กองคลัง"),
    )
    assert [(r.gridded, [s.number for s in r.grid or ()], r.extra) for r in rows] == [
        (True, [11, 12], {}),
        (True, [10, 10], {}),
    ]
