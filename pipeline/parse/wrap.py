"""Two pieces of one cell text cut apart (a page break, a wrapped heading), joined again."""

from __future__ import annotations

import re

from pipeline.layout.labels import LABEL_AT_START
from pipeline.thai.text import SPACED_WORDS

_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")
_CLOSING = frozenset(".,;:!?%)]}")


def join_wrapped(before: str, after: str, markup: bool, joiner: str) -> str:
    """The two halves of a cell cut by a page break, joined as a wrapped line."""
    before, after = before.rstrip(), after.lstrip()
    if not before or not after:
        return before or after
    if markup:
        return f"{before} {after}"
    if LABEL_AT_START.match(after):
        return f"{before}\n{after}"
    return before + _wrap_space(before, after, joiner) + after


def _wrap_space(before: str, after: str, joiner: str) -> str:
    """Thai words wrap with no space; any other boundary was a space the break swallowed."""
    left, right = before[-1], after[0]
    if joiner or (_THAI_LETTER.match(left) and _THAI_LETTER.match(right)):
        return " " if after.startswith(SPACED_WORDS) else joiner
    if right in _CLOSING or (left in "-/" and not before[-2:-1].isspace()):
        return ""  # a break before closing punctuation, or inside a hyphenated word
    return " "
