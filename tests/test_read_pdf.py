"""read_pdf on LibreOffice renditions (A4 landscape, Laksaman 16 pt, rows split across pages).

The small broken PDFs under fixtures/pdf are made by this module:
    PYTHONPATH=. python tests/test_read_pdf.py
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipeline.errors import (
    CorruptFileError,
    EncryptedPdfError,
    NoTableError,
    ScannedPdfError,
)
from pipeline.model import SPANNED
from pipeline.parse.tables import build_table
from pipeline.read.pdf import page as pdf_page
from pipeline.read.pdf import pdfium_calls, reader
from pipeline.read.pdf.assemble import assemble
from pipeline.read.pdf.chars import Cluster, read_clusters
from pipeline.read.pdf.evidence import drawn_chars
from pipeline.read.pdf.grid import find_tables
from pipeline.read.pdf.page import PageContent
from pipeline.read.pdf.placement import Line, TableRows, group_lines, place
from pipeline.read.pdf.plumber import debug_image
from pipeline.read.pdf.reader import read_pdf
from pipeline.read.pdf.rules import Rule, page_drawing
from pipeline.read.pdf.text import layer_text

FIXTURES = Path(__file__).parent / "fixtures"
HOSPITAL = FIXTURES / "renditions" / "hospital-khoksawang-2566.pdf"
ABT = FIXTURES / "renditions" / "abt-nongbuathong-2567.pdf"
BROKEN = FIXTURES / "pdf"
GAZETTE = (
    Path(__file__).resolve().parents[1].parent
    / "shared/corpus/realworld/gazette-vocational-education-act-2551-angsanaupc.pdf"
)
HEADER = (
    "ลำดับที่",
    "มาตรการ/กิจกรรม",
    "วิธีการดำเนินการ",
    "ระยะเวลาดำเนินการ",
    "หน่วยงานรับผิดชอบ",
    "ผลการดำเนินการ",
    "ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ",
)
_DAMAGE = re.compile("\u0e33\u0e32|[\ue000-\uf8ff\ufffd\ufffe]")


@pytest.fixture(scope="module")
def hospital():
    return read_pdf(HOSPITAL)


def _title_then_tables(folder: Path) -> Path:
    """A page of prose (no table) before the hospital report's pages."""
    pdf = pdfium.PdfDocument.new()
    pdf.import_pages(pdfium.PdfDocument(str(GAZETTE)), [0])
    pdf.import_pages(pdfium.PdfDocument(str(HOSPITAL)))
    pdf.save(str(folder / "title-then-tables.pdf"))
    return folder / "title-then-tables.pdf"


def test_pages_before_the_first_table_are_sketched_then_read_whole(tmp_path, monkeypatch):
    path = _title_then_tables(tmp_path)
    sketched_first = read_pdf(path)
    whole = reader._text_layer
    monkeypatch.setattr(
        reader,
        "_text_layer",
        lambda pdf, index, path, sketch=False, keep_text=True: whole(pdf, index, path, False, keep_text),
    )
    assert sketched_first == read_pdf(path)
    assert "พระราชบัญญัติ" in " ".join(sketched_first.preamble)  # the prose page's lines, read in the end


def test_a_pdf_without_tables_places_none_of_its_characters(monkeypatch):
    def place(*args, **kwargs):
        raise AssertionError("characters placed on a page of a file without tables")

    monkeypatch.setattr(pdf_page, "read_clusters", place)
    with pytest.raises(NoTableError, match="no ruled table"):
        read_pdf(GAZETTE)


@pytest.mark.parametrize("path", [HOSPITAL, GAZETTE, BROKEN / "blank-then-text.pdf"], ids=lambda p: p.name)
def test_a_page_draws_characters_exactly_when_it_has_clusters(path: Path, tmp_path: Path):
    if not path.exists():  # a blank page, then text
        made = pdfium.PdfDocument.new()
        made.new_page(200, 200)
        made.import_pages(pdfium.PdfDocument(str(HOSPITAL)), [0])
        made.save(str(tmp_path / path.name))
        path = tmp_path / path.name
    document = pdfium.PdfDocument(str(path))
    for page in document:
        textpage = page.get_textpage()
        text = layer_text(textpage)
        clusters = read_clusters(textpage, text, page.get_height()).clusters
        assert (drawn_chars(textpage, text) > 0) == bool(clusters)


