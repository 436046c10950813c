"""What the pipeline sees in one report, for people checking why it parsed as it did.

`inspect_file` returns a plain dict (JSON-ready): the reader's format and
title block, every header row with the column each cell was mapped to, the
measures with their activities, items and quantities, and every warning with
its location. A report that cannot be converted (no table, no fiscal year)
still shows what was found, with the error. `render_tree` draws the same
dict for a terminal.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from pipeline.errors import Problem, ReportError, UnsupportedFormatError
from pipeline.layout.headers import match_header
from pipeline.layout.kinds import classify
from pipeline.limits import read_head, read_regular
from pipeline.model import ExtraCell, RawDocument
from pipeline.parse.document import parse_document
from pipeline.parse.grid import find_budget_years, find_grid
from pipeline.parse.meta import read_meta
from pipeline.parse.records import ParsedDocument
from pipeline.parse.tables import build_table, read_table, title_rows
from pipeline.printable import printable
from pipeline.read import read_document
from pipeline.thai.text import normalize_text

_ACTIVITY_FIELDS = (
    "period_text",
    "period_start",
    "period_end",
    "responsible",
    "budget_baht",
    "budget_text",
    "indicator",
    "status",
    "extra",
    "source_line",
    "source_page",
)
_QUANTITY_FIELDS = ("quantity_no", "value", "unit", "comparator", "per", "span")


def inspect_file(path: Path) -> dict:
    """The detected structure of one report; raises `ReportError` only when it cannot be read."""
    path = Path(path)
    try:
        data = read_regular(path)
    except OSError as err:
        raise ReportError(path, f"cannot read the file ({err.strerror or err})") from err
    raw = read_document(path, data)
    meta = read_meta(raw.preamble)
    report = {
        "path": path.as_posix(),
        "format": raw.source_format,
        "n_pages": raw.n_pages,
        "n_raw_rows": len(raw.rows),
        "title_block": [normalize_text(t) for t in raw.preamble if t.strip()],
        "document": {
            k: getattr(meta, k)
            for k in (
                "title",
                "report_kind",
                "organization",
                "organization_type",
                "district",
                "province",
                "fiscal_year",
            )
        },
        "kind": _kind(raw),
        "headers": headers(raw, read_table(raw).roles),
        "measures": [],
        "warnings": [],
        "error": None,
    }
    try:
        parsed = parse_document(path, data, path.as_posix())
    except ReportError as err:
        rows, problems = build_table(raw)
        report["error"] = {"code": err.code, "message": err.message}
        report["warnings"] = [_problem(p) for p in (*raw.problems, *problems)]
        report["n_table_rows"] = len(rows)
        return report
    report["doc_id"] = parsed.doc_id
    report["measures"] = _measures(parsed)
    report["warnings"] = [_problem(p) for p in parsed.problems]
    return report


def _kind(raw: RawDocument) -> dict:
    verdict = classify((*raw.preamble, *title_rows(raw)))
    return {"kind": verdict.kind, "reason": verdict.reason or None, "evidence": verdict.evidence}


def headers(raw: RawDocument, roles: dict[str, tuple[str | None, str]] | None = None) -> list[dict]:
    """Every header row: where it is, the column of each cell (None: kept in `extra`) and why.

    `reason` is "vocabulary" (its wording), "content" (its cells, `roles` from
    the table stage), "grid" (a month or quarter column of a period grid, with
    `grid`: its label), "vocabulary: no role" or "unknown" (kept in `extra`).
    """
    roles = roles or {}
    found = []
    rows = list(raw.rows)
    for at, row in enumerate(rows):
        header = match_header(row.cells)
        if header is None:
            continue
        grid = find_grid(row.cells)
        under = rows[at + 1] if at + 1 < len(rows) else None
        grid = grid or (find_grid(under.cells, row.cells) if under is not None else None)
        years = find_budget_years(row.cells) or (
            find_budget_years(under.cells, row.cells) if under is not None else None
        )
        cells = []
        for index, cell in enumerate(row.cells):
            if not cell or not cell.strip():
                continue
            text = normalize_text(cell)
            column, reason = header.columns.get(index), header.reasons.get(index, "vocabulary")
            if index in header.unknown:
                column, reason = roles.get(header.unknown[index], (None, "unknown"))
            entry = {"index": index, "text": text, "column": column, "reason": reason}
            if years and index in years:
                entry.update(
                    column="budgets", reason="budget years", grid=f"{min(years.values())}–{max(years.values())}"
                )
            if grid is not None and index in grid.slots:
                first, last = grid.slots[min(grid.slots)], grid.slots[max(grid.slots)]
                entry.update(column=None, reason="grid", grid=f"{first.text}…{last.text}")
            cells.append(entry)
        found.append({"line": row.line, "page": row.page, "cells": cells, "grid_year": grid.year if grid else None})
    return found


def is_pdf(path: Path) -> bool:
    return read_head(path, 2048).lstrip().startswith(b"%PDF")


def check_page(path: Path, page: int) -> None:
    """Raise `PageError` unless `path` is a PDF with a page `page`."""
    if not is_pdf(path):
        raise PageError(f"--page needs a PDF; {path} is not one (it has no pages)")
    from pipeline.read.pdf.document import open_pdf

    pdf = open_pdf(path)
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if not 1 <= page <= pages:
        raise PageError(f"there is no page {page}: {path} has {pages} pages")


class PageError(ValueError):
    """A page number the file does not have."""


def debug_image(path: Path, page: int, out: Path) -> Path:
    """Draw page `page`'s detected rules and cells over the page image (PDF only)."""
    if not is_pdf(path):
        raise UnsupportedFormatError(path, "--debug-image draws PDF pages only")
    check_page(path, page)
    from pipeline.read.pdf.plumber import debug_image as draw

    return draw(path, page, out)


