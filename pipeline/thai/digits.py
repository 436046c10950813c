"""Thai digits to Arabic digits.

In Python ``\\d`` matches Thai digits too, so every parser converts digits
first and then matches ``[0-9]`` explicitly.

>>> to_arabic_digits("๑ ต.ค. ๖๗")
'1 ต.ค. 67'
"""
from __future__ import annotations

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)
