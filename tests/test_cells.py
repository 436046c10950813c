from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import HOSTILE_STRINGS
from pipeline.layout.markup import markup_text
from pipeline.parse.cells import plain_text, split_items


def items(cell: str) -> list[tuple[str, str]]:
    """Items of a cell as a reader hands it on: HTML resolved into paragraphs first."""
    return [(i.label, i.text) for i in split_items(markup_text(cell)).items]


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("๑. ผู้บริหารกำหนด ๒. จัดทำช่องทาง", [("1.", "ผู้บริหารกำหนด"), ("2.", "จัดทำช่องทาง")]),
        ("1) แต่งตั้ง 2) ปรับปรุง 3) ประชาสัมพันธ์", [("1)", "แต่งตั้ง"), ("2)", "ปรับปรุง"), ("3)", "ประชาสัมพันธ์")]),
        ("(1) มีคำสั่ง 3 คน (2) ปรับปรุง 12 ครั้ง/ปี", [("(1)", "มีคำสั่ง 3 คน"), ("(2)", "ปรับปรุง 12 ครั้ง/ปี")]),
        # a numbering that restarts inside an item is that item's sub-list
        ("1. จัดทำช่องทาง 6 ช่องทาง 1. เว็บไซต์ 2. สายด่วน", [("1.", "จัดทำช่องทาง 6 ช่องทาง 1. เว็บไซต์ 2. สายด่วน")]),
        ("1. ก 2. ข 1. ค 2. ง 3. จ", [("1.", "ก"), ("2.", "ข 1. ค 2. ง 3. จ")]),
        # a count before a sub-list says how many items it has: the next number is the outer list's
        (
            "1. ประกาศ 1 ฉบับ 2. ประชาสัมพันธ์ 2 ช่องทาง 1. เว็บไซต์ 2. เฟซบุ๊ก 3. ไม่รับของขวัญ",
            [("1.", "ประกาศ 1 ฉบับ"), ("2.", "ประชาสัมพันธ์ 2 ช่องทาง 1. เว็บไซต์ 2. เฟซบุ๊ก"), ("3.", "ไม่รับของขวัญ")],
        ),
        ("1. ประชุม 3 ครั้ง 1. ก 2. ข 3. ค 2. สรุป", [("1.", "ประชุม 3 ครั้ง 1. ก 2. ข 3. ค"), ("2.", "สรุป")]),
        # another label style is a sub-list too
        ("1. อบรม 1) ครั้งแรก 2) ครั้งที่สอง 2. ประเมิน", [("1.", "อบรม 1) ครั้งแรก 2) ครั้งที่สอง"), ("2.", "ประเมิน")]),
        # decimals, ranges and references are not labels
        ("1. ร้อยละ 92.65 ของผู้เข้าอบรม 2. ชั้น 4-6", [("1.", "ร้อยละ 92.65 ของผู้เข้าอบรม"), ("2.", "ชั้น 4-6")]),
        ("1. ตามข้อ 1. ของประกาศ 2. เผยแพร่", [("1.", "ตามข้อ 1. ของประกาศ"), ("2.", "เผยแพร่")]),
        # a label follows white space, has one or two digits, and no digit after its dot
        ("(1) ก ข(2) ค (2) ง", [("(1)", "ก ข(2) ค"), ("(2)", "ง")]),
        ("(1) ก (002) ข (2) ค", [("(1)", "ก (002) ข"), ("(2)", "ค")]),
        ("1. ก (2. ข 2. ค", [("1.", "ก (2. ข"), ("2.", "ค")]),
        ("1. ก 2.5 ข 2. ค", [("1.", "ก 2.5 ข"), ("2.", "ค")]),
        ("10. ก 11. ข", [("10.", "ก"), ("11.", "ข")]),
        ("(1)ก (2)ข", [("(1)", "ก"), ("(2)", "ข")]),
        ("- สำนักปลัด - กองคลัง - กองช่าง", [("-", "สำนักปลัด"), ("-", "กองคลัง"), ("-", "กองช่าง")]),
        ("• ข้อมูลครบถ้วน • ไตรมาส 1 - 4", [("•", "ข้อมูลครบถ้วน"), ("•", "ไตรมาส 1 - 4")]),
        ("• ครบถ้วน ร้อยละ 100 • ตรวจสอบ", [("•", "ครบถ้วน ร้อยละ 100"), ("•", "ตรวจสอบ")]),
        ("•มีประกาศ 1 ฉบับ •แจ้งเวียน", [("•", "มีประกาศ 1 ฉบับ"), ("•", "แจ้งเวียน")]),
        ("- ไตรมาส 1 - 4 - รายงานผล", [("-", "ไตรมาส 1 - 4"), ("-", "รายงานผล")]),
        ("จัดทำแบบประเมินความพึงพอใจ", [("", "จัดทำแบบประเมินความพึงพอใจ")]),
        ("<p>๑. ก</p> <p>๒. ข</p>", [("1.", "ก"), ("2.", "ข")]),
        ("<ol><li>จัดทำแผน</li><li>เผยแพร่ <b>ITA</b></li></ol>", [("1.", "จัดทำแผน"), ("2.", "เผยแพร่ ITA")]),
        ('<ol start="3"><li>ค</li></ol>', [("3.", "ค")]),
        ("<ul><li>ประชาชนได้รับข้อมูล</li></ul>", [("•", "ประชาชนได้รับข้อมูล")]),
        ('<ul style="list-style-type: none"> - สำนักปลัด - กองคลัง', [("-", "สำนักปลัด"), ("-", "กองคลัง")]),
        ("<p>สำนักปลัดเทศบาล</p><p>กองการเจ้าหน้าที่</p>", [("", "สำนักปลัดเทศบาล"), ("", "กองการเจ้าหน้าที่")]),
        ("สำนักปลัด<br>กองคลัง", [("", "สำนักปลัด"), ("", "กองคลัง")]),
        ("<ol><li>ก<ol><li>ย่อย</li></ol></li><li>ข</li></ol>", [("1.", "ก 1. ย่อย"), ("2.", "ข")]),
        # an unnumbered sub-list stays in its item's text, its bullets the spaces they stand for
        (
            "<ol><li>เผยแพร่ผ่าน<ul><li>เว็บไซต์</li><li>ระบบ e-GP</li></ul></li><li>รายงาน</li></ol>",
            [("1.", "เผยแพร่ผ่าน เว็บไซต์ ระบบ e-GP"), ("2.", "รายงาน")],
        ),
        ("<p>Do &amp; Don&#39;ts &nbsp; ITA</p>", [("", "Do & Don'ts ITA")]),
        ("", []),
        ("<p></p>", []),
    ],
)
def test_split_items(cell, expected):
    assert items(cell) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        # a wrapped line inside a labelled item stays in that item
        ("1. แต่งตั้ง\nคณะทำงาน\n2. ตรวจสอบ", [("1.", "แต่งตั้ง คณะทำงาน"), ("2.", "ตรวจสอบ")]),
        # a line break before a label does not decide: a restarted numbering stays a sub-list
        (
            "1. กำหนด 2 คน\n2. จัดทำ 6 ช่องทาง\n1. เว็บไซต์\n2. สายด่วน\n3. Facebook",
            [("1.", "กำหนด 2 คน"), ("2.", "จัดทำ 6 ช่องทาง 1. เว็บไซต์ 2. สายด่วน 3. Facebook")],
        ),
        ("- ฝ่ายบริหาร\n- ฝ่ายวิชาการ", [("-", "ฝ่ายบริหาร"), ("-", "ฝ่ายวิชาการ")]),
        # unlabelled lines outside a list are items of their own
        ("สำนักปลัดเทศบาล\nกองการเจ้าหน้าที่", [("", "สำนักปลัดเทศบาล"), ("", "กองการเจ้าหน้าที่")]),
    ],
)
def test_plain_text_cells(cell, expected):
    assert items(cell) == expected


