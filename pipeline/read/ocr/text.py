"""The text of scanned pages in reading order, for `thaireports text`.

A page is read as one block (Tesseract's line finding, with the lines its
layout pass dropped read again and Thai digits read by shape, as in a
table cell), after straightening and cleaning; lines come top to bottom.
`ocr_texts` is the one call a text extractor makes: it fills the pages a
text layer left empty (or, with "force", every page).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pipeline.read.ocr import check_mode

if TYPE_CHECKING:  # OpenCV and Tesseract load only for scans
    from pipeline.read.ocr.boxes import TickBox
    from pipeline.read.ocr.recognize import OcrLine

T = TypeVar("T")


def _text(page: Any) -> str:
    return page if isinstance(page, str) else page[0]


def ocr_texts(
    path: Path | str,
    texts: Sequence[T],
    mode: str = "auto",
    unusable: frozenset[int] = frozenset(),
    known: Mapping[int, str] | None = None,
) -> tuple[T | str, ...]:
    """`texts` (one per page of the PDF at `path`) with the pages without usable text read by OCR.

    A page is a string, or a tuple whose first item is its string. With
    `auto`, an empty page is OCR'd when it holds an image, and a page whose
    text layer is no text (numbered, 1-based, in `unusable`) always: its
    glyphs still draw the print. `force` reads every page; `off` returns
    `texts` unchanged. `known`: pages read so already (by page number), not read again.
    """
    check_mode(mode)
    if mode == "off" or (mode == "auto" and all(_text(t).strip() for t in texts) and not unusable):
        return tuple(texts)
    import pypdfium2 as pdfium

    from pipeline.read.ocr.spread import read_pages
    from pipeline.read.pdf.rules import page_has_image

    out: list[T | str] = list(texts)
    pdf = pdfium.PdfDocument(str(path))
    try:
        wanted = []
        for index in range(len(pdf)):
            judged = index + 1 in unusable
            if mode == "auto" and _text(out[index]).strip() and not judged:
                continue
            page = pdf[index]
            try:
                if mode == "force" or judged or page_has_image(page):
                    wanted.append(index + 1)
            finally:
                page.close()
        known = known or {}
        for number in [n for n in wanted if n in known]:
            out[number - 1] = known[number]
        unread = [n for n in wanted if n not in known]
        for number, text in read_pages(pdf, str(path), unread, lambda page, n: page_text(page, str(path))).items():
            out[number - 1] = text
    finally:
        pdf.close()
    return tuple(out)


def page_text(page: object, path: str) -> str:
    """One pypdfium2 page read by OCR, lines top to bottom."""
    from pipeline.read.ocr.boxes import find_boxes
    from pipeline.read.ocr.engine import engine
    from pipeline.read.ocr.image import OCR_DPI, prepare, render
    from pipeline.read.ocr.page import clean_page
    from pipeline.read.ocr.recognize import read_region
    from pipeline.read.ocr.rules import find_rules

    api = engine(path)
    image = prepare(render(page), float(OCR_DPI))
    _, _, rule_mask = find_rules(image)
    boxes, box_mask = find_boxes(image.solid, image.dpi)
    clean = clean_page(image, rule_mask | box_mask)
    h, w = clean.shape
    return whole_page_text(read_region(api, clean, (0, 0, w, h)), boxes)


def whole_page_text(read: list[OcrLine], boxes: list[TickBox]) -> str:
    """The text of a page read whole (every line of it, in one region), with its tick boxes."""
    from pipeline.read.ocr.boxes import with_boxes
    from pipeline.read.ocr.recognize import is_noise
    from pipeline.read.ocr.repair import repair_ocr

    lines = with_boxes([ln for ln in read if not is_noise(ln)], boxes)
    return "\n".join(repair_ocr(ln.text.strip(), list(ln.words), ln.offered, ln.unread_marks).text for ln in lines)