def _problem(problem: Problem) -> dict:
    return {"where": problem.where, "code": problem.code, "message": problem.message}


def _jsonable(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, ExtraCell):
        return value._asdict()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _measures(parsed: ParsedDocument) -> list[dict]:
    items: dict[tuple, list[dict]] = defaultdict(list)
    quantities: dict[tuple, list[dict]] = defaultdict(list)
    for q in parsed.quantities:
        key = (q.measure_no, q.activity_no, q.item_no)
        quantities[key].append({f: getattr(q, f) for f in _QUANTITY_FIELDS})
    for kind, found in (("action", parsed.actions), ("output", parsed.outputs), ("outcome", parsed.outcomes)):
        for item in found:
            entry: dict[str, object] = {"kind": kind, "item_no": item.item_no, "label": item.label, "text": item.text}
            if kind == "output":
                entry["quantities"] = quantities.get((item.measure_no, item.activity_no, item.item_no), [])
            items[(item.measure_no, item.activity_no)].append(entry)
    budgets: dict[tuple, list[dict]] = defaultdict(list)
    for b in parsed.budgets:
        budgets[(b.measure_no, b.activity_no)].append({"year": b.budget_year, "baht": b.amount_baht})
    activities: dict[int, list[dict]] = defaultdict(list)
    for a in parsed.activities:
        fields = {f: _jsonable(getattr(a, f)) for f in _ACTIVITY_FIELDS}
        activity_key = (a.measure_no, a.activity_no)
        activities[a.measure_no].append(
            {
                "activity_no": a.activity_no,
                **fields,
                "budgets": budgets.get(activity_key, []),
                "items": items.get(activity_key, []),
            }
        )
    return [
        {
            "measure_no": m.measure_no,
            "label": m.label,
            "title": m.title,
            "section_label": m.section_label,
            "section": m.section,
            "activities": activities[m.measure_no],
        }
        for m in parsed.measures
    ]


def _verdict(kind: dict) -> str:
    return f"{kind['kind']} ({kind['reason']})" if kind["reason"] else kind["kind"]


