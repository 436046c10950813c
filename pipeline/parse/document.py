"""One file to its rows: read it, build its records, and name what it is when it has no table.

A file without a report table is looked at once more as a whole document: a
measure announcement is read as prose, and a law or a budget table fails as
`not_a_report` with what it looks like, rather than as a misleading
"no table".
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import NoFiscalYearError, NoTableError
from pipeline.layout.kinds import ANNOUNCEMENT, PROJECT_REPORT, TITLE_LINES, classify
from pipeline.layout.vocab import ACTIONS
from pipeline.model import TextLayer
from pipeline.parse.announcement import Announcement, read_announcement
from pipeline.parse.meta import DocumentMeta, read_meta
from pipeline.parse.project_records import project_records
from pipeline.parse.project_report import read_project_report
from pipeline.parse.records import (
    ParsedDocument,
    Source,
    add_document,
    add_table_rows,
    build_records,
    document_id,
    refuse_non_report,
)
from pipeline.parse.tables import TableRow
from pipeline.read import read_document, sniff_format
from pipeline.thai.thai_calendar import find_fiscal_year


def parse_document(
    source: Path, data: bytes, path: str, doc_id: str | None = None, ocr: str = "auto"
) -> ParsedDocument:
    """The rows of the file at `source` (named `path` in the output); raises `ReportError`.

    `ocr` ("auto", "off", "force"): which PDF pages are read by OCR (`pipeline.read.ocr`).

    `doc_id`: the bytes' sha256 when the caller has it already (the batch
    worker hashes to see whether the file changed), so they are hashed once.
    """
    doc_id = doc_id or document_id(data)
    layer = None
    try:
        raw = read_document(source, data, ocr=ocr)
        layer = raw.text_layer
        return build_records(raw, data, path, doc_id)
    except NoTableError as no_table:
        lines = document_lines(source, ocr, layer or no_table.text_layer)
        verdict = classify(lines)
        head = "\n".join(lines[:TITLE_LINES])
        refuse_non_report(verdict, path, looks_like_report=find_fiscal_year(head) is not None)
        if verdict.kind == ANNOUNCEMENT:
            return _announcement_records(read_announcement(lines), doc_id, data, path, source)
        if verdict.kind == PROJECT_REPORT:
            return project_records(
                read_project_report(lines), lines, Source(path, sniff_format(data, source), len(data)), doc_id
            )
        raise no_table


def document_lines(source: Path, ocr: str = "auto", layer: TextLayer | None = None) -> list[str]:
    """The document's text lines in reading order, every page (a PDF's from `layer` when the reader kept it)."""
    from pipeline.read.pages import read_pages

    return [line for page in read_pages(source, ocr=ocr, layer=layer).pages for line in page.text.splitlines()]


def _announcement_records(
    announcement: Announcement, doc_id: str, data: bytes, path: str, source: Path
) -> ParsedDocument:
    if announcement.fiscal_year is None:
        raise NoFiscalYearError(path, "announcement without a date (ประกาศ ณ วันที่ … พ.ศ. ….)")
    if not announcement.measures:
        raise NoTableError(path, "announcement without numbered measures (๑. … ๒. …)")
    parsed = ParsedDocument(doc_id, announcement.fiscal_year)
    rows = [TableRow(m.number, m.title, {ACTIONS: m.text}) for m in announcement.measures]
    add_table_rows(parsed, rows)
    meta = read_meta((announcement.heading.removeprefix("ประกาศ"),))
    title = " ".join(part for part in (announcement.heading, f"เรื่อง {announcement.subject}") if part)
    kind_meta = DocumentMeta(title, ANNOUNCEMENT, *_organization(meta), announcement.fiscal_year)
    add_document(parsed, kind_meta, Source(path, sniff_format(data, source), len(data)))
    return parsed


def _organization(meta: DocumentMeta) -> tuple[str | None, str | None, str | None, str | None]:
    return meta.organization, meta.organization_type, meta.district, meta.province