def test_document_fields(hospital):
    assert hospital.source_format == "pdf"
    assert hospital.n_pages == 5
    assert hospital.path == str(HOSPITAL)
    assert hospital.preamble == (
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "ประจำปีงบประมาณ พ.ศ. 2566",
        "โรงพยาบาลบ้านโคกสว่าง อำเภอพรรณานิคม จังหวัดสกลนคร",
        "สังกัดสำนักงานสาธารณสุขจังหวัดสกลนคร",
    )
    assert hospital.problems == ()


def test_rows_per_page(hospital):
    per_page = [sum(r.page == n for r in hospital.rows) for n in range(1, 6)]
    assert per_page == [2, 4, 3, 4, 1]


def test_header_rows_kept_where_tables_merged(hospital):
    headers = [i for i, r in enumerate(hospital.rows) if r.cells == HEADER]
    assert headers == [0, 4, 10]


def test_rows_opening_a_page_below_a_table_row_are_flagged(hospital):
    flagged = [(r.page, r.cells[2][:20]) for r in hospital.rows if r.starts_page]
    assert flagged == [(2, "ข้อมูลตามเกณฑ์การประ"), (3, "เรื่องร้องเรียน ได้แ"), (4, "ด้านคุณธรรม"), (5, "การเบิกจ่ายเงิน 2. จ")]


def test_split_rows_are_glued_and_a_genuine_continuation_is_not(hospital):
    rows, _ = build_table(hospital)
    assert [(r.measure_no, r.page) for r in rows] == [(1, 1), (2, 2), (3, 2), (3, 3), (4, 3), (5, 4), (6, 4)]
    assert rows[2].cells["period"] == "ตลอดปีงบประมาณ พ.ศ. 2566"  # "ตลอด" | "ปีงบประมาณ …" across the break
    assert rows[3].cells["period"] == "ไตรมาสที่ 2-4"  # its own period: the next activity of measure 3


def test_exact_cells(hospital):
    first = hospital.rows[1]
    assert first.cells == (
        "๑.",
        "มาตรการเปิดเผยข้อมูลข่าวสารของโรงพยาบาล (MOIT)",
        "1. แต่งตั้งคณะกรรมการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของโรงพยาบาล "
        "2. จัดทำแนวทางการเผยแพร่ข้อมูลตามแบบฟอร์มการขออนุมัติเผยแพร่ข้อมูล 3. เผยแพร่",
        "ต.ค. 65 - ก.ย. 66",
        "- กลุ่มงานประกันสุขภาพ ยุทธศาสตร์และสารสนเทศทางการแพทย์",
        "1. มีคำสั่งแต่งตั้งคณะกรรมการ จำนวน 7 คน\n2. เผยแพร่ข้อมูลบนเว็บไซต์ครบทุกข้อคำถาม"
        " จำนวน 22 ข้อ\n3. ปรับปรุงข้อมูลบนเว็บไซต์ไม่ต่ำกว่าเดือนละ 2 ครั้ง",
        "- ผู้รับบริการและประชาชนเข้าถึงข้อมูลของโรงพยาบาลได้อย่างสะดวก",
    )
    assert first.page == 1 and not first.starts_page


def test_marks_put_back_on_their_base(hospital):
    cells = {c for r in hospital.rows for c in r.cells if c}
    # a mark PDFium left at the end of its line, and sara am / mai tho in /ActualText
    assert "ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ" in cells
    assert any("2. ตรวจสอบการใช้น้ำมันเชื้อเพลิงรายเดือน" in c for c in cells)
    assert any(c.startswith("แก้ไขปัญหาอย่างรวดเร็ว\n- ") for c in cells)


