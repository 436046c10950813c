"""Hostile input: parsers raise nothing but the project's own errors."""

from __future__ import annotations

import gc
import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import HOSTILE_STRINGS
from pipeline.errors import ReportError
from pipeline.parse.quantities import extract_quantities
from pipeline.parse.records import build_records
from pipeline.read.decode import decode_bytes
from pipeline.read.html import read_html
from pipeline.read.text import read_text
from pipeline.thai.digits import to_arabic_digits
from pipeline.thai.periods import parse_period
from pipeline.thai.text import fold_space, normalize_text

THAI_CELLS = st.sampled_from(
    [
        "มาตรการ",
        "๑.",
        "1)",
        "-",
        "•",
        "ต.ค. ๖๗",
        "ถึง",
        "จำนวน",
        "ครั้ง",
        "ร้อยละ",
        "<p>",
        "</p>",
        "<li>",
        "&amp;",
        "\t",
        "\n",
        " ",
        "  ",
        "ลำดับ",
        "ผลการดำเนินการ",
        "ระยะเวลา",
        "ผู้รับผิดชอบ",
        "วิธีการ",
        "ปีงบประมาณ พ.ศ. ๒๕๖๘",
    ]
)
REPORTISH = st.lists(st.one_of(THAI_CELLS, st.sampled_from(HOSTILE_STRINGS), st.text(max_size=8)), max_size=60).map(
    "".join
)


@given(st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text()))
def test_normalize_text_is_nfc_idempotent_and_total(text):
    once = normalize_text(text)
    assert once == unicodedata.normalize("NFC", once) == normalize_text(once)


ODD_SPACES = st.text(alphabet=" a\u0e01\u0e52\u0e4d\u0e32\u00a0\u2028\x85\x1c\u3000\u200b", max_size=6)


@given(st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text(), REPORTISH, ODD_SPACES))
@example("ก ")
@example(" ก")
@example("ก  ก")
@example("ก\u2028ก")
@example("ก\u200bก")
@example("ก๒")
def test_normalize_text_gives_the_full_pass_whichever_way_it_goes(text):
    """Its shortcut for text already normal must never skip a change the full pass makes."""
    visible = re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    full = " ".join(to_arabic_digits(unicodedata.normalize("NFC", visible)).split())
    assert normalize_text(text) == full


@given(st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text(), REPORTISH, ODD_SPACES))
def test_fold_space_folds_what_the_white_space_pattern_matches(text):
    assert fold_space(text) == re.sub(r"\s+", " ", text).strip()


@given(st.one_of(REPORTISH, st.text()))
def test_string_parsers_never_raise(text):
    parse_period(text, 2568)
    parse_period(text, None)
    for quantity in extract_quantities(normalize_text(text)):
        assert quantity.comparator in ("=", ">=", "<=")


@settings(max_examples=150, deadline=None)
@given(REPORTISH)
def test_readers_and_records_raise_only_report_errors(text):
    for reader in (read_text, read_html):
        try:
            raw = reader(text, "hostile.txt")
            build_records(raw, text.encode("utf-8"), "hostile.txt")
        except ReportError as err:
            assert err.path == "hostile.txt" and err.message


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_decoding_raises_only_report_errors(data):
    try:
        text = decode_bytes(data, "x.txt")
    except ReportError as err:
        assert "x.txt" in str(err)
    else:
        assert "\r" not in text


@pytest.mark.parametrize("data", ["มาตรการ ๑ ต.ค. ๖๗".encode("cp874"), b"abc \x80\x81\x82 def"])
def test_decoding_leaves_no_cycle_holding_the_callers(data):
    """A decoding error kept past its handler holds its frames, and through them its callers'
    files and rows, until the cycle collector runs (late, in a worker)."""
    gc.collect()
    gc.disable()
    try:
        try:
            decode_bytes(data, "x.txt")
        except ReportError:
            pass
        assert gc.collect() == 0
    finally:
        gc.enable()
