"""Plain values handed from stage to stage.

Every reader (txt, html, pdf, docx, workbooks; .doc and .odt via docx) turns one source file into a `RawDocument`:
the lines of text before the table (the title block) and the table's rows as
raw cell strings, header rows included. Readers do no cleaning beyond what
their format forces on them; recognising headers, merging continuation rows
and splitting lists happen later, once, for every format.

The record stage turns a document into one typed, immutable row per output
row (`DocumentRow`, `MeasureRow` …, `WarningRow`); their fields are the
columns of the tables in `pipeline.store.schema`, in order, and the writer
takes them as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

# A cell covered by a rowspan / vertical merge from the row above. The table
# stage decides what it means per column: continuation for the number and
# measure columns, a copy of the value above for the others.
SPANNED = None


@dataclass(frozen=True)
class Problem:
    """A data problem worth a reader's attention, with where it was found.

    `code` is a catalogue code (e.g. ``period_unparsed``). `page` and `line`
    are 1-based; `place` names a part of the source that has neither (e.g.
    ``preamble``, ``page header``) or the word to use instead of "line" (a
    Word table counts ``table row`` N). The record stage adds the measure
    and activity a cell's problem belongs to.
    """

    code: str
    message: str
    severity: str = "warning"  # see pipeline.errors: error, warning, notice
    page: int | None = None
    line: int | None = None
    place: str = ""
    measure_no: int | None = None
    activity_no: int | None = None

    @property
    def where(self) -> str:
        """A human location: ``page 3, line 12``, ``table row 5``, ``preamble``."""
        parts = [f"page {self.page}"] if self.page is not None else []
        if self.line is not None:
            parts.append(f"{self.place or 'line'} {self.line}")
        elif self.place:
            parts.append(self.place)
        return ", ".join(parts)

    def render(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.code}: {self.message}"


@dataclass(frozen=True)
class RawRow:
    """One physical table row as the reader found it.

    `cells` hold plain text: a reader resolves its format's markup (HTML
    tags, ``<br>``, entities) into lines, list labels written in front.
    `line` is the 1-based source line of the row's first line (text formats),
    `page` its 1-based page (PDF). `starts_page` is set on a data row that
    opens a page right below a table row of the page before (nothing stands
    between them): it may be the rest of that row, cut by the page break. The
    table stage decides from the row's content (`layout.page_split`).
    """

    cells: tuple[str | None, ...]
    line: int | None = None
    page: int | None = None
    starts_page: bool = False
    free: bool = False
    # Cells drawn filled (HTML background, DOCX shading, a filled box or a line
    # drawn across a PDF cell): a month grid marks its months this way.
    shaded: frozenset[int] = frozenset()
    # How many grid columns each cell covers (a colspan); empty when all cover one.
    spans: tuple[int, ...] = ()
    # Read by OCR: the mean word confidence (0–1) of the row's least sure cell; None from a text layer.
    confidence: float | None = None


def least_confidence(a: float | None, b: float | None) -> float | None:
    """The lower of two OCR confidences, either of which may be unknown (text-layer rows)."""
    return b if a is None else a if b is None else min(a, b)


@dataclass(frozen=True)
class TextLayer:
    """A document's text page by page, as `thaireports text` reads it (a PDF's before any OCR).

    A reader that has it at hand keeps it for a file that turns out to hold
    no report table: naming what that file is then needs no second reading.
    The PDF reader has each page's text and character evidence; a .doc or
    .odt file's reader has the .docx LibreOffice made, which took seconds.
    """

    # Per page: its text and the repairs the evidence made; None where the reader kept none
    # (a report's pages after its header row), which a text extractor reads when asked.
    pages: tuple[tuple[str, Counter[str]] | None, ...]
    unusable: tuple[tuple[int, str], ...] = ()  # (page number, why its text layer is no text): left empty
    ocr: tuple[tuple[int, str], ...] = ()  # (page number, its text) for scanned pages OCR read whole


@dataclass(frozen=True)
class RawDocument:
    """What a reader found in one file."""

    path: str
    source_format: str  # "txt" | "html" | "pdf" | "docx" | "doc" | "odt" | "xlsx" | "xls" | "ods"
    preamble: tuple[str, ...]  # text lines before the first table row, in order
    rows: tuple[RawRow, ...]  # every table row, headers included, in order
    # Whether the source's line ends stood for spaces (text, HTML, Word), so
    # the two pieces of a cell cut by a page join with one; PDFs draw none
    # where Thai words wrap (`layout.wraps`).
    spaced_wraps: bool = True
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    n_pages: int | None = None
    ocr_pages: tuple[int, ...] = ()  # 1-based pages read by OCR (scanned pages)
    text_layer: TextLayer | None = None  # PDF, .doc, .odt: the text kept for a file whose rows make no report


# --- output rows: one class per table of pipeline.store.schema, same columns in the same order ---
# NamedTuples: immutable and typed like frozen dataclasses, but built about four
# times faster (a document has thousands of rows) and already the tuples the
# writer's Arrow conversion takes.


class DocumentRow(NamedTuple):
    doc_id: str
    source_path: str
    source_paths: tuple[str, ...]
    source_format: str
    source_bytes: int
    title: str | None
    report_kind: str | None
    organization: str | None
    organization_type: str | None
    district: str | None
    province: str | None
    plan_first_year: int | None
    plan_last_year: int | None
    report_round_months: int | None
    n_measures: int
    n_activities: int
    n_pages: int | None
    ocr_pages: tuple[int, ...]
    parser_version: str
    warnings: tuple[str, ...]  # each problem rendered, 'where: code: message'


class MeasureRow(NamedTuple):
    doc_id: str
    measure_no: int
    label: str
    title: str
    section: str | None
    section_label: str | None
    n_activities: int


class ExtraCell(NamedTuple):
    """A cell of a column whose header is not in the vocabulary."""

    column: str
    text: str


class ActivityRow(NamedTuple):
    doc_id: str
    measure_no: int
    activity_no: int
    period_start: date | None
    period_end: date | None
    period_text: str | None
    responsible: tuple[str, ...]
    budget_baht: float | None
    budget_text: str | None
    budget_spent_baht: float | None
    budget_remaining_baht: float | None
    indicator: str | None
    status: str | None
    extra: tuple[ExtraCell, ...]
    source_line: int | None
    source_page: int | None
    ocr_confidence: float | None


class ItemRow(NamedTuple):
    """A list item of an actions, outputs or outcomes cell."""

    doc_id: str
    measure_no: int
    activity_no: int
    item_no: int
    label: str
    text: str
    source_page: int | None


class QuantityRow(NamedTuple):
    doc_id: str
    measure_no: int
    activity_no: int
    item_no: int
    quantity_no: int
    value: float
    unit: str
    comparator: str
    per: str | None
    span: str


class BudgetRow(NamedTuple):
    """An activity's budget for one fiscal year, from a table with a budget column per year."""

    doc_id: str
    measure_no: int
    activity_no: int
    budget_year: int
    amount_baht: float | None
    text: str


class WarningRow(NamedTuple):
    doc_id: str
    warning_no: int
    code: str
    severity: str
    page: int | None
    line: int | None
    measure_no: int | None
    activity_no: int | None
    message: str


Row = DocumentRow | MeasureRow | ActivityRow | ItemRow | QuantityRow | BudgetRow | WarningRow
Tables = Mapping[str, Sequence[Row]]  # one document's rows, by output table
RowTuples = Mapping[str, Sequence[tuple[Any, ...]]]  # the same, typed rows or their fields as plain tuples
