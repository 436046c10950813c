"""A project result report's fields -> the same tidy tables as a measures table.

The project is a measure with one activity. Results and participants are its
outputs (quantities follow from them as from any output cell), ผลที่ได้รับ its
outcomes; objectives, targets, place, problems, suggestions and the ticked
options stay as extra fields, and the amounts allocated, spent and remaining
are numbers of their own.
"""

from __future__ import annotations

from pipeline.errors import BlankFormError, NoFiscalYearError
from pipeline.layout.kinds import PROJECT_REPORT
from pipeline.layout.vocab import BUDGET, OUTCOME, OUTPUT, PERIOD, RESPONSIBLE
from pipeline.parse.meta import DocumentMeta, read_meta
from pipeline.parse.project_report import ProjectReport
from pipeline.parse.records import ParsedDocument, Source, add_document, add_table_rows, append_items
from pipeline.parse.tables import TableRow
from pipeline.thai.periods import parse_period
from pipeline.thai.thai_calendar import find_fiscal_year, fiscal_year_of

# Fields kept whole beside the activity, in this order.
EXTRA_FIELDS = ("objectives", "target", "place", "budget_output", "spending", "problems", "suggestions")
TITLE_BLOCK = 6  # lines of the form's heading: its name, the year, the agency


def project_records(report: ProjectReport, lines: list[str], source: Source, doc_id: str) -> ParsedDocument:
    title = report.fields.get("title", "")
    if not title:
        raise BlankFormError(source.path, "a project result form with no project filled in (ชื่อโครงการ is blank)")
    fiscal_year = _fiscal_year(report, lines)
    if fiscal_year is None:
        raise NoFiscalYearError(source.path, "no fiscal year (ประจำปีงบประมาณ พ.ศ. ....) on the form")
    parsed = ParsedDocument(doc_id, fiscal_year)
    add_table_rows(parsed, [_row(report, title)])
    activity = parsed.activities[-1]
    if report.fields.get("participants"):
        items = [("", f"ผู้เข้าร่วม {report.fields['participants']}")]
        append_items(parsed, activity.measure_no, activity.activity_no, OUTPUT, items)
    parsed.activities[-1] = activity._replace(
        budget_spent_baht=report.amounts["spent"],
        budget_remaining_baht=report.amounts["remaining"],
        budget_baht=report.amounts["allocated"] if activity.budget_baht is None else activity.budget_baht,
    )
    meta = read_meta(tuple(lines[:TITLE_BLOCK]))
    heading = DocumentMeta(
        meta.title, PROJECT_REPORT, meta.organization, meta.organization_type, meta.district, meta.province, fiscal_year
    )
    add_document(parsed, heading, source)
    return parsed


def _row(report: ProjectReport, title: str) -> TableRow:
    fields = report.fields
    cells = {
        PERIOD: fields.get("period", ""),
        RESPONSIBLE: fields.get("responsible", ""),
        BUDGET: fields.get("budget", ""),
        OUTPUT: fields.get("results", ""),
        OUTCOME: fields.get("outcomes", ""),
    }
    extra = {name: fields[name] for name in EXTRA_FIELDS if fields.get(name)}
    if report.ticked:
        extra["ticked"] = "\n".join(report.ticked)
    return TableRow(1, title.replace("\n", " "), {k: v for k, v in cells.items() if v}, extra=extra)


def _fiscal_year(report: ProjectReport, lines: list[str]) -> int | None:
    # A memo may come first: the form's own heading, with its year, follows it.
    printed = find_fiscal_year("\n".join(lines[:TITLE_BLOCK])) or find_fiscal_year("\n".join(lines))
    if printed is not None:
        return printed
    period = parse_period(report.fields.get("period", ""), None)
    return fiscal_year_of(period.start) if period and period.start else None
