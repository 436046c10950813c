"""Page text of every format (`read.read_pages`): the readers `convert` uses, for `thaireports text`."""

from __future__ import annotations

import collections
import re
import unicodedata
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import (
    BinaryFileError,
    CorruptFileError,
    EmptyFileError,
    EncryptedPdfError,
    NoTableError,
    ReportError,
    ScannedPdfError,
    UndecodableError,
    UnsupportedFormatError,
)
from pipeline.limits import IncompleteParseError
from pipeline.model import TextLayer
from pipeline.read.decode import decode_bytes
from pipeline.read.html import html_page_text
from pipeline.read.pages import read_pages
from pipeline.read.pdf.reader import read_pdf
from pipeline.read.pdf.text import pdf_page_texts
from pipeline.thai.glyphs import COMBINING_MARKS

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
REALWORLD = FIXTURES / "realworld-excerpt.pdf"
RENDITION = FIXTURES / "rendition-excerpt.pdf"
PUA = re.compile("[\ue000-\uf8ff]")
DETACHED = re.compile(f"(?m)(^|[ \n])[{COMBINING_MARKS}]")


def agreement(extracted: str, reference: str) -> float:
    """The Thai-character agreement of corpus/realworld/agree.py."""

    def thai(text: str) -> collections.Counter[str]:
        text = unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")
        text = text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
        return collections.Counter(ch for ch in text if "\u0e00" <= ch <= "\u0e7f")

    a, b = thai(extracted), thai(reference)
    return 1 - sum(((a - b) + (b - a)).values()) / sum(b.values())


# --- PDF ----------------------------------------------------------------------


def test_realworld_excerpt_is_repaired() -> None:
    dump = read_pages(REALWORLD)
    assert [page.number for page in dump.pages] == [1, 2, 3]
    assert not PUA.search(dump.text)
    assert "\u0e4d\u0e32" not in dump.text
    assert dump.issues == ()
    reference = (FIXTURES / "realworld-excerpt.reference.txt").read_text(encoding="utf-8")
    assert agreement(dump.text, reference) >= 0.985  # 0.9877 when written


def test_realworld_excerpt_unrepaired_keeps_the_damage() -> None:
    raw = read_pages(REALWORLD, repair=False)
    assert len(PUA.findall(raw.text)) > 200  # 286 when written
    assert "\u0e4d\u0e32" in raw.text
    assert raw.issues == ()


def test_rendition_marks_go_back_to_their_consonant() -> None:
    pages = [page.text for page in read_pages(RENDITION).pages]
    assert not DETACHED.search("\f".join(pages))
    assert "รับรู้ถึงขั้น" in pages[0]  # mark was at the line end, after a space
    assert "ผลสัมฤทธิ์\n" in pages[0]  # mark was on a line of its own
    # marks were at the next line's start; the break PDFium made up for them goes too,
    # since เรื่อง is drawn right after ความรู้ on the same line
    assert "ความรู้เรื่อง" in pages[1]
    assert "E-Service" in pages[2]  # PDFium's U+FFFE hyphen


def test_rendition_unrepaired_keeps_marks_where_pdfium_put_them() -> None:
    assert DETACHED.search(read_pages(RENDITION, repair=False).text)


def _kept_layer(path: Path) -> TextLayer | None:
    """The text layer the table reader keeps, whether or not it found a table."""
    try:
        return read_pdf(path, ocr="off").text_layer
    except NoTableError as no_table:
        return no_table.text_layer


@pytest.mark.parametrize(
    ("path", "report"),
    [
        (REALWORLD, False),  # damaged fonts: pages rebuilt from the evidence
        (RENDITION, True),
        (CORPUS / "realworld" / "constitution-draft-20160329.pdf", False),  # no table: every page sketched
        (CORPUS / "realworld" / "hosp-phichai-procurement-analysis-2567.pdf", False),  # tables, but no report's
    ],
    ids=lambda value: value.name if isinstance(value, Path) else str(value),
)
def test_the_table_reader_keeps_the_text_the_text_reader_reads(path: Path, report: bool) -> None:
    unusable: list[tuple[int, str]] = []
    layer = _kept_layer(path)
    assert layer is not None
    texts = pdf_page_texts(path, True, unusable)
    assert [kept for kept in layer.pages if kept is not None] == [t for kept, t in zip(layer.pages, texts) if kept]
    assert layer.unusable == tuple(unusable)
    # A report keeps none past its header row's page: it will not be named from its text.
    assert (None in layer.pages) == report
    assert read_pages(path, layer=layer) == read_pages(path)


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A minimal PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


