"""Page-number lines (`layout.furniture`), the same rule for text and PDF."""

from __future__ import annotations

import pytest

from pipeline.layout.furniture import is_page_number


@pytest.mark.parametrize(
    "line",
    ["หน้า 1/3", "หน้าที่ ๒ จาก ๕", "- 2 -", "(2)", "2/5", "Page 3 of 9", "  12  ", "หน้า 4"],
)
def test_page_number_lines(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["", "1. แต่งตั้งคณะกรรมการ", "2567", "ไตรมาสที่ 2", "หน้าที่ของหน่วยงาน"])
def test_lines_that_are_not_page_numbers(line):
    assert not is_page_number(line)
