"""Read a PDF report: ruled tables -> `RawDocument` rows, title block -> preamble.

PDFium does the work on the hot path: its characters (right for Thai, unlike
pdfminer's, which ignore /ActualText) and its path objects (the ruling lines,
without pdfminer's slow page parse). pdfplumber is only asked when PDFium's
lines make no table at all (`plumber`).

Each page: rules -> cells (`rules`, `grid`), characters -> clusters
(`chars`), clusters -> cell texts and free lines (`placement`, `page`).
Then, over the document (`assemble`): page numbers and running headers are
dropped, lines before the first table become the preamble, and a row opening
a page right below a table row is flagged `starts_page` (whether it is the
rest of that row is the table stage's decision).
Scanned pages (an image, no text layer) are read by OCR instead
(`pipeline.read.ocr`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.errors import (
    THAI_REPAIRED,
    UNUSABLE_TEXT_LAYER,
    WARNING,
    CorruptFileError,
    NoTableError,
    Problem,
    ScannedPdfError,
)
from pipeline.layout.headers import match_header
from pipeline.model import RawDocument, TextLayer
from pipeline.read.ocr import DEFAULT_MODE, check_mode, is_scanned
from pipeline.read.pdf.assemble import assemble
from pipeline.read.pdf.content import check_content
from pipeline.read.pdf.document import open_pdf
from pipeline.read.pdf.layer import unusable_error
from pipeline.read.pdf.page import PageContent, read_page


def read_pdf(path: Path, ocr: str = DEFAULT_MODE) -> RawDocument:
    """The rows of every ruled table in the PDF at `path`, headers included.

    `ocr` ("auto", "off", "force"): which pages are read by OCR; with "auto",
    pages without usable text: scanned pages (an image and no text layer) and
    pages whose text layer is no text (`layer.judge_page`). With "off" the
    latter are read as empty: a file with no table elsewhere fails as
    `unusable_text_layer` (never `no_table`), one with tables keeps a warning
    for each such page.
    """
    pages, scanned, layer = _read_pages(path, check_mode(ocr))
    unusable = [(p.number, p.unusable) for p in pages if p.unusable]
    if not any(p.n_chars for p in pages) and not unusable:
        if scanned:
            raise NoTableError(path, f"OCR read no text on the {len(scanned)} scanned page(s)", layer)
        raise ScannedPdfError(path, "scanned PDF: no text layer (convert with --ocr auto to read it by OCR)")
    if not any(p.tables for p in pages):
        # Rules PDFium saw but could not close into cells (curves, clipped
        # boxes): pdfplumber's edges may. A page without rules has no table,
        # and a file without such pages does not load pdfplumber (0.1 s).
        ruled = [p.number for p in pages if p.ruled and p.number not in scanned]
        if ruled:
            from pipeline.read.pdf.plumber import read_with_plumber_tables

            again = read_with_plumber_tables(path, ruled)
            pages = [again.get(p.number, p) for p in pages]
        if not any(p.tables for p in pages):
            if unusable:
                raise unusable_error(path, unusable)
            raise NoTableError(path, "no ruled table found in the PDF", layer)
    pages = _read_sketched(path, pages)
    raw = assemble(str(path), pages)
    return replace(
        raw,
        problems=(*raw.problems, *_layer_problems(unusable), *_repair_problems(pages)),
        ocr_pages=tuple(scanned),
        text_layer=layer,
    )


def _layer_problems(unusable: list[tuple[int, str]]) -> list[Problem]:
    return [UNUSABLE_TEXT_LAYER.problem(page=n, severity=WARNING, reason=reason) for n, reason in unusable]


def _repair_problems(pages: list[PageContent]) -> list[Problem]:
    """One warning per kind of Thai repair made in the document, with how many."""
    total: Counter[str] = Counter()
    for page in pages:
        total.update(dict(page.repairs))
    return [THAI_REPAIRED.problem(kind=kind, count=n) for kind, n in sorted(total.items())]


def _read_pages(path: Path, ocr: str) -> tuple[list[PageContent], list[int], TextLayer]:
    """Every page's content, the numbers of the pages read by OCR, and the text layer before OCR."""
    pdf = open_pdf(path)  # first: its errors (encrypted, truncated) name the cause best
    try:
        check_content(path)
        pages: list[PageContent] = []
        tables = report = False
        for index in range(len(pdf)):
            # Sketched until a table is found: the file may have none. Its text is kept until a
            # report's header row shows the file will not be named from its text.
            pages.append(_text_layer(pdf, index, path, sketch=not tables, keep_text=not report))
            tables = tables or bool(pages[-1].tables)
            report = report or any(match_header(row) for t in pages[-1].tables for row in t.rows)
        layer = TextLayer(tuple(p.text for p in pages), tuple((p.number, p.unusable) for p in pages if p.unusable))
        # With "auto", pages without usable text: a scan, or a text layer that is no text.
        scanned = [p.number for p in pages if ocr == "force" or (ocr == "auto" and (is_scanned(p) or p.unusable))]
        if scanned:
            from pipeline.read.ocr.page import ocr_page  # OpenCV and Tesseract load only for scans
            from pipeline.read.ocr.spread import read_pages

            read = read_pages(pdf, str(path), scanned, lambda page, n: ocr_page(page, n, str(path)).content)
            pages = [read.get(p.number, p) for p in pages]
            layer = replace(layer, ocr=tuple((n, c.text[0]) for n, c in sorted(read.items()) if c.text is not None))
        return pages, scanned, layer
    finally:
        pdf.close()


def _text_layer(
    pdf: pdfium.PdfDocument, index: int, path: Path, sketch: bool = False, keep_text: bool = True
) -> PageContent:
    page = _page(pdf, index, path)
    try:
        return read_page(page, index + 1, sketch=sketch, keep_text=keep_text)
    finally:
        page.close()


def _read_sketched(path: Path, pages: list[PageContent]) -> list[PageContent]:
    """The pages only sketched before the document's first table, read whole now that it has one."""
    sketched = [p.number for p in pages if p.sketched]
    if not sketched:
        return pages
    pdf = open_pdf(path)
    try:
        read = {n: _text_layer(pdf, n - 1, path) for n in sketched}
    finally:
        pdf.close()
    return [read.get(p.number, p) for p in pages]


def _page(pdf: pdfium.PdfDocument, index: int, path: Path) -> pdfium.PdfPage:
    try:
        return pdf[index]
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(path, f"corrupt PDF: page {index + 1} cannot be read") from exc
