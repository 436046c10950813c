"""Open one source file and hand back a `RawDocument`, whatever its format.

The format comes from the file's first bytes where they are telling (PDF,
ZIP-based .docx) and from its extension or content otherwise, so a report
saved with the wrong extension is still read by the right reader.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import BinaryFileError, EmptyFileError, UnsupportedFormatError
from pipeline.model import RawDocument

TEXT_EXTENSIONS = {
    ".txt": "txt",
    ".tsv": "txt",
    ".csv": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
DOCUMENT_EXTENSIONS = {".pdf": "pdf", ".docx": "docx"}
EXTENSIONS = {**TEXT_EXTENSIONS, **DOCUMENT_EXTENSIONS}
# Office formats no reader takes: reported as unsupported, with what to save them as.
OFFICE_EXTENSIONS = (".doc", ".xls", ".xlsx", ".ppt", ".pptx", ".odt")
_HTML_HINT = re.compile(rb"<(?:!doctype\s+html|html|table|body)\b", re.IGNORECASE)


def sniff_format(data: bytes, path: Path) -> str:
    """ "txt", "html", "pdf" or "docx"; raises for what no reader takes."""
    if not data.strip():
        raise EmptyFileError(path, "empty file")
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    zipped = data.startswith(b"PK\x03\x04")
    if zipped and (path.suffix.lower() == ".docx" or b"word/" in data[:65536]):
        return "docx"
    if path.suffix.lower() in OFFICE_EXTENSIONS:  # the same words whether the file is a ZIP (.xlsx) or not (.xls)
        raise UnsupportedFormatError(path, f"{path.suffix} files are not supported; save as .docx or PDF")
    if zipped:
        raise UnsupportedFormatError(path, "a ZIP archive that is not a .docx document")
    if _HTML_HINT.search(head) or path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return "html"
    if path.suffix.lower() in DOCUMENT_EXTENSIONS:
        raise BinaryFileError(path, f"not a {path.suffix} file: its content does not match its extension")
    return "txt"


def read_document(path: Path, data: bytes | None = None) -> RawDocument:
    data = path.read_bytes() if data is None else data
    kind = sniff_format(data, path)
    if kind == "pdf":
        from pipeline.read.pdf.reader import read_pdf

        return read_pdf(path)
    if kind == "docx":
        from pipeline.read.docx.reader import read_docx

        return read_docx(path)
    from pipeline.read.decode import decode_bytes

    text = decode_bytes(data, str(path))
    if kind == "html":
        from pipeline.read.html import read_html

        return read_html(text, str(path))
    from pipeline.read.text import read_text

    return read_text(text, str(path))
