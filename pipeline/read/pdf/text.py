"""A PDF's text page by page, for `thaireports text`: the reader's opening and evidence.

The file is opened as `convert` opens it (`document.open_pdf`: encrypted,
corrupt and truncated files fail the same way). Each page's text comes in
PDFium's reading order; a page whose text layer is no text is left empty
and listed (`layer.judge_page`), and where that text shows damage the
character boxes and fonts can undo, the page is rebuilt from the same
evidence the table reader places marks with (`evidence.page_chars`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.errors import CorruptFileError
from pipeline.read.pdf.content import check_content
from pipeline.read.pdf.document import open_pdf
from pipeline.read.pdf.evidence import needs_evidence, page_chars
from pipeline.read.pdf.layer import judge_page
from pipeline.thai.placed import arrange

# A page's text, and the repairs already made from the file's evidence.
PageText = tuple[str, Counter[str]]


def pdf_page_texts(
    path: Path, repair: bool, unusable: list[tuple[int, str]], numbers: Sequence[int] | None = None
) -> tuple[PageText, ...]:
    """Every page's text, or pages `numbers`' (1-based); pages whose text layer is no text are
    left empty and listed in `unusable`."""
    pdf = open_pdf(path)
    try:
        check_content(path)
        indices = range(len(pdf)) if numbers is None else [n - 1 for n in numbers]
        texts = tuple(_page_text(pdf, index, repair, unusable) for index in indices)
    except pdfium.PdfiumError as error:
        raise CorruptFileError(path, f"corrupt PDF: {error}") from error
    finally:
        pdf.close()
    return texts


def _page_text(pdf: pdfium.PdfDocument, index: int, repair: bool, unusable: list[tuple[int, str]]) -> PageText:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        text = layer_text(textpage)
        reason = judge_page(page, text)
        if reason:
            unusable.append((index + 1, reason))
        return extracted_text(textpage, text, reason, page.get_height(), repair)
    finally:
        textpage.close()
        page.close()


def extracted_text(textpage: object, text: str, unusable: str | None, height: float, repair: bool = True) -> PageText:
    """A page's text for a text extractor from PDFium's `text` of it: rebuilt from the
    evidence where that text shows damage (with `repair`), empty when its layer is no text."""
    arranged = None
    if repair and not unusable and needs_evidence(text):
        arranged = arrange(page_chars(textpage, text, height))
    return page_text(text, unusable, arranged)


def layer_text(textpage: pdfium.PdfTextPage) -> str:
    """A page's text as PDFium reads it. "replace", not the default "ignore":
    a lone surrogate becomes a visible, reported U+FFFD instead of vanishing."""
    return textpage.get_text_range(errors="replace")


def page_text(text: str, unusable: str | None, arranged: PageText | None) -> PageText:
    """A page's text for a text extractor: empty when its layer is no text, else as
    `arranged` from the evidence when its text needed that, else PDFium's `text`."""
    if unusable:
        return "", Counter()
    text, counts = arranged or (text, Counter())
    # PDFium writes a hyphen it takes for a line-end hyphen as U+FFFE (Chromium's
    # PDF viewer calls it kPdfiumHyphenEOL); in Thai reports it is mostly a
    # real one ("E-Service"), so it stays a visible hyphen.
    return text.replace("\ufffe", "-").replace("\r\n", "\n").replace("\r", "\n"), counts
