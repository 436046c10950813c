from __future__ import annotations

import pytest

from pipeline.parse.records import _budget


@pytest.mark.parametrize(
    "text, baht",
    [
        ("35,000", 35000.0),
        ("15,000.-", 15000.0),
        ("20,000 บาท", 20000.0),
        ("-", None),
        ("", None),
        ("ไม่ใช้งบประมาณ", None),
        ("1,234.50", 1234.5),
        (None, None),
    ],
)
def test_budget(text, baht):
    assert _budget(text) == baht
