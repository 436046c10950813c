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
  numbering is not in the text, so `Numbering` rebuilds each label from
  numbering.xml and puts it in front of the paragraph as Word shows it
  ("1. ", "๑. ", "• ").
- `RawRow.line` is the 1-based running number of the row among all table rows
  of the document (a docx has no source lines or fixed pages); `page` is None.
"""

from __future__ import annotations

import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from pipeline.errors import (
    DOCX_MERGED_TEXT_HIDDEN,
    DOCX_UNRESOLVED_ENTITY,
    CorruptFileError,
    EmptyFileError,
    NoTableError,
    Problem,
    ReportError,
    UnsupportedFormatError,
)
from pipeline.limits import ResourceLimitError, TooLargeError, current
from pipeline.model import SPANNED, RawDocument, RawRow
from pipeline.read.docx.numbering import SYMBOL_BULLETS, Numbering, int_val
from pipeline.read.ziplimits import check_zip

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_GRID_SPAN = 64  # a damaged gridSpan must not make rows millions of cells wide
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"

# Containers whose content is not shown in the final document: tracked
# deletions, moved-away text, and the VML fallback that duplicates a text box.
_SKIP = {
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:pPr"),
    qn("w:rPr"),
    qn("w:tcPr"),
    qn("w:delText"),
    qn("w:instrText"),
    qn("w:footnoteReference"),
    qn("w:endnoteReference"),
    qn("w:commentReference"),
    f"{{{_MC_NS}}}Fallback",
}
# Wrappers around block content (paragraphs, tables, rows, cells).
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"), qn("w:moveTo"), qn("w:smartTag")}
_BREAKS = {qn("w:br"), qn("w:cr")}
_TABS = {qn("w:tab"), qn("w:ptab")}
# Symbol / Wingdings code points Word stores in w:sym for bullet-like glyphs.


class _Context:
    """State that runs through the document in order: list counters, problems."""

    def __init__(self, numbering: Numbering, path: Path) -> None:
        self.numbering = numbering
        self.path = path
        self.problems: list[Problem] = []
        # Where the text being read is: a named part, or table row `line` ("table row 5").
        self.place: str = "preamble"
        self.line: int | None = None


def read_docx(path: Path) -> RawDocument:
    """Read one .docx file; raises a `ReportError` naming the file when it cannot."""
    path = Path(path)
    document = _open(path)
    ctx = _Context(Numbering.from_document(document), path)
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
    return RawDocument(
        path=str(path),
        source_format="docx",
        preamble=tuple(preamble),
        rows=tuple(rows),
        problems=tuple(ctx.problems),
    )


def docx_page_text(path: Path) -> str:
    """The document's text as Word shows it, for `thaireports text`.

    Paragraphs and table rows in document order, a row's cells joined by tabs,
    list labels rebuilt as the table reader does. A .docx has no fixed pages:
    this is one page.
    """
    document = _open(Path(path))
    ctx = _Context(Numbering.from_document(document), Path(path))
    lines: list[str] = []
    for block in _blocks(document.element.body):
        if block.tag == qn("w:tbl"):
            lines.extend(
                "\t".join(_cell_text(tc, ctx) for tc in _children(tr, qn("w:tc")) if _merge_kind(tc) != "h")
                for tr in _live_rows(block)
            )
        else:
            lines.append(_paragraph_text(block, ctx))
    return "\n".join(lines)


def _open(path: Path) -> docx.document.Document:
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise ReportError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if not head:
        raise EmptyFileError(path, "the file is empty")
    if head == _OLE_MAGIC:
        raise UnsupportedFormatError(
            path, "an OLE compound file (a Word 97-2003 .doc or a password-protected .docx), not a .docx zip package"
        )
    if not zipfile.is_zipfile(path):
        raise CorruptFileError(path, "not a .docx: the file is not a zip package")
    try:
        check_zip(path)  # python-docx reads every part whole: bound them first
        return docx.Document(str(path))
    except etree.XMLSyntaxError as exc:
        raise _xml_failure(path, exc) from exc
    # RuntimeError: an encrypted zip member; NotImplementedError: unknown compression.
    except (
        zipfile.BadZipFile,
        PackageNotFoundError,
        KeyError,
        ValueError,
        EOFError,
        zlib.error,
        RuntimeError,
        zipfile.LargeZipFile,
    ) as exc:
        raise CorruptFileError(path, f"damaged .docx package: {type(exc).__name__}: {exc}") from exc


def _xml_failure(path: Path, exc: etree.XMLSyntaxError) -> ReportError:
    """libxml2 out of memory (under the worker's limit) or past its own limits is no damaged file."""
    last = exc.error_log.last_error  # the shared parser's log may hold earlier files' errors
    kind = last.type_name if last is not None else ""
    # Every error libxml2 records has a message; none at all ("None (line 0)") is what an
    # allocation failure leaves when even the error's record could not be made.
    if kind == "ERR_NO_MEMORY" or not exc.msg:
        return ResourceLimitError(path, "ran out of memory parsing the package's XML")
    if kind == "ERR_RESOURCE_LIMIT" or "Resource limit exceeded" in str(exc):
        return TooLargeError(path, f"an XML part is past the XML parser's limits: {exc}")
    return CorruptFileError(path, f"damaged .docx package: {type(exc).__name__}: {exc}")


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
    ctx.place, ctx.line = "page header", None
    lines: list[str] = []
    for ref in sect.iterchildren(qn("w:headerReference")):
        part = document.part.related_parts.get(ref.get(qn("r:id"))) if ref.get(qn("w:type")) in kinds else None
        for block in _blocks(part.element) if part is not None else ():
            text = (
                "\n".join(_nested_table_lines(block, ctx)) if block.tag == qn("w:tbl") else _paragraph_text(block, ctx)
            )
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
    live = _live_rows(tbl)
    grid: list[tuple[list[str | None], set[int]]] = []
    positions, limit = 0, current().max_grid_cells
    for i, tr in enumerate(live):
        grid.append(_row_grid(tr, ctx, first_line + i, i > 0))
        positions += len(grid[-1][0])
        if positions > limit:
            raise TooLargeError(ctx.path, f"a table past {limit:,} cells (at table row {first_line + i}); not read")
    width, keep = _used_columns(tbl, grid)
    if width * len(grid) > limit:
        raise TooLargeError(ctx.path, f"a table of {len(grid):,} rows by {width:,} columns is past {limit:,} cells")
    rows = []
    for i, ((cells, _), tr) in enumerate(zip(grid, live)):
        padded = cells + [""] * (width - len(cells))  # gridAfter / short rows
        shaded, spans = _fills(tr)
        position = {c: k for k, c in enumerate(keep)}
        rows.append(
            RawRow(
                cells=tuple(padded[c] for c in keep),
                line=first_line + i,
                shaded=frozenset(position[c] for c in shaded if c in position),
                spans=tuple(spans.get(c, 1) for c in keep) if spans else (),
            )
        )
    return rows


_DRAWING_TAGS = (qn("w:drawing"), qn("w:pict"))


def _has_drawing(tc: etree._Element) -> bool:
    """A shape drawn in the cell (an arrow or a line across a month grid)."""
    return any(True for _ in tc.iter(*_DRAWING_TAGS))


def _fills(tr: etree._Element) -> tuple[set[int], dict[int, int]]:
    """Grid positions of cells shaded with a colour (w:shd) or holding a drawn shape, and of cells spanning columns."""
    shaded: set[int] = set()
    spans: dict[int, int] = {}
    column = _trpr_int(tr, "w:gridBefore")
    for tc in _children(tr, qn("w:tc")):
        span = min(max(1, _tcpr_int(tc, "w:gridSpan", 1)), MAX_GRID_SPAN)
        shd = tc.tcPr.find(qn("w:shd")) if tc.tcPr is not None else None
        fill = (shd.get(qn("w:fill")) or "").lower() if shd is not None else ""
        filled = fill not in ("", "auto", "ffffff") or (shd is not None and shd.get(qn("w:val")) == "solid")
        if filled or _has_drawing(tc):
            shaded.add(column)
        if span > 1:
            spans[column] = span
        column += span
    return shaded, spans


def _live_rows(tbl: etree._Element) -> list[etree._Element]:
    """Rows of the table, without rows deleted under tracked changes."""
    return [tr for tr in _children(tbl, qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is None]


def _row_grid(tr: etree._Element, ctx: _Context, line: int, has_above: bool) -> tuple[list[str | None], set[int]]:
    """One row as grid positions, and the positions where a cell starts.

    A vertical continuation is SPANNED in every column it covers; the columns a
    horizontal merge covers are "" (as the HTML reader gives a colspan), since
    the table stage reads SPANNED as "the value from the row above".
    """
    ctx.place, ctx.line = "table row", line
    out: list[str | None] = [""] * _trpr_int(tr, "w:gridBefore")
    starts: set[int] = set()
    for tc in _children(tr, qn("w:tc")):
        span = min(max(1, _tcpr_int(tc, "w:gridSpan", 1)), MAX_GRID_SPAN)
        merge = _merge_kind(tc)
        merge = merge if (merge == "v" and has_above) or (merge == "h" and out) else None
        text = _cell_text(tc, ctx)
        if merge and text.strip():  # Word does not show it; say so rather than lose it silently
            ctx.problems.append(DOCX_MERGED_TEXT_HIDDEN.problem(place=ctx.place, line=ctx.line, text=text[:60]))
        if merge != "h":
            starts.add(len(out))
        if merge:
            out.extend([SPANNED if merge == "v" else ""] * span)
        else:
            out.extend([text] + [""] * (span - 1))
    return out, starts


def _merge_kind(tc: etree._Element) -> str | None:
    """ "v" for a cell merged into the one above, "h" into the one on its left (legacy hMerge)."""
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
    return int_val(el, 0)


def _tcpr_int(tc: etree._Element, tag: str, default: int) -> int:
    el = tc.find(f"{qn('w:tcPr')}/{qn(tag)}")
    return int_val(el, default)


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
    label = ctx.numbering.label(p, ctx.problems, ctx.place, ctx.line)
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
        for child in el:  # only an entity reference can be inside: its text is unknown, what follows is kept
            ctx.problems.append(DOCX_UNRESOLVED_ENTITY.problem(place=ctx.place, line=ctx.line, entity=child.text))
            out.append(child.tail or "")
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
    if code in SYMBOL_BULLETS:
        return SYMBOL_BULLETS[code]
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    # Symbol-font characters are stored at F000+ASCII; the ASCII one is the intent.
    return chr(value - 0xF000) if 0xF020 <= value <= 0xF07E else chr(value)
