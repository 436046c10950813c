"""Excel workbooks (.xlsx, .xlsm) through openpyxl.

openpyxl is read in its full (not read-only) mode because only that mode
gives the merged ranges and the hidden rows and columns; with
``data_only=True`` a formula cell gives the value Excel last computed and
saved with it. Dates come as dates (openpyxl reads the number format); other
numbers are written by their number format (`values.cell_text`).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from pipeline.errors import FORMULA_WITHOUT_VALUE, CorruptFileError
from pipeline.read.containers import ZIP_ERRORS
from pipeline.read.sheets.grid import Sheet
from pipeline.read.sheets.values import cell_text
from pipeline.read.ziplimits import check_zip_data

# <f>…</f> (or <f …/>, a shared formula) not followed by a non-empty <v>.
_UNSAVED_FORMULA = re.compile(rb"<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)(?!<v>[^<])")
_LOAD_ERRORS = (
    *ZIP_ERRORS,
    InvalidFileException,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,  # lxml's XMLSyntaxError and the stdlib ParseError derive from it
)


def read_xlsx(path: str, data: bytes) -> list[Sheet]:
    check_zip_data(path, data)  # openpyxl reads every part whole: bound them first
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
            book = load_workbook(io.BytesIO(data), data_only=True, rich_text=False)
    except _LOAD_ERRORS as exc:
        raise CorruptFileError(path, f"damaged Excel workbook: {type(exc).__name__}: {exc}") from exc
    unsaved = _formulas_without_value(data)
    sheets = []
    for ws in book.worksheets:  # chart sheets hold no cells
        sheet = Sheet(ws.title, hidden=ws.sheet_state != "visible")
        # The stored cells only: iter_rows() would make every cell of the used
        # range, millions when one stray value sits far down a sheet.
        for (row, column), cell in sorted(ws._cells.items()):
            value = cell.value
            if value is not None:  # the format lookup is the slow part; text needs none
                sheet.put(
                    row, column, cell_text(value) if isinstance(value, str) else cell_text(value, cell.number_format)
                )
        sheet.merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        sheet.hidden_rows = {number for number, dim in ws.row_dimensions.items() if dim.hidden}
        for dim in ws.column_dimensions.values():
            if dim.hidden and dim.min is not None:
                sheet.hidden_columns.update(range(dim.min, (dim.max or dim.min) + 1))
        sheets.append(sheet)
    if unsaved and sheets:
        sheets[0].problems.append(FORMULA_WITHOUT_VALUE.problem(place="workbook", count=unsaved))
    return sheets


def _formulas_without_value(data: bytes) -> int:
    """Formula cells saved without the value they compute (files written by code, not by Excel)."""
    count = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    count += len(_UNSAVED_FORMULA.findall(archive.read(name)))
    except ZIP_ERRORS:
        return 0
    return count
