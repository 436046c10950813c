"""The .docx reader: rendition files row by row, and small built documents for
merges, list numbering, inline markup and broken files.

Fixtures: `fixtures/renditions/*.docx` are copies of the corpus renditions
(LibreOffice from the .txt reports). `fixtures/docx/thesaban-bothong-2566.docx`
was made the same way (make_renditions.soffice, "docx:MS Word 2007 XML") from
raw/thesaban-bothong-2566.html, so it carries LibreOffice's real w:vMerge
rows and w:numPr lists (from <ol>/<ul>), which the renditions lack.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from pipeline.errors import (
    CorruptFileError,
    EmptyFileError,
    NoTableError,
    UnsupportedFormatError,
)
from pipeline.model import SPANNED
from pipeline.read import read_document
from pipeline.read.docx.numbering import format_number
from pipeline.read.docx.reader import read_docx

FIXTURES = Path(__file__).parent / "fixtures"
RENDITIONS = FIXTURES / "renditions"
HEADER_000 = (
    "ลำดับที่",
    "มาตรการ/กิจกรรม",
    "วิธีการปฏิบัติ",
    "ระยะเวลาในการดำเนินการ",
    "ผู้รับผิดชอบ",
    "ผลการดำเนินการ (output)",
    "ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ (outcome/result)",
)


# --- corpus renditions ------------------------------------------------------------


def test_000_preamble_and_shape():
    doc = read_docx(RENDITIONS / "000_9c5d8f0573ae8997.docx")
    assert doc.source_format == "docx" and doc.problems == ()
    assert doc.preamble == (
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        "เทศบาลตำบลไผ่ดำพัฒนา",
        "อำเภอวิเศษชัยชาญ จังหวัดอ่างทอง",
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        "เทศบาลตำบลไผ่ดำพัฒนา อำเภอวิเศษชัยชาญ จังหวัดอ่างทอง",
    )
    assert len(doc.rows) == 19
    assert {len(r.cells) for r in doc.rows} == {7}
    assert [r.line for r in doc.rows] == list(range(1, 20))  # running row number
    assert all(r.page is None for r in doc.rows)
    # the header is repeated per table block; the table stage drops repeats
    assert [i for i, r in enumerate(doc.rows) if r.cells == HEADER_000] == [0, 2, 6, 9, 12, 15, 17]


def test_000_cells_exact():
    rows = read_docx(RENDITIONS / "000_9c5d8f0573ae8997.docx").rows
    assert rows[1].cells[0] == "๑."
    assert rows[1].cells[3] == "๑ ต.ค. ๖๗ ถึง ๓๐ ก.ย. ๖๘"
    assert rows[1].cells[4] == "- สำนักปลัด"
    # one source <p> per paragraph: paragraphs become lines
    assert rows[4].cells[2] == (
        "๑. จัดประชุมเพื่อสร้างกระบวนการปฏิบัติงานอย่างเป็นระบบในหน่วยงาน\n๒. นำปัญหาข้อเสนอนะที่ได้แจ้งเวียนให้บุคลากรภายในได้รับทราบ"
    )
    assert rows[18].cells[4] == "- สำนักปลัด - กองคลัง - กองช่าง - กองการศึกษา - กองสาธารณสุข"


def test_abt_continuation_row_and_budget_column():
    doc = read_docx(RENDITIONS / "abt-nongbuathong-2567.docx")
    assert doc.preamble == (
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "ประจำปีงบประมาณ พ.ศ. 2567",
        "องค์การบริหารส่วนตำบลหนองบัวทอง อำเภอกระสัง จังหวัดบุรีรัมย์",
    )
    assert len(doc.rows) == 13 and {len(r.cells) for r in doc.rows} == {8}
    assert [r.cells[0] for r in doc.rows] == [
        "ลำดับ",
        "1",
        "2",
        "",
        "ลำดับ",
        "3",
        "4",
        "ลำดับ",
        "5",
        "6",
        "ลำดับ",
        "7",
        "8",
    ]
    assert doc.rows[3].cells == (
        "",
        "",
        "ศึกษาดูงานด้านการบริหารจัดการที่ดีและความโปร่งใสในหน่วยงานต้นแบบ",
        "ไตรมาสที่ 3",
        "15,000.-",
        "สำนักปลัด",
        "นำคณะผู้บริหารและพนักงานศึกษาดูงาน จำนวน 25 คน ณ องค์การบริหารส่วนตำบลต้นแบบด้านคุณธรรม 1 แห่ง",
        "- ผู้เข้าร่วมนำแนวทางที่ได้จากการศึกษาดูงานมาปรับใช้ในการปฏิบัติงาน",
    )


def test_hospital_rows():
    doc = read_docx(RENDITIONS / "hospital-khoksawang-2566.docx")
    assert doc.preamble[-1] == "สังกัดสำนักงานสาธารณสุขจังหวัดสกลนคร"
    assert len(doc.rows) == 10
    assert [r.cells[0] for r in doc.rows] == ["ลำดับที่", "๑.", "๒.", "ลำดับที่", "๓.", "", "๔.", "ลำดับที่", "๕.", "๖."]
    assert doc.rows[9].cells[4] == "- คณะกรรมการบริหารความเสี่ยงโรงพยาบาล - กลุ่มงานบริหารทั่วไป"


def test_libreoffice_rowspan_and_lists():
    rows = read_docx(FIXTURES / "docx" / "thesaban-bothong-2566.docx").rows
    assert len(rows) == 14 and {len(r.cells) for r in rows} == {7}
    # <td rowspan="2"> / rowspan="3" in the HTML -> w:vMerge continuations
    assert [i for i, r in enumerate(rows) if r.cells[0] is SPANNED] == [3, 8, 9]
    assert rows[3].cells[:3] == (SPANNED, SPANNED, "1. จัดกิจกรรมเสริมสร้างจริยธรรมในการประชุมประจำเดือน")
    # <ol><li> -> Word numbering, rebuilt per cell; <ul><li> -> a bullet
    assert rows[1].cells[2] == (
        "1. จัดทำแผนการเผยแพร่ข้อมูลข่าวสารประจำปี\n"
        "2. เผยแพร่ข้อมูลตามหลักเกณฑ์การประเมิน ITA บนเว็บไซต์ของเทศบาล\n"
        "3. ปรับปรุงข้อมูลให้เป็นปัจจุบันอย่างสม่ำเสมอ"
    )
    assert rows[4].cells[6] == (
        "• บุคลากรสามารถแยกแยะประโยชน์ส่วนตนและประโยชน์ส่วนรวมได้\n• ไม่มีเรื่องร้องเรียนเกี่ยวกับผลประโยชน์ทับซ้อน"
    )


def test_read_document_dispatches_docx():
    doc = read_document(RENDITIONS / "hospital-khoksawang-2566.docx")
    assert doc.source_format == "docx" and len(doc.rows) == 10


# --- built documents ----------------------------------------------------------------


def _save(document, tmp_path: Path, name: str = "t.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def _table(rows: int, cols: int):
    document = docx.Document()
    document.add_paragraph("รายงานผลการดำเนินการ")
    table = document.add_table(rows=rows, cols=cols)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"r{i}c{j}"
    return document, table


def test_vertical_merge_gives_spanned(tmp_path):
    document, table = _table(3, 3)
    table.cell(1, 0).merge(table.cell(2, 0)).text = "๒."
    rows = read_docx(_save(document, tmp_path)).rows
    assert [r.cells for r in rows] == [
        ("r0c0", "r0c1", "r0c2"),
        ("๒.", "r1c1", "r1c2"),
        (SPANNED, "r2c1", "r2c2"),
    ]


def test_grid_span_gives_text_once_then_empty(tmp_path):
    document, table = _table(2, 4)
    table.cell(0, 1).merge(table.cell(0, 2)).text = "ผลการดำเนินการ"
    rows = read_docx(_save(document, tmp_path)).rows
    assert rows[0].cells == ("r0c0", "ผลการดำเนินการ", "", "r0c3")
    assert rows[1].cells == ("r1c0", "r1c1", "r1c2", "r1c3")


def test_block_merge_spans_every_covered_column(tmp_path):
    document, table = _table(3, 3)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "กลุ่ม"
    rows = read_docx(_save(document, tmp_path)).rows
    assert rows[0].cells == ("กลุ่ม", "", "r0c2")
    assert rows[1].cells == (SPANNED, SPANNED, "r1c2")


def test_sliver_grid_column_is_dropped(tmp_path):
    # every row spans columns 1-2: column 2 never starts a cell and holds nothing
    document, table = _table(2, 3)
    for i in range(2):
        table.cell(i, 1).merge(table.cell(i, 2)).text = f"กว้าง{i}"
    rows = read_docx(_save(document, tmp_path)).rows
    assert [r.cells for r in rows] == [("r0c0", "กว้าง0"), ("r1c0", "กว้าง1")]


def test_cell_paragraphs_breaks_tabs_and_nested_table(tmp_path):
    document, table = _table(1, 2)
    cell = table.cell(0, 0)
    cell.text = "๑. ข้อแรก"
    cell.add_paragraph("")  # spacing paragraph: no item
    p = cell.add_paragraph("๒.")
    p.add_run().add_tab()
    p.add_run("ข้อสอง")
    p.add_run().add_break()
    p.add_run("ต่อ")
    inner = table.cell(0, 1).add_table(rows=2, cols=2)
    for i, (what, count) in enumerate([("ผู้เข้าร่วม", "๒ คน"), ("ประชุม", "๔ ครั้ง")]):
        inner.cell(i, 0).text, inner.cell(i, 1).text = what, count
    rows = read_docx(_save(document, tmp_path)).rows
    assert rows[0].cells[0] == "๑. ข้อแรก\n๒.\tข้อสอง\nต่อ"
    assert rows[0].cells[1] == "r0c1\nผู้เข้าร่วม ๒ คน\nประชุม ๔ ครั้ง"


def test_text_is_nfc(tmp_path):
    document, table = _table(1, 1)
    table.cell(0, 0).text = "Cafe\u0301 ดำ"
    assert read_docx(_save(document, tmp_path)).rows[0].cells == ("Café ดำ",)


def test_tracked_changes_show_the_final_text(tmp_path):
    document, table = _table(1, 1)
    p = table.cell(0, 0).paragraphs[0]._p
    p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t xml:space="preserve"> เพิ่ม</w:t></w:r></w:ins>'
        )
    )
    p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText> ลบ</w:delText></w:r></w:del>'))
    assert read_docx(_save(document, tmp_path)).rows[0].cells == ("r0c0 เพิ่ม",)


def test_list_styles_get_labels(tmp_path):
    document, table = _table(1, 2)
    cell = table.cell(0, 0)
    cell.paragraphs[0].text, cell.paragraphs[0].style = "ข้อแรก", "List Number"
    cell.add_paragraph("ข้อสอง", style="List Number")
    table.cell(0, 1).paragraphs[0].text = "จุด"
    table.cell(0, 1).paragraphs[0].style = "List Bullet"
    rows = read_docx(_save(document, tmp_path)).rows
    assert rows[0].cells == ("1. ข้อแรก\n2. ข้อสอง", "• จุด")


_THAI_LIST = """<w:abstractNum {ns} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="thaiNumbers"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>
    <w:suff w:val="space"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
