"""Check boxes and bullets of symbol fonts, by font name and code.

Word writes a symbol-font character (Insert > Symbol, check-box bullets) as
U+F000 + its code in the font, so a PDF's text layer carries a private-use
code point that only the font's name gives a meaning. The check boxes carry
data (which option was ticked), so they become the Unicode characters a
later stage can read: ☐ ☑ ☒ ✓ •.

>>> symbol_char("\\uf0fe", "ABCDEF+Wingdings-Regular")
'☑'
>>> symbol_char("\\uf0a3", "Wingdings2") is None
False
"""

from __future__ import annotations

import re

BOX, TICKED, CROSSED, CHECK, BULLET = "\u2610", "\u2611", "\u2612", "\u2713", "\u2022"
_WINGDINGS = {
    0x6F: BOX,  # ❑-like hollow square used as a check box
    0x71: BOX,
    0x72: BOX,
    0xA8: BOX,
    0x78: CROSSED,
    0xFD: CROSSED,
    0xFE: TICKED,
    0xFC: CHECK,
    0x9F: BULLET,
    0x6C: BULLET,
    0xA7: BULLET,
}
_WINGDINGS_2 = {
    0xA3: BOX,
    0x2A: BOX,
    0xA2: BOX,
    0x52: TICKED,
    0x54: CROSSED,
    0x51: CROSSED,
    0x53: CROSSED,
    0x4F: "\u2717",  # a ballot X with no box
    0x50: CHECK,
    0x97: BULLET,
}
_SYMBOL = {0xB7: BULLET}
# Subset prefix ("ABCDEF+"), then the family name in any of the spellings PDF writers use.
_FAMILY = re.compile(r"^(?:[A-Z]{6}\+)?(wingdings|symbol)[ ,-]*(2)?", re.IGNORECASE)


def symbol_char(ch: str, font: str) -> str | None:
    """The Unicode character a symbol-font code stands for, or None when unknown."""
    code = ord(ch)
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
    elif code > 0xFF:
        return None
    m = _FAMILY.match(font)
    if m is None:
        return None
    table = _SYMBOL if m.group(1).lower() == "symbol" else _WINGDINGS_2 if m.group(2) else _WINGDINGS
    return table.get(code)
