"""Workbooks: Excel (.xlsx, .xlsm, .xls) and OpenDocument spreadsheets (.ods).

Each format reader lists the sheets (`grid.Sheet`); `grid.build_document`
finds the report in them the same way for every format.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.limits import read_regular
from pipeline.model import RawDocument
from pipeline.read.sheets.grid import Sheet, build_document, sheet_texts


def read_sheets(path: Path, kind: str, data: bytes | None = None) -> list[Sheet]:
    """The sheets of a workbook of format `kind` ("xlsx", "xls" or "ods")."""
    data = read_regular(path) if data is None else data
    if kind == "xlsx":
        from pipeline.read.sheets.xlsx import read_xlsx

        return read_xlsx(str(path), data)
    if kind == "ods":
        from pipeline.read.sheets.ods import read_ods

        return read_ods(str(path), data)
    from pipeline.read.sheets.xls import read_xls

    return read_xls(str(path), data)


def read_workbook(path: Path, kind: str, data: bytes | None = None) -> RawDocument:
    return build_document(str(path), kind, read_sheets(path, kind, data))


def workbook_texts(path: Path, kind: str) -> tuple[str, ...]:
    """The text of each visible sheet, for `thaireports text`."""
    return sheet_texts(read_sheets(path, kind))