</w:abstractNum>"""


def _numbered(tmp_path: Path, items: list[tuple[str, int, str]], restart_num: bool = False) -> Path:
    """A one-cell table whose paragraphs carry direct w:numPr (numId, ilvl)."""
    document, table = _table(1, 1)
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_THAI_LIST.format(ns=nsdecls("w"))))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    cell = table.cell(0, 0)
    cell.paragraphs[0].text = "หัว"
    for num_id, ilvl, text in items:
        p = cell.add_paragraph(text)._p
        p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
        )
    return _save(document, tmp_path)


def test_numbering_definition_rebuilds_thai_labels_and_levels(tmp_path):
    path = _numbered(
        tmp_path,
        [("90", 0, "ก"), ("90", 1, "ข"), ("90", 1, "ค"), ("90", 2, "ง"), ("90", 0, "จ"), ("90", 1, "ฉ"), ("90", 0, "")],
    )
    # "%1.%2": the parent's number in the parent's format, as Word shows it (no w:isLgl)
    assert read_docx(path).rows[0].cells == ("หัว\n๑. ก\n๑.1 ข\n๑.2 ค\n• ง\n๒. จ\n๒.1 ฉ",)


def test_numbering_continues_across_cells_and_restarts_on_override(tmp_path):
    # numId 90 continues the definition's count; numId 91 has a start override
    path = _numbered(tmp_path, [("90", 0, "ก"), ("90", 0, "ข"), ("91", 0, "ค"), ("90", 0, "ง")])
    assert read_docx(path).rows[0].cells == ("หัว\n๑. ก\n๒. ข\n๑. ค\n๒. ง",)


def test_missing_numbering_definition_is_reported(tmp_path):
    path = _numbered(tmp_path, [("77", 0, "ก")])
    doc = read_docx(path)
    assert doc.rows[0].cells == ("หัว\nก",)
    assert [p.code for p in doc.problems] == ["docx_numbering_missing"]


@pytest.mark.parametrize(
    "n, fmt, text",
    [
        (3, "decimal", "3"),
        (12, "thaiNumbers", "๑๒"),
        (2, "thaiLetters", "ข"),
        (28, "lowerLetter", "bb"),
        (4, "upperRoman", "IV"),
        (7, "decimalZero", "07"),
        (5, "cardinalText", "5"),
    ],
)
def test_format_number(n, fmt, text):
    assert format_number(n, fmt) == text


def test_page_header_lines_follow_the_body_title(tmp_path):
    document, _ = _table(1, 1)
    header = document.sections[0].header
    header.paragraphs[0].text = "องค์การบริหารส่วนตำบลทดสอบ"
    header.add_paragraph("รายงานผลการดำเนินการ")  # already in the body: not repeated
    assert read_docx(_save(document, tmp_path)).preamble == ("รายงานผลการดำเนินการ", "องค์การบริหารส่วนตำบลทดสอบ")


def test_content_control_wrapping_a_table_is_read(tmp_path):
    document, table = _table(1, 1)
    tbl = table._tbl
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtContent/></w:sdt>")
    tbl.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(tbl)
    assert read_docx(_save(document, tmp_path)).rows[0].cells == ("r0c0",)


# --- broken files ---------------------------------------------------------------------


def test_not_a_zip(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"this is not a word file")
    with pytest.raises(CorruptFileError, match="report.docx: not a .docx"):
        read_docx(path)


def test_truncated_zip(tmp_path):
    path = tmp_path / "cut.docx"
    path.write_bytes((RENDITIONS / "hospital-khoksawang-2566.docx").read_bytes()[:3000])
    with pytest.raises(CorruptFileError) as info:
        read_docx(path)
    assert info.value.code == "corrupt_file" and info.value.path == str(path)


def test_damaged_document_xml(tmp_path):
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(RENDITIONS / "hospital-khoksawang-2566.docx") as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            out.writestr(copy.copy(item), data[:5000] if item.filename == "word/document.xml" else data)
    with pytest.raises(CorruptFileError, match="bad.docx: damaged .docx package: XMLSyntaxError"):
        read_docx(path)


def test_zip_that_is_no_docx(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("hello.txt", "สวัสดี")
    with pytest.raises(CorruptFileError, match="other.docx: damaged .docx package"):
        read_docx(path)


def test_empty_and_legacy_files(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFileError):
        read_docx(empty)
    legacy = tmp_path / "old.docx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(UnsupportedFormatError, match="Word 97-2003"):
        read_docx(legacy)


def test_no_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("รายงานผลการดำเนินการ ไม่มีตาราง")
    with pytest.raises(NoTableError, match="t.docx: no table"):
        read_docx(_save(document, tmp_path))


def test_an_xml_failure_without_any_message_is_memory_not_a_damaged_file(tmp_path):
    from lxml import etree

    from pipeline.limits import ResourceLimitError
    from pipeline.read.docx.reader import _xml_failure

    # What lxml raises when libxml2 runs out of memory before it can record the error.
    unrecorded = etree.XMLSyntaxError(None, 0, 0, 0)
    assert isinstance(_xml_failure(tmp_path / "a.docx", unrecorded), ResourceLimitError)
    with pytest.raises(etree.XMLSyntaxError) as damaged:
        etree.fromstring(b"<a><b></a>")
    assert isinstance(_xml_failure(tmp_path / "a.docx", damaged.value), CorruptFileError)
