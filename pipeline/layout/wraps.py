"""Wrapped lines of one cell, joined back: the one rule for every format.

A cell's text wraps at the cell's edge, and a page break cuts a cell in two;
both are joined here. A line that opens with a list label keeps its line
break (the cell grammar reads the labels later). Otherwise the join depends
on how the source ended its lines: where a line end stood for a space (text
and HTML sources, `spaced`), one space; in a PDF nothing was drawn at the
break, and whether a space was swallowed there is guessed from the letters
on both sides.

>>> join_wrapped(["1. แต่งตั้ง", "2. จัดทำ"], spaced=False)
'1. แต่งตั้ง\\n2. จัดทำ'
>>> join_wrapped(["ปีงบประม", "าณ พ.ศ. 2566"], spaced=False)
'ปีงบประมาณ พ.ศ. 2566'
>>> join_wrapped(["ของโรงพยาบาล", "(MOIT)"], spaced=True)
'ของโรงพยาบาล (MOIT)'
"""

from __future__ import annotations

from pipeline.layout.labels import LABEL_AT_START
from pipeline.thai.chars import is_thai_letter
from pipeline.thai.text import SPACED_WORDS

LABEL_BREAK = "\n"
# Lines this many usual line pitches apart have a blank line (or a paragraph's spacing) between them.
PARAGRAPH_PITCH = 1.5
# No line breaks at a space before these, so a break right before one cut a word.
_CLOSING = frozenset(".,;:!?%)]}")


def join_wrapped(
    lines: list[str], *, spaced: bool, full: list[bool] | None = None, ends: list[bool] | None = None
) -> str:
    """Join a cell's wrapped lines (or the halves of a cell cut by a page).

    `spaced`: the source's line ends were spaces. For a PDF, `full[i]` says
    line i reached the cell's right edge, leaving no room to draw the space
    it may have broken at; without it every line counts as full. `ends[i]`:
    a paragraph ends with line i (`paragraph_ends`), which keeps its break.
    """
    out = ""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if not out:
            out = stripped
        elif LABEL_AT_START.match(stripped) or (ends is not None and ends[i - 1]):
            out = out.rstrip() + LABEL_BREAK + stripped
        elif spaced or line[0].isspace() or out[-1].isspace():
            out = out.rstrip() + " " + stripped
        elif lost_space(lines[i - 1].rstrip() or out, stripped, True if full is None else full[i - 1]):
            out = out + " " + stripped
        else:
            out += stripped
        if line[-1].isspace():
            out += " "
    return out.strip()


def lost_space(before: str, after: str, full: bool) -> bool:
    """Did a PDF line break swallow a space it did not draw?

    LibreOffice draws the space a line breaks at only when it fits, so a space
    can be lost only after a `full` line. Thai breaks between two letters with
    no space (but sets some words off with one, `SPACED_WORDS`); otherwise a
    line breaks at a space, after a hyphen or slash, or (a Latin word too long
    for its line, alone on it) anywhere.
    """
    left, right = before[-1], after[0]
    if not full or left.isspace():
        return False
    if is_thai_letter(left) and is_thai_letter(right):
        return after.startswith(SPACED_WORDS)
    if left in "-–—/":
        return before[-2:-1].isspace()  # a dash between words, not a hyphen in one
    if right in _CLOSING:
        return False
    if left.isascii() and left.isalnum() and right.isascii() and right.isalnum():
        return " " in before.strip()
    return True


def line_pitch(cells: list[list[tuple[float, float]]]) -> float | None:
    """The usual distance between the middles of a cell's consecutive lines, over all `cells`
    (each a list of its lines' (top, bottom), top to bottom); None when no cell has two lines."""
    pitches = sorted(
        (b[0] + b[1]) / 2 - (a[0] + a[1]) / 2 for lines in cells for a, b in zip(lines, lines[1:]) if b[0] > a[0]
    )
    return pitches[len(pitches) // 2] if pitches else None


def paragraph_ends(lines: list[tuple[float, float]], pitch: float | None) -> list[bool]:
    """Which lines of a cell end a paragraph: the next one starts a blank line's height or more
    further down than the usual `pitch`, as a list item or paragraph set off by space does."""
    if pitch is None:
        return [False] * len(lines)
    middles = [(top + bottom) / 2 for top, bottom in lines]
    return [later - earlier >= PARAGRAPH_PITCH * pitch for earlier, later in zip(middles, middles[1:])] + [False]
