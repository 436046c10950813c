"""Table rows -> tidy records for every output table.

This is the one place where a data problem gets its full location (page or
line, measure and activity): parsers below return `Problem`s or `None`, and
this module turns them into the document's warnings, as rows of the
`warnings` table and as the `documents.warnings` summary. Rows are typed
(`pipeline.model`): their fields are the columns of the output tables.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial

from pipeline import PARSER_VERSION
from pipeline.errors import GRID_UNMARKED, PERIOD_UNPARSED, NoFiscalYearError, NoTableError, NotAReportError, Problem
from pipeline.layout.kinds import Verdict, classify
from pipeline.layout.vocab import (
    ACTIONS,
    BUDGET,
    INDICATOR,
    OUTCOME,
    OUTPUT,
    PERIOD,
    RESPONSIBLE,
    STATUS,
    STATUS_DONE,
    STATUS_NOT_DONE,
)
from pipeline.model import (
    ActivityRow,
    BudgetRow,
    DocumentRow,
    ExtraCell,
    ItemRow,
    MeasureRow,
    QuantityRow,
    RawDocument,
    Row,
    WarningRow,
)
from pipeline.parse.cells import plain_text, split_items
from pipeline.parse.meta import OTHER, DocumentMeta, read_meta
from pipeline.parse.quantities import extract_quantities
from pipeline.parse.tables import TableRow, build_table, title_rows
from pipeline.parse.units import split_units
from pipeline.thai.grids import GridPeriod, grid_period
from pipeline.thai.periods import Period, parse_period
from pipeline.thai.spans import Round

ITEM_TABLES = {ACTIONS: "actions", OUTPUT: "outputs", OUTCOME: "outcomes"}
_MONEY = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
# An amount with its currency word: in a budget that also holds a year, a count or a page
# number, the amount is the one in baht.
BAHT_AMOUNT = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*บาท")


@dataclass
class ParsedDocument:
    """Every output row of one source file; ready for the writer once `add_document` has run."""

    doc_id: str
    fiscal_year: int
    problems: list[Problem] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    actions: list[ItemRow] = field(default_factory=list)
    outputs: list[ItemRow] = field(default_factory=list)
    outcomes: list[ItemRow] = field(default_factory=list)
    quantities: list[QuantityRow] = field(default_factory=list)
    budgets: list[BudgetRow] = field(default_factory=list)
    warnings: list[WarningRow] = field(default_factory=list)
    documents: list[DocumentRow] = field(default_factory=list)  # its one row, added last
    # (item table, measure_no, activity_no) -> items it has: numbers the next one without a scan
    item_counts: Counter[tuple[str, int, int]] = field(default_factory=Counter, repr=False, compare=False)

    @property
    def document(self) -> DocumentRow:
        return self.documents[0]

    def items(self, table: str) -> list[ItemRow]:
        """The rows of an item table: "actions", "outputs" or "outcomes"."""
        return {"actions": self.actions, "outputs": self.outputs, "outcomes": self.outcomes}[table]

    def tables(self) -> dict[str, Sequence[Row]]:
        """Rows by output table name, in the order of `pipeline.store.schema.TABLES`."""
        return {
            "documents": self.documents,
            "measures": self.measures,
            "activities": self.activities,
            "actions": self.actions,
            "outputs": self.outputs,
            "quantities": self.quantities,
            "outcomes": self.outcomes,
            "budgets": self.budgets,
            "warnings": self.warnings,
        }


def document_id(data: bytes) -> str:
    """A document's id: the sha256 of its file's bytes. Hashed once per file, by whoever reads it."""
    return hashlib.sha256(data).hexdigest()


def refuse_non_report(verdict: Verdict, source_path: str, looks_like_report: bool = False) -> None:
    """Raise `NotAReportError` saying what the document looks like, if it is not a report.

    A measures table, or a fiscal year in the title block, is evidence of a
    report too: with it, only a title that names another kind (a law, a
    budget) refuses the document.
    """
    if verdict.is_report or (looks_like_report and verdict.reason == "unknown"):
        return
    if verdict.reason == "unknown":
        raise NotAReportError(source_path, "not a report: its title block names no known report kind")
    raise NotAReportError(source_path, f"not a report: looks like a {verdict.reason} ({verdict.evidence[:80]})")


def build_records(raw: RawDocument, data: bytes, source_path: str, doc_id: str | None = None) -> ParsedDocument:
    """The output rows of a report table; fails in the order a person would give.

    Not a report (a law, a budget table) comes before no table, and no table
    before no fiscal year: each names the first thing wrong with the file.
    """
    title_block = (*raw.preamble, *title_rows(raw))
    meta = read_meta(title_block)
    table_rows, problems = build_table(raw)
    if not table_rows:
        raise NoTableError(
            source_path,
            "no report table: no header row with the usual columns "
            "(ลำดับ, มาตรการ, วิธีการ, ระยะเวลา, ผู้รับผิดชอบ, ผล…) was found",
        )
    if meta.fiscal_year is None:
        refuse_non_report(classify(title_block), source_path, looks_like_report=True)
        raise NoFiscalYearError(source_path, "no fiscal year (ปีงบประมาณ พ.ศ. ....) in the title block")
    parsed = ParsedDocument(doc_id or document_id(data), meta.fiscal_year, problems=[*raw.problems, *problems])
    add_table_rows(parsed, table_rows, meta.report_round)
    if meta.report_kind == OTHER:  # the title names no measures report: the classifier may know the kind
        verdict = classify(title_block)
        meta = replace(meta, report_kind=verdict.kind) if verdict.is_report else meta
    add_document(parsed, meta, Source(source_path, raw.source_format, len(data), raw.n_pages, raw.ocr_pages))
    return parsed


@dataclass(frozen=True)
class Source:
    """Where a document's rows came from, for its `documents` row."""

    path: str
    format: str
    size: int
    n_pages: int | None = None
    ocr_pages: tuple[int, ...] = ()