_ONE_BLANK_PAGE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
]
# Standard security handler whose user password is not the empty one.
_ENCRYPTED = _pdf(
    [*_ONE_BLANK_PAGE, b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32)],
    b"/Encrypt 4 0 R /ID [<%s> <%s>] " % (b"33" * 16, b"33" * 16),
)


@pytest.mark.parametrize(
    ("name", "data", "error", "message"),
    [
        ("locked.pdf", _ENCRYPTED, EncryptedPdfError, "encrypted PDF"),
        ("junk.pdf", b"hello, not a pdf\n" * 50, BinaryFileError, "not a .pdf file"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj <<>> trailing garbage\n%%EOF\n", CorruptFileError, "corrupt PDF"),
        ("truncated.pdf", REALWORLD.read_bytes()[:20000], CorruptFileError, "truncated PDF"),
        ("scan.pdf", _pdf(_ONE_BLANK_PAGE), ScannedPdfError, "scanned PDF: no text layer"),
        ("empty.pdf", b"", EmptyFileError, "empty file"),
        ("slides.pptx", b"PK\x03\x04", UnsupportedFormatError, "not a Word, Excel or OpenDocument file"),
        ("report.ppt", b"\xd0\xcf\x11\xe0", UnsupportedFormatError, "neither a Word nor an Excel document"),
    ],
)
def test_unreadable_files_raise_report_errors(
    tmp_path: Path, name: str, data: bytes, error: type[ReportError], message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as raised:
        read_pages(path)
    assert raised.value.path == str(path)
    assert message in str(raised.value)


def test_pdf_with_some_text_is_not_scanned(tmp_path: Path) -> None:
    blank_first = pdfium.PdfDocument.new()
    blank_first.new_page(200, 200)
    blank_first.import_pages(pdfium.PdfDocument(REALWORLD), [0])
    blank_first.save(tmp_path / "mixed.pdf")
    pages = read_pages(tmp_path / "mixed.pdf").pages
    assert [page.text == "" for page in pages] == [True, False]


# --- DOCX ---------------------------------------------------------------------


def test_docx_paragraphs_and_cells_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("รายงานผลการดำเนินการ")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "มาตรการ"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "ผลการดำเนินการ"
    table.cell(1, 0).text = "๑. เเจ้ง"  # typed sara e twice: repaired
    table.cell(1, 1).text = "๒ ครั้ง"
    table.cell(1, 2).add_paragraph("ร\uf70aาง")
    document.add_paragraph("ท้ายตาราง")
    document.save(tmp_path / "report.docx")
    dump = read_pages(tmp_path / "report.docx")
    assert [page.text for page in dump.pages] == [
        "รายงานผลการดำเนินการ\nมาตรการ\tผลการดำเนินการ\n๑. แจ้ง\t๒ ครั้ง\tร่าง\nท้ายตาราง"
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"PK\x03\x04 torn zip", CorruptFileError),
        (b"not a zip at all", BinaryFileError),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, UnsupportedFormatError),
    ],
)
def test_unreadable_docx(tmp_path: Path, data: bytes, error: type[ReportError]) -> None:
    (tmp_path / "r.docx").write_bytes(data)
    with pytest.raises(error, match="r.docx"):
        read_pages(tmp_path / "r.docx")


# --- TXT, HTML and decoding ---------------------------------------------------

THAI_LINES = "รายงานผล ประจำปี ๒๕๖๗\nมาตรการที่ 1\tแจ้งเวียน"


