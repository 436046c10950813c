"""Normalising cleaned cell text: NFC, Arabic digits, folded white space.

>>> normalize_text("  ผลการ\\u00a0ดำเนินการ ๒  ครั้ง ")
'ผลการ ดำเนินการ 2 ครั้ง'
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.thai.chars import COMBINING_MARKS, THAI_DIGITS
from pipeline.thai.digits import to_arabic_digits

# Invisible characters that only hint at layout or word breaks. They carry no
# letters, so removing them loses nothing a reader can see.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# Thai writing sets these words off with a space far more often than not
# ("จำนวน 9 คน", "ได้แก่ …", "คิดเป็นร้อยละ …", "ปีงบประมาณ พ.ศ. 2567", "… ตลอดจน …",
# "… รวมทั้ง …", "… ทั้งนี้ …": 27 of 30 and 44 of 47 times in the gold and reference texts),
# so a line that wraps right before one, with no room left to draw a space (or
# a scan, which shows none), most likely swallowed it.
SPACED_WORDS = ("จำนวน", "ได้แก่", "คิดเป็น", "เช่น", "พ.ศ.", "ตลอดจน", "รวมทั้ง", "ทั้งนี้")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# White space other than the space, spelled out (Unicode has none above U+3000): a pattern
# that is one set of characters is scanned for in C, where an alternation is tried at
# every position.
_OTHER_SPACES = "".join(chr(code) for code in range(0x3001) if chr(code).isspace() and code != 0x20)
# The characters `normalize_text` would change inside the text, but for NFC: most cells
# need nothing, and one search says so faster than the four passes that would leave them
# as they are (two spaces in a row, and a space at either end, are looked at apart).
_UNNORMAL = re.compile(f"[{_INVISIBLE_CHARS}{THAI_DIGITS}{re.escape(_OTHER_SPACES)}]")


def fold_space(text: str) -> str:
    """Each run of white space one space, none at either end."""
    # str.split cuts at exactly the characters `\s` matches, in C: faster than a pattern
    # even to find that nothing needs folding.
    return " ".join(text.split())


def normalize_text(text: str) -> str:
    """The canonical form of every text column: NFC, Arabic digits, one space."""
    if (
        "  " not in text
        and _UNNORMAL.search(text) is None
        and not text.startswith(" ")
        and not text.endswith(" ")
        and unicodedata.is_normalized("NFC", text)
    ):
        return text
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    return fold_space(to_arabic_digits(text))


# Marks that damaged text layers drop, duplicate or move (tone marks, upper and
# lower vowels, nikhahit, thanthakhat), and sara am written as nikhahit + sara aa.
_MARKS = re.compile(f"[{COMBINING_MARKS}]")


def skeleton(text: str) -> str:
    """Consonants and spacing vowels only, no spaces: a key that survives font damage.

    Real PDF exports lose sara am ("ด าเนินการ"), put marks in visual order
    ("ปงีบประมาณ") or double them; the skeleton of the damaged and the clean
    word is the same, so a rule that recognises words can match either.

    >>> skeleton("ประจ าปงีบประมาณ") == skeleton("ประจำปีงบประมาณ")
    True
    """
    text = unicodedata.normalize("NFC", text).replace("\u0e33", "\u0e32")
    return _SPACES.sub("", _MARKS.sub("", text))
