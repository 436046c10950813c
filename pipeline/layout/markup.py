"""Markup inside table cells (HTML tags, ``<br>``, ``<li>``, entities), and a cell's blocks.

HTML reports, and the tab-separated dumps of web forms, carry lists and line
breaks as markup inside cells. Their readers resolve it once, with
`markup_text` (the HTML reader with `element_text`, from the cell it has
parsed): each ``<p>``, ``<li>`` or ``<br>`` block becomes a line, a list
item's label (the one its ``<ol>`` or ``<ul>`` implies) written in front of
it, as a PDF or Word file prints it. From then on every format's
cells are plain text with line structure, and `cell_blocks` regroups lines
into list blocks for the cell grammar.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from pipeline.layout.labels import LABEL_AT_START
from pipeline.thai.text import fold_space

_BLOCK_TAGS = frozenset({"p", "div", "br", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "hr"})
_LIST_TAGS = frozenset({"ul", "ol"})
_SKIP_TAGS = frozenset({"script", "style", "head", "title"})
_MARKUP_HINT = re.compile(r"<[A-Za-z/!]|&[#A-Za-z]")
_ESCAPED = re.compile("[&<>]")  # what a cell's text, written out as HTML, escapes
PARAGRAPH_BREAK = "\n\n"
_BULLET = "•"  # an <ul>'s item label
_PARAGRAPHS = re.compile(r"\n[^\S\n]*\n")


@dataclass
class _Block:
    label: str = ""
    parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self.parts)


_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)


def markup_text(cell: str) -> str:
    """The text a cell's markup shows: a paragraph per block, an ``<li>``'s label in front.

    Blocks (``<p>``, ``<li>``, ``<br>``, ``<div>``) are paragraphs: separated by
    a blank line, so the cell grammar keeps them apart as the author did.

    >>> markup_text("<ol><li>จัดประชุม</li><li>แจ้ง&nbsp;เวียน</li></ol>")
    '1. จัดประชุม\\n\\n2. แจ้ง เวียน'
    """
    if not _MARKUP_HINT.search(cell):
        return cell
    return _paragraphs(_markup_blocks(cell))


def element_text(element: etree._Element) -> str:
    """`markup_text` of a parsed element's content (an HTML table cell), read from the tree.

    The same text as `markup_text` of the element's inner HTML, without writing
    that out and parsing it again: a cell without child elements is its text,
    unchanged unless it holds a character markup would have escaped.
    """
    text = element.text or ""
    if len(element) == 0 and not _ESCAPED.search(text):
        return text
    blocks = [_Block(parts=[text])]
    _walk(element, blocks, depth=0)
    return _paragraphs(_labelled(blocks))


def _paragraphs(blocks: tuple[tuple[str, str], ...]) -> str:
    lines = (fold_space(f"{label} {text}" if label else text) for label, text in blocks)
    return PARAGRAPH_BREAK.join(line for line in lines if line)


def cell_blocks(cell: str) -> tuple[str, ...]:
    """A plain-text cell's list blocks: its paragraphs, their lines regrouped.

    A blank line ends a paragraph, and a paragraph is never joined to the one
    before. Inside one, readers break lines before labels, but whether a label
    starts an item or continues a sub-list is the label grammar's call, made
    on joined text: a line that starts with a label joins the block above, and
    so does an unlabelled line inside a labelled block (a wrapped item).
    Unlabelled lines outside a list stay items of their own ("สำนักปลัด" /
    "กองคลัง").
    """
    blocks: list[str] = []
    for paragraph in _PARAGRAPHS.split(cell):
        opened = len(blocks)
        for line in paragraph.split("\n"):
            if not line.strip():
                continue
            if len(blocks) > opened and (LABEL_AT_START.match(line) or LABEL_AT_START.match(blocks[-1])):
                blocks[-1] = f"{blocks[-1]} {line}"
            else:
                blocks.append(line)
    return tuple(blocks)


def _markup_blocks(cell: str) -> tuple[tuple[str, str], ...]:
    root = _fragment(cell)
    if root is None:
        return (("", cell),)
    blocks: list[_Block] = [_Block(parts=[root.text or ""])]
    _walk(root, blocks, depth=0)
    return _labelled(blocks)


def _labelled(blocks: list[_Block]) -> tuple[tuple[str, str], ...]:
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
    """The text under `element` into `blocks`, in document order; `depth`: list levels around it.

    A list item at the top level, or a block element, opens a block; nested
    items stay in their item's text. A stack of its own, not recursion: a cell
    can nest elements as deep as the parser allows (2,048 levels, `read.html`),
    past Python's recursion limit.
    """
    # Per open element: its children still to walk, the element, its list depth, whether a
    # block ends with it, and the text after it.
    frames: list[tuple[Iterator[tuple[int, Any]], Any, int, bool, str | None]] = [
        (enumerate(element), element, depth, False, None)
    ]
    while frames:
        children, parent, level, ends_block, tail = frames[-1]
        step = next(children, None)
        if step is None:
            frames.pop()
            if ends_block:
                blocks.append(_Block())
            if tail:
                blocks[-1].parts.append(tail)
            continue
        index, child = step
        tag = child.tag if isinstance(child.tag, str) else ""
        inner, ends = level, False
        if tag in _SKIP_TAGS:
            if child.tail:
                blocks[-1].parts.append(child.tail)
            continue
        if tag == "li" and level == 0:
            blocks.append(_Block(label=_li_label(parent, index)))
            inner, ends = level + 1, True
        elif tag == "li":
            # A sub-list stays in its item's text: its numbers as printed, its bullets as
            # the spaces they stand for.
            label = _li_label(parent, index)
            blocks[-1].parts.append(" " if label == _BULLET else f" {label} ")
            inner = level + 1
        elif tag in _BLOCK_TAGS and level == 0:
            ends = tag not in _LIST_TAGS
            if ends:
                blocks.append(_Block())
        else:
            blocks[-1].parts.append(" " if tag in _BLOCK_TAGS else "")
        _text_into(child, blocks)
        frames.append((enumerate(child), child, inner, ends, child.tail))


def _text_into(element, blocks: list[_Block]) -> None:
    if isinstance(element.tag, str) and element.text:
        blocks[-1].parts.append(element.text)


def _li_label(parent, index: int) -> str:
    if not isinstance(parent.tag, str) or parent.tag != "ol":
        return _BULLET
    items = [c for c in parent if isinstance(c.tag, str) and c.tag == "li"]
    child = parent[index]
    start = parent.get("start", "1")
    first = int(start) if start.isdigit() else 1
    position = items.index(child) if child in items else 0
    return f"{first + position}."
