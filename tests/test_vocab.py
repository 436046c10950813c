from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.layout import vocab
from pipeline.layout.headers import match_header
from pipeline.layout.vocab import canonical_column, enough_header_cells, may_be_header_cell


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
        ("หมายเหตุ", "note"),
        ("ข้อเสนอแนะ", "note"),
        ("ปัญหา/อุปสรรค", "note"),
        ("หัวข้อ", "measure"),
        ("แนวทางการพัฒนา", "measure"),
        ("ประเด็น", "measure"),
        ("โครงการ/กิจกรรม", "measure"),
        ("ภารกิจ", "measure"),
        ("การดำเนินงาน", "actions"),
        ("หน่วยงานขับเคลื่อน", "responsible"),
        ("หน่วยงานหลัก", "responsible"),
        ("ผู้รับผิดชอบหลัก", "responsible"),
        ("ดำเนินการแล้ว", "status_done"),
        ("ยังมิได้ดำเนินการ", "status_not_done"),
        ("ค่าเป้าหมาย", "indicator"),
        # text whose font lost the nikhahit of sara am, and spaces inside words
        ("ล าดับ", "number"),
        ("ผลการด าเนินงาน", "output"),
        ("ผู้รับ ผิดชอบ", "responsible"),
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
    assert header.noted == {4}
    assert set(header.reasons.values()) == {"vocabulary"}


def test_an_action_plan_header_with_damaged_sara_am_is_a_header():
    header = match_header(("ล าดับ", "แนวทางการพัฒนา", "หน่วยงานขับเคลื่อน"))
    assert header is not None
    assert header.columns == {0: "number", 1: "measure", 2: "responsible"}


def test_known_roleless_columns_count_towards_a_header():
    header = match_header(("ที่", "โครงการ/กิจกรรม", "ข้อเสนอแนะ", "ปัญหา/อุปสรรค"))
    assert header is not None
    assert header.unknown == {2: "ข้อเสนอแนะ", 3: "ปัญหา/อุปสรรค"}


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


def test_a_header_cut_in_two_is_joined_when_that_maps_more_columns():
    from pipeline.layout.headers import joined_header

    top = ("ลำดั", "มาตรการ", "วิธีการดำเนินการ", "ระยะเวลา", "ผู้รับ")
    rest = ("บที่", "", "", "ดำเนินการ", "ผิดชอบ")
    joined = joined_header(top, rest)
    assert joined is not None
    cells, header = joined
    assert cells == ("ลำดับที่", "มาตรการ", "วิธีการดำเนินการ", "ระยะเวลาดำเนินการ", "ผู้รับผิดชอบ")
    assert set(header.columns.values()) >= {"number", "measure", "period", "responsible"}
    full = ("ลำดับที่", "มาตรการ", "วิธีการดำเนินการ", "ระยะเวลา", "ผู้รับผิดชอบ")
    assert joined_header(("", "", "", "", ""), full) is None  # the rest is a whole header: nothing was cut


_CELLS = st.sampled_from(
    [None, "", "1", "ที่", "ลำดับที่", "มาตรการ/กิจกรรม", "ผลการดำเนินงาน", "หน่วยงานรับผิดชอบ", "ระยะเวลาดำเนินการ"]
    + ["จัดประชุมชี้แจงแนวทางการปฏิบัติงานแก่บุคลากรทุกคน", "ผู้รับ ผิดชอบ", "x" * 200, "ดำเนินการแล้วเสร็จตามแผน"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELLS, max_size=9).map(tuple), st.integers(0, 5))
def test_enough_header_cells_counts_as_the_cell_test_does(cells, needed):
    expected = sum(1 for cell in cells if cell and may_be_header_cell(cell)) >= needed
    assert enough_header_cells(cells, needed) == expected


_STEMS = sorted({stem for _, stems in vocab._STEM_KEYS for stem in stems})
_ANY_STEM_PLAIN = re.compile("|".join(map(re.escape, _STEMS)))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_STEMS) | st.text(alphabet="".join(sorted(set("".join(_STEMS)))) + " 1", max_size=6)))
def test_the_stems_merged_into_a_trie_match_where_any_stem_does(pieces):
    # Stems cut and glued: every beginning a stem shares with another, every stem inside another.
    text = "".join(pieces)
    assert (vocab._ANY_STEM.search(text) is None) == (_ANY_STEM_PLAIN.search(text) is None)


def test_the_stem_trie_matches_each_stem_whole():
    assert [stem for stem in _STEMS if vocab._ANY_STEM.fullmatch(stem) is None] == []


@settings(max_examples=500, deadline=None)
@given(st.sets(st.text(alphabet="abc", max_size=4), max_size=6), st.text(alphabet="abcd", max_size=12))
def test_a_word_trie_matches_as_its_words_longest_first(words, text):
    # Words that begin other words ("ab", "abc"), and the empty word.
    trie = re.compile(vocab._any_of(words))
    plain = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))
    for start in range(len(text) + 1):
        found, expected = trie.match(text, start), plain.match(text, start)
        assert (found and found.end()) == (expected and expected.end())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3100) | st.sampled_from(["\u200b", "\u0e33", "\u0e4d"])))
def test_a_wording_key_drops_every_space_as_a_pattern_would(text):
    reference = re.sub(r"[\s\u200b]+", "", text.lower()).replace("\u0e33", "\u0e32").replace("\u0e4d", "")
    assert vocab.wording_key(text) == reference