def test_space_lost_at_a_wrap_is_restored(hospital):
    periods = [r.cells[3] for r in hospital.rows]
    assert "1 ตุลาคม 2565 - 30 กันยายน 2566" in periods  # "30" ended a full line
    assert "ม.ค. - มี.ค. 66" in periods


@pytest.mark.parametrize("path", [HOSPITAL, ABT])
def test_no_damaged_glyphs(path):
    doc = read_pdf(path)
    for row in doc.rows:
        for cell in row.cells:
            assert not _DAMAGE.search(cell or ""), (row.page, cell)


def test_header_split_by_page_break_is_rejoined():
    doc = read_pdf(ABT)
    header = [r for r in doc.rows if r.cells[0] == "ลำดับ"][1]
    assert header.page == 3 and header.cells == (
        "ลำดับ",
        "โครงการ/กิจกรรม/มาตรการ",
        "วิธีการดำเนินการ",
        "ระยะเวลาดำเนินการ",
        "งบประมาณ (บาท)",
        "หน่วยงานรับผิดชอบ",
        "ผลการดำเนินงาน (output)",
        "ผลลัพธ์ (outcome)",
    )
    first_on_4 = [r for r in doc.rows if r.page == 4][0]
    assert first_on_4.cells[0] == "3" and not first_on_4.starts_page
    assert doc.n_pages == 10 and len(doc.rows) == 20


def test_hyphen_pdfium_reports_as_fffe():
    doc = read_pdf(ABT)
    assert any("(1) เปิดให้บริการ E-Service จำนวน 6 ระบบ" in (c or "") for r in doc.rows for c in r.cells)


def _grid(ys: list[float], xs: list[float], x0: float | None = None, x1: float | None = None) -> list[Rule]:
    left, right = (xs[0] if x0 is None else x0), (xs[-1] if x1 is None else x1)
    return [Rule(True, y, left, right) for y in ys] + [Rule(False, x, ys[0], ys[-1]) for x in xs]


def _split(rules: list[Rule]) -> tuple[list[Rule], list[Rule]]:
    return [r for r in rules if r.horizontal], [r for r in rules if not r.horizontal]


def _ruled_page(pdf: pdfium.PdfDocument) -> pdfium.PdfPage:
    """A new 300 pt page ruled as a two-by-two grid: three stroked lines each way."""
    page = pdf.new_page(300, 300)
    for start, end in [((40, y), (260, y)) for y in (50, 100, 150)] + [((x, 50), (x, 150)) for x in (40, 150, 260)]:
        line = pdfium_c.FPDFPageObj_CreateNewPath(*start)
        pdfium_c.FPDFPath_LineTo(line, *end)
        pdfium_c.FPDFPath_SetDrawMode(line, pdfium_c.FPDF_FILLMODE_NONE, True)
        pdfium_c.FPDFPage_InsertObject(page.raw, line)
    page.gen_content()
    return page


@pytest.mark.parametrize("calls", ["C", "Python"])
def test_rules_drawn_inside_a_form_object_are_found_where_the_form_puts_them(calls, monkeypatch):
    if calls == "Python":
        monkeypatch.setattr(pdfium_calls, "native", None)
    drawn = pdfium.PdfDocument.new()
    direct = page_drawing(_ruled_page(drawn), 300)
    assert len(direct[0]) == len(direct[1]) == 3
    framed = pdfium.PdfDocument.new()
    page = framed.new_page(300, 300)
    form = drawn.page_as_xobject(0, framed).as_pageobject()
    pdfium_c.FPDFPageObj_Transform(form.raw, 1, 0, 0, 1, 10, 20)  # 10 pt right, 20 pt up
    page.insert_obj(form)
    page.gen_content()
    horizontal, vertical, marks = page_drawing(page, 300)
    assert horizontal == [Rule(True, r.pos - 20, r.start + 10, r.end + 10) for r in direct[0]]
    assert vertical == [Rule(False, r.pos + 10, r.start - 20, r.end - 20) for r in direct[1]]
    assert marks == []


