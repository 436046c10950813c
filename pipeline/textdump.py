"""Clean text out of any report file, page by page.

PDF text comes from PDFium (one page per PDF page), DOCX from python-docx (one
page: paragraphs and table rows in document order, cells joined by tabs),
TXT split at form feeds, HTML as its visible text (one page), workbooks a
page per visible sheet (rows of tab-joined cells), .doc and .odt as the DOCX
LibreOffice makes of them; office files go by what their content is. Every page then
goes through `repair_thai` unless `repair=False`. A file that cannot be read
raises a `ReportError` naming it.

>>> dump = extract_text(Path("tests/fixtures/realworld-excerpt.pdf"))
>>> len(dump.pages), "\\uf70a" in dump.pages[0].text
(3, False)
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import lxml.etree
import lxml.html
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.types import ProvidesStoryPart

from pipeline.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedPdfError,
    ScannedPdfError,
    UnsupportedFormatError,
    UnusableTextLayerError,
)
from pipeline.read import CONVERTED_FORMATS, DOCUMENT_EXTENSIONS, SHEET_FORMATS, sniff_format
from pipeline.read.containers import OLE_MAGIC, ZIP_MAGIC
from pipeline.read.decode import decode_bytes
from pipeline.read.pdf.evidence import needs_evidence, page_chars
from pipeline.read.pdf.layer import judge_page, unusable_error
from pipeline.thai.glyphs import GlyphIssue, repair_thai
from pipeline.thai.placed import arrange


@dataclass(frozen=True)
class TextPage:
    number: int  # 1-based
    text: str


@dataclass(frozen=True)
class TextDump:
    pages: tuple[TextPage, ...]
    issues: tuple[tuple[int, GlyphIssue], ...]  # (page number, issue)
    repairs: tuple[tuple[str, int], ...] = ()  # (kind, how many) over the whole document
    unusable: UnusableTextLayerError | None = None  # pages whose text layer is no text (left empty)

    @property
    def text(self) -> str:
        """All pages, joined by form feeds as text extractors do."""
        return "\f".join(page.text for page in self.pages)


def extract_text(path: Path | str, repair: bool = True) -> TextDump:
    """The text of one report file; with `repair`, Thai glyph damage undone.

    Issues list what repair could not map (U+FFFD, ``(cid:N)``, unknown
    private-use code points); they are only looked for when `repair` is on.
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None and path.suffix.lower() not in _OFFICE_SUFFIXES:
        raise UnsupportedFormatError(path, f"unsupported file type {path.suffix or '(no extension)'}")
    if path.stat().st_size == 0:
        raise EmptyFileError(path, "empty file")
    if path.suffix.lower() in _OFFICE_SUFFIXES:
        data = path.read_bytes()
        # a package or compound file goes by its content; anything else to the extension's reader, which says why not
        is_office = data.startswith((ZIP_MAGIC, OLE_MAGIC[:4]))
        kind = sniff_format(data, path) if is_office else DOCUMENT_EXTENSIONS[path.suffix.lower()]
        return _dump(_office_pages(path, kind, repair), repair)
    assert reader is not None
    unusable: list[tuple[int, str]] = []
    texts = reader(path, repair) if reader is not _pdf_pages else _pdf_pages(path, repair, unusable)
    dump = _dump(texts, repair)
    if unusable:
        error = unusable_error(path, unusable)
        if not any(page.text.strip() for page in dump.pages):
            raise error
        dump = replace(dump, unusable=error)
    return dump


def _office_pages(path: Path, kind: str, repair: bool) -> tuple[PageText, ...]:
    if kind in SHEET_FORMATS:
        from pipeline.read.sheets import workbook_texts

        return workbook_texts(path, kind)
    if kind in CONVERTED_FORMATS:
        from pipeline.read.libreoffice import converted_docx

        with converted_docx(path, kind) as made:
            return _docx_pages(made, repair)
    return _READERS[f".{kind}"](path, repair)


