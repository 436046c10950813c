"""Open one source file and hand back a `RawDocument`, whatever its format.

The format comes from the file's content where it is telling (PDF; a ZIP
package's manifest for .docx, .xlsx, .odt and .ods; an OLE2 file's stream
names for .doc and .xls, see `containers`) and from its extension or text
otherwise, so a report saved with the wrong extension is still read by the
right reader.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from pipeline.errors import THAI_REPAIRED, BinaryFileError, EmptyFileError, Problem, UnsupportedFormatError
from pipeline.limits import read_regular
from pipeline.model import RawDocument
from pipeline.read.containers import OLE_MAGIC, ZIP_MAGIC, ole_kind, zip_kind

TEXT_EXTENSIONS = {
    ".txt": "txt",
    ".tsv": "txt",
    ".csv": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
DOCUMENT_EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".docm": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".odt": "odt",
    ".doc": "doc",
}
# Workbooks, read sheet by sheet; and word-processor files LibreOffice turns into .docx.
SHEET_FORMATS = ("xlsx", "xls", "ods")
CONVERTED_FORMATS = ("doc", "odt")
EXTENSIONS = {**TEXT_EXTENSIONS, **DOCUMENT_EXTENSIONS}
# Office formats no reader takes: reported as unsupported, with what to save them as.
OFFICE_EXTENSIONS = (".ppt", ".pptx", ".xlsb")
_HTML_HINT = re.compile(rb"<(?:!doctype\s+html|html|table|body)\b", re.IGNORECASE)


def sniff_format(data: bytes, path: Path) -> str:
    """ "txt", "html", "pdf", "docx", "xlsx", "xls", "ods", "doc" or "odt"; raises for what no reader takes."""
    if not data.strip():
        raise EmptyFileError(path, "empty file")
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        return zip_kind(data, path)
    if data.startswith(OLE_MAGIC[:4]):
        return ole_kind(data, path)
    if path.suffix.lower() in OFFICE_EXTENSIONS:
        raise UnsupportedFormatError(path, f"{path.suffix} files are not supported; save as .docx, .xlsx or PDF")
    if _HTML_HINT.search(head) or path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return "html"
    if path.suffix.lower() in DOCUMENT_EXTENSIONS:
        raise BinaryFileError(path, f"not a {path.suffix} file: its content does not match its extension")
    return "txt"


def read_document(path: Path, data: bytes | None = None, ocr: str = "auto") -> RawDocument:
    """`ocr` ("auto", "off", "force"): which PDF pages are read by OCR (`pipeline.read.ocr`)."""
    data = read_regular(path) if data is None else data
    kind = sniff_format(data, path)
    if kind == "pdf":
        from pipeline.read.pdf.reader import read_pdf

        return read_pdf(path, ocr=ocr)
    if kind == "docx":
        from pipeline.read.docx.reader import read_docx

        return read_docx(path)
    if kind in SHEET_FORMATS:
        from pipeline.read.sheets import read_workbook

        return read_workbook(path, kind, data)
    if kind in CONVERTED_FORMATS:
        from pipeline.read.libreoffice import read_via_docx

        return read_via_docx(path, kind, data)
    from pipeline.read.decode import decode_bytes

    text, repairs = _repaired(decode_bytes(data, str(path)))
    if kind == "html":
        from pipeline.read.html import read_html

        raw = read_html(text, str(path))
    else:
        from pipeline.read.text import read_text

        raw = read_text(text, str(path))
    return replace(raw, problems=(*raw.problems, *repairs)) if repairs else raw


def _repaired(text: str) -> tuple[str, list[Problem]]:
    """A text or HTML file that carries PDF damage (a PDF's text pasted in) gets the PDF's repair."""
    from pipeline.thai.glyphs import repair_thai

    fixed = repair_thai(text)
    return fixed.text, [THAI_REPAIRED.problem(kind=kind, count=n) for kind, n in fixed.repairs]