def add_document(parsed: ParsedDocument, meta: DocumentMeta, source: Source) -> None:
    """The document's own row and its warnings; call after every other row is added."""
    parsed.documents.append(
        DocumentRow(
            doc_id=parsed.doc_id,
            source_path=source.path,
            source_paths=(source.path,),  # the writer lists every path holding the same bytes
            source_format=source.format,
            source_bytes=source.size,
            title=meta.title,
            report_kind=meta.report_kind,
            organization=meta.organization,
            organization_type=meta.organization_type,
            district=meta.district,
            province=meta.province,
            plan_first_year=meta.plan_first_year,
            plan_last_year=meta.plan_last_year,
            report_round_months=meta.report_round.months if meta.report_round else None,
            n_measures=len(parsed.measures),
            n_activities=len(parsed.activities),
            n_pages=source.n_pages,
            ocr_pages=source.ocr_pages,
            parser_version=PARSER_VERSION,
            warnings=tuple(p.render() for p in parsed.problems),
        )
    )
    parsed.warnings.extend(_warning_row(parsed.doc_id, n, p) for n, p in enumerate(parsed.problems, start=1))


def _warning_row(doc_id: str, warning_no: int, p: Problem) -> WarningRow:
    return WarningRow(doc_id, warning_no, p.code, p.severity, p.page, p.line, p.measure_no, p.activity_no, p.message)


def add_table_rows(parsed: ParsedDocument, table_rows: list[TableRow], round_: Round | None = None) -> None:
    """Measures, activities and their items from the rows of a report table; `round_` dates rows with none."""
    counts: dict[int, int] = defaultdict(int)
    first: dict[int, TableRow] = {}
    readings = _ColumnReadings(parsed.fiscal_year)
    for row in table_rows:
        counts[row.measure_no] += 1
        first.setdefault(row.measure_no, row)
        _add_activity(parsed, row, counts[row.measure_no], round_, readings)
    for number in sorted(counts):
        row = first[number]
        section_label, section = row.section or (None, None)
        parsed.measures.append(
            MeasureRow(
                doc_id=parsed.doc_id,
                measure_no=number,
                label=plain_text(row.label),
                title=plain_text(row.measure_title),
                section=plain_text(section) or None if section is not None else None,
                section_label=section_label or None,
                n_activities=counts[number],
            )
        )


def _located(problem: Problem, row: TableRow, activity_no: int) -> Problem:
    """A cell's problem at its row's page and line, in its measure and activity."""
    return replace(problem, page=row.page, line=row.line, measure_no=row.measure_no, activity_no=activity_no)


class _ColumnReadings:
    """What one document's period and responsible cells read as. Most rows of a report repeat the
    period and the units of the rows above, so each distinct cell is read once."""

    def __init__(self, fiscal_year: int | None):
        self.period = lru_cache(maxsize=None)(partial(parse_period, fiscal_year=fiscal_year))
        self.units = lru_cache(maxsize=None)(_units)