@pytest.mark.parametrize(
    "cell, numbers",
    [
        ("<p>๑. ก</p><p>๒. ข</p><p>๕. ค</p><p>๕. ง</p>", ["skipped list number 5", "duplicate list number 5"]),
        ("1. ก 2. ข 2. ค", ["duplicate list number 2"]),
    ],
)
def test_misnumbered_lists_keep_items_in_order_with_a_warning(cell, numbers):
    found = split_items(markup_text(cell))
    assert [i.label for i in found.items][-1] in ("5.", "2.")
    messages = [p.message for p in found.problems]
    assert [m.split(" (")[0] for m in messages] == numbers
    assert all(p.code == "list_numbering" for p in found.problems)


def test_plain_text_strips_tags_and_folds_space():
    assert plain_text(markup_text("<p>๑ ต.ค. ๖๗</p>\n<p> ถึง ๓๐ ก.ย. ๖๘</p>")) == "1 ต.ค. 67 ถึง 30 ก.ย. 68"


def test_a_blank_line_keeps_paragraphs_apart():
    # "1. ย่อย" is a sub-list of "ก"; "2. ข" opens its own paragraph, so it is the next item
    assert items("1. ก 1. ย่อย\n\n2. ข") == [("1.", "ก 1. ย่อย"), ("2.", "ข")]
    assert items("1. ก 1. ย่อย\n2. ข") == [("1.", "ก 1. ย่อย 2. ข")]


@given(st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text()), st.booleans())
def test_split_items_never_raises_and_keeps_nfc_text(cell, markup):
    import unicodedata

    for item in split_items(markup_text(cell) if markup else cell).items:
        assert item.text and item.text == unicodedata.normalize("NFC", item.text)
