"""Read a Word .docx report into a `RawDocument`.

The XML is read directly (through python-docx's parsed parts) rather than via
`Table.rows[i].cells`, because python-docx repeats a merged cell in every grid
position it covers and so hides which positions are continuations.

What comes out:

- `preamble`: the non-empty lines of the body paragraphs before the first
  table (the title block), in order.
- `rows`: every row of every top-level table, headers included, in document
  order. Each row has one entry per grid column of its table: the cell text;
  `SPANNED` in every column a vertical merge (w:vMerge) continues from the
  row above; "" in the columns a horizontal merge (w:gridSpan) covers, as the
  HTML reader gives a colspan (SPANNED would make the table stage copy the
  value of the row above there). Grid columns in which no cell of the table
  starts are dropped: they hold nothing.
- A cell's text is its paragraphs joined with "\\n". Word's automatic list
  numbering is not in the text, so `_Numbering` rebuilds each label from
  numbering.xml and puts it in front of the paragraph as Word shows it
  ("1. ", "๑. ", "• ").
- `RawRow.line` is the 1-based running number of the row among all table rows
  of the document (a docx has no source lines or fixed pages); `page` is None.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from pipeline.errors import (CorruptFileError, EmptyFileError, NoTableError, Problem, ReportError,
                             UnsupportedFormatError)
from pipeline.model import SPANNED, RawDocument, RawRow

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_GRID_SPAN = 64  # a damaged gridSpan must not make rows millions of cells wide
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"

# Containers whose content is not shown in the final document: tracked
# deletions, moved-away text, and the VML fallback that duplicates a text box.
_SKIP = {qn("w:del"), qn("w:moveFrom"), qn("w:pPr"), qn("w:rPr"), qn("w:tcPr"),
         qn("w:delText"), qn("w:instrText"), qn("w:footnoteReference"),
         qn("w:endnoteReference"), qn("w:commentReference"), f"{{{_MC_NS}}}Fallback"}
# Wrappers around block content (paragraphs, tables, rows, cells).
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"),
             qn("w:moveTo"), qn("w:smartTag")}
_BREAKS = {qn("w:br"), qn("w:cr")}
_TABS = {qn("w:tab"), qn("w:ptab")}
# Symbol / Wingdings code points Word stores in w:sym for bullet-like glyphs.
_SYMBOLS = {"F0B7": "•", "F0A7": "▪", "F0D8": "➢", "F0FC": "✓", "F076": "❖",
            "F0A8": "□", "F06C": "●", "F06E": "■", "F0E8": "➔", "F02D": "-"}


class _Context:
    """State that runs through the document in order: list counters, problems."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        self.problems: list[Problem] = []
        self.where = "preamble"


def read_docx(path: Path) -> RawDocument:
    """Read one .docx file; raises a `ReportError` naming the file when it cannot."""
    path = Path(path)
    document = _open(path)
    ctx = _Context(_Numbering.from_document(document))
    body = document.element.body
    preamble: list[str] = []
    rows: list[RawRow] = []
    for block in _blocks(body):
        if block.tag == qn("w:tbl"):
            rows.extend(_table_rows(block, ctx, first_line=len(rows) + 1))
        elif not rows:
            preamble.extend(line.strip() for line in _paragraph_text(block, ctx).split("\n") if line.strip())
        else:
            _paragraph_text(block, ctx)  # advances list counters that later cells continue
    if not rows:
        raise NoTableError(path, "no table in the Word document (a report's measures are in a table)")
    preamble.extend(line for line in _page_header_lines(document, ctx) if line not in preamble)
    return RawDocument(path=str(path), source_format="docx", preamble=tuple(preamble),
                       rows=tuple(rows), markup=False, problems=tuple(ctx.problems))


def _open(path: Path) -> docx.document.Document:
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise ReportError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if not head:
        raise EmptyFileError(path, "the file is empty")
    if head == _OLE_MAGIC:
        raise UnsupportedFormatError(path, "an OLE compound file (a Word 97-2003 .doc or a "
                                     "password-protected .docx), not a .docx zip package")
    if not zipfile.is_zipfile(path):
        raise CorruptFileError(path, "not a .docx: the file is not a zip package")
    try:
        return docx.Document(str(path))
    # RuntimeError: an encrypted zip member; NotImplementedError: unknown compression.
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError,
            EOFError, zlib.error, RuntimeError, zipfile.LargeZipFile) as exc:
        raise CorruptFileError(path, f"damaged .docx package: {type(exc).__name__}: {exc}") from exc