def _shade(page: pdfium.PdfPage, x: float, y: float) -> None:
    """A red 20 pt square, filled, at (x, y) of `page`."""
    box = pdfium_c.FPDFPageObj_CreateNewRect(x, y, 20, 20)
    pdfium_c.FPDFPageObj_SetFillColor(box, 255, 0, 0, 255)
    pdfium_c.FPDFPath_SetDrawMode(box, pdfium_c.FPDF_FILLMODE_ALTERNATE, False)
    pdfium_c.FPDFPage_InsertObject(page.raw, box)


@pytest.mark.parametrize("calls", ["C", "Python"])
def test_marks_come_in_the_order_the_page_draws_them_forms_included(calls, monkeypatch):
    if calls == "Python":
        monkeypatch.setattr(pdfium_calls, "native", None)
    drawn = pdfium.PdfDocument.new()
    _shade(inner := drawn.new_page(300, 300), 100, 100)
    inner.gen_content()
    page = (framed := pdfium.PdfDocument.new()).new_page(300, 300)
    _shade(page, 10, 10)
    page.insert_obj(drawn.page_as_xobject(0, framed).as_pageobject())  # its square at (100, 100)
    _shade(page, 200, 200)
    page.gen_content()
    assert page_drawing(page, 300)[2] == [(10, 270, 30, 290), (100, 180, 120, 200), (200, 80, 220, 100)]


def test_grid_two_tables_sharing_a_rule_keep_their_columns():
    # LibreOffice sets consecutive tables flush, each with its own column widths.
    rules = _grid([0, 20, 40], [0, 50, 100, 200]) + _grid([40, 60], [0, 60, 120, 200])
    tables = find_tables(*_split(rules))
    assert [(t.n_rows, t.n_cols) for t in tables] == [(2, 3), (1, 3)]


def test_glyphs_go_to_their_own_cell_and_an_edge_to_the_first_table():
    # Two tables set flush (sharing the rule at y=40). Glyphs in a row mostly share a cell, but each
    # must land in its own, and one on the shared rule belongs to the first table even right after
    # a glyph of the second.
    rules = _grid([0, 20, 40], [0, 50, 100, 200]) + _grid([40, 60], [0, 60, 120, 200])
    tables = find_tables(*_split(rules))

    def glyph(text: str, x: float, y: float, anchor: int | None = None, space: bool = False) -> Cluster:
        return Cluster(text, x - 2, x + 2, y - 3, y + 3, anchor, space)

    clusters = (
        glyph("a", 25, 10),
        glyph("b", 30, 12),
        glyph("c", 75, 10),
        glyph("d", 75, 40),
        glyph("e", 75, 45),
        glyph("f", 80, 40),
        glyph(" ", 84, 40, anchor=5, space=True),
        glyph("g", 85, 39.9),
        glyph("h", 300, 10),
    )
    per_table, outside = place(clusters, tables)
    found = [
        {(t.cells[i].row, t.cells[i].col): "".join(c.string for c in cs) for i, cs in cells.items()}
        for t, cells in zip(tables, per_table)
    ]
    assert found == [{(0, 0): "ab", (0, 1): "c", (1, 1): "df g"}, {(0, 1): "e"}]
    assert [c.string for c in outside] == ["h"]


def _word(text: str, x: float, top: float, height: float = 10.0) -> list[Cluster]:
    return [Cluster(ch, x + 6 * i, x + 6 * i + 5, top, top + height) for i, ch in enumerate(text)]


