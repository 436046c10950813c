"""The parsed tables for people who work in Excel: one .xlsx workbook, or one CSV file per table.

The workbook opens on a contents sheet (what each sheet holds, in Thai and
English, then one line per report: agency, province, fiscal year, title,
source file, counts), followed by one sheet per table. Every table sheet has
two heading rows from the data dictionary, the Thai meaning above the column
name, frozen and filterable; the agency's name is repeated next to `doc_id`
on every sheet after `documents`, so a sheet reads on its own. Dates are
Excel dates, numbers are numbers, lists are joined with "; ", and text is
always text (a cell holding ">= 5" or "=" is never taken for a formula).
Any table in `pipeline.store.schema.TABLES` is exported the same way.

    thaireports export parsed --xlsx report.xlsx
    thaireports export parsed --csv csv/
"""

from __future__ import annotations

import csv
import datetime
import math
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline.store.dataset import load
from pipeline.store.dictionary import TABLE_NOTES
from pipeline.store.schema import TABLES, stored_schema

SHEET_ROWS = 1_048_576 - 2  # Excel's row limit, less the two heading rows
MAX_CELL = 32_767  # Excel's limit on the characters of one cell
MAX_WIDTH, MIN_WIDTH = 60, 6
HEADING_WIDTH = 18  # a column is widened up to this for its Thai heading, which wraps beyond it
LINE_HEIGHT = 17  # points per line of Thai text at the default size (marks above and below)
LIST_SEPARATOR = "; "
CONTENTS = "สารบัญ contents"
ORGANIZATION = ("organization", "หน่วยงาน (จากตาราง documents)")
FRONT_COLUMNS = (
    ("organization", "หน่วยงาน", "organization"),
    ("province", "จังหวัด", "province"),
    ("district", "อำเภอ", "district"),
    ("fiscal_year", "ปีงบประมาณ", "fiscal year"),
    ("report_kind", "ประเภทรายงาน", "report kind"),
    ("title", "ชื่อรายงาน", "title"),
    ("n_measures", "จำนวนมาตรการ", "measures"),
    ("n_activities", "จำนวนกิจกรรม", "activities"),
    ("n_warnings", "จำนวนคำเตือน", "warnings"),
    ("source_path", "ไฟล์ต้นฉบับ", "source file"),
)
# Characters an .xlsx file cannot hold (XML 1.0 forbids them); shown as U+FFFD, never dropped.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class ExportError(ValueError):
    """The parsed folder cannot be exported as asked."""


def export_xlsx(parsed: Path, target: Path) -> Path:
    """Write every table of `parsed` to the workbook `target`; returns its path."""
    from openpyxl import Workbook

    data = load(parsed)
    book = Workbook(write_only=True)
    organizations = dict(zip(data.documents["doc_id"], data.documents["organization"]))
    _contents_sheet(book, data.documents.assign(n_warnings=_warning_counts(data)))
    for table in TABLES:
        frame = _with_organization(data[table], organizations) if table != "documents" else data[table]
        for number, start in enumerate(range(0, max(len(frame), 1), SHEET_ROWS)):
            name = table if number == 0 else f"{table} ({number + 1})"
            _table_sheet(book, name, table, frame.iloc[start : start + SHEET_ROWS])
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def export_csv(parsed: Path, folder: Path) -> list[Path]:
    """Write one UTF-8 CSV per table (with a BOM, so Excel reads the Thai); returns the files."""
    data = load(parsed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        schema = stored_schema(table)
        path = folder / f"{table}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(schema.names)
            for row in data[table][schema.names].itertuples(index=False):
                writer.writerow([_csv_value(value) for value in row])
        written.append(path)
    return written


# --- sheets -------------------------------------------------------------------------


def _contents_sheet(book, documents: pd.DataFrame) -> None:
    """What each sheet holds (one line each, left to run over the empty cells beside it), then the reports."""
    from openpyxl.styles import Font

    sheet = book.create_sheet(CONTENTS)
    front = documents.sort_values(["organization", "fiscal_year", "source_path"], na_position="last")
    names = [name for name, _, _ in FRONT_COLUMNS]
    kinds = {"fiscal_year": "year", "n_measures": "int", "n_activities": "int", "n_warnings": "int"}
    _set_widths(sheet, [_width([th, en, *front[name].head(2000)]) for name, th, en in FRONT_COLUMNS])
    bold = Font(bold=True)
    sheet.append([_styled(sheet, "รายงานผลการดำเนินการตามมาตรการ ITA · ITA measures reports", Font(bold=True, size=14))])
    sheet.append([f"{len(documents)} รายงาน (reports) · หัวคอลัมน์ภาษาไทยและอังกฤษ (Thai and English headings)"])
    sheet.append([])
    sheet.append([_styled(sheet, "แผ่นงาน · sheets", bold)])
    for table in TABLES:
        en, th = TABLE_NOTES.get(table, ("", ""))
        sheet.append([f"{table}: {th} · {en}"])
    sheet.append([])
    sheet.append([_styled(sheet, th, bold) for _, th, _ in FRONT_COLUMNS])
    sheet.append([_styled(sheet, en, bold) for _, _, en in FRONT_COLUMNS])
    for row in front[names].itertuples(index=False):
        sheet.append([_cell(sheet, value, kinds.get(name, "text")) for name, value in zip(names, row)])


def _table_sheet(book, name: str, table: str, frame: pd.DataFrame) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = book.create_sheet(name)
    fields = list(stored_schema(table))
    if "organization" in frame.columns and table != "documents":
        fields.insert(1, pa.field(ORGANIZATION[0], pa.string(), metadata={"th": ORGANIZATION[1]}))
    kinds = [_kind(field.type, field.name) for field in fields]
    fill = PatternFill("solid", fgColor="DDEBF7")
    thai, english = [], []
    for field in fields:
        top = WriteOnlyCell(sheet, value=(field.metadata or {}).get(b"th", b"").decode() or field.name)
        top.font, top.fill, top.alignment = Font(bold=True), fill, Alignment(wrap_text=True, vertical="top")
        bottom = WriteOnlyCell(sheet, value=field.name)
        bottom.font, bottom.fill = Font(bold=True, italic=True), fill
        thai.append(top)
        english.append(bottom)
    columns = [field.name for field in fields]
    sample = frame.head(2000)
    widths = [
        max(_width([field.name, *sample[field.name]], kind), min(HEADING_WIDTH, _width([cell.value])))
        if field.name != "doc_id"
        else 16
        for field, kind, cell in zip(fields, kinds, thai)
    ]
    _set_widths(sheet, widths)
    sheet.freeze_panes = "C3" if len(columns) > 2 else "A3"
    # Rows with wrapped text get their height here: LibreOffice does not grow them when it opens the file.
    sheet.row_dimensions[1].height = _height([cell.value for cell in thai], widths)
    sheet.append(thai)
    sheet.append(english)
    wrap = Alignment(wrap_text=True, vertical="top")
    wrapped = [kind == "text" and width >= MAX_WIDTH for kind, width in zip(kinds, widths)]
    for number, row in enumerate(frame[columns].itertuples(index=False), start=3):
        cells = [_cell(sheet, value, kind) for value, kind in zip(row, kinds)]
        texts = [cell.value if wrap_it and isinstance(cell.value, str) else "" for cell, wrap_it in zip(cells, wrapped)]
        if any(texts):
            for cell, wrap_it in zip(cells, wrapped):
                if wrap_it:
                    cell.alignment = wrap
            height = _height(texts, widths)
            if height > LINE_HEIGHT:
                sheet.row_dimensions[number].height = height
        sheet.append(cells)
    if len(columns):
        from openpyxl.utils import get_column_letter

        sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(frame) + 2}"


