"""Is a page's text layer its text? Signs that it is not, read from the text alone.

A PDF can carry a text layer that no repair can turn back into the page's
words: fonts whose ToUnicode map sends glyphs to control characters and
punctuation (``1>@01>1/0@``), or an OCR layer made for another script
drawn invisibly over a scanned Thai page (``{rufrd Qo 'tuYl``). Such a page
is reported, never read as if it were text.

>>> unusable_reason("\\x0f1>@01>\\x1a/0@ \\x0f1@\\x1a " * 2, invisible_over_image=False)
'control characters in 8 of 30 characters: the fonts map glyphs to no usable Unicode'
>>> unusable_reason("ราชกิจจานุเบกษา", invisible_over_image=False) is None
True
"""

from __future__ import annotations

import re

from pipeline.thai.chars import LETTERS

# Share of control characters past which a page's fonts are taken to have no usable map.
MAX_CONTROL_SHARE = 0.05
# Share of broken words past which an invisible Latin-only layer is taken for OCR noise.
MAX_BROKEN_WORD_SHARE = 0.2
MIN_CHARS = 20
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_THAI = re.compile(f"[{LETTERS}]")
_SPACE = re.compile("[ \t\n\r\f\u00a0\u2000-\u200b\u3000]")
_WORD = re.compile(r"\S{2,}")
# A word of letters that a digit, bracket or stray mark breaks inside: "t16',]", "uuun?Jon?13J".
_BROKEN = re.compile(r"[A-Za-z][^A-Za-z\s.,;:!?\-/()]+[A-Za-z]|[A-Za-z][^A-Za-z\s]*[\[\]{}|\\^`~@#%*_=<>]")


def unusable_reason(text: str, invisible_over_image: bool) -> str | None:
    """Why the page's text layer cannot be its text, or None when it can."""
    if not invisible_over_image and not _CONTROL.search(text):
        return None  # the common case, decided without counting
    visible = len(text) - len(_SPACE.findall(text))
    if visible < MIN_CHARS:
        return None
    controls = len(_CONTROL.findall(text))
    if controls > MAX_CONTROL_SHARE * visible:
        return f"control characters in {controls} of {visible} characters: the fonts map glyphs to no usable Unicode"
    if invisible_over_image and not _THAI.search(text):
        words = _WORD.findall(text)
        broken = sum(1 for w in words if _BROKEN.search(w))
        if words and broken > MAX_BROKEN_WORD_SHARE * len(words):
            return (
                f"an invisible OCR layer over a scanned image with no Thai and {broken} of {len(words)} "
                "words broken: OCR of another script, not the page's text"
            )
    return None


def has_thai(text: str) -> bool:
    return _THAI.search(text) is not None