def render_tree(report: dict, page: int | None = None) -> str:
    """The report dict as an indented tree; `page` keeps only that page's rows (PDF)."""
    doc = report["document"]
    lines = [
        f"{printable(report['path'])} ({report['format']}, {report['n_raw_rows']} raw rows"
        + (f", {report['n_pages']} pages)" if report["n_pages"] else ")"),
        f"├─ document: {doc['title'] or '(no title)'}",
        f"│  kind {doc['report_kind']} · fiscal year {doc['fiscal_year'] or '(not found)'}",
        f"│  looks like {_verdict(report['kind'])} — from: {report['kind']['evidence'][:80]}",
        f"│  organization {doc['organization'] or '(not found)'} ({doc['organization_type'] or '?'})"
        f" · district {doc['district'] or '?'} · province {doc['province'] or '?'}",
    ]
    if report["error"]:
        lines.append(f"├─ ERROR [{report['error']['code']}] {report['error']['message']}")
    lines += _header_lines([h for h in report["headers"] if page is None or h["page"] == page])
    for measure in report["measures"]:
        activities = [a for a in measure["activities"] if page is None or a["source_page"] == page]
        if activities:
            lines += _measure_lines(measure, activities)
    warnings = report["warnings"]
    lines.append(f"└─ warnings ({len(warnings)})")
    lines += [
        f"   {'└' if i == len(warnings) - 1 else '├'}─ {w['where'] or 'document'}: {w['code']}: {w['message']}"
        for i, w in enumerate(warnings)
    ]
    return "\n".join(lines)


def _header_lines(found: list[dict]) -> list[str]:
    """Identical header rows (repeated before every block) collapse into one line."""
    groups: dict[tuple, list[str]] = {}
    for h in found:
        mapping = tuple((c["text"], c["column"], c.get("reason", "vocabulary"), c.get("grid")) for c in h["cells"])
        groups.setdefault(mapping, []).append(_where(h.get("line"), h.get("page")))
    lines = [f"├─ headers ({len(found)})"]
    for mapping, places in groups.items():
        cells = " | ".join(f"{text} → {_role(column, reason, grid)}" for text, column, reason, grid in mapping)
        lines.append(f"│  ├─ {', '.join(places)}: {cells}")
    return lines


def _role(column: str | None, reason: str, grid: str | None) -> str:
    if reason == "grid":
        return f"period grid {grid or ''}".rstrip()
    if reason == "budget years":
        return f"budgets per year {grid}"
    if column is None:
        return "extra (known, no role)" if reason.startswith("vocabulary") else "UNKNOWN (extra)"
    return f"{column} ({reason})"


def _measure_lines(measure: dict, activities: list[dict]) -> list[str]:
    printed = measure.get("label") or ""
    restates = "".join(ch for ch in printed if ch.isdigit()) == str(measure["measure_no"])
    label = f" «{printed}»" if printed and not restates else ""  # shown when numbering restarted
    lines = [f"├─ measure {measure['measure_no']}{label}: {measure['title']}"]
    if measure.get("section") or measure.get("section_label"):
        lines.append(f"│  section: {measure.get('section_label') or ''} {measure.get('section') or ''}".rstrip())
    for a in activities:
        period = f"{a['period_start'] or '?'} .. {a['period_end'] or '?'}" if a["period_text"] else "(none)"
        budget = f" · budget {a['budget_baht']:,.2f}" if a["budget_baht"] is not None else ""
        lines.append(
            f"│  ├─ activity {a['activity_no']} ({_where(a['source_line'], a['source_page'])})"
            f" · period {period} «{a['period_text'] or ''}»{budget}"
        )
        lines.append(f"│  │  responsible: {', '.join(a['responsible'] or []) or '(none)'}")
        if a.get("budgets"):
            per_year = ", ".join(
                f"{b['year']}: {'-' if b['baht'] is None else format(b['baht'], ',.2f')}" for b in a["budgets"]
            )
            lines.append(f"│  │  budgets: {per_year}")
        if a.get("status"):
            lines.append(f"│  │  status: {a['status']}")
        for extra in a.get("extra") or []:
            lines.append(f"│  │  extra «{extra['column']}»: {extra['text']}")
        for item in a["items"]:
            found = "".join(
                f" [{q['comparator'] if q['comparator'] != '=' else ''}{q['value']:g} {q['unit']}"
                f"{'/' + q['per'] if q['per'] else ''}]"
                for q in item.get("quantities", [])
            )
            lines.append(f"│  │  ├─ {item['kind']} {item['label'] or item['item_no']} {item['text']}{found}")
    return lines


def _where(line: int | None, page: int | None) -> str:
    return ", ".join(p for p in (f"page {page}" if page else "", f"line {line}" if line else "") if p) or "?"
