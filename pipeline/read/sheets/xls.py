"""Excel 97-2003 workbooks (.xls, BIFF) through xlrd.

xlrd is the reference reader of the BIFF format (version 2 reads nothing
else), and with ``formatting_info=True`` it gives what the report needs and
other readers of the format leave out: merged ranges, hidden rows and
columns, sheet visibility, and each cell's number format. A formula cell
holds the value Excel saved with it.
"""

from __future__ import annotations

from typing import Any

import xlrd

from pipeline.errors import CorruptFileError, UnsupportedFormatError
from pipeline.read.sheets.grid import MAX_COLUMNS, Sheet
from pipeline.read.sheets.values import cell_text


def read_xls(path: str, data: bytes) -> list[Sheet]:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=_Quiet(), ragged_rows=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise UnsupportedFormatError(
                path, "a password-protected Excel workbook; remove the password first"
            ) from exc
        raise CorruptFileError(path, f"damaged Excel 97-2003 workbook: {exc}") from exc
    # xlrd parses untrusted binary records in pure Python and has no error hierarchy of its own for
    # damage: struct.error, CompDocError, OverflowError, UnicodeDecodeError, IndexError… all mean one thing.
    except Exception as exc:  # noqa: BLE001
        raise CorruptFileError(path, f"damaged Excel 97-2003 workbook: {type(exc).__name__}: {exc}") from exc
    return [_sheet(book, ws) for ws in book.sheets()]


def _sheet(book: Any, ws: Any) -> Sheet:
    sheet = Sheet(ws.name, hidden=ws.visibility != 0)
    for r in range(ws.nrows):
        for c in range(min(ws.row_len(r), MAX_COLUMNS)):
            cell = ws.cell(r, c)
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                continue
            sheet.put(r + 1, c + 1, _text(book, cell))
    sheet.merges = [(top + 1, left + 1, bottom, right) for top, bottom, left, right in ws.merged_cells]
    sheet.hidden_rows = {r + 1 for r, info in ws.rowinfo_map.items() if info.hidden}
    sheet.hidden_columns = {c + 1 for c, info in ws.colinfo_map.items() if info.hidden}
    return sheet


def _text(book: Any, cell: Any) -> str:
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return cell_text(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    number_format = _format(book, cell.xf_index)
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), number_format)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            pass
    return cell_text(float(cell.value), number_format)


def _format(book: Any, xf_index: int | None) -> str:
    try:
        return book.format_map[book.xf_list[xf_index].format_key].format_str or "General"
    except (IndexError, KeyError, TypeError):
        return "General"


class _Quiet:
    """xlrd's log: its warnings about odd records are no part of the output."""

    def write(self, text: str) -> None:
        pass
