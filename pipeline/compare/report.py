"""A comparison as one self-contained HTML page: inline CSS, JSON, JS and SVG.

The page opens from disk in any browser (no server, no network). Tables are
written here as static HTML; the three charts (measures per year, quantity
changes, organizations compared) are drawn by the inline script from a JSON
block, so the data behind every chart is in the page for anyone to reuse.
"""

from __future__ import annotations

import json
import math
from html import escape
from pathlib import Path

import pandas as pd

from pipeline import PARSER_VERSION
from pipeline.compare.assets import CSS, SCRIPT
from pipeline.compare.changes import DOWN, UP, format_number
from pipeline.compare.core import COMPARED, CONTINUED, DROPPED, NEW, Comparison
from pipeline.compare.match import SIMILARITY_THRESHOLD

MAX_QUANTITY_BARS = 40
CHARTS = (
    ("measures-per-year", "Measures per year", "จำนวนมาตรการรายปี"),
    ("quantity-changes", "Quantity changes of continued measures", "การเปลี่ยนแปลงของตัวเลขผลการดำเนินการ"),
    ("organizations", "Organizations compared", "หน่วยงานที่เปรียบเทียบ"),
)
LEGENDS = {
    "measures-per-year": (CONTINUED, NEW, DROPPED),
    "quantity-changes": (UP, DOWN),
    "organizations": (CONTINUED, NEW, DROPPED),
}


def write_html(result: Comparison, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(result), encoding="utf-8")
    return path


def render_html(result: Comparison) -> str:
    pairs = ", ".join(f"{a} → {b}" for a, b in result.pairs)
    body = [
        f"<h1>Year-over-year comparison {escape(pairs)}</h1>",
        f'<p class="lede">เปรียบเทียบมาตรการส่งเสริมคุณธรรมและความโปร่งใสระหว่างปีงบประมาณ · '
        f"titles matched exactly, then by word similarity ≥ {SIMILARITY_THRESHOLD}</p>",
        _cards(result),
    ]
    for key, en, th in CHARTS:
        body += [
            f"<h2>{escape(en)} <small>· {escape(th)}</small></h2>",
            _legend(key),
            f'<svg class="chart" data-chart="{key}" role="img" aria-label="{escape(en)}"></svg>',
        ]
    body += [
        _organization_table(result),
        _measure_table(result),
        _quantity_table(result),
        _notes(result),
        f"<footer>thaireports {escape(PARSER_VERSION)}</footer>",
    ]
    return _page(pairs, "\n".join(body), chart_data(result))


def chart_data(result: Comparison) -> dict:
    """What the charts draw, as plain JSON-ready values."""
    return {
        "years": _year_bars(result),
        "quantities": _quantity_bars(result.quantities),
        "organizations": _organization_bars(result.organizations),
    }


