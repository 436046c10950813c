"""Workbooks (.xlsx, .ods): the report as the eye reads the sheets, and scored against gold."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odf.number import DateStyle, Month, Year
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableProperties
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import LineBreak, P
from openpyxl import Workbook

from cli import main
from conftest import FIXTURES
from pipeline.batch.convert import convert_paths
from pipeline.errors import CorruptFileError, NoTableError, ReportError
from pipeline.inspect import inspect_file
from pipeline.model import SPANNED
from pipeline.read import read_document
from pipeline.read.pages import read_pages
from pipeline.read.sheets import values
from tools.office_copies import copy_gold, make_copies
from tools.score_corpora import scores_of

TITLE = [
    "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
    "เทศบาลตำบลบ้านกลาง อำเภอเมืองน่าน จังหวัดน่าน",
]
HEADER = ["ลำดับ", "มาตรการ", "วิธีการปฏิบัติ", "ระยะเวลาดำเนินการ", "งบประมาณ", "ผู้รับผิดชอบ", "ผลการดำเนินการ"]
# The rows the reader must give for the table sheet, whatever the format.
EXPECTED_ROWS = [
    (2, HEADER),
    (3, ["๑.", "มาตรการเปิดเผยข้อมูล", "๑. ประชุมชี้แจง\n๒. แจ้งเวียน", "1 ต.ค. 2567", "35,000", "กองคลัง", "จัดประชุม ๒ ครั้ง"]),
    (4, [SPANNED, SPANNED, "เผยแพร่ทางเว็บไซต์", "ต.ค. ๖๗ - ก.ย. ๖๘", "70,000", "สำนักปลัด", "เผยแพร่ ๑๒ ครั้ง"]),
    (6, ["๒.", "มาตรการป้องกันผลประโยชน์ทับซ้อน", "จัดอบรม", "ม.ค. 2568", "-", "กองการศึกษา", "อบรม ๑ ครั้ง"]),
]
EXPECTED_PROBLEMS = {
    ("hidden_rows", "sheet 'ผลการดำเนินการ'"),
    ("hidden_columns", "sheet 'ผลการดำเนินการ'"),
    ("hidden_sheet", "sheet 'ข้อมูล'"),
    ("sheet_without_table", "sheet 'หมายเหตุ'"),
    ("text_after_table", "sheet 'ผลการดำเนินการ'"),
}
SIGNATURE = "ลงชื่อ ผู้รายงาน"


def make_xlsx(path: Path, formula_value: str | None = "70000") -> Path:
    book = Workbook()
    cover = book.active
    cover.title = "ปก"
    for r, line in enumerate(TITLE, start=1):
        cover.cell(r, 1, line)
    sheet = book.create_sheet("ผลการดำเนินการ")
    sheet.cell(1, 1, "หน่วยงาน: กองคลัง")
    sheet.merge_cells("A1:G1")
    for c, text in enumerate(HEADER, start=1):
        sheet.cell(2, c, text)
    rows = [
        ["๑.", "มาตรการเปิดเผยข้อมูล", "๑. ประชุมชี้แจง\n๒. แจ้งเวียน", date(2024, 10, 1), 35000, "กองคลัง"],
        [None, None, "เผยแพร่ทางเว็บไซต์", "ต.ค. ๖๗ - ก.ย. ๖๘", "=E3*2", "สำนักปลัด"],
        ["๙.", "มาตรการที่ซ่อนไว้", "ร่าง", "", "", "", "ไม่แสดง"],
        ["๒.", "มาตรการป้องกันผลประโยชน์ทับซ้อน", "จัดอบรม", date(2025, 1, 1), "-", "กองการศึกษา"],
    ]
    outputs = ["จัดประชุม ๒ ครั้ง", "เผยแพร่ ๑๒ ครั้ง", "ไม่แสดง", "อบรม ๑ ครั้ง"]
    for r, (row, output) in enumerate(zip(rows, outputs), start=3):
        for c, value in enumerate([*row[:6], output], start=1):
            if value is not None:
                sheet.cell(r, c, value)
    sheet["D3"].number_format = "d mmm yy"
    sheet["D6"].number_format = "mmmm yyyy"  # a month: no day shown
    sheet["E3"].number_format = sheet["E4"].number_format = "#,##0"
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    sheet.row_dimensions[5].hidden = True
    sheet.cell(8, 5, SIGNATURE)  # under the table, after a blank row
    sheet.cell(3, 8, "หมายเหตุภายใน")
    sheet.column_dimensions["H"].hidden = True
    hidden = book.create_sheet("ข้อมูล")
    hidden.cell(1, 1, "รายการหน่วยงาน")
    hidden.sheet_state = "hidden"
    book.create_sheet("หมายเหตุ").cell(1, 1, "จัดทำโดย งานแผน")
    book.save(path)
    if formula_value is not None:  # what Excel saves with the formula; openpyxl writes none
        _set_cached_value(path, formula_value)
    return path


def _set_cached_value(path: Path, value: str) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    name = "xl/worksheets/sheet2.xml"
    parts[name] = parts[name].replace(b"<f>E3*2</f><v></v>", f"<f>E3*2</f><v>{value}</v>".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)


def make_ods(path: Path) -> Path:
    document = OpenDocumentSpreadsheet()
    hidden_style = Style(name="hiddensheet", family="table")
    hidden_style.addElement(TableProperties(display="false"))
    document.automaticstyles.addElement(hidden_style)

    def row(*cells: TableCell, **attrs: str) -> TableRow:
        element = TableRow(**attrs)
        for cell in cells:
            element.addElement(cell)
        return element

    def text(value: str, **attrs: object) -> TableCell:
        cell = TableCell(valuetype="string", **attrs)
        for line in value.split("\n"):
            cell.addElement(P(text=line))
        return cell

    def number(value: float, shown: str, **attrs: object) -> TableCell:
        cell = TableCell(valuetype="float", value=value, **attrs)
        cell.addElement(P(text=shown))
        return cell

    cover = Table(name="ปก")
    for line in TITLE:
        cover.addElement(row(text(line)))
    sheet = Table(name="ผลการดำเนินการ")
    sheet.addElement(TableColumn(numbercolumnsrepeated=7))
    sheet.addElement(TableColumn(visibility="collapse"))
    sheet.addElement(row(text("หน่วยงาน: กองคลัง", numbercolumnsspanned=7), CoveredTableCell(numbercolumnsrepeated=6)))
    sheet.addElement(row(*(text(h) for h in HEADER)))
    day = TableCell(valuetype="date", datevalue="2024-10-01")
    day.addElement(P(text="01/10/24"))
    actions = TableCell(valuetype="string")  # one paragraph with a line break: still two items
    paragraph = P(text="๑. ประชุมชี้แจง")
    paragraph.addElement(LineBreak())
    paragraph.addText("๒. แจ้งเวียน")
    actions.addElement(paragraph)
    sheet.addElement(
        row(
            text("๑.", numberrowsspanned=2),
            text("มาตรการเปิดเผยข้อมูล", numberrowsspanned=2),
            actions,
            day,
            number(35000, "35,000"),
            text("กองคลัง"),
            text("จัดประชุม ๒ ครั้ง"),
            text("หมายเหตุภายใน"),
        )
    )
    formula = number(70000, "70,000", formula="of:=[.E3]*2")
    sheet.addElement(
        row(
            CoveredTableCell(numbercolumnsrepeated=2),
            text("เผยแพร่ทางเว็บไซต์"),
            text("ต.ค. ๖๗ - ก.ย. ๖๘"),
            formula,
            text("สำนักปลัด"),
            text("เผยแพร่ ๑๒ ครั้ง"),
        )
    )
    sheet.addElement(row(text("๙."), text("มาตรการที่ซ่อนไว้"), text("ร่าง"), visibility="collapse"))
    month_format = DateStyle(name="monthyear")  # a month: no day shown
    month_format.addElement(Month(textual="true", style="long"))
    month_format.addElement(Year(style="long"))
    month_style = Style(name="monthcell", family="table-cell", datastylename="monthyear")
    for style in (month_format, month_style):
        document.automaticstyles.addElement(style)
    month = TableCell(valuetype="date", datevalue="2025-01-01", stylename=month_style)
    month.addElement(P(text="มกราคม 2568"))
    cells = ["๒.", "มาตรการป้องกันผลประโยชน์ทับซ้อน", "จัดอบรม", month, "-", "กองการศึกษา", "อบรม ๑ ครั้ง"]
    sheet.addElement(row(*(text(c) if isinstance(c, str) else c for c in cells)))
    sheet.addElement(row(TableCell(numbercolumnsrepeated=8)))
    sheet.addElement(row(TableCell(numbercolumnsrepeated=4), text(SIGNATURE)))
    sheet.addElement(row(TableCell(numbercolumnsrepeated=8), numberrowsrepeated=1_000_000))  # LibreOffice's tail
    hidden = Table(name="ข้อมูล", stylename=hidden_style)
    hidden.addElement(row(text("รายการหน่วยงาน")))
    notes = Table(name="หมายเหตุ")
    notes.addElement(row(text("จัดทำโดย งานแผน")))
    for table in (cover, sheet, hidden, notes):
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


@pytest.mark.parametrize("make", [make_xlsx, make_ods], ids=["xlsx", "ods"])
def test_sheets_read_as_the_eye_reads_them(tmp_path: Path, make) -> None:
    path = make(tmp_path / f"report.{make.__name__.split('_')[1]}")
    raw = read_document(path)
    assert raw.source_format == path.suffix[1:]
    assert list(raw.preamble) == [*TITLE, "หน่วยงาน: กองคลัง"]
    assert [(r.line, list(r.cells)) for r in raw.rows] == EXPECTED_ROWS
    assert {(p.code, p.where) for p in raw.problems} == EXPECTED_PROBLEMS
    hidden_row = next(p for p in raw.problems if p.code == "hidden_rows")
    assert "row 5" in hidden_row.message
    assert SIGNATURE in next(p.message for p in raw.problems if p.code == "text_after_table")


@pytest.mark.parametrize("make", [make_xlsx, make_ods], ids=["xlsx", "ods"])
def test_sheet_values_reach_the_records(tmp_path: Path, make) -> None:
    report = inspect_file(make(tmp_path / f"report.{make.__name__.split('_')[1]}"))
    assert report["document"]["fiscal_year"] == 2568
    assert report["document"]["province"] == "น่าน"
    first = report["measures"][0]
    assert first["title"] == "มาตรการเปิดเผยข้อมูล" and len(first["activities"]) == 2
    one, two = first["activities"]
    assert (one["period_start"], one["budget_baht"]) == ("2024-10-01", 35000.0)
    assert [(i["label"], i["text"]) for i in one["items"] if i["kind"] == "action"] == [
        ("1.", "ประชุมชี้แจง"),
        ("2.", "แจ้งเวียน"),
    ]
    assert (two["period_end"], two["budget_baht"]) == ("2025-09-30", 70000.0)
    assert [q["value"] for i in two["items"] for q in i.get("quantities", [])] == [12.0]
    assert [m["title"] for m in report["measures"]] == ["มาตรการเปิดเผยข้อมูล", "มาตรการป้องกันผลประโยชน์ทับซ้อน"]
    month = report["measures"][1]["activities"][0]
    assert (month["period_start"], month["period_end"]) == ("2025-01-01", "2025-01-31")


def test_formula_without_saved_value_is_reported(tmp_path: Path) -> None:
    raw = read_document(make_xlsx(tmp_path / "report.xlsx", formula_value=None))
    assert raw.rows[2].cells[4] == ""
    assert any(p.code == "formula_without_value" and "1 formula cell" in p.message for p in raw.problems)


def test_a_cell_nested_almost_as_deep_as_the_parser_allows_is_read_whole(tmp_path: Path) -> None:
    # 2,000 spans around a cell's text and 2,000 row groups around a row: within the XML parser's
    # 2,048 levels (huge_tree), past Python's recursion limit.
    plain = make_ods(tmp_path / "plain.ods")
    with zipfile.ZipFile(plain) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    content = parts["content.xml"].decode()
    title = "มาตรการเปิดเผยข้อมูล"
    content = content.replace(title, "<text:span>" * 2000 + title + "</text:span>" * 2000, 1)
    first_row = content.index("<table:table-row", content.index(title) - 5000)
    row_end = content.index("</table:table-row>", first_row) + len("</table:table-row>")
    groups = "<table:table-row-group>" * 2000, "</table:table-row-group>" * 2000
    content = content[:first_row] + groups[0] + content[first_row:row_end] + groups[1] + content[row_end:]
    parts["content.xml"] = content.encode()
    deep = tmp_path / "deep.ods"
    with zipfile.ZipFile(deep, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    assert read_document(deep).rows == read_document(plain).rows


def test_only_a_hidden_sheet_holds_the_table(tmp_path: Path) -> None:
    book = Workbook()
    book.active.cell(1, 1, "ปก")
    hidden = book.create_sheet("ตาราง")
    for c, text in enumerate(HEADER, start=1):
        hidden.cell(1, c, text)
    hidden.sheet_state = "hidden"
    book.save(tmp_path / "hidden.xlsx")
    raw = read_document(tmp_path / "hidden.xlsx")
    assert [list(r.cells) for r in raw.rows] == [HEADER]
    assert [(p.code, "read" in p.message) for p in raw.problems] == [("hidden_sheet", True)]


def test_workbook_without_a_table_or_damaged(tmp_path: Path) -> None:
    book = Workbook()
    book.active.cell(1, 1, "บันทึกข้อความ")
    book.save(tmp_path / "memo.xlsx")
    with pytest.raises(NoTableError, match="memo.xlsx: no report table in any of the 1 sheets"):
        read_document(tmp_path / "memo.xlsx")
    torn = (tmp_path / "memo.xlsx").read_bytes()[:3000]
    (tmp_path / "torn.xlsx").write_bytes(torn)
    with pytest.raises(CorruptFileError, match="torn.xlsx: damaged Excel workbook"):
        read_document(tmp_path / "torn.xlsx")


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (150000, "#,##0", "150,000"),
        (1234.5, "#,##0.00", "1,234.50"),
        (7, '0" ครั้ง"', "7 ครั้ง"),
        (0.855, "0.0%", "85.5%"),
        (-1500, "#,##0.00_);[Red](#,##0.00)", "-1,500.00"),
        (12, "[$-D07041E]0", "12"),
        (0.1 + 0.2, "General", "0.3"),
        (date(2025, 9, 30), "[$-th-TH]d mmmm yyyy", "30 ก.ย. 2568"),
        (date(2025, 9, 30), "mmm-yy", "ก.ย. 2568"),
        ("a\r\nb", "@", "a\nb"),
    ],
)
def test_cell_text_from_value_and_number_format(value: object, number_format: str, shown: str) -> None:
    assert values.cell_text(value, number_format) == shown


def test_text_prints_each_visible_sheet(tmp_path: Path) -> None:
    path = make_ods(tmp_path / "report.ods")
    result = CliRunner().invoke(main, ["text", str(path)])
    assert result.exit_code == 0, result.output
    pages = result.output.rstrip("\n").split("\f")
    assert pages[0] == "\n".join(TITLE) and len(pages) == 3  # cover, table, notes; not the hidden sheet
    assert "1 ต.ค. 2567\t35,000" in pages[1] and "มาตรการที่ซ่อนไว้" not in pages[1]


def test_corpus_renditions_as_workbooks_score_like_the_docx(tmp_path: Path) -> None:
    sources = sorted((FIXTURES / "renditions").glob("*.docx"))
    made = make_copies(sources, tmp_path / "in", ["xlsx", "ods"])
    copy_gold(made, FIXTURES / "renditions-gold", tmp_path / "gold")
    summary = convert_paths([tmp_path / "in"], tmp_path / "out")
    assert not summary.failed and summary.by_format().keys() == {"xlsx", "ods"}
    scored = scores_of(tmp_path / "out", tmp_path / "gold", FIXTURES / "score.py")
    scores = {name: r["total"] for name, r in scored["documents"].items()}
    assert len(scores) == 2 * len(sources)
    # the .docx renditions score 1.0 (test_golden); their workbook copies within 0.01
    assert all(total >= 0.99 for total in scores.values()), scores
    assert all(re.search(r"\.(xlsx|ods)$", name) for name in scores)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("workbooks")
    return {"xlsx": make_xlsx(folder / "r.xlsx").read_bytes(), "ods": make_ods(folder / "r.ods").read_bytes()}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["xlsx", "ods"]),
    cut=st.floats(0.0, 1.0),
    damage=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=12),
)
def test_damaged_workbooks_raise_only_report_errors(workbooks, tmp_path, kind, cut, damage) -> None:
    data = bytearray(workbooks[kind])
    for where, byte in damage:
        data[int(where * (len(data) - 1))] = byte
    path = tmp_path / f"damaged.{kind}"
    path.write_bytes(bytes(data[: max(8, int(cut * len(data)))] if damage == [] else data))
    for read in (read_document, lambda p: read_pages(p)):
        try:
            read(path)
        except ReportError as err:
            assert err.path == str(path) and err.message
