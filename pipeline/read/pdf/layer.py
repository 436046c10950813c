"""Whether a PDF page's text layer can be read: the PDF-side facts for `thai.layer`."""

from __future__ import annotations

from pathlib import Path

import pypdfium2.raw as pdfium_c

from pipeline.errors import UnusableTextLayerError
from pipeline.thai.layer import has_thai, unusable_reason

_INVISIBLE = 3  # text render mode: neither filled nor stroked (an OCR layer)


def judge_page(page: object, text: str) -> str | None:
    """Why this page's text layer is unusable, or None. Looks at page objects only when the text has no Thai."""
    invisible = False
    if text.strip() and not has_thai(text):
        invisible = invisible_over_image(page)
    return unusable_reason(text, invisible)


def invisible_over_image(page: object) -> bool:
    """All of the page's text is invisible, drawn over an image: an OCR layer over a scan."""
    has_image, has_text, all_invisible = False, False, True
    for obj in page.get_objects(max_depth=3):  # type: ignore[attr-defined]
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            has_image = True
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            has_text = True
            all_invisible &= pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == _INVISIBLE
    return has_image and has_text and all_invisible


def unusable_error(path: Path | str, pages: list[tuple[int, str]]) -> UnusableTextLayerError:
    numbers = tuple(number for number, _ in pages)
    listed = ", ".join(str(n) for n in numbers)
    return UnusableTextLayerError(
        path, f"unusable text layer on page(s) {listed}: {pages[0][1]} (page {numbers[0]})", numbers
    )
