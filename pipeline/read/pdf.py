"""Read a PDF report: ruled tables -> `RawDocument` rows, title block -> preamble.

PDFium does the work on the hot path: its characters (right for Thai, unlike
pdfminer's, which ignore /ActualText) and its path objects (the ruling lines,
without pdfminer's slow page parse). pdfplumber is only asked when PDFium's
lines make no table at all (`pdf_plumber`).

Each page: rules -> cells (`pdf_rules`, `pdf_grid`), characters -> clusters
(`pdf_chars`), clusters -> cell texts and free lines (`pdf_layout`,
`pdf_page`). Then, over the document (`pdf_assemble`): page numbers and
running headers are dropped, lines before the first table become the
preamble, and a page-top row that is the rest of a split row is flagged
`continues_previous` (`pdf_rows`).
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import CorruptFileError, EncryptedPdfError, NoTableError, ScannedPdfError
from pipeline.model import RawDocument
from pipeline.read.pdf_assemble import assemble
from pipeline.read.pdf_page import PageContent, read_page

# The end-of-file marker must be this close to the end of an untruncated file.
EOF_TAIL = 4096


def read_pdf(path: Path) -> RawDocument:
    """The rows of every ruled table in the PDF at `path`, headers included."""
    pages = _read_pages(path)
    if not any(p.n_chars for p in pages):
        raise ScannedPdfError(path, "scanned PDF: no text layer")
    if not any(p.tables for p in pages):
        # Rules PDFium saw but could not close into cells (curves, clipped
        # boxes): pdfplumber's edges may. A page without rules has no table.
        from pipeline.read.pdf_plumber import read_with_plumber_tables

        again = read_with_plumber_tables(path, [p.number for p in pages if p.ruled])
        pages = [again.get(p.number, p) for p in pages]
        if not any(p.tables for p in pages):
            raise NoTableError(path, "no ruled table found in the PDF")
    return assemble(str(path), pages)


def _read_pages(path: Path) -> list[PageContent]:
    pdf = open_pdf(path)
    try:
        pages = []
        for index in range(len(pdf)):
            page = _page(pdf, index, path)
            try:
                pages.append(read_page(page, index + 1))
            finally:
                page.close()
        return pages
    finally:
        pdf.close()


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open with PDFium, turning its failures into errors that name the file."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            handle.seek(max(0, handle.tell() - EOF_TAIL))
            tail = handle.read()
    except OSError as exc:
        raise CorruptFileError(path, f"cannot read the file: {exc.strerror}") from exc
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedPdfError(path, "encrypted PDF: it needs a password to open") from exc
        if b"%%EOF" not in tail:
            raise CorruptFileError(path, "truncated PDF: no end-of-file marker") from exc
        raise CorruptFileError(path, f"corrupt PDF: {exc}") from exc
    if b"%%EOF" not in tail:
        # PDFium rebuilds some cut files silently; their lost pages would go unseen.
        pdf.close()
        raise CorruptFileError(path, "truncated PDF: no end-of-file marker")
    return pdf


def _page(pdf: pdfium.PdfDocument, index: int, path: Path) -> pdfium.PdfPage:
    try:
        return pdf[index]
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(path, f"corrupt PDF: page {index + 1} cannot be read") from exc
