"""OCR for scanned pages: Tesseract (Thai) over a cell grid found in the page image.

`--ocr auto` reads by OCR the pages of a PDF without usable text (a scan, a
text PDF's scanned appendix, or a text layer that is no text); `force` reads
every page by OCR; `off` never does (a scanned PDF then fails as `scanned_pdf`).
"""

from __future__ import annotations

from typing import Any

from pipeline.errors import PDF_PAGE_WITHOUT_TEXT

# The code the PDF reader gives a page with an image and no text layer.
SCANNED_PAGE = PDF_PAGE_WITHOUT_TEXT.code

OCR_MODES = ("auto", "off", "force")
DEFAULT_MODE = "auto"


def check_mode(mode: str) -> str:
    if mode not in OCR_MODES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {mode!r}")
    return mode


def is_scanned(content: Any) -> bool:
    """Whether a text-layer reading of a page (`PageContent`) found a scan and no text."""
    return any(p.code == SCANNED_PAGE for p in content.problems)
