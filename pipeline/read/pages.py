"""A file's text page by page, for `thaireports text`: the readers `convert` uses, chosen by content."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.errors import ScannedPdfError, UnusableTextLayerError
from pipeline.limits import read_regular
from pipeline.model import TextLayer
from pipeline.read import CONVERTED_FORMATS, SHEET_FORMATS, sniff_format
from pipeline.thai.glyphs import GlyphIssue, repair_thai


@dataclass(frozen=True)
class TextPage:
    number: int  # 1-based
    text: str


@dataclass(frozen=True)
class TextDump:
    """A file's text page by page, and what repair did and could not undo."""

    pages: tuple[TextPage, ...]
    issues: tuple[tuple[int, GlyphIssue], ...]  # (page number, issue)
    repairs: tuple[tuple[str, int], ...] = ()  # (kind, how many) over the whole document
    unusable: UnusableTextLayerError | None = None  # pages whose text layer is no text (left empty)

    @property
    def text(self) -> str:
        """All pages, joined by form feeds as text extractors do."""
        return "\f".join(page.text for page in self.pages)


def read_pages(
    path: Path, data: bytes | None = None, repair: bool = True, ocr: str = "auto", layer: TextLayer | None = None
) -> TextDump:
    """The text of a file page by page, read by the reader `convert` uses (chosen by content).

    With `repair`, Thai glyph damage is undone (and what could not be is
    listed); without it, the text is as the file holds it. PDF pages whose
    text layer is no text are left empty and named in `unusable`; when no
    page has text, that is the error. `ocr` ("auto", "off", "force"): which
    PDF pages are read by OCR (scanned pages, with "auto"). `layer`: the text
    a reader of `convert` kept (a PDF's read with repair), not read again.
    """
    data = read_regular(path) if data is None else data
    kind = sniff_format(data, path)
    unusable: list[tuple[int, str]] = []
    texts: tuple[tuple[str, Counter[str]], ...]
    if kind == "pdf":
        texts, unusable = _pdf_texts(path, repair, ocr, layer if repair else None)
    elif layer is not None:  # a converted document's text, kept whole by its reader
        texts = tuple(page for page in layer.pages if page is not None)
    else:
        texts = tuple((text, Counter()) for text in _page_texts(path, kind, data))
    pages: list[TextPage] = []
    issues: list[tuple[int, GlyphIssue]] = []
    total: Counter[str] = Counter()
    for number, (text, known) in enumerate(texts, start=1):
        if repair:
            repaired = repair_thai(text, known)
            text = repaired.text
            issues.extend((number, issue) for issue in repaired.issues)
            total.update(dict(repaired.repairs))
        pages.append(TextPage(number, text))
    dump = TextDump(tuple(pages), tuple(issues), tuple(sorted(total.items())))
    if unusable:  # only a PDF's pages are unusable: the PDF modules load with PDFium (0.05 s) only then
        from pipeline.read.pdf.layer import unusable_error

        error = unusable_error(path, unusable)
        if not any(page.text.strip() for page in dump.pages):
            raise error
        dump = replace(dump, unusable=error)
    return dump


def _pdf_texts(
    path: Path, repair: bool, ocr: str, layer: TextLayer | None
) -> tuple[tuple[tuple[str, Counter[str]], ...], list[tuple[int, str]]]:
    """A PDF's pages, their text layer then OCR; and the pages whose layer is no text and OCR did not read."""
    from pipeline.read.ocr.text import ocr_texts
    from pipeline.read.pdf.text import pdf_page_texts

    unusable: list[tuple[int, str]] = []
    if layer is not None:
        # Pages the reader kept no text for (a report's, past its header row) are read now.
        missing = [n for n, text in enumerate(layer.pages, start=1) if text is None]
        found = dict(zip(missing, pdf_page_texts(path, repair, unusable, missing))) if missing else {}
        layer_texts = tuple(found[n] if t is None else t for n, t in enumerate(layer.pages, start=1))
        unusable = sorted([*layer.unusable, *unusable])
    else:
        layer_texts = pdf_page_texts(path, repair, unusable)
    # Scanned pages and pages whose text layer is no text, read by OCR (with "auto").
    read_already = dict(layer.ocr) if layer is not None else None
    read = ocr_texts(path, layer_texts, ocr, unusable=frozenset(n for n, _ in unusable), known=read_already)
    unusable = [(n, why) for n, why in unusable if not isinstance(read[n - 1], str)]
    texts = tuple(t if isinstance(t, tuple) else (t, Counter()) for t in read)
    if not unusable and not any(text.strip() for text, _ in texts):
        hint = " (--ocr auto reads scanned pages)" if ocr == "off" else ""
        raise ScannedPdfError(path, "scanned PDF: no text layer" + hint)
    return texts, unusable


def _page_texts(path: Path, kind: str, data: bytes) -> tuple[str, ...]:
    """The pages of a file that is not a PDF, by the reader of its format."""
    if kind == "docx":
        from pipeline.read.docx.reader import docx_page_text

        return (docx_page_text(path),)
    if kind in SHEET_FORMATS:
        from pipeline.read.sheets import workbook_texts

        return workbook_texts(path, kind)
    if kind in CONVERTED_FORMATS:
        from pipeline.read.docx.reader import docx_page_text
        from pipeline.read.libreoffice import converted_docx

        with converted_docx(path, kind, data) as made:
            return (docx_page_text(made),)
    from pipeline.read.decode import decode_bytes

    text = decode_bytes(data, str(path))
    if kind == "html":
        from pipeline.read.html import html_page_text

        return (html_page_text(text, str(path)),)
    from pipeline.read.text import text_pages

    return text_pages(text)