@pytest.mark.parametrize(
    "runs",
    [
        [_word("หนึ่ง", 0, 0), _word("สอง", 0, 20), _word("สาม", 0, 40)],  # written top to bottom
        [_word("สาม", 0, 40), _word("หนึ่ง", 0, 0), _word("สอง", 0, 20)],  # the last line written first
        [_word("หนึ่ง", 0, 0), _word("สอง", 0, 9), _word("สาม", 0, 40)],  # a run that starts inside the one above
    ],
)
def test_lines_come_top_to_bottom_however_the_stream_writes_them(runs):
    lines = group_lines([c for run in runs for c in run])
    assert [ln.text for ln in lines] == ["หนึ่ง", "สอง", "สาม"]


def test_a_line_written_in_two_pieces_is_one_line_and_the_line_below_stays_apart():
    pieces = _word("ขวา", 60, 0.5) + _word("ซ้าย", 0, 0) + _word("ล่าง", 0, 20)
    assert [ln.text for ln in group_lines(pieces)] == ["ซ้าย ขวา", "ล่าง"]


def test_grid_spans_and_gaps():
    rules = _grid([0, 20, 40], [0, 50, 100]) + _grid([60, 80], [0, 100])  # a gap between two tables
    rules = [r for r in rules if not (not r.horizontal and r.pos == 50 and r.start == 0)]
    rules.append(Rule(False, 50, 20, 40))  # the first row's two cells are merged (a colspan)
    tables = find_tables(*_split(rules))
    assert [(t.n_rows, t.n_cols) for t in tables] == [(2, 2), (1, 1)]
    assert [(c.row, c.col, c.col_span) for c in tables[0].cells] == [(0, 0, 2), (1, 0, 1), (1, 1, 1)]


def test_grid_ignores_an_arrow_shaft_drawn_across_month_cells():
    # the shaft crosses the inner column rules but meets none at its ends
    rules = _grid([0, 30, 60], [0, 50, 100, 150, 200]) + [Rule(True, 45, 60, 140)]
    tables = find_tables(*_split(rules))
    assert [(t.n_rows, t.n_cols) for t in tables] == [(2, 4)]


def test_grid_ignores_an_underline_inside_a_cell():
    rules = _grid([0, 30], [0, 50, 100]) + [Rule(True, 15, 10, 40)]
    tables = find_tables(*_split(rules))
    assert [(t.n_rows, t.n_cols) for t in tables] == [(1, 2)]


def _page(number: int, rows: list[tuple[str | None, ...]], lines: list[tuple[str, float]]) -> PageContent:
    table = TableRows(tuple(rows), tuple(100.0 + 10 * i for i in range(len(rows))), 100.0, 500.0)
    return PageContent(number, (table,), tuple(Line(t, 0, y, 10, y + 10) for t, y in lines), 600.0, 100, ())


def test_assemble_preamble_furniture_and_splits():
    row = ("1.", "มาตรการ", "ขั้นตอน", "ต.ค. 65 -", "งาน", "ผล", "ลัพธ์")
    rest = ("", "", "ต่อ", "ก.ย. 66", "", "", "")
    new = ("", "", "ใหม่", "ไตรมาสที่ 2", "", "", "")
    pages = [
        _page(1, [HEADER, row], [("รายงานผล ปี 2566", 20), ("แบบรายงาน ITA", 40), ("หน้า 1/3", 560)]),
        _page(2, [rest, new], [("แบบรายงาน ITA", 40), ("- 2 -", 560)]),
        _page(3, [(None, "", "x", "", "", "", "")], [("แบบรายงาน ITA", 40), ("หมายเหตุ ท้ายตาราง", 520)]),
    ]
    doc = assemble("r.pdf", pages)
    assert doc.preamble == ("รายงานผล ปี 2566", "แบบรายงาน ITA")
    # a running header above a table does not stop the page going on with the row above
    table_rows = [r for r in doc.rows if not r.free]
    assert [(r.page, r.starts_page) for r in table_rows] == [
        (1, False),
        (1, False),
        (2, True),
        (2, False),
        (3, True),
    ]
    assert table_rows[-1].cells[0] is SPANNED
    # text between tables is handed on in reading order, after the rows above it
    assert [(r.page, r.cells) for r in doc.rows if r.free] == [(3, ("หมายเหตุ ท้ายตาราง",))]
    assert doc.rows[-1].free
    assert [(p.code, p.where) for p in doc.problems] == [("pdf_text_outside_table", "page 3")]


