"""Month abbreviations as OCR damages them, put back where their letters name one month.

An abbreviation's point sits where a below vowel does and a speck over a
letter reads as an upper vowel: OCR turns ก.ย. into กุย., ต.ค. into ติ.ค. or
ตต.ค. What it keeps is the letters; where those name one month alone, the
token is that month. The digit readers ask the same question to know a line
of dates before its abbreviations are repaired.
"""

from __future__ import annotations

import re

from pipeline.thai.chars import COMBINING_MARKS, CONSONANTS
from pipeline.thai.thai_calendar import MONTH_ABBREVIATIONS


def _skeleton(token: str) -> str:
    """An abbreviation's letters (consonants and a leading เ), one read twice once: what OCR keeps of it."""
    letters = [ch for ch in token if "\u0e01" <= ch <= "\u0e2e" or ch == "เ"]
    return "".join(ch for i, ch in enumerate(letters) if i == 0 or ch != letters[i - 1])


_MONTHS_BY_SKELETON: dict[str, list[str]] = {}
for _month in MONTH_ABBREVIATIONS:
    _MONTHS_BY_SKELETON.setdefault(_skeleton(_month), []).append(_month)
# A token shaped like a month abbreviation: two or three letters with marks, points and below
# vowels among them, ending in a point. An abbreviation's point sits where a below vowel does,
# and a speck over a letter reads as an upper vowel: OCR turns ก.ย. into กุย., ต.ค. into ติ.ค.
_ABBREVIATION_LIKE = re.compile(
    f"(?<![{CONSONANTS}{COMBINING_MARKS}.])เ?[{CONSONANTS}][{CONSONANTS}{COMBINING_MARKS}.]{{1,5}}\\."
)
_POINT_LIKE = frozenset(".\u0e38\u0e39")


def month_named(token: str) -> str | None:
    """The month abbreviation whose letters `token` has, if they name one month alone, however
    many of its points were read ("กย." for ก.ย.): for a token known otherwise to be one."""
    months = _MONTHS_BY_SKELETON.get(_skeleton(token), [])
    return months[0] if len(months) == 1 else None


def repair_abbreviations(text: str) -> str:
    """Month abbreviations OCR damaged, put back where their letters name one month alone."""

    def month(match: re.Match[str]) -> str:
        token = match.group()
        if token in MONTH_ABBREVIATIONS or sum(ch in _POINT_LIKE for ch in token) < 2:
            return token
        return month_named(token) or token

    return _ABBREVIATION_LIKE.sub(month, text)