# A reader gives each page's text, or (text, repairs already made from the file's evidence).
PageText = str | tuple[str, Counter[str]]


def _dump(texts: tuple[PageText, ...], repair: bool) -> TextDump:
    pages: list[TextPage] = []
    issues: list[tuple[int, GlyphIssue]] = []
    total: Counter[str] = Counter()
    for number, item in enumerate(texts, start=1):
        text, known = (item, Counter()) if isinstance(item, str) else item
        if repair:
            repaired = repair_thai(text, known)
            text = repaired.text
            issues.extend((number, issue) for issue in repaired.issues)
            total.update(dict(repaired.repairs))
        pages.append(TextPage(number, text))
    return TextDump(tuple(pages), tuple(issues), tuple(sorted(total.items())))


# --- PDF ----------------------------------------------------------------------

_PDF_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_PASSWORD: (EncryptedPdfError, "encrypted PDF: a password is required"),
    pdfium_c.FPDF_ERR_SECURITY: (EncryptedPdfError, "encrypted PDF: unsupported security handler"),
    pdfium_c.FPDF_ERR_FORMAT: (CorruptFileError, "corrupt PDF: not a PDF or damaged beyond repair"),
}


def _pdf_pages(path: Path, repair: bool, unusable: list[tuple[int, str]] | None = None) -> tuple[PageText, ...]:
    """Every page's text; pages whose text layer is no text are left empty and listed in `unusable`."""
    if unusable is None:
        unusable = []
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        kind, message = _PDF_LOAD_ERRORS.get(error.err_code, (CorruptFileError, f"unreadable PDF ({error})"))
        raise kind(path, message) from error
    try:
        texts = tuple(_pdf_page_text(pdf, index, repair, unusable) for index in range(len(pdf)))
    except pdfium.PdfiumError as error:
        raise CorruptFileError(path, f"corrupt PDF: {error}") from error
    finally:
        pdf.close()
    if not unusable and not any((text if isinstance(text, str) else text[0]).strip() for text in texts):
        raise ScannedPdfError(path, "scanned PDF: no text layer")
    return texts


def _pdf_page_text(pdf: pdfium.PdfDocument, index: int, repair: bool, unusable: list[tuple[int, str]]) -> PageText:
    page = pdf[index]
    textpage = page.get_textpage()
    counts: Counter[str] = Counter()
    try:
        # "replace", not the default "ignore": a lone surrogate becomes a
        # visible, reported U+FFFD instead of vanishing.
        text = textpage.get_text_range(errors="replace")
        reason = judge_page(page, text)
        if reason:
            unusable.append((index + 1, reason))
            text = ""
        elif repair and needs_evidence(text):
            text, counts = arrange(page_chars(textpage, text, page.get_height()))
    finally:
        textpage.close()
        page.close()
    # PDFium writes a hyphen it takes for a line-end hyphen as U+FFFE (Chromium's
    # PDF viewer calls it kPdfiumHyphenEOL); in Thai reports it is mostly a
    # real one ("E-Service"), so it stays a visible hyphen.
    return text.replace("\ufffe", "-").replace("\r\n", "\n").replace("\r", "\n"), counts


# --- DOCX ---------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_P, _TBL, _SDT, _SDT_CONTENT, _TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent"), qn("w:tc")


def _docx_pages(path: Path, repair: bool) -> tuple[str, ...]:
    with path.open("rb") as handle:
        if handle.read(len(_OLE_MAGIC)) == _OLE_MAGIC:
            raise UnsupportedFormatError(
                path, "OLE compound file, not DOCX: a legacy .doc or a password-protected DOCX"
            )
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, lxml.etree.XMLSyntaxError) as error:
        raise CorruptFileError(path, f"corrupt DOCX: {error}") from error
    return ("\n".join(_docx_blocks(document.element.body, document)),)