def _page(pairs: str, body: str, data: dict) -> str:
    # "<" escaped so that no text in the data can close the script element.
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return (
        f'<!DOCTYPE html>\n<html lang="th">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>thaireports: {escape(pairs)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        f'<script id="comparison-data" type="application/json">{payload}</script>\n'
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def _year_bars(result: Comparison) -> list[dict]:
    """One stacked bar per fiscal year, summing the measures of every compared report of that year.

    A report that is the later side of a comparison splits into continued +
    new; one that is only ever the earlier side into continued + dropped.
    """
    compared = result.organizations[result.organizations["status"] == COMPARED]
    measures = result.measures
    later = set(compared["doc_id_to"])
    totals: dict[int, dict[str, int]] = {}
    for _, org in compared.iterrows():
        sides = [("doc_id_to", int(org["year_to"]), (CONTINUED, NEW))]
        if org["doc_id_from"] not in later:
            sides.append(("doc_id_from", int(org["year_from"]), (CONTINUED, DROPPED)))
        for column, year, kinds in sides:
            counts = measures[measures[column] == org[column]]["status"].value_counts()
            bar = totals.setdefault(year, {CONTINUED: 0, NEW: 0, DROPPED: 0})
            for kind in kinds:
                bar[kind] += int(counts.get(kind, 0))
    return [
        {"year": year, "total": sum(bar.values()), "segments": [{"key": k, "value": v} for k, v in bar.items() if v]}
        for year, bar in sorted(totals.items())
        if sum(bar.values())
    ]


def _quantity_bars(quantities: pd.DataFrame) -> list[dict]:
    moved = quantities[quantities["status"].isin([UP, DOWN]) & (quantities["value_from"] != 0)]
    rows = []
    for _, q in moved.iterrows():
        percent = 100.0 * (q["value_to"] - q["value_from"]) / abs(q["value_from"])
        org = _short(str(q["organization"] or ""), 26)
        rows.append({"label": f"{org} · {int(q['measure_no_to'])}. {q['text']}", "percent": round(percent, 2)})
    rows.sort(key=lambda r: (-abs(r["percent"]), r["label"]))
    return sorted(rows[:MAX_QUANTITY_BARS], key=lambda r: (-r["percent"], r["label"]))


def _organization_bars(organizations: pd.DataFrame) -> list[dict]:
    compared = organizations[organizations["status"] == COMPARED]
    return [
        {
            "label": f"{_short(str(o['organization'] or ''), 34)} {o['year_from']}→{o['year_to']}",
            CONTINUED: int(o[CONTINUED]),
            NEW: int(o[NEW]),
            DROPPED: int(o[DROPPED]),
        }
        for _, o in compared.iterrows()
    ]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cards(result: Comparison) -> str:
    counts = result.measures["status"].value_counts()
    changed = int(result.quantities["status"].isin([UP, DOWN]).sum()) if len(result.quantities) else 0
    cards = [
        ("", int((result.organizations["status"] == COMPARED).sum()), "organizations compared"),
        (CONTINUED, int(counts.get(CONTINUED, 0)), "continued measures"),
        (NEW, int(counts.get(NEW, 0)), "new measures"),
        (DROPPED, int(counts.get(DROPPED, 0)), "dropped measures"),
        ("", changed, "quantities changed"),
    ]
    return (
        '<div class="cards">'
        + "".join(f'<div class="card {key}"><b>{value}</b><span>{label}</span></div>' for key, value, label in cards)
        + "</div>"
    )


def _legend(chart: str) -> str:
    names = {
        CONTINUED: "continued · ต่อเนื่อง",
        NEW: "new · ใหม่",
        DROPPED: "dropped · ยกเลิก",
        UP: "increase · เพิ่มขึ้น",
        DOWN: "decrease · ลดลง",
    }
    colors = {CONTINUED: "continued", NEW: "new", DROPPED: "dropped", UP: "new", DOWN: "dropped"}
    return (
        '<div class="legend">'
        + "".join(f'<span><i style="background:var(--{colors[k]})"></i>{names[k]}</span>' for k in LEGENDS[chart])
        + "</div>"
    )


def _table(title: str, headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(rows_cells) + "</tr>" for rows_cells in rows)
    return f"<h2>{escape(title)}</h2>\n<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _td(value: object, css: str = "") -> str:
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA else str(value)
    return f'<td class="{css}">{escape(text)}</td>' if css else f"<td>{escape(text)}</td>"


def _organization_table(result: Comparison) -> str:
    rows = [
        [
            _td(o["organization"]),
            _td(o["province"]),
            _td(f"{o['year_from']} → {o['year_to']}"),
            _td(o["status"]),
            _td(o["measures_from"], "num"),
            _td(o["measures_to"], "num"),
            _td(o[CONTINUED], "num"),
            _td(o[NEW], "num"),
            _td(o[DROPPED], "num"),
            _td(o["quantities_changed"], "num"),
        ]
        for _, o in result.organizations.iterrows()
    ]
    return _table(
        "Organizations",
        [
            "organization",
            "province",
            "years",
            "status",
            "measures before",
            "measures after",
            CONTINUED,
            NEW,
            DROPPED,
            "quantities changed",
        ],
        rows,
    )


def _measure_table(result: Comparison) -> str:
    rows = []
    for _, m in result.measures.iterrows():
        match = "" if m["status"] != CONTINUED else m["method"] if m["method"] == "exact" else f"{m['score']:.2f}"
        rows.append(
            [
                _td(m["organization"]),
                _td(m["status"], f"status {m['status']}"),
                _td(match),
                _td(_numbered(m["measure_no_from"], m["title_from"])),
                _td(_numbered(m["measure_no_to"], m["title_to"])),
                _td(m["changes"]),
            ]
        )
    return _table("Measures", ["organization", "status", "match", "before", "after", "quantity changes"], rows)


def _quantity_table(result: Comparison) -> str:
    q = result.quantities
    moved = q[q["status"] != "same"]
    rows = [
        [
            _td(r["organization"]),
            _td(f"{r['measure_no_from']} → {r['measure_no_to']}"),
            _td(r["label"]),
            _td(format_number(r["value_from"]), "num"),
            _td(format_number(r["value_to"]), "num"),
            _td(r["status"], r["status"]),
            _td(r["span_from"]),
            _td(r["span_to"]),
        ]
        for _, r in moved.iterrows()
    ]
    return _table(
        f"Quantity changes ({len(moved)} of {len(q)} quantities)",
        ["organization", "measure", "unit", "before", "after", "change", "text before", "text after"],
        rows,
    )


def _numbered(number: float | None, title: object) -> str:
    if number is None or number is pd.NA or (isinstance(number, float) and math.isnan(number)):
        return "—"
    return f"{int(number)}. {title}"


def _notes(result: Comparison) -> str:
    if not result.notes:
        return ""
    return "<h2>Notes</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in result.notes) + "</ul>"
