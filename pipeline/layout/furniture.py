"""Page furniture: the page-number line, the same for every format.

>>> [is_page_number(s) for s in ("หน้า ๒ จาก ๕", "- 2 -", "(2)", "2/5", "Page 3 of 9", "12", "1. ทำ")]
[True, True, True, True, True, True, False]
"""

from __future__ import annotations

import re

from pipeline.thai.text import normalize_text

# "หน้า 1/3", "หน้าที่ ๒ จาก ๕", "- 2 -", "(2)", "Page 3 of 9", "2/5", a lone number.
_PAGE_NUMBER = re.compile(
    r"^(?:(?:หน้า(?:ที่)?|page)\s*)?[-–(]?\s*[0-9]{1,3}\s*[-–)]?(?:\s*(?:/|จาก|of)\s*[0-9]{1,3})?$",
    re.IGNORECASE,
)


def is_page_number(line: str) -> bool:
    """A line that holds nothing but a page number."""
    return bool(_PAGE_NUMBER.match(normalize_text(line)))
