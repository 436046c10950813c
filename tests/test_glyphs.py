from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.thai.glyphs import PUA_TO_THAI, GlyphIssue, any_needs_repair, needs_repair, repair_thai
from pipeline.thai.words import coverage, cut_words

REPAIRS = [
    # Windows PUA, shifted down (SD)
    ("ร\uf70aาง", "ร่าง"),
    ("ไว\uf70b", "ไว้"),
    ("โต\uf70cะ", "โต๊ะ"),
    ("จ\uf70dา", "จ๋า"),
    ("การ\uf70eตูน", "การ์ตูน"),
    ("ฎ\uf718", "ฎุ"),
    ("ฏ\uf719", "ฏู"),
    ("พ\uf71a", "พฺ"),
    # shifted left (SL) and down-left (SDL)
    ("เป\uf712น", "เป็น"),
    ("ป\uf702ที่", "ปีที่"),
    ("ป\uf710จจุบัน", "ปัจจุบัน"),
    ("ป\uf701ด", "ปิด"),
    ("ฝ\uf703ก", "ฝึก"),
    ("ฝ\uf704น", "ฝืน"),
    ("ป\uf705า", "ป่า"),
    ("ฝ\uf706า", "ฝ้า"),
    ("ป\uf701\uf713น", "ปิ่น"),
    ("ป\uf702\uf714", "ปี้"),
    # consonant without descender (RD)
    ("\uf700าน", "ฐาน"),
    ("ห\uf70fิง", "หญิง"),
    # Mac PUA
    ("ร\uf88bาง", "ร่าง"),
    ("เป\uf889น", "เป็น"),
    ("\uf89eาน", "ฐาน"),
    ("ป\uf885\uf88aน", "ปิ่น"),
    # sara am split into nikhahit + sara aa
    ("ท\u0e4d\u0e32", "ทำ"),
    ("น\u0e49\u0e4d\u0e32", "น้ำ"),
    ("น\u0e4d\u0e49\u0e32", "น้ำ"),
    ("น\uf70b\u0e4d\u0e32", "น้ำ"),
    ("ก\u0e4d\u0e32หนด", "กำหนด"),
    # sara am followed by the stray sara aa of a broken ActualText
    ("ทำา", "ทำ"),
    ("ท\u0e4d\u0e32\u0e32", "ทำ"),
    ("น้ำาท่วม", "น้ำท่วม"),
    # spaces before combining marks
    ("ที \u0e48", "ที่"),
    ("ก ิน", "กิน"),
    ("ร \uf70aาง", "ร่าง"),
    ("ก  \u0e48", "ก่"),
    ("ก\u00a0\u0e49", "ก้"),
    ("ก \u0e34 \u0e48", "กิ่"),
    # vowel before tone mark
    ("ท\u0e48\u0e35", "ที่"),
    ("ก\u0e49\u0e38ง", "กุ้ง"),
    ("สิทธ\u0e4c\u0e34", "สิทธิ์"),
    ("ผ\uf70b\uf702", "ผี้"),
    # sara e twice for sara ae
    ("เเละ", "และ"),
    ("เเต\uf70aง", "แต่ง"),
    # already clean, or not Thai: unchanged apart from NFC
    ("ราชอาณาจักรไทย", "ราชอาณาจักรไทย"),
    ("กิน ข้าว", "กิน ข้าว"),
    ("", ""),
    ("abc 123\n", "abc 123\n"),
    ("e\u0301", "\u00e9"),
]


@pytest.mark.parametrize(("damaged", "clean"), REPAIRS)
def test_repairs(damaged: str, clean: str) -> None:
    result = repair_thai(damaged)
    assert result.text == clean
    assert result.issues == ()


@pytest.mark.parametrize(
    ("text", "issues"),
    [
        ("ก\ufffdข", (GlyphIssue(1, "\ufffd", "replacement_char"),)),
        ("(cid:3)ร", (GlyphIssue(0, "(cid:3)", "cid_glyph"),)),
        ("ก\uf8ff", (GlyphIssue(1, "\uf8ff", "unknown_private_use"),)),
        ("ก\U000f0001", (GlyphIssue(1, "\U000f0001", "unknown_private_use"),)),
        # offsets are in the repaired text, after the space went
        ("ร \uf70aาง\ufffd", (GlyphIssue(4, "\ufffd", "replacement_char"),)),
        (
            "\ue000 (cid:12) \ufffd",
            (
                GlyphIssue(0, "\ue000", "unknown_private_use"),
                GlyphIssue(2, "(cid:12)", "cid_glyph"),
                GlyphIssue(11, "\ufffd", "replacement_char"),
            ),
        ),
    ],
)
def test_unrepairable_stays_visible(text: str, issues: tuple[GlyphIssue, ...]) -> None:
    result = repair_thai(text)
    assert result.issues == issues
    for issue in issues:
        assert result.text[issue.offset : issue.offset + len(issue.char)] == issue.char


