"""Thai digits to Arabic digits.

In Python ``\\d`` matches Thai digits too, so every parser converts digits
first and then matches ``[0-9]`` explicitly.

>>> to_arabic_digits("๑ ต.ค. ๖๗")
'1 ต.ค. 67'
"""

from __future__ import annotations

import re

from pipeline.thai.chars import THAI_DIGITS

_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_HAS_THAI_DIGIT = re.compile(f"[{THAI_DIGITS}]")
_DIGIT_PAIRS = tuple(zip(THAI_DIGITS, "0123456789"))


def to_arabic_digits(text: str) -> str:
    # str.translate walks every character through a dict: most cells have no Thai
    # digit, which a regex search finds out many times faster, and a cell that has
    # some takes ten `str.replace` (each a scan in C) several times faster again.
    if not _HAS_THAI_DIGIT.search(text):
        return text
    for thai, arabic in _DIGIT_PAIRS:
        if thai in text:
            text = text.replace(thai, arabic)
    return text


def to_thai_digits(text: str) -> str:
    """Arabic digits written as Thai ones (Word's Thai list numbering)."""
    return text.translate(_TO_THAI)
