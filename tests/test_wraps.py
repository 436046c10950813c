"""Wrapped lines of a cell joined back (`layout.wraps`), for every format."""

from __future__ import annotations

import pytest

from pipeline.layout.wraps import join_wrapped


@pytest.mark.parametrize(
    ("lines", "full", "joined"),
    [
        (["ปีงบประม", "าณ พ.ศ. 2566"], None, "ปีงบประมาณ พ.ศ. 2566"),
        (["ของโรงพยาบาล ", "(MOIT)"], [False, False], "ของโรงพยาบาล (MOIT)"),
        (["1. แต่งตั้ง", "2. จัดทำ"], None, "1. แต่งตั้ง\n2. จัดทำ"),
        (["ข้อมูล", "(2) ปรับปรุง"], None, "ข้อมูล\n(2) ปรับปรุง"),
        (["งาน", "- กองคลัง"], None, "งาน\n- กองคลัง"),
        (["2565 - 30", "กันยายน"], [True, False], "2565 - 30 กันยายน"),
        (["2565 - 30", "กันยายน"], [False, False], "2565 - 30กันยายน"),
        (["กองคลัง -", "กองช่าง"], [True, False], "กองคลัง - กองช่าง"),
        (["www.phaidum.go.t", "h"], [True, False], "www.phaidum.go.th"),
        (["No Gift", "Policy"], [True, False], "No Gift Policy"),
        (["", "ก"], None, "ก"),
    ],
)
def test_pdf_lines_join_without_inventing_spaces(lines, full, joined):
    assert join_wrapped(lines, spaced=False, full=full) == joined


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["ของโรงพยาบาล", "(MOIT)"], "ของโรงพยาบาล (MOIT)"),
        (["การประเมิน", "ผล"], "การประเมิน ผล"),  # a text source's line end was a space
        (["1. ทำ ก", "2. ทำ ข"], "1. ทำ ก\n2. ทำ ข"),
        (["งาน", "(ก) กองคลัง"], "งาน\n(ก) กองคลัง"),
        (["งาน", "-กองคลัง"], "งาน -กองคลัง"),  # a dash glued to a word is no bullet
    ],
)
def test_text_lines_join_with_a_space_and_keep_label_breaks(lines, joined):
    assert join_wrapped(lines, spaced=True) == joined


def test_a_blank_line_between_two_lines_of_a_cell_ends_a_paragraph():
    """A rendering of a cell's list without its labels sets the items apart with a blank line."""
    from pipeline.layout.wraps import line_pitch, paragraph_ends
    from pipeline.parse.cells import split_items

    # (top, bottom) of the lines of two cells: one item over two lines, then one more after a blank line.
    cell = [(446.6, 461.6), (478.9, 489.1), (534.0, 544.0), (561.5, 571.5)]
    other = [(451.1, 461.6), (478.6, 489.1), (500.5, 516.5), (533.8, 544.0)]
    pitch = line_pitch([cell, other])
    assert pitch is not None and 24 < pitch < 31
    ends = paragraph_ends(cell, pitch)
    assert ends == [False, True, False, False]
    lines = ["แต่งตั้งคณะกรรมการ", "ขับเคลื่อนการประเมิน ITA", "ประชาสัมพันธ์ข้อมูลผ่าน", "ช่องทางออนไลน์"]
    joined = join_wrapped(lines, spaced=False, ends=ends)
    assert [i.text for i in split_items(joined).items] == [
        "แต่งตั้งคณะกรรมการขับเคลื่อนการประเมิน ITA",
        "ประชาสัมพันธ์ข้อมูลผ่านช่องทางออนไลน์",
    ]
    assert paragraph_ends(cell, None) == [False] * 4  # no pitch to measure: nothing is a paragraph
