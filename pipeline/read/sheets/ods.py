"""OpenDocument spreadsheets (.ods): content.xml read directly with lxml.

The format is plain XML, and lxml (already a dependency) reads everything
the report needs: each cell's shown text (`text:p` paragraphs, one line
each, as the office suite wrote them with the cell's number format), its
value and type (a date cell is written from `office:date-value`, a number
without shown text from `office:value`), spans (`number-columns-spanned`,
`number-rows-spanned`), repeats, and what is hidden (`table:visibility` of
rows and columns, `table:display="false"` in a sheet's style).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime

from lxml import etree

from pipeline.errors import CorruptFileError
from pipeline.read.containers import ZIP_ERRORS
from pipeline.read.sheets.grid import MAX_COLUMNS, Sheet
from pipeline.read.sheets.values import cell_text
from pipeline.read.ziplimits import check_zip

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
}
_T, _O, _X, _S = (f"{{{_NS[k]}}}" for k in ("table", "office", "text", "style"))
MAX_REPEAT = 10_000  # a repeated filled row or cell beyond this is a formatting artefact
_ROW_GROUPS = {f"{_T}table-row-group", f"{_T}table-header-rows", f"{_T}table-rows"}
_COLUMN_GROUPS = {f"{_T}table-column-group", f"{_T}table-header-columns", f"{_T}table-columns"}


def read_ods(path: str, data: bytes) -> list[Sheet]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip(path, archive)
            parser = etree.XMLParser(huge_tree=True)
            root = etree.fromstring(archive.read("content.xml"), parser=parser)
            common = (
                etree.fromstring(archive.read("styles.xml"), parser=parser)
                if "styles.xml" in archive.namelist()
                else None
            )
    except (*ZIP_ERRORS, etree.XMLSyntaxError) as exc:
        raise CorruptFileError(path, f"damaged OpenDocument spreadsheet: {type(exc).__name__}: {exc}") from exc
    styles = [root] if common is None else [common, root]
    hidden_styles = {
        style.get(f"{_S}name")
        for style in root.iterfind(".//style:style", _NS)
        if style.find("style:table-properties[@table:display='false']", _NS) is not None
    }
    # Cell styles whose date format shows no day ("ต.ค. 2567"): their dates are months.
    dayless = {
        data_style.get(f"{_S}name")
        for tree in styles
        for data_style in tree.iterfind(".//number:date-style", _NS)
        if data_style.find("number:day", _NS) is None
    }
    months = {
        style.get(f"{_S}name")
        for tree in styles
        for style in tree.iterfind(".//style:style", _NS)
        if style.get(f"{_S}data-style-name") in dayless
    }
    tables = root.iterfind(".//office:spreadsheet/table:table", _NS)
    return [_sheet(table, hidden_styles, months) for table in tables]


def _sheet(table: etree._Element, hidden_styles: set[str | None], months: set[str | None]) -> Sheet:
    sheet = Sheet(table.get(f"{_T}name", ""), hidden=table.get(f"{_T}style-name") in hidden_styles)
    column = 1
    column_styles: list[str | None] = []  # each column's default cell style, 1-based via [c - 1]
    for col in _flatten(table, f"{_T}table-column", _COLUMN_GROUPS):
        repeat = _count(col, "number-columns-repeated")
        if col.get(f"{_T}visibility", "visible") != "visible" and column <= MAX_COLUMNS:
            sheet.hidden_columns.update(range(column, min(column + repeat, MAX_COLUMNS + 1)))
        column_styles.extend([col.get(f"{_T}default-cell-style-name")] * min(repeat, MAX_COLUMNS))
        column += repeat
    number = 1
    for row in _flatten(table, f"{_T}table-row", _ROW_GROUPS):
        repeat = _count(row, "number-rows-repeated")
        filled = _row_cells(row, number, sheet, lambda c, cell: _month_only(cell, c, column_styles, months))
        if filled and repeat > 1:  # the same filled row shown `repeat` times
            for copy in range(number + 1, number + min(repeat, MAX_REPEAT)):
                sheet.cells[copy] = dict(sheet.cells[number])
        if row.get(f"{_T}visibility", "visible") != "visible":
            sheet.hidden_rows.update(range(number, number + min(repeat, MAX_REPEAT)))
        number += repeat
    return sheet


def _flatten(parent: etree._Element, tag: str, groups: set[str]) -> Iterator[etree._Element]:
    """The `tag` elements under `parent`, in order, looking through `groups`.

    A stack of iterators, not recursion: the parser lets elements nest 2,048
    deep (huge_tree), past Python's recursion limit; so in `_paragraph`.
    """
    stack = [iter(parent)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == tag:
            yield child
        elif child.tag in groups:
            stack.append(iter(child))


def _month_only(cell: etree._Element, column: int, column_styles: list[str | None], months: set[str | None]) -> bool:
    style = cell.get(f"{_T}style-name") or (column_styles[column - 1] if column <= len(column_styles) else None)
    return style in months


def _row_cells(
    row: etree._Element, number: int, sheet: Sheet, month_only: Callable[[int, etree._Element], bool]
) -> bool:
    column, filled = 1, False
    for cell in row:
        if not isinstance(cell.tag, str) or column > MAX_COLUMNS:
            break
        repeat = _count(cell, "number-columns-repeated")
        if cell.tag == f"{_T}table-cell":
            text = _cell_text(cell, month_only(column, cell))
            if text.strip():
                filled = True
                for offset in range(min(repeat, MAX_COLUMNS - column + 1)):
                    sheet.put(number, column + offset, text)
            rows, cols = _count(cell, "number-rows-spanned"), _count(cell, "number-columns-spanned")
            if rows > 1 or cols > 1:
                sheet.merges.append((number, column, number + rows - 1, column + cols - 1))
        column += repeat
    return filled


def _count(element: etree._Element, name: str) -> int:
    value = element.get(f"{_T}{name}", "1")
    return max(1, int(value)) if value.isdigit() else 1


def _cell_text(cell: etree._Element, month_only: bool = False) -> str:
    kind = cell.get(f"{_O}value-type")
    if kind == "date":
        value = cell.get(f"{_O}date-value", "")
        try:
            day: date = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            day = None  # type: ignore[assignment]
        if day is not None:
            return cell_text(day, "mmm yyyy" if month_only else "d mmm yyyy")
    lines = [_paragraph(p) for p in cell.iterfind("text:p", _NS)]
    if lines:
        return cell_text("\n".join(lines))
    if kind in ("float", "percentage", "currency") and cell.get(f"{_O}value"):
        try:
            value = float(cell.get(f"{_O}value", ""))
        except ValueError:
            return ""
        return cell_text(value, "0%" if kind == "percentage" else "General")
    return ""


def _paragraph(p: etree._Element) -> str:
    """A paragraph's text: spans and links read through, text:s spaces, tabs, line breaks."""
    out = [p.text or ""]
    # Per open span or link: its children still to read, and the text after it.
    stack: list[tuple[Iterator[etree._Element], str]] = [(iter(p), "")]
    while stack:
        children, after = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            out.append(after)
            continue
        tag = child.tag
        if tag == f"{_X}s":
            out.append(" " * _text_count(child))
        elif tag == f"{_X}tab":
            out.append("\t")
        elif tag == f"{_X}line-break":
            out.append("\n")
        elif tag in (f"{_O}annotation", f"{_X}note"):
            pass  # a comment is no part of the cell's text
        elif isinstance(tag, str):
            out.append(child.text or "")
            stack.append((iter(child), child.tail or ""))
            continue
        out.append(child.tail or "")
    return "".join(out)


def _text_count(element: etree._Element) -> int:
    value = element.get(f"{_X}c", "1")
    return min(int(value), 1000) if value.isdigit() else 1
