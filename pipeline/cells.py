"""Cell text: strip HTML with a real parser, then split numbered/bulleted lists.

A cell becomes *blocks* first (``<p>``, ``<li>``, ``<br>`` in HTML; line breaks
kept by a plain-text reader where a new list label starts), then each block is
split on the list labels printed inside it. A numbering that restarts inside
an item is a sub-list of that item and stays in its text.

>>> [i.text for i in split_items("๑. จัดประชุม ๒. แจ้งเวียน ๑) ครั้งแรก ๒) ครั้งที่สอง", markup=False).items]
['จัดประชุม', 'แจ้งเวียน 1) ครั้งแรก 2) ครั้งที่สอง']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from functools import lru_cache

from lxml import etree

from pipeline.errors import Problem
from pipeline.thai.dates import MONTH_ABBREVIATIONS, MONTH_CLIPPED
from pipeline.thai.digits import to_arabic_digits
from pipeline.thai.text import normalize_text

_BLOCK_TAGS = frozenset({"p", "div", "br", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "hr"})
_LIST_TAGS = frozenset({"ul", "ol"})
_SKIP_TAGS = frozenset({"script", "style", "head", "title"})
_MARKUP_HINT = re.compile(r"<[A-Za-z/!]|&[#A-Za-z]")


@dataclass(frozen=True)
class Item:
    label: str  # as printed ("1.", "(2)", "-", "•"), or "" when there is none
    text: str


@dataclass(frozen=True)
class Items:
    items: tuple[Item, ...]
    problems: tuple[Problem, ...] = ()


@dataclass
class _Block:
    label: str = ""
    parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self.parts)


_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)


def cell_blocks(cell: str, markup: bool) -> tuple[tuple[str, str], ...]:
    """(implicit label, text) per block; labels come from ``<li>`` only."""
    if not markup or not _MARKUP_HINT.search(cell):
        return _line_blocks(cell)
    return _markup_blocks(cell)


# A list label opening a line: "1.", "๒)", "(3)", or a bullet sign. Readers
# keep a line break before one; the item grammar below decides what it starts.
LABEL_AT_START = re.compile(r"^\s*(?:\(?[0-9๐-๙]{1,2}[.)](?![0-9๐-๙])|[-–•●○▪■□◆❖➢➤►✓✔*](?:\s|$))")


def _line_blocks(cell: str) -> tuple[tuple[str, str], ...]:
    """Lines of a plain-text cell, regrouped into list blocks.

    Readers break lines before labels, but whether a label starts an item or
    continues a sub-list is the label grammar's call, made on joined text: a
    line that starts with a label joins the block above, and so does an
    unlabelled line inside a labelled block (a wrapped item). Unlabelled lines
    outside a list stay items of their own ("สำนักปลัด" / "กองคลัง").
    """
    blocks: list[str] = []
    for line in cell.split("\n"):
        if not line.strip():
            continue
        if blocks and (LABEL_AT_START.match(line) or LABEL_AT_START.match(blocks[-1])):
            blocks[-1] = f"{blocks[-1]} {line}"
        else:
            blocks.append(line)
    return tuple(("", block) for block in blocks)


def forget_cells() -> None:
    """Drop the per-document cache, so one report's cells never serve another's."""
    _markup_blocks.cache_clear()


@lru_cache(maxsize=2048)  # a cell is asked for its blocks by several stages
def _markup_blocks(cell: str) -> tuple[tuple[str, str], ...]:
    root = _fragment(cell)
    if root is None:
        return (("", cell),)
    blocks: list[_Block] = [_Block(parts=[root.text or ""])]
    _walk(root, blocks, depth=0)
    return tuple((b.label, b.text()) for b in blocks if b.text().strip())


def _fragment(cell: str):
    """The cell's elements under one <div>; lxml.html's own wrapper is several times slower."""
    try:
        document = etree.fromstring(f"<div>{cell}</div>", _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if document is None:
        return None
    body = document.find("body")
    return body.find("div") if body is not None and body.find("div") is not None else None


def _walk(element, blocks: list[_Block], depth: int) -> None:
    for index, child in enumerate(element):
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIP_TAGS:
            pass
        elif tag == "li" and depth == 0:
            blocks.append(_Block(label=_li_label(element, index)))
            _text_into(child, blocks)
            _walk(child, blocks, depth + 1)
            blocks.append(_Block())
        elif tag == "li":
            blocks[-1].parts.append(f" {_li_label(element, index)} ")
            _text_into(child, blocks)
            _walk(child, blocks, depth + 1)
        elif tag in _BLOCK_TAGS and depth == 0:
            if tag not in _LIST_TAGS:
                blocks.append(_Block())
            _text_into(child, blocks)
            _walk(child, blocks, depth)
            if tag not in _LIST_TAGS:
                blocks.append(_Block())
        else:
            blocks[-1].parts.append(" " if tag in _BLOCK_TAGS else "")
            _text_into(child, blocks)
            _walk(child, blocks, depth)
        if child.tail:
            blocks[-1].parts.append(child.tail)


def _text_into(element, blocks: list[_Block]) -> None:
    if isinstance(element.tag, str) and element.text:
        blocks[-1].parts.append(element.text)


def _li_label(parent, index: int) -> str:
    if not isinstance(parent.tag, str) or parent.tag != "ol":
        return "•"
    items = [c for c in parent if isinstance(c.tag, str) and c.tag == "li"]
    child = parent[index]
    start = parent.get("start", "1")
    first = int(start) if start.isdigit() else 1
    position = items.index(child) if child in items else 0
    return f"{first + position}."


def visible_text(cell: str) -> str:
    """The text a browser would show, tags and entities resolved, not normalised."""
    if not _MARKUP_HINT.search(cell):
        return cell
    return " ".join(text for _, text in cell_blocks(cell, markup=True))


def plain_text(cell: str, markup: bool) -> str:
    """The whole cell as one normalised line (titles, periods, budgets)."""
    return normalize_text(" ".join(text for _, text in cell_blocks(cell, markup)))


# --- splitting a block on printed labels -------------------------------------------------

_NUMBER_LABEL = re.compile(r"(?:(?<=\s)|^)(\(([0-9]{1,2})\)|([0-9]{1,2})([.)])(?![0-9]))")
_BULLETS = "-–•●○▪■□◆◇❖➢➤►✓✔*"
_BULLET_START = re.compile(rf"^([{_BULLETS}])\s*")
_DASHES = "-–"
# A dash before a month name is a range ("ม.ค. - มี.ค."), not a bullet.
_MONTH_START = "(?:" + "|".join(re.escape(m.rstrip(".")) for m in (*MONTH_ABBREVIATIONS, *MONTH_CLIPPED)) + ")"
# A number right after these words is a reference, not a list label ("ข้อ 2.").
_NOT_LABEL_BEFORE = ("ข้อ", "ที่", "มาตรา", "หมู่", "จำนวน", "ร้อยละ", "พ.ศ.", "ฉบับ", "ชั้น", "เขต")


@dataclass(frozen=True)
class _Label:
    start: int
    end: int
    number: int
    style: str  # "." | ")" | "()"
    text: str
    after_reference_word: bool = False  # "ข้อ 1." reads as a reference unless the sequence says otherwise


def _labels(text: str) -> list[_Label]:
    found = []
    for m in _NUMBER_LABEL.finditer(text):
        if m.group(2):
            number, style = int(m.group(2)), "()"
        else:
            number, style = int(m.group(3)), m.group(4)
        reference = text[: m.start()].rstrip().endswith(_NOT_LABEL_BEFORE)
        found.append(_Label(m.start(), m.end(), number, style, m.group(1), reference))
    return found


@dataclass
class _Numbering:
    """Where a cell's top-level numbering stands, across its blocks."""

    top: int = 0
    style: str = ""


