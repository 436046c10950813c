"""List labels as reports print them at the start of a line.

Readers keep a line break before a label, and the cell grammar decides what
the label starts; both use these patterns, so they live here once.
"""

from __future__ import annotations

import re

from pipeline.thai.chars import CONSONANTS, THAI_DIGITS

# Bullet signs that open a list item inside a cell.
BULLETS = "-–•●○▪◦■□◆◇❖➢➤►✓✔*"
# A list label opening a line: "1.", "๒)", "(3)", "(ก)", "ก. ", or a bullet sign.
LABEL_AT_START = re.compile(
    rf"^\s*(?:\(?[{THAI_DIGITS}0-9]{{1,2}}[.)](?![{THAI_DIGITS}0-9])|\([{THAI_DIGITS}0-9{CONSONANTS}]{{1,2}}\)"
    rf"|[{CONSONANTS}][.)]\s|[{BULLETS}](?:\s|$))"
)
