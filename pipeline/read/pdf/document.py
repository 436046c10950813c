"""Opening a PDF: PDFium's failures become errors that name the file and the cause."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import CorruptFileError, EncryptedPdfError

EOF_TAIL = 4096


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