def test_table_covers_both_harfbuzz_ranges() -> None:
    assert set(PUA_TO_THAI) == set(range(0xF700, 0xF71B)) | set(range(0xF884, 0xF89F))


_THAI = [chr(c) for c in range(0x0E01, 0x0E5C) if chr(c).isprintable()]
_DAMAGE = [chr(c) for c in PUA_TO_THAI] + [" ", "\u00a0", "\ufffd", "(cid:7)", "\uf8ff"]
thaiish = st.lists(st.sampled_from(_THAI + _DAMAGE + ["a", "1", "\n"]), max_size=40).map("".join)
_CONSONANT = re.compile("[\u0e01-\u0e2e]")
_DESCENDERLESS = {0xF700, 0xF70F, 0xF89A, 0xF89E}


@settings(max_examples=300, deadline=None)
@given(st.one_of(thaiish, st.text(max_size=30)))
def test_repair_is_idempotent(text: str) -> None:
    once = repair_thai(text).text
    assert repair_thai(once).text == once


@settings(max_examples=300, deadline=None)
@given(thaiish)
def test_repair_keeps_every_consonant(text: str) -> None:
    # Descenderless yo ying / tho than become consonants; nothing else may.
    restored = sum(1 for ch in text if ord(ch) in _DESCENDERLESS)
    after = repair_thai(text).text
    assert len(_CONSONANT.findall(after)) == len(_CONSONANT.findall(text)) + restored


@settings(max_examples=300, deadline=None)
@given(thaiish)
def test_repair_leaves_no_known_damage(text: str) -> None:
    after = repair_thai(text).text
    assert not any(ord(ch) in PUA_TO_THAI for ch in after)
    assert "\u0e4d\u0e32" not in after
    assert not re.search("[\u0e48-\u0e4b][\u0e31\u0e34-\u0e3a\u0e47]", after)
    assert not re.search(" [\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", after)


# Words and near-words of report Thai, cut and joined anyhow: what a damaged run's readings look like.
_PIECES = ("ดำเนินการ", "ดาเนินการ", "ภาครัฐ", "ประจำปี", "ประจาปี", "จำนวน", "จานวน", "ความ", "โปร่งใส", "ช่องทาง")
reading = st.lists(st.sampled_from(_PIECES), max_size=5).map("".join) | thaiish


@settings(max_examples=300, deadline=None)
@given(reading)
def test_a_reading_is_cut_as_newmm_cuts_it_with_the_whole_dictionary(text: str) -> None:
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize

    whole = word_tokenize(text, engine="newmm", keep_whitespace=False)
    found = cut_words(text)
    if found is None:
        assert not any(w in thai_words() for w in whole)
    else:
        assert found == whole
    assert coverage(text) == sum(len(w) for w in whole if w in thai_words())


# Clean report words with, now and then, one damaged sequence or a lone Thai character:
# texts on both sides of `needs_repair`.
_CLEAN = ("ดำเนินการ", "เป็น", "ภาครัฐ", "ประจำปี", "จำนวน", "ช่องทาง", "แผนงาน", "๑๒", "ITA", " ", "\n", "1")
_DAMAGED = (
    "เเ",
    "\u0e4d\u0e32",
    " \u0e48",
    "\u0e33\u0e32",
    "e\u0301",
    "\u00c9",
    "(cid:7)",
    "\ufffd",
    "\uf70a",
    "\uf8ff",
)
_PIECE = st.sampled_from(_CLEAN) | st.sampled_from(_DAMAGED) | st.sampled_from(_THAI)
cell_like = st.lists(_PIECE, max_size=8).map("".join)


@settings(max_examples=500, deadline=None)
@given(cell_like)
def test_a_text_that_needs_no_repair_is_left_as_it_is(text: str) -> None:
    if not needs_repair(text):
        repaired = repair_thai(text)
        assert (repaired.text, repaired.repairs, repaired.issues) == (text, (), ())


@settings(max_examples=500, deadline=None)
@given(st.lists(cell_like, max_size=6))
def test_texts_joined_need_repair_when_any_of_them_does(texts: list[str]) -> None:
    assert any_needs_repair(texts) or not any(map(needs_repair, texts))


@pytest.mark.parametrize(
    "texts", [["ก", "\u0e48ก"], ["ภาครัฐ", "\u0e33\u0e32"], ["ก", "\u00c9ก"], ["\u0e32\u0e48", "ก"]]
)
def test_damage_at_a_text_edge_is_found_in_the_joined_texts(texts: list[str]) -> None:
    assert any(map(needs_repair, texts))
    assert any_needs_repair(texts)


@pytest.mark.parametrize("damage", _DAMAGED)
def test_each_damaged_sequence_needs_repair(damage: str) -> None:
    text = "ภาครัฐ" + damage
    repaired = repair_thai(text)
    assert (repaired.text, repaired.issues) != (text, ())
    assert needs_repair(text)
