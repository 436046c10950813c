"""The Thai script's character classes, named once.

Each constant is the body of a regex character class (use it inside
``[...]``) as well as a string of the characters or a range over them;
every stage that asks "is this Thai?" takes its range from here.

>>> is_thai_letter("ก"), is_thai_letter("๑"), is_thai_letter("a")
(True, False, False)
"""

from __future__ import annotations

# Consonants ก-ฮ.
CONSONANTS = "\u0e01-\u0e2e"
# Letters, vowels and marks: the characters Thai words are spelled with (no digits).
LETTERS = "\u0e01-\u0e4e"
# Letters, marks and Thai digits (ก-๙).
LETTERS_AND_DIGITS = "\u0e01-\u0e59"
# Everything a Thai text is written in: letters, digits and the signs ๚ ๛.
THAI_TEXT = "\u0e01-\u0e5b"
# The whole Unicode block, unassigned points included.
BLOCK = "\u0e00-\u0e7f"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

# Combining marks, by where they sit on their base consonant.
ABOVE_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"  # mai han-akat, sara i … sara ue, maitaikhu
BELOW_VOWELS = "\u0e38\u0e39\u0e3a"  # sara u, sara uu, phinthu
TONES = "\u0e48\u0e49\u0e4a\u0e4b"
NIKHAHIT = "\u0e4d"
# Marks that take the tone position: thanthakhat and yamakkan.
TONE_LIKE = TONES + "\u0e4c\u0e4e"
COMBINING_MARKS = ABOVE_VOWELS + BELOW_VOWELS + TONE_LIKE + NIKHAHIT
# The vowel signs among the marks (above and below, maitaikhu aside), U+0E31, U+0E34-U+0E3A.
VOWEL_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"


def is_thai_letter(ch: str) -> bool:
    """A Thai letter, vowel or mark (not a digit): Thai words wrap between two of these."""
    return "\u0e01" <= ch <= "\u0e4e"


def is_thai_consonant(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e2e"


THAI_RANGE = "\u0e01-\u0e5b"  # `is_thai` as a regex character range


def is_thai(ch: str) -> bool:
    """Any character a Thai text is written in, digits and ๚ ๛ included."""
    return "\u0e01" <= ch <= "\u0e5b"
