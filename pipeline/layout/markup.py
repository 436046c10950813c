"""Markup inside table cells: HTML tags, ``<br>``, ``<li>`` and entities.

HTML reports carry lists and line breaks as markup inside cells; a cell
becomes *blocks* (``<p>``, ``<li>``, ``<br>``, or line breaks a plain-text
reader kept before a list label), each with the label its ``<li>`` implies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from pipeline.layout.labels import LABEL_AT_START

_BLOCK_TAGS = frozenset({"p", "div", "br", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "hr"})
_LIST_TAGS = frozenset({"ul", "ol"})
_SKIP_TAGS = frozenset({"script", "style", "head", "title"})
_MARKUP_HINT = re.compile(r"<[A-Za-z/!]|&[#A-Za-z]")


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