def _docx_blocks(container: lxml.etree._Element, parent: ProvidesStoryPart) -> Iterator[str]:
    """Paragraphs and table rows of a body or cell, in document order."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield Paragraph(child, parent).text
        elif child.tag == _TBL:
            yield from _docx_rows(Table(child, parent))
        elif child.tag == _SDT:
            # Content controls wrap ordinary blocks; their text is the document's.
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _docx_blocks(content, parent)


def _docx_rows(table: Table) -> Iterator[str]:
    for row in table.rows:
        # Physical cells, not row.cells: a horizontally merged cell is one
        # cell, not a repeat of its text per grid column.
        cells = [_Cell(tc, table) for tc in row._tr.iterchildren(_TC)]
        yield "\t".join("\n".join(_docx_blocks(cell._tc, cell)) for cell in cells)


# --- TXT and HTML -------------------------------------------------------------


def _txt_pages(path: Path, repair: bool) -> tuple[str, ...]:
    pages = decode_bytes(path.read_bytes(), str(path)).split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()  # extractors end every page, the last one too, with \f
    return tuple(pages)


def _html_pages(path: Path, repair: bool) -> tuple[str, ...]:
    return (html_visible_text(decode_bytes(path.read_bytes(), str(path)), str(path)),)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_INVISIBLE_TAGS = ("script", "style", "head", "template", "title")
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
_CELL_TAGS = frozenset(("td", "th"))
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def html_visible_text(markup: str, path: str = "") -> str:
    """The text a browser shows: blocks and <br> as line breaks, cells by tabs.

    >>> html_visible_text("<p>ก<br>ข</p><script>x()</script><table><tr><td>1</td><td>2</td></tr></table>")
    'ก\\nข\\n1\\t2'
    """
    markup = _XML_DECLARATION.sub("", markup, count=1)
    # huge_tree lifts libxml2's nesting limit from 256 to 2048; past any limit
    # the parser stops with a fatal error, which must not pass as a short text.
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise CorruptFileError(path, f"unparsable HTML: {error}") from error
    fatal = [entry.message for entry in parser.error_log if entry.level_name == "FATAL"]
    if fatal:
        raise CorruptFileError(path, f"HTML parsing stopped: {fatal[0]}")
    for element in root.xpath("|".join(f"//{tag}" for tag in _INVISIBLE_TAGS)):
        element.drop_tree()  # keeps the tail, which is visible text
    parts: list[str] = []
    _walk_html(root, parts.append)
    lines = (line.strip(" ") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _walk_html(root: lxml.html.HtmlElement, emit: Callable[[str], None]) -> None:
    # Iterative, not recursive: archived HTML can nest deeper than the stack.
    pre_depth = 0
    cells_in_row: list[int] = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            pre_depth += tag == "pre"
            if tag == "tr":
                cells_in_row.append(0)
            elif tag in _CELL_TAGS and cells_in_row:
                emit("\t" if cells_in_row[-1] else "")
                cells_in_row[-1] += 1
            emit("\n" if tag in _BLOCK_TAGS or tag == "br" else "")
            if tag and element.text:
                emit(_html_text(element.text, pre_depth))
        else:
            pre_depth -= tag == "pre"
            if tag == "tr" and cells_in_row:
                cells_in_row.pop()
            emit("\n" if tag in _BLOCK_TAGS else "")
            if element.tail and element is not root:
                emit(_html_text(element.tail, pre_depth))


def _html_text(text: str, pre_depth: int) -> str:
    return text if pre_depth else _HTML_SPACE.sub(" ", text)


# Each reader gives the text of every page; only the PDF reader repairs too.
_READERS: dict[str, Callable[[Path, bool], tuple[PageText, ...]]] = {
    ".pdf": _pdf_pages,
    ".docx": _docx_pages,
    ".txt": _txt_pages,
    ".html": _html_pages,
    ".htm": _html_pages,
}
_OFFICE_SUFFIXES = {".docx", ".docm", ".xlsx", ".xlsm", ".xls", ".ods", ".doc", ".odt"}
