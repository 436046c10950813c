"""Cell text: split numbered/bulleted lists.

A cell becomes *blocks* first (its lines, regrouped where a list label starts
one: `layout.markup.cell_blocks`; readers have already turned HTML into such
lines), then each block is split on the list labels printed inside it. A numbering that restarts inside
an item is a sub-list of that item and stays in its text.

>>> [i.text for i in split_items("๑. จัดประชุม ๒. แจ้งเวียน ๑) ครั้งแรก ๒) ครั้งที่สอง").items]
['จัดประชุม', 'แจ้งเวียน 1) ครั้งแรก 2) ครั้งที่สอง']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from pipeline.errors import LIST_NUMBERING, Problem
from pipeline.layout.labels import BULLETS
from pipeline.layout.markup import cell_blocks
from pipeline.parse.quantities import UNIT_ALTERNATION
from pipeline.thai.text import normalize_text
from pipeline.thai.thai_calendar import MONTH_ABBREVIATIONS, MONTH_CLIPPED


class Item(NamedTuple):  # a tuple: one is made per list item of every cell
    label: str  # as printed ("1.", "(2)", "-", "•"), or "" when there is none
    text: str


@dataclass(frozen=True)
class Items:
    items: tuple[Item, ...]
    problems: tuple[Problem, ...] = ()


def plain_text(cell: str) -> str:
    """The whole cell as one normalised line (titles, periods, budgets)."""
    return normalize_text(cell)


# --- splitting a block on printed labels -------------------------------------------------

# A label starts the text or follows white space: "(1)", or "1." or "1)" (group 2 holds the number
# in brackets). The check comes after the label's first character (nothing but white space before
# it), and which kind of label it is after that, so that the pattern starts with one character set:
# the engine then skips along the text in C to the next "(" or digit, where an alternation of the
# two kinds would be tried at every position.
_NUMBER_LABEL = re.compile(r"([(0-9](?<!\S.)(?:(?<=\()([0-9]{1,2})\)|(?<=[0-9])[0-9]?[.)](?![0-9])))")
_BULLETS = BULLETS
_BULLET_START = re.compile(rf"^([{_BULLETS}])\s*")
_DASHES = "-–"
# A dash before a month name is a range ("ม.ค. - มี.ค."), not a bullet.
_MONTH_START = "(?:" + "|".join(re.escape(m.rstrip(".")) for m in (*MONTH_ABBREVIATIONS, *MONTH_CLIPPED)) + ")"
# A number right after these words is a reference, not a list label ("ข้อ 2.").
_NOT_LABEL_BEFORE = ("ข้อ", "ที่", "มาตรา", "หมู่", "จำนวน", "ร้อยละ", "พ.ศ.", "ฉบับ", "ชั้น", "เขต")


class _Label(NamedTuple):  # a tuple: one is made per label of every numbered cell
    start: int
    end: int
    number: int
    style: str  # "." | ")" | "()"
    text: str
    after_reference_word: bool = False  # "ข้อ 1." reads as a reference unless the sequence says otherwise


def _labels(text: str) -> list[_Label]:
    found = []
    for m in _NUMBER_LABEL.finditer(text):
        label, in_brackets = m.group(1, 2)
        if in_brackets:
            number, style = int(in_brackets), "()"
        else:
            number, style = int(label[:-1]), label[-1]
        before = m.start()  # the text before the label, white space stripped, without copying it
        while before and text[before - 1].isspace():
            before -= 1
        reference = text.endswith(_NOT_LABEL_BEFORE, 0, before)
        found.append(_Label(m.start(), m.end(), number, style, label, reference))
    return found


@dataclass
class _Numbering:
    """Where a cell's top-level numbering stands, across its blocks."""

    top: int = 0
    style: str = ""


def split_items(cell: str) -> Items:
    """The list items of a cell, and problems with its numbering (located by the caller)."""
    numbering = _Numbering()
    items: list[Item] = []
    problems: list[Problem] = []
    for raw in cell_blocks(cell):
        text = normalize_text(raw)  # Thai digits already Arabic
        if not text:
            continue
        for label, body in _split_block(text, numbering, problems):
            body = body.strip()  # a slice of normalised text at an ASCII label: still NFC and folded
            if body:
                items.append(Item(label, body))
    return Items(tuple(items), tuple(problems))


def _split_block(text: str, numbering: _Numbering, problems: list[Problem]):
    if _NUMBER_LABEL.match(text):  # a numbered block: only then are its labels needed
        yield from _split_numbered(text, _labels(text), numbering, problems)
        return
    bullet = _BULLET_START.match(text)
    if bullet:
        yield from _split_bulleted(text, bullet.group(1))
        return
    yield "", text


def _split_numbered(text: str, labels: list[_Label], numbering: _Numbering, problems: list[Problem]):
    first = labels[0]
    _check_sequence(first.number, numbering, problems)
    numbering.top, numbering.style = first.number, first.style
    cuts = [first]
    nested: int | None = None
    announced: int | None = None  # how many items the sub-list's lead-in counts, if it does
    for label in labels[1:]:
        if label.style != numbering.style:
            continue  # another style is a sub-list of the current item
        if nested is not None and label.number == nested + 1 and (announced is None or nested < announced):
            nested = label.number
        elif label.number == numbering.top + 1:
            cuts.append(label)
            numbering.top, nested = label.number, None
        elif label.after_reference_word:
            continue
        elif label.number == 1:
            nested, announced = 1, _announced(text, label.start)
        elif nested is None and label.number in (numbering.top, numbering.top + 2):
            _check_sequence(label.number, numbering, problems)
            cuts.append(label)
            numbering.top = label.number
    for cut, following in zip(cuts, cuts[1:] + [None]):
        end = following.start if following else len(text)
        yield cut.text, text[cut.end : end]


# "ประชาสัมพันธ์ 2 ช่องทาง 1. เว็บไซต์ 2. เฟซบุ๊ก 3. ...": a count and its unit right before a
# sub-list say how many items it has, so the next label after them goes back to the outer list.
_COUNTED = re.compile(rf"(?<![0-9.,])([0-9]{{1,2}})\s*(?:{UNIT_ALTERNATION})\s*(?:ได้แก่|คือ)?\s*:?\s*$")


def _announced(text: str, start: int) -> int | None:
    found = _COUNTED.search(text, 0, start)
    return int(found.group(1)) if found else None


def _check_sequence(number: int, numbering: _Numbering, problems: list[Problem]) -> None:
    expected = numbering.top + 1
    if number != expected and not (number == 1 and numbering.top == 0):
        kind = "duplicate" if number <= numbering.top else "skipped"
        problems.append(LIST_NUMBERING.problem(kind=kind, number=number, expected=expected))


@cache  # one per bullet sign: building the dash's pattern (it names every month) cost more than splitting
def _bullet_splits(bullet: str) -> re.Pattern[str]:
    if bullet in _DASHES:
        return re.compile(rf"(?:^|\s+){re.escape(bullet)}\s+(?![0-9]|{_MONTH_START})")
    return re.compile(rf"(?:^|\s+){re.escape(bullet)}\s*")


def _split_bulleted(text: str, bullet: str):
    """Split on the bullet that starts the block.

    A dash also writes ranges ("1 - 4", "ม.ค. - มี.ค."), so a dash splits only
    between words; other bullet signs split wherever they stand after a space.
    """
    starts = list(_bullet_splits(bullet).finditer(text))
    if not starts or starts[0].start() != 0:
        yield bullet, text[1:]
        return
    for m, following in zip(starts, starts[1:] + [None]):
        end = following.start() if following else len(text)
        yield bullet, text[m.end() : end]