def _units(cell: str) -> tuple[str, ...]:
    return tuple(split_units(item.text for item in split_items(cell).items))


def _add_activity(
    parsed: ParsedDocument, row: TableRow, activity_no: int, round_: Round | None, readings: _ColumnReadings
) -> None:
    period_text = plain_text(row.cells.get(PERIOD, ""))
    period: Period | GridPeriod | None = readings.period(period_text) if period_text else None
    if period_text and period is None and period_text.strip("-–— "):
        parsed.problems.append(_located(PERIOD_UNPARSED.problem(text=period_text), row, activity_no))
    if not period_text and row.grid is not None:
        drawn = grid_period(*row.grid, row.grid_year or parsed.fiscal_year)
        period, period_text = drawn, drawn.text
    elif not period_text and row.gridded:
        parsed.problems.append(_located(GRID_UNMARKED.problem(), row, activity_no))
    elif not period_text and round_ is not None:
        period, period_text = Period(round_.start, round_.end), f"round: {round_.text}"  # the report's round
    budget_text = plain_text(row.cells.get(BUDGET, "")) if BUDGET in row.cells else None
    parsed.activities.append(
        ActivityRow(
            doc_id=parsed.doc_id,
            measure_no=row.measure_no,
            activity_no=activity_no,
            period_start=period.start if period else None,
            period_end=period.end if period else None,
            period_text=period_text or None,
            responsible=readings.units(row.cells.get(RESPONSIBLE, "")),
            budget_baht=_budget(budget_text),
            budget_text=budget_text,
            budget_spent_baht=None,
            budget_remaining_baht=None,
            indicator=plain_text(row.cells[INDICATOR]) or None if INDICATOR in row.cells else None,
            status=_status(row),
            extra=tuple(ExtraCell(k, plain_text(v)) for k, v in row.extra.items()),
            source_line=row.line,
            source_page=row.page,
            ocr_confidence=row.confidence,
        )
    )
    for year, cell in sorted(row.budgets.items()):
        text = plain_text(cell)
        parsed.budgets.append(BudgetRow(parsed.doc_id, row.measure_no, activity_no, year, _budget(text), text))
    for column in ITEM_TABLES:
        found = split_items(row.cells.get(column, ""))
        parsed.problems.extend(_located(p, row, activity_no) for p in found.problems)
        items = [(item.label, item.text) for item in found.items]
        append_items(parsed, row.measure_no, activity_no, column, items, row.page)


def append_items(
    parsed: ParsedDocument,
    measure_no: int,
    activity_no: int,
    column: str,
    items: list[tuple[str, str]],
    page: int | None = None,
) -> None:
    """(label, text) items of `column` after those the activity has; outputs with their quantities."""
    table = ITEM_TABLES[column]
    rows = parsed.items(table)
    first = 1 + parsed.item_counts[table, measure_no, activity_no]
    parsed.item_counts[table, measure_no, activity_no] += len(items)
    for item_no, (label, text) in enumerate(items, start=first):
        rows.append(ItemRow(parsed.doc_id, measure_no, activity_no, item_no, label, text, page))
        if column == OUTPUT:
            for quantity_no, q in enumerate(extract_quantities(text), start=1):
                parsed.quantities.append(
                    QuantityRow(
                        parsed.doc_id,
                        measure_no,
                        activity_no,
                        item_no,
                        quantity_no,
                        q.value,
                        q.unit,
                        q.comparator,
                        q.per,
                        q.span,
                    )
                )


def _status(row: TableRow) -> str | None:
    """ "done" / "not_done" from a tick in one of the two status columns, else a status cell as printed."""
    done = bool(plain_text(row.cells.get(STATUS_DONE, "")).strip("-– "))
    not_done = bool(plain_text(row.cells.get(STATUS_NOT_DONE, "")).strip("-– "))
    if done != not_done:
        return "done" if done else "not_done"
    return plain_text(row.cells.get(STATUS, "")) or None


def _budget(text: str | None) -> float | None:
    if not text:
        return None
    baht = BAHT_AMOUNT.search(text)
    match = baht.group(1) if baht else (found.group() if (found := _MONEY.search(text)) else None)
    if not match:
        return None
    try:
        return float(match.replace(",", ""))
    except ValueError:
        return None
