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
from pipeline.layout.wraps import join_wrapped
from pipeline.parse.meta import DocumentMeta, read_meta
from pipeline.parse.project_report import OTHER_SECTIONS, ProjectReport
from pipeline.parse.records import ParsedDocument, Source, add_document, add_table_rows, append_items
from pipeline.parse.tables import TableRow
from pipeline.thai.periods import parse_period
from pipeline.thai.thai_calendar import find_fiscal_year, fiscal_year_of

# Fields kept whole beside the activity, in this order.
EXTRA_FIELDS = (
    "objectives",
    "target",
    "place",
    "budget_output",
    "spending",
    "problems",
    "suggestions",
    OTHER_SECTIONS,
)
TITLE_BLOCK = 6  # lines of the form's heading: its name, the year, the agency
AFTER_PERIOD = "after_period"  # lines that ran on into the period field but are no part of it


def project_records(report: ProjectReport, lines: list[str], source: Source, doc_id: str) -> ParsedDocument:
    title = report.fields.get("title", "")
    if not title:
        raise BlankFormError(source.path, "a project result form with no project filled in (ชื่อโครงการ is blank)")
    fiscal_year = _fiscal_year(report, lines)
    if fiscal_year is None:
        raise NoFiscalYearError(source.path, "no fiscal year (ประจำปีงบประมาณ พ.ศ. ....) on the form")
    parsed = ParsedDocument(doc_id, fiscal_year)
    add_table_rows(parsed, [_row(report, title, spaced=source.format != "pdf")])
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


def _row(report: ProjectReport, title: str, spaced: bool) -> TableRow:
    """The project as a table row. A result or outcome wrapped over lines is one item (a list
    label starts the next): `spaced` says the source's line ends stood for spaces (text,
    Word), not for wraps where a space may not have been drawn (PDF, scans)."""
    fields = report.fields
    period, after_period = _period_lines(fields.get("period", ""))
    cells = {
        PERIOD: period,
        RESPONSIBLE: fields.get("responsible", ""),
        BUDGET: fields.get("budget", ""),
        OUTPUT: join_wrapped(fields.get("results", "").split("\n"), spaced=spaced),
        OUTCOME: join_wrapped(fields.get("outcomes", "").split("\n"), spaced=spaced),
    }
    extra = {name: fields[name] for name in EXTRA_FIELDS if fields.get(name)}
    if after_period:
        extra[AFTER_PERIOD] = after_period
    if report.ticked:
        extra["ticked"] = "\n".join(report.ticked)
    return TableRow(1, title.replace("\n", " "), {k: v for k, v in cells.items() if v}, extra=extra)


def _period_lines(value: str) -> tuple[str, str]:
    """The period field's lines that make its period, and the lines after them.

    A scan's stray lines (a page number, a stamp) run on into the field above
    them; the period is the longest run of its first lines that still reads as
    one, the rest is kept beside it.
    """
    lines = value.split("\n")
    ends = [k for k in range(1, len(lines) + 1) if parse_period(" ".join(lines[:k]), None) is not None]
    cut = ends[-1] if ends else len(lines)
    return "\n".join(lines[:cut]), "\n".join(lines[cut:])


def _fiscal_year(report: ProjectReport, lines: list[str]) -> int | None:
    # A memo may come first: the form's own heading, with its year, follows it.
    printed = find_fiscal_year("\n".join(lines[:TITLE_BLOCK])) or find_fiscal_year("\n".join(lines))
    if printed is not None:
        return printed
    period = parse_period(report.fields.get("period", ""), None)
    return fiscal_year_of(period.start) if period and period.start else None