@pytest.mark.parametrize(
    "data",
    [
        THAI_LINES.encode("utf-8"),
        b"\xef\xbb\xbf" + THAI_LINES.encode("utf-8"),
        b"\xff\xfe" + THAI_LINES.encode("utf-16-le"),
        b"\xfe\xff" + THAI_LINES.encode("utf-16-be"),
        THAI_LINES.replace("\n", "\r\n").encode("cp874"),
        THAI_LINES.replace("\n", "\r").encode("tis-620"),
    ],
)
def test_decode_bytes_reads_every_thai_encoding(data: bytes) -> None:
    assert decode_bytes(data, "r.txt") == THAI_LINES


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyFileError),
        (b" \r\n\t\n", EmptyFileError),
        (b"\xef\xbb\xbf", EmptyFileError),
        (b"\x00\x01\x02binary\x00\x00" * 40, BinaryFileError),
        ("Ünïcödé in Latin-1 only".encode("latin-1"), UndecodableError),
        (b"\xff\xfe\x00\xd8", UndecodableError),  # lone surrogate after a UTF-16 BOM
        (bytes(range(0x80, 0x100)) * 4, UndecodableError),
    ],
)
def test_decode_bytes_errors_name_the_file(data: bytes, error: type[ReportError]) -> None:
    with pytest.raises(error) as raised:
        decode_bytes(data, "dir/r.txt")
    assert raised.value.path == "dir/r.txt"


@settings(max_examples=150, deadline=None)
@given(
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x0E5B, exclude_categories=("Cs", "Cc")), max_size=60),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_decode_bytes_round_trips_unicode(text: str, encoding: str) -> None:
    text = "ข้อมูล " + text  # never only white space
    assert decode_bytes(text.encode(encoding), "r.txt") == text


def test_txt_pages_split_at_form_feeds(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_bytes("หน้า ๑\fหน้า ๒ ร\uf70aาง\f".encode())
    dump = read_pages(tmp_path / "r.txt")
    assert [(page.number, page.text) for page in dump.pages] == [(1, "หน้า ๑"), (2, "หน้า ๒ ร่าง")]


def test_txt_issues_carry_their_page(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("ก\fข\ufffd", encoding="utf-8")
    [(page, issue)] = read_pages(tmp_path / "r.txt").issues
    assert (page, issue.offset, issue.code) == (2, 1, "replacement_char")


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>ก<br>ข</p>", "ก\nข"),
        ("<div>มาตรการ   ที่\n ๑</div><div>ผล</div>", "มาตรการ ที่ ๑\nผล"),
        ("<html><head><title>t</title><style>p{}</style></head><body>เนื้อหา</body></html>", "เนื้อหา"),
        ("<p>ก<script>var x = 1;</script>ข</p>", "กข"),
        ("<table><tr><th>ที่</th><th>ผล</th></tr><tr><td>1</td><td>ดี<br>มาก</td></tr></table>", "ที่\tผล\n1\tดี\nมาก"),
        ("<p>A &amp; B&nbsp;C</p><!-- hidden -->", "A & B\u00a0C"),
        ("<pre>  ก\n    ข</pre>", "ก\nข"),
        ("<ul><li>หนึ่ง</li><li>สอง</li></ul>ท้าย", "หนึ่ง\nสอง\nท้าย"),
        ('<?xml version="1.0" encoding="utf-8"?><html><body><p>ข</p></body></html>', "ข"),
        ("<span>ไม่</span><b>มี</b> บรรทัด", "ไม่มี บรรทัด"),
    ],
)
def test_html_page_text(markup: str, text: str) -> None:
    assert html_page_text(markup) == text


def test_html_file_decoded_and_repaired(tmp_path: Path) -> None:
    (tmp_path / "r.html").write_bytes("<p>น\uf70b\u0e4d\u0e32</p>\r\n<p>เเล้ว</p>".encode("utf-16"))
    assert read_pages(tmp_path / "r.html").pages[0].text == "น้ำ\nแล้ว"


def test_html_deeper_than_the_recursion_limit() -> None:
    assert html_page_text("<div>" * 1500 + "ลึก" + "</div>" * 1500) == "ลึก"


def test_html_deeper_than_libxml2_allows_is_an_error() -> None:
    with pytest.raises(IncompleteParseError, match="Excessive depth"):
        html_page_text("<div>" * 3000 + "ลึก" + "</div>" * 3000, "deep.html")


def test_the_format_comes_from_the_content_not_the_extension(tmp_path: Path) -> None:
    misnamed = tmp_path / "report.txt"
    misnamed.write_bytes(REALWORLD.read_bytes())
    assert len(read_pages(misnamed).pages) == 3
    (tmp_path / "report").write_bytes("<html><body><p>ก<br>ข</p></body></html>".encode())
    assert read_pages(tmp_path / "report").text == "ก\nข"
