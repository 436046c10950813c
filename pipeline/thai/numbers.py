"""Thai number words ("สองร้อยยี่สิบเอ็ด", "สามล้าน") -> numbers.

Digits and multipliers are words of their own; `NUMBER_WORD` matches any one
of them, longest first, so a run of them can be found in text and valued.
"""

from __future__ import annotations

import re

DIGIT_WORDS = {"หนึ่ง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9}
MULTIPLIER_WORDS = {"สิบ": 10, "ร้อย": 100, "พัน": 1_000, "หมื่น": 10_000, "แสน": 100_000, "ล้าน": 1_000_000}
# Any one number word, as a regex alternation, longest first.
NUMBER_WORD = "|".join(sorted((re.escape(w) for w in [*DIGIT_WORDS, *MULTIPLIER_WORDS]), key=len, reverse=True))
_TOKEN = re.compile(NUMBER_WORD)


def thai_number_value(words: str) -> float | None:
    """The value of Thai number words, or None when they are not one number.

    >>> thai_number_value("สองร้อยยี่สิบเอ็ด")
    221.0
    >>> thai_number_value("สามารถ") is None
    True
    """
    tokens = _TOKEN.findall(words)
    if not tokens or "".join(tokens) != words:
        return None
    total, section, digit, last_mult = 0, 0, None, 10_000_000
    for i, tok in enumerate(tokens):
        if tok in DIGIT_WORDS:
            bad_yi = tok == "ยี่" and tokens[i + 1 : i + 2] != ["สิบ"]
            bad_et = tok == "เอ็ด" and (i == 0 or tokens[i - 1] not in MULTIPLIER_WORDS)
            if digit is not None or bad_yi or bad_et:
                return None  # "สองสาม": two digits in a row are a range, not a number
            digit = DIGIT_WORDS[tok]
        elif tok == "ล้าน":
            total = (total + section + (digit or 0) or 1) * 1_000_000
            section, digit, last_mult = 0, None, 10_000_000
        else:
            mult = MULTIPLIER_WORDS[tok]
            if mult >= last_mult:
                return None
            section += (1 if digit is None else digit) * mult
            digit, last_mult = None, mult
    return float(total + section + (digit or 0))