def test_plumber_fallback_finds_the_same_grid():
    from pipeline.read.pdf.page import read_page
    from pipeline.read.pdf.plumber import read_with_plumber_tables

    again = read_with_plumber_tables(HOSPITAL, [2])
    with pdfium.PdfDocument(HOSPITAL) as pdf:
        direct = read_page(pdf[1], 2)
    assert [t.rows for t in again[2].tables] == [t.rows for t in direct.tables]


def test_debug_image(tmp_path):
    out = debug_image(HOSPITAL, 2, tmp_path / "p2.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_encrypted_pdf():
    with pytest.raises(EncryptedPdfError, match="encrypted.pdf: encrypted PDF"):
        read_pdf(BROKEN / "encrypted.pdf")


def test_truncated_pdf(tmp_path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(HOSPITAL.read_bytes()[: HOSPITAL.stat().st_size // 2])
    with pytest.raises(CorruptFileError, match="cut.pdf: truncated PDF"):
        read_pdf(cut)


def test_garbage_pdf(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not a PDF body\n%%EOF\n")
    with pytest.raises(CorruptFileError, match="bad.pdf: corrupt PDF"):
        read_pdf(bad)


def test_image_only_pdf():
    with pytest.raises(ScannedPdfError, match="scanned.pdf: scanned PDF: no text layer"):
        read_pdf(BROKEN / "scanned.pdf", ocr="off")
    # Read by OCR, its image (rules, no writing) holds no text.
    with pytest.raises(NoTableError, match="scanned.pdf: OCR read no text on the 1 scanned page"):
        read_pdf(BROKEN / "scanned.pdf")


def test_text_without_table():
    with pytest.raises(NoTableError, match="no-table.pdf: no ruled table"):
        read_pdf(BROKEN / "no-table.pdf")


def test_pdfplumber_is_not_asked_about_a_pdf_without_ruling_lines(monkeypatch):
    from pipeline.read.pdf import plumber

    asked: list[list[int]] = []
    monkeypatch.setattr(plumber, "read_with_plumber_tables", lambda path, numbers: asked.append(numbers) or {})
    with pytest.raises(NoTableError, match="no-table.pdf: no ruled table"):
        read_pdf(BROKEN / "no-table.pdf")
    assert asked == []  # nothing for it to close: loading it would cost 0.1 s for nothing


# --- fixture makers --------------------------------------------------------


def encrypted_pdf_bytes() -> bytes:
    """A one-page PDF whose standard security handler rejects the empty password."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        b"ab" * 16,
        b"ab" * 16,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def make_scanned_pdf(path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("L", (420, 300), 255)
    draw = ImageDraw.Draw(image)
    for y in range(20, 300, 40):
        draw.line((20, y, 400, y), fill=0, width=2)
    image.save(path, "PDF", resolution=72)


def make_text_pdf(path: Path) -> None:
    """A page of text and no ruling lines."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    font = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    text = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(14))
    words = "A report with no table at all"
    buffer = (ctypes.c_ushort * (len(words) + 1))(*map(ord, words), 0)
    pdfium_c.FPDFText_SetText(text, buffer)
    pdfium_c.FPDFPageObj_Transform(text, 1, 0, 0, 1, 72, 700)
    pdfium_c.FPDFPage_InsertObject(page.raw, text)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    del font
    pdf.save(path)


if __name__ == "__main__":
    BROKEN.mkdir(exist_ok=True)
    (BROKEN / "encrypted.pdf").write_bytes(encrypted_pdf_bytes())
    make_scanned_pdf(BROKEN / "scanned.pdf")
    make_text_pdf(BROKEN / "no-table.pdf")