def split_items(cell: str, markup: bool, where: str = "") -> Items:
    numbering = _Numbering()
    items: list[Item] = []
    problems: list[Problem] = []
    for implicit, raw in cell_blocks(cell, markup):
        text = to_arabic_digits(normalize_text(raw))
        if not text:
            continue
        for label, body in _split_block(text, implicit, numbering, problems, where):
            body = body.strip()  # a slice of normalised text at an ASCII label: still NFC and folded
            if body:
                items.append(Item(label, body))
    return Items(tuple(items), tuple(problems))


def _split_block(text: str, implicit: str, numbering: _Numbering, problems: list[Problem], where: str):
    labels = _labels(text)
    if labels and labels[0].start == 0:
        yield from _split_numbered(text, labels, numbering, problems, where)
        return
    bullet = _BULLET_START.match(text)
    if bullet:
        yield from _split_bulleted(text, bullet.group(1))
        return
    yield implicit, text


def _split_numbered(text, labels, numbering: _Numbering, problems, where):
    first = labels[0]
    _check_sequence(first.number, numbering, problems, where)
    numbering.top, numbering.style = first.number, first.style
    cuts = [first]
    nested: int | None = None
    for label in labels[1:]:
        if label.style != numbering.style:
            continue  # another style is a sub-list of the current item
        if nested is not None and label.number == nested + 1:
            nested = label.number
        elif label.number == numbering.top + 1:
            cuts.append(label)
            numbering.top, nested = label.number, None
        elif label.after_reference_word:
            continue
        elif label.number == 1:
            nested = 1
        elif nested is None and label.number in (numbering.top, numbering.top + 2):
            _check_sequence(label.number, numbering, problems, where)
            cuts.append(label)
            numbering.top = label.number
    for cut, following in zip(cuts, cuts[1:] + [None]):
        end = following.start if following else len(text)
        yield cut.text, text[cut.end:end]


def _check_sequence(number: int, numbering: _Numbering, problems: list[Problem], where: str) -> None:
    expected = numbering.top + 1
    if number != expected and not (number == 1 and numbering.top == 0):
        kind = "duplicate" if number <= numbering.top else "skipped"
        problems.append(Problem("list_numbering", f"{kind} list number {number} (expected {expected})", where))


def _split_bulleted(text: str, bullet: str):
    """Split on the bullet that starts the block.

    A dash also writes ranges ("1 - 4", "ม.ค. - มี.ค."), so a dash splits only
    between words; other bullet signs split wherever they stand after a space.
    """
    if bullet in _DASHES:
        pattern = re.compile(rf"(?:^|\s+){re.escape(bullet)}\s+(?![0-9]|{_MONTH_START})")
    else:
        pattern = re.compile(rf"(?:^|\s+){re.escape(bullet)}\s*")
    starts = list(pattern.finditer(text))
    if not starts or starts[0].start() != 0:
        yield bullet, text[1:]
        return
    for m, following in zip(starts, starts[1:] + [None]):
        end = following.start() if following else len(text)
        yield bullet, text[m.end():end]