# --- cells --------------------------------------------------------------------------


def _kind(type_: pa.DataType, name: str) -> str:
    if pa.types.is_date(type_) or pa.types.is_timestamp(type_):
        return "date"
    if pa.types.is_integer(type_):
        return "year" if name == "fiscal_year" else "int"
    if pa.types.is_floating(type_):
        return "money" if name.endswith("_baht") else "float"
    return "text"


FORMATS = {"date": "yyyy-mm-dd", "int": "0", "year": "0", "money": "#,##0.00", "float": "General"}


def _cell(sheet, value: object, kind: str):
    from openpyxl.cell import WriteOnlyCell

    value = _plain(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=_ILLEGAL.sub("\ufffd", value)[:MAX_CELL])
        cell.data_type = "s"  # never a formula, whatever it starts with
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if value is not None and kind in FORMATS:
        cell.number_format = FORMATS[kind]
    return cell


def _plain(value: object) -> object:
    """A cell value: None, a number, a date, or text (lists joined)."""
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "tolist"):  # numpy: an array (a list column) or a scalar
        value = value.tolist()
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(_item(item) for item in value) if value else None
    return value


def _item(item: object) -> str:
    if isinstance(item, dict):  # e.g. activities.extra: {"column": …, "text": …}
        return ": ".join(str(v) for v in item.values() if v is not None)
    return str(item)


def _csv_value(value: object) -> object:
    value = _plain(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


# --- widths -------------------------------------------------------------------------


def _display_length(text: str) -> int:
    """Columns a text takes: Thai vowels and tone marks above or below a letter take none."""
    return sum(1 for ch in text if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))


def _width(values: Iterable[object], kind: str = "text") -> float:
    if kind == "date":
        return 12
    longest = 0
    for value in values:
        plain = _plain(value)
        if plain is None:
            continue
        text = f"{plain:,.2f}" if isinstance(plain, float) else str(plain)
        longest = max(longest, _display_length(text.split("\n")[0]))
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest * 1.1 + 2)))


def _height(texts: list[str], widths: list[float]) -> float:
    """Points a row needs to show `texts` wrapped in columns of `widths`."""
    lines = [
        sum(math.ceil(max(1, _display_length(part)) * 0.95 / max(width - 1, 1)) for part in text.split("\n"))
        for text, width in zip(texts, widths)
        if text
    ]
    return LINE_HEIGHT * max(lines, default=1)


def _set_widths(sheet, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _styled(sheet, value: str, font):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def _warning_counts(data) -> list[int]:
    """Warnings per document: its `warnings` list, or its rows in a `warnings` table where there is one."""
    documents = data.documents
    if "warnings" in documents.columns:
        return [len(w) if w is not None else 0 for w in documents["warnings"]]
    if "warnings" in TABLES:
        counts = data["warnings"]["doc_id"].value_counts()
        return [int(counts.get(doc_id, 0)) for doc_id in documents["doc_id"]]
    return [0] * len(documents)


def _with_organization(frame: pd.DataFrame, organizations: dict) -> pd.DataFrame:
    return frame.assign(organization=frame["doc_id"].map(organizations))
