"""A workbook's sheets as every format reader hands them on, and the report in them.

The format readers (`xlsx`, `ods`, `xls`) only say what is in each sheet: the
text each filled cell shows, the merged ranges, and what is hidden. Turning
that into a `RawDocument` is done once, here, for every format:

- A sheet holds a report table when one of its rows is a header row
  (`layout.headers.match_header`); every such sheet is read, in workbook
  order, its rows from the first header row on, one `RawRow` per sheet row
  with `line` the sheet's row number. Rows before the header, and visible
  sheets before the first table sheet (a cover sheet), give the title lines.
- A merged range is spread as the eye reads it: its text in its top-left
  cell, "" in the other columns of that row, `SPANNED` in every column of the
  rows below (the table stage then continues the number and measure columns
  and repeats the others), as the HTML and DOCX readers give spans.
- Lines below the table after a blank row (a signature block, a date, a
  note) that fill one cell each are not table rows; they are reported.
- Hidden sheets, rows and columns are not read, and each is reported as a
  warning with what it held; when only a hidden sheet holds a table, it is
  read and the warning says so. Visible sheets without a table are reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.errors import (
    HIDDEN_COLUMNS,
    HIDDEN_ROWS,
    HIDDEN_SHEET,
    SHEET_WITHOUT_TABLE,
    TEXT_AFTER_TABLE,
    NoTableError,
    Problem,
)
from pipeline.layout.headers import match_header
from pipeline.model import SPANNED, RawDocument, RawRow

MAX_COLUMNS = 256  # a stray value in column XFD must not make every row 16,384 cells wide


@dataclass
class Sheet:
    """One sheet as read: 1-based row -> 1-based column -> shown text (filled cells only)."""

    name: str
    hidden: bool = False
    cells: dict[int, dict[int, str]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, first col, last row, last col
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)  # what the format reader saw, e.g. unsaved formulas

    def put(self, row: int, column: int, text: str) -> None:
        if text.strip():
            self.cells.setdefault(row, {})[column] = text


def build_document(path: str, source_format: str, sheets: list[Sheet]) -> RawDocument:
    """The report in the workbook: title lines and the rows of every table sheet."""
    problems: list[Problem] = []
    grids = [(sheet, _grid(sheet)) for sheet in sheets]
    tables = [(s, g, start) for s, g in grids if (start := _header_row(g)) is not None]
    visible = [t for t in tables if not t[0].hidden]
    chosen = visible or tables[:1]
    if not chosen:
        raise NoTableError(path, f"no report table in any of the {len(sheets)} sheets (no row names the columns)")
    preamble: list[str] = []
    rows: list[RawRow] = []
    first = next(i for i, (sheet, _) in enumerate(grids) if sheet is chosen[0][0])
    for index, (sheet, grid) in enumerate(grids):
        table = next((t for t in chosen if t[0] is sheet), None)
        where = f"sheet {sheet.name!r}"
        if sheet.hidden:
            read = " (it holds the only report table, read)" if table else "; not read"
            problems.append(HIDDEN_SHEET.problem(place=where, filled=_filled(sheet), read=read))
            if table is None:
                continue
        problems.extend(sheet.problems)
        problems.extend(_hidden_problems(sheet, where))
        if table is None:
            if index < first:
                preamble.extend(_lines(row for _, row in grid))
            elif sheet.cells:
                problems.append(SHEET_WITHOUT_TABLE.problem(place=where))
            continue
        start = table[2]
        lines = _lines(row for number, row in grid if number < start)
        preamble.extend(lines if index == first else [line for line in lines if line not in preamble])
        body = [(number, row) for number, row in grid if number >= start]
        end = _footer_start(body, sheet.hidden_rows)
        rows.extend(RawRow(tuple(row), line=number) for number, row in body[:end])
        footer = _lines(row for _, row in body[end:])
        if footer:
            problems.append(TEXT_AFTER_TABLE.problem(place=where, count=len(footer), text=footer[0][:60]))
    return RawDocument(path, source_format, tuple(preamble), tuple(rows), problems=tuple(problems))


def sheet_texts(sheets: list[Sheet]) -> tuple[str, ...]:
    """The visible text of each visible sheet: a line per row, cells joined by tabs."""
    pages = []
    for sheet in sheets:
        if not sheet.hidden:
            rows = ("\t".join(cell or "" for cell in row).rstrip("\t") for _, row in _grid(sheet))
            pages.append("\n".join(rows))
    return tuple(pages)


def _grid(sheet: Sheet) -> list[tuple[int, list[str | None]]]:
    """Visible rows that show something, as cells over the visible columns, merges spread."""
    columns = [c for c in range(1, _width(sheet) + 1) if c not in sheet.hidden_columns]
    cells = {r: dict(row) for r, row in sheet.cells.items()}
    covered: dict[tuple[int, int], str | None] = {}
    for top, left, bottom, right in sheet.merges:
        shown_rows = [r for r in range(top, bottom + 1) if r not in sheet.hidden_rows] or [top]
        shown_cols = [c for c in range(left, right + 1) if c not in sheet.hidden_columns] or [left]
        text = cells.get(top, {}).get(left, "")
        cells.setdefault(shown_rows[0], {})[shown_cols[0]] = text  # hidden top-left: shown where the eye sees it
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (shown_rows[0], shown_cols[0]):
                    covered[(r, c)] = SPANNED if r > shown_rows[0] else ""
    out = []
    for number in sorted(set(cells) | {r for r, _ in covered}):
        if number in sheet.hidden_rows:
            continue
        row = [covered[(number, c)] if (number, c) in covered else cells.get(number, {}).get(c, "") for c in columns]
        if any(cell for cell in row):
            while row and row[-1] == "":
                row.pop()
            out.append((number, row))
    return out


def _footer_start(body: list[tuple[int, list[str | None]]], hidden: set[int]) -> int:
    """Where the lines under the table start: signatures, dates, notes.

    They follow a blank row and none of them fills two cells or continues a
    merge from above; a row that does is the table's, and so is all above it.
    """
    end = len(body)
    for i in range(len(body) - 1, 0, -1):
        number, row = body[i]
        if sum(1 for cell in row if cell) > 1 or SPANNED in row:
            break
        if any(r not in hidden for r in range(body[i - 1][0] + 1, number)):  # a blank row above
            end = i
    return end


def _width(sheet: Sheet) -> int:
    widest = max((max(row) for row in sheet.cells.values() if row), default=0)
    return min(MAX_COLUMNS, max([widest] + [right for _, _, _, right in sheet.merges]))


def _header_row(grid: list[tuple[int, list[str | None]]]) -> int | None:
    return next((number for number, row in grid if match_header(tuple(row))), None)


def _lines(rows: Iterable[list[str | None]]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        text = " ".join(cell for cell in row if cell)
        lines.extend(line.strip() for line in text.split("\n") if line.strip())
    return lines


def _filled(sheet: Sheet) -> int:
    return sum(len(row) for row in sheet.cells.values())


def _hidden_problems(sheet: Sheet, where: str) -> list[Problem]:
    problems = []
    for code, numbers in (
        (HIDDEN_ROWS, {r for r in sheet.hidden_rows if sheet.cells.get(r)}),
        (HIDDEN_COLUMNS, {c for c in sheet.hidden_columns if any(c in row for row in sheet.cells.values())}),
    ):
        if numbers:
            shown = ", ".join(str(n) for n in sorted(numbers)[:10]) + (", …" if len(numbers) > 10 else "")
            problems.append(code.problem(place=where, count=len(numbers), shown=shown))
    return problems
