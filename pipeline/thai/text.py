"""Normalising cleaned cell text: NFC, Arabic digits, folded white space.

>>> normalize_text("  ผลการ\\u00a0ดำเนินการ ๒  ครั้ง ")
'ผลการ ดำเนินการ 2 ครั้ง'
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.thai.digits import to_arabic_digits

# Invisible characters that only hint at layout or word breaks. They carry no
# letters, so removing them loses nothing a reader can see.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Thai writing sets these words off with a space far more often than not
# ("จำนวน 9 คน", "ได้แก่ …", "คิดเป็นร้อยละ …"), so a line that wraps right
# before one, with no room left to draw a space, most likely swallowed it.
SPACED_WORDS = ("จำนวน", "ได้แก่", "คิดเป็น", "เช่น")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def fold_space(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def normalize_text(text: str) -> str:
    """The canonical form of every text column: NFC, Arabic digits, one space."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    return fold_space(to_arabic_digits(text))
