"""Save reports the way offices keep them: Excel and OpenDocument workbooks, .doc and .odt.

The source is a report as .docx (the corpus renditions). Its title lines and
table are written into a workbook the way an office types a report into
Excel: each title line in a row merged across the table, the table below
with wrapped multi-line cells, the number and measure cells merged down over
the continuation rows of their measure, whole-number budgets as numbers with
a "#,##0" format, and a hidden sheet of lookup values after it. `.xlsx` is
written with openpyxl and `.ods` with odfpy; `.doc` and `.odt` are the .docx
saved by LibreOffice (`soffice`), like an office's "Save as".

    python -m tools.office_copies ../shared/corpus/renditions/*.docx --out copies --formats xlsx ods doc odt
    python -m tools.office_copies REPORT.docx --out copies --gold GOLD_DIR   # also the gold, renamed
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.read.docx.reader import read_docx

Grid = list[list[str]]
FORMATS = ("xlsx", "ods", "doc", "odt")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{4,}")
_LOOKUP = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา"]


def report_grid(docx: Path) -> tuple[list[str], Grid]:
    """Title lines and table rows of a .docx report; a merged-down cell is ""."""
    raw = read_docx(docx)
    return list(raw.preamble), [[cell or "" for cell in row.cells] for row in raw.rows]


def merges_down(rows: Grid, columns: int = 2) -> list[tuple[int, int, int]]:
    """(column, first row, last row) for the first `columns` cells over the rows that continue them."""
    found = []
    for col in range(columns):
        r = 0
        while r < len(rows):
            end = r
            if rows[r][col].strip():
                while end + 1 < len(rows) and all(not cell.strip() for cell in rows[end + 1][: col + 1]):
                    end += 1
            if end > r:
                found.append((col, r, end))
            r = end + 1
    return found


def _number(text: str) -> int | None:
    return int(text.replace(",", "")) if _WHOLE_NUMBER.fullmatch(text.strip()) else None


def budget_columns(rows: Grid) -> set[int]:
    """Columns whose header names the budget (งบประมาณ): their whole numbers are typed as numbers."""
    return {c for row in rows for c, text in enumerate(row) if "งบประมาณ" in text and len(text) < 30}


def write_xlsx(title: list[str], rows: Grid, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    sheet = book.active
    sheet.title = "รายงาน"
    width = max(len(row) for row in rows)
    for r, line in enumerate(title, start=1):
        sheet.cell(r, 1, line)
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    top = len(title) + 1
    wrap = Alignment(wrap_text=True, vertical="top")
    budget = budget_columns(rows)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if not text:
                continue
            number = _number(text) if c in budget else None
            cell = sheet.cell(top + r, c + 1, text if number is None else number)
            cell.alignment = wrap
            if number is not None:
                cell.number_format = "#,##0"
    for col, first, last in merges_down(rows):
        sheet.merge_cells(start_row=top + first, start_column=col + 1, end_row=top + last, end_column=col + 1)
    lookup = book.create_sheet("ข้อมูล")
    for r, unit in enumerate(_LOOKUP, start=1):
        lookup.cell(r, 1, unit)
    lookup.sheet_state = "hidden"
    book.save(out)


def write_ods(title: list[str], rows: Grid, out: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    def cell(text: str, **attrs: object) -> TableCell:
        number = _number(text) if attrs.pop("numeric", False) else None
        if number is not None:
            element = TableCell(valuetype="float", value=number, **attrs)
        else:
            element = TableCell(valuetype="string", **attrs)
        for line in text.split("\n"):
            element.addElement(P(text=line))
        return element

    document = OpenDocumentSpreadsheet()
    hidden = Style(name="hiddensheet", family="table")
    hidden.addElement(TableProperties(display=False))
    document.automaticstyles.addElement(hidden)
    sheet = Table(name="รายงาน")
    width = max(len(row) for row in rows)
    for line in title:
        tr = TableRow()
        tr.addElement(cell(line, numbercolumnsspanned=width))
        for _ in range(width - 1):
            tr.addElement(CoveredTableCell())
        sheet.addElement(tr)
    budget = budget_columns(rows)
    spans = {(first, col): last - first + 1 for col, first, last in merges_down(rows)}
    covered = {(r, col) for col, first, last in merges_down(rows) for r in range(first + 1, last + 1)}
    for r, row in enumerate(rows):
        tr = TableRow()
        for c, text in enumerate(row):
            if (r, c) in covered:
                tr.addElement(CoveredTableCell())
            elif (r, c) in spans:
                tr.addElement(cell(text, numeric=c in budget, numberrowsspanned=spans[(r, c)]))
            else:
                tr.addElement(cell(text, numeric=c in budget) if text else TableCell())
        sheet.addElement(tr)
    document.spreadsheet.addElement(sheet)
    lookup = Table(name="ข้อมูล", stylename=hidden)
    for unit in _LOOKUP:
        tr = TableRow()
        tr.addElement(cell(unit))
        lookup.addElement(tr)
    document.spreadsheet.addElement(lookup)
    document.save(str(out))


def save_as(sources: Sequence[Path], fmt: str, out: Path, soffice: str = "soffice") -> None:
    """LibreOffice's "Save as" of every source, in a temporary profile."""
    with tempfile.TemporaryDirectory(prefix="office-copies-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", fmt]
        subprocess.run(
            [*command, "--outdir", str(out), *map(str, sources)], check=True, capture_output=True, timeout=600
        )


def make_copies(sources: Sequence[Path], out: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for fmt in formats:
        if fmt in ("doc", "odt"):
            save_as(sources, fmt, out)
        for source in sources:
            target = out / f"{source.stem}.{fmt}"
            if fmt in ("xlsx", "ods"):
                title, rows = report_grid(source)
                (write_xlsx if fmt == "xlsx" else write_ods)(title, rows, target)
            made.append(target)
    return made


def copy_gold(made: Iterable[Path], gold: Path, out: Path) -> None:
    """The gold of each copy: its .docx's gold under the copy's name."""
    out.mkdir(parents=True, exist_ok=True)
    for path in made:
        record = json.loads((gold / f"{path.stem}.docx.json").read_text(encoding="utf-8"))
        record["source"] = path.name
        (out / f"{path.name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="+", type=Path, help=".docx reports")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--gold", type=Path, help="gold folder of the .docx sources; writes OUT/gold/")
    args = parser.parse_args(argv)
    made = make_copies(args.sources, args.out, args.formats)
    if args.gold:
        copy_gold(made, args.gold, args.out / "gold")
    print(f"{len(made)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