def _page_header_lines(document: docx.document.Document, ctx: _Context) -> list[str]:
    """Lines of the first section's page header, after the body's title lines.

    Word reports often carry the agency or the fiscal year only in the page
    header; as the last preamble lines they fill gaps without outranking the body.
    """
    body = document.element.body
    sect = next(iter(body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")), None)
    if sect is None:
        return []
    kinds = ("first", "default") if sect.find(qn("w:titlePg")) is not None else ("default",)
    ctx.where = "page header"
    lines: list[str] = []
    for ref in sect.iterchildren(qn("w:headerReference")):
        part = document.part.related_parts.get(ref.get(qn("r:id"))) if ref.get(qn("w:type")) in kinds else None
        for block in _blocks(part.element) if part is not None else ():
            text = ("\n".join(_nested_table_lines(block, ctx)) if block.tag == qn("w:tbl")
                    else _paragraph_text(block, ctx))
            lines.extend(line.strip() for line in text.split("\n") if line.strip())
    return lines


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body or cell, looking through content controls."""
    for child in container:
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with `tag`, also those wrapped in sdt/customXml/ins."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


# --- tables -----------------------------------------------------------------

def _table_rows(tbl: etree._Element, ctx: _Context, first_line: int) -> list[RawRow]:
    grid = [_row_grid(tr, ctx, first_line + i, i > 0) for i, tr in enumerate(_live_rows(tbl))]
    width, keep = _used_columns(tbl, grid)
    rows = []
    for i, (cells, _) in enumerate(grid):
        padded = cells + [""] * (width - len(cells))  # gridAfter / short rows
        rows.append(RawRow(cells=tuple(padded[c] for c in keep), line=first_line + i))
    return rows


def _live_rows(tbl: etree._Element) -> list[etree._Element]:
    """Rows of the table, without rows deleted under tracked changes."""
    return [tr for tr in _children(tbl, qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is None]


def _row_grid(tr: etree._Element, ctx: _Context, line: int, has_above: bool) -> tuple[list[str | None], set[int]]:
    """One row as grid positions, and the positions where a cell starts.

    A vertical continuation is SPANNED in every column it covers; the columns a
    horizontal merge covers are "" (as the HTML reader gives a colspan), since
    the table stage reads SPANNED as "the value from the row above".
    """
    ctx.where = f"table row {line}"
    out: list[str | None] = [""] * _trpr_int(tr, "w:gridBefore")
    starts: set[int] = set()
    for tc in _children(tr, qn("w:tc")):
        span = min(max(1, _tcpr_int(tc, "w:gridSpan", 1)), MAX_GRID_SPAN)
        merge = _merge_kind(tc)
        merge = merge if (merge == "v" and has_above) or (merge == "h" and out) else None
        text = _cell_text(tc, ctx)
        if merge and text.strip():  # Word does not show it; say so rather than lose it silently
            ctx.problems.append(Problem("docx_merged_text_hidden",
                                        f"text in a merged-away cell: {text[:60]!r}", ctx.where))
        if merge != "h":
            starts.add(len(out))
        if merge:
            out.extend([SPANNED if merge == "v" else ""] * span)
        else:
            out.extend([text] + [""] * (span - 1))
    return out, starts


def _merge_kind(tc: etree._Element) -> str | None:
    """"v" for a cell merged into the one above, "h" into the one on its left (legacy hMerge)."""
    tcpr = tc.tcPr
    for tag, kind in (("w:vMerge", "v"), ("w:hMerge", "h")):
        merge = tcpr.find(qn(tag)) if tcpr is not None else None
        if merge is not None and merge.get(qn("w:val"), "continue") != "restart":
            return kind
    return None


def _used_columns(tbl: etree._Element, grid: list[tuple[list[str | None], set[int]]]) -> tuple[int, list[int]]:
    """The grid width, and the grid columns where at least one cell starts.

    Hand-edited Word tables often carry sliver grid columns that every row
    spans over; they hold no text in any row, so dropping them loses nothing and
    keeps a visual column at one position.
    """
    width = max([len(tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))] + [len(r) for r, _ in grid])
    # A column no cell starts in holds only "" (merge cover, gridBefore/After, padding).
    starts = set().union(*(s for _, s in grid))
    return width, [c for c in range(width) if c in starts]


def _trpr_int(tr: etree._Element, tag: str) -> int:
    el = tr.find(f"{qn('w:trPr')}/{qn(tag)}")
    return _int_val(el, 0)


def _tcpr_int(tc: etree._Element, tag: str, default: int) -> int:
    el = tc.find(f"{qn('w:tcPr')}/{qn(tag)}")
    return _int_val(el, default)


def _int_val(el: etree._Element | None, default: int) -> int:
    try:
        return int(el.get(qn("w:val"))) if el is not None else default
    except (TypeError, ValueError):
        return default


def _cell_text(tc: etree._Element, ctx: _Context) -> str:
    """The cell's paragraphs (and nested tables, a line per row) joined by newlines."""
    parts: list[str] = []
    for block in _blocks(tc):
        if block.tag == qn("w:tbl"):
            parts.extend(_nested_table_lines(block, ctx))
        else:
            text = _paragraph_text(block, ctx)
            if text.strip():  # empty paragraphs are spacing, not items
                parts.append(text)
    return "\n".join(parts)


def _nested_table_lines(tbl: etree._Element, ctx: _Context) -> list[str]:
    lines = []
    for tr in _live_rows(tbl):
        cells = [_cell_text(tc, ctx) for tc in _children(tr, qn("w:tc")) if _merge_kind(tc) is None]
        line = " ".join(c for c in cells if c.strip())
        if line:
            lines.append(line)
    return lines


# --- paragraphs -------------------------------------------------------------

def _paragraph_text(p: etree._Element, ctx: _Context) -> str:
    """Text as Word shows it: list label, runs, tabs, breaks; NFC."""
    label = ctx.numbering.label(p, ctx)
    pieces: list[str] = []
    for child in p:
        _inline_text(child, ctx, pieces)
    text = "".join(pieces)
    # Word shows the label of an empty list paragraph too, but it is no item.
    return unicodedata.normalize("NFC", label + text if text.strip() else text)


def _inline_text(el: etree._Element, ctx: _Context, out: list[str]) -> None:
    tag = el.tag
    if not isinstance(tag, str) or tag in _SKIP:
        return
    if tag == qn("w:t") or tag == _MATH_T:
        out.append(el.text or "")
    elif tag in _TABS:
        out.append("\t")
    elif tag in _BREAKS:
        out.append("\n")  # a manual line break inside a cell separates items like a paragraph
    elif tag == qn("w:noBreakHyphen"):
        out.append("-")
    elif tag == qn("w:sym"):
        out.append(_symbol(el))
    elif tag == qn("w:p"):  # a text box's paragraph inside this one
        out.append("\n" + _paragraph_text(el, ctx))
    elif tag == qn("w:tbl"):
        out.append("\n" + "\n".join(_nested_table_lines(el, ctx)))
    else:
        for child in el:
            _inline_text(child, ctx, out)


def _symbol(sym: etree._Element) -> str:
    code = (sym.get(qn("w:char")) or "").upper()
    if code in _SYMBOLS:
        return _SYMBOLS[code]
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    # Symbol-font characters are stored at F000+ASCII; the ASCII one is the intent.
    return chr(value - 0xF000) if 0xF020 <= value <= 0xF07E else chr(value)


# --- list numbering -----------------------------------------------------------

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_DASHES = "-–—−"
_BULLETS = "•●▪■◦○➢✓❖□➔"


@dataclass(frozen=True)
class _Level:
    """One level of a list definition (w:abstractNum/w:lvl)."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = " "
    restart_after: int | None = None  # w:lvlRestart: reset only when this level (1-based) advances
    legal: bool = False
    style: str | None = None


@dataclass(frozen=True)
class _Num:
    """A list instance (w:num): its definition and per-level start overrides."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, _Level] = field(default_factory=dict)


class _Numbering:
    """Rebuilds the labels Word draws for numbered and bulleted paragraphs.

    Counters belong to the list definition (abstractNum), as in Word: two list
    instances of one definition continue each other unless one of them has a
    start override, which restarts the count where that instance first appears.
    """

    def __init__(self, abstracts: dict[str, dict[int, _Level]], nums: dict[str, _Num],
                 styles: dict[str, tuple[str | None, str | None, int | None]]) -> None:
        self.abstracts, self.nums, self.styles = abstracts, nums, styles
        self.counters: dict[str, dict[int, int]] = {}
        self.seen: set[tuple[str, int]] = set()
        self.reported: set[str] = set()

    @classmethod
    def from_document(cls, document: docx.document.Document) -> _Numbering:
        numbering = _related_xml(document, RT.NUMBERING)
        styles = _paragraph_styles(_related_xml(document, RT.STYLES))
        if numbering is None:
            return cls({}, {}, styles)
        abstracts = {a.get(qn("w:abstractNumId")): _levels(a) for a in numbering.iterchildren(qn("w:abstractNum"))}
        nums = {n.get(qn("w:numId")): _num(n) for n in numbering.iterchildren(qn("w:num"))}
        links = {a.get(qn("w:abstractNumId")): _val(a.find(qn("w:numStyleLink")))
                 for a in numbering.iterchildren(qn("w:abstractNum"))}
        for aid, style in links.items():  # a list style: the levels live behind the style's num
            target = nums.get(styles.get(style or "", (None, None, None))[1] or "")
            if style and target and not abstracts.get(aid):
                abstracts[aid] = abstracts.get(target.abstract, {})
        return cls(abstracts, nums, styles)

    def label(self, p: etree._Element, ctx: _Context) -> str:
        num_id, ilvl = self._num_pr(p)
        if num_id is None or num_id == "0":
            return ""
        num = self.nums.get(num_id)
        levels = self.abstracts.get(num.abstract, {}) if num else {}
        if not levels:
            if num_id not in self.reported:
                self.reported.add(num_id)
                ctx.problems.append(Problem("docx_numbering_missing",
                                            f"list numId {num_id} has no definition; label not rebuilt", ctx.where))
            return ""
        if ilvl is None:
            style = _pstyle(p)
            ilvl = next((i for i, lv in levels.items() if style and lv.style == style), 0)
        levels = {**levels, **num.levels}
        counts = self._advance(num_id, num, ilvl, levels)
        return _render(levels, counts, ilvl)

    def _advance(self, num_id: str, num: _Num, ilvl: int, levels: dict[int, _Level]) -> dict[int, int]:
        counts = self.counters.setdefault(num.abstract, {})
        level = levels.get(ilvl, _Level())
        if (num_id, ilvl) not in self.seen and ilvl in num.starts:
            counts.pop(ilvl, None)
            level = replace(level, start=num.starts[ilvl])
        self.seen.add((num_id, ilvl))
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else level.start
        for deeper in [k for k in counts if k > ilvl]:
            if _restarts(levels.get(deeper, _Level()).restart_after, deeper, ilvl):
                del counts[deeper]
        return counts

    def _num_pr(self, p: etree._Element) -> tuple[str | None, int | None]:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = _val(num_pr.find(qn("w:numId"))) if num_pr is not None else None
        ilvl_el = num_pr.find(qn("w:ilvl")) if num_pr is not None else None
        ilvl = _int_val(ilvl_el, 0) if ilvl_el is not None else None
        style, hops = _pstyle(p), 0
        while num_id is None and style in self.styles and hops < 20:  # inherited from the style chain
            based_on, num_id, style_ilvl = self.styles[style]
            ilvl = ilvl if ilvl is not None else style_ilvl
            style, hops = based_on, hops + 1
        return num_id, ilvl


def _restarts(restart_after: int | None, deeper: int, used: int) -> bool:
    """Whether using level `used` resets level `deeper` (w:lvlRestart, 1-based; 0 = never)."""
    if restart_after is None or restart_after - 1 >= deeper:  # absent, or invalid and so ignored
        return True
    return restart_after != 0 and used <= restart_after - 1


def _related_xml(document: docx.document.Document, reltype: str) -> etree._Element | None:
    try:
        return document.part.part_related_by(reltype).element
    except (KeyError, AttributeError):
        return None


def _paragraph_styles(styles: etree._Element | None) -> dict[str, tuple[str | None, str | None, int | None]]:
    """styleId -> (basedOn, numId, ilvl) for styles that may carry list numbering."""
    out: dict[str, tuple[str | None, str | None, int | None]] = {}
    for st in styles.iterchildren(qn("w:style")) if styles is not None else ():
        num_pr = st.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        ilvl = num_pr.find(qn("w:ilvl")) if num_pr is not None else None
        out[st.get(qn("w:styleId"))] = (
            _val(st.find(qn("w:basedOn"))),
            _val(num_pr.find(qn("w:numId"))) if num_pr is not None else None,
            _int_val(ilvl, 0) if ilvl is not None else None)
    return out


def _levels(abstract: etree._Element) -> dict[int, _Level]:
    return {_ilvl(lvl): _level(lvl) for lvl in abstract.iterchildren(qn("w:lvl"))}


def _ilvl(el: etree._Element) -> int:
    try:
        return int(el.get(qn("w:ilvl"), "0"))
    except ValueError:
        return 0


def _level(lvl: etree._Element) -> _Level:
    restart = lvl.find(qn("w:lvlRestart"))
    suff = _val(lvl.find(qn("w:suff"))) or "tab"
    return _Level(fmt=_val(lvl.find(qn("w:numFmt"))) or "decimal",
                  text=_val(lvl.find(qn("w:lvlText"))) or "",
                  start=_int_val(lvl.find(qn("w:start")), 1),
                  suffix="" if suff == "nothing" else " ",
                  restart_after=_int_val(restart, 0) if restart is not None else None,
                  legal=lvl.find(qn("w:isLgl")) is not None,
                  style=_val(lvl.find(qn("w:pStyle"))))


def _num(num: etree._Element) -> _Num:
    starts, levels = {}, {}
    for override in num.iterchildren(qn("w:lvlOverride")):
        ilvl = _ilvl(override)
        start = override.find(qn("w:startOverride"))
        if start is not None:
            starts[ilvl] = _int_val(start, 1)
        lvl = override.find(qn("w:lvl"))
        if lvl is not None:
            levels[ilvl] = _level(lvl)
    return _Num(abstract=_val(num.find(qn("w:abstractNumId"))) or "", starts=starts, levels=levels)


def _render(levels: dict[int, _Level], counts: dict[int, int], ilvl: int) -> str:
    level = levels.get(ilvl, _Level())
    if level.fmt == "none" or not level.text:
        return ""
    if level.fmt == "bullet":
        return _bullet(level.text) + level.suffix

    def number(m: re.Match[str]) -> str:
        k = int(m.group(1)) - 1
        parent = levels.get(k, _Level())
        fmt = "decimal" if level.legal and k < ilvl else parent.fmt
        return _format_number(counts.get(k, parent.start), fmt)  # an unused parent shows its start

    return re.sub(r"%([1-9])", number, level.text) + level.suffix


def _bullet(text: str) -> str:
    """A bullet glyph the item splitter knows; symbol-font code points mean a dot."""
    char = text.strip()[:1]
    if char and char in _DASHES:
        return "-"
    if char and char in _BULLETS:
        return char
    return _SYMBOLS.get(f"{ord(char):04X}", "•") if char else "•"


def _format_number(n: int, fmt: str) -> str:
    if fmt == "thaiNumbers":
        return str(n).translate(_THAI_DIGITS)
    if fmt == "thaiLetters":
        return _letters(n, _THAI_LETTERS)
    if fmt in ("lowerLetter", "upperLetter"):
        text = _letters(n, "abcdefghijklmnopqrstuvwxyz")
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = _roman(n)
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal, and the decimal fallback Word itself uses for rare formats


def _letters(n: int, alphabet: str) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa.. (the letter repeated)."""
    n = max(n, 1)
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out) or str(n)


def _pstyle(p: etree._Element) -> str | None:
    return _val(p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}"))


def _val(el: etree._Element | None) -> str | None:
    return el.get(qn("w:val")) if el is not None else None
