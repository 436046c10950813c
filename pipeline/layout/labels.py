"""List labels as reports print them at the start of a line.

Readers keep a line break before a label, and the cell grammar decides what
the label starts; both use these patterns, so they live here once.
"""

from __future__ import annotations

import re

# A list label opening a line: "1.", "๒)", "(3)", or a bullet sign.
LABEL_AT_START = re.compile(r"^\s*(?:\(?[0-9๐-๙]{1,2}[.)](?![0-9๐-๙])|[-–•●○▪■□◆❖➢➤►✓✔*](?:\s|$))")
# Bullet signs that open a list item inside a cell.
BULLETS = "-–•●○▪■□◆◇❖➢➤►✓✔*"
