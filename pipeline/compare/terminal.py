"""A comparison as plain text for the terminal, one block per organization.

Thai vowel and tone marks above or below a letter take no column of their
own, so widths are counted in display cells, not characters.

>>> display_width("ที่")
1
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from pipeline.compare.core import COMPARED, CONTINUED, DROPPED, NEW, Comparison

TITLE_WIDTH = 38
_ZERO_WIDTH = {"Mn", "Me", "Cf"}


def display_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.category(char) in _ZERO_WIDTH:
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """`text` cut with "…" or padded with spaces to exactly `width` cells."""
    if display_width(text) > width:
        cut = ""
        for char in text:
            if display_width(cut + char) > width - 1:
                break
            cut += char
        text = cut + "…"
    return text + " " * (width - display_width(text))


def render_text(result: Comparison) -> str:
    lines = [_summary(result)]
    compared = result.organizations[result.organizations["status"] == COMPARED]
    for _, org in compared.iterrows():
        lines += ["", *_organization_block(result, org)]
    others = result.organizations[result.organizations["status"] != COMPARED]
    if len(others):
        lines += ["", "Not compared (a report in one of the years only):"]
        lines += [f"  {_name(org)}: {_only(org)}" for _, org in others.iterrows()]
    if result.notes:
        lines += ["", "Notes:", *(f"  {note}" for note in result.notes)]
    return "\n".join(lines)


def _summary(result: Comparison) -> str:
    pairs = ", ".join(f"{a} → {b}" for a, b in result.pairs)
    counts = result.measures["status"].value_counts()
    n_orgs = int((result.organizations["status"] == COMPARED).sum())
    changed = int((result.quantities["status"] != "same").sum()) if len(result.quantities) else 0
    return (
        f"{pairs}: {n_orgs} organization(s) compared; {counts.get(CONTINUED, 0)} continued, "
        f"{counts.get(NEW, 0)} new, {counts.get(DROPPED, 0)} dropped measures; {changed} quantity changes"
    )


def _organization_block(result: Comparison, org: pd.Series) -> list[str]:
    a, b = int(org["year_from"]), int(org["year_to"])
    rows = result.measures[
        (result.measures["doc_id_from"] == org["doc_id_from"]) & (result.measures["doc_id_to"] == org["doc_id_to"])
    ]
    head = (
        f"  {fit('status', 10)} {fit('match', 12)} {fit(str(a), TITLE_WIDTH + 4)} "
        f"{fit(str(b), TITLE_WIDTH + 4)} changes"
    )
    lines = [f"{_name(org)} · {a} → {b}: {org[CONTINUED]} continued, {org[NEW]} new, {org[DROPPED]} dropped", head]
    for _, row in rows.iterrows():
        lines.append(
            f"  {fit(row['status'], 10)} {fit(_match(row), 12)} "
            f"{_measure(row['measure_no_from'], row['title_from'])} "
            f"{_measure(row['measure_no_to'], row['title_to'])} {_text(row['changes'])}".rstrip()
        )
    return lines


def _name(org: pd.Series) -> str:
    place = f" ({org['province']})" if _text(org["province"]) else ""
    return f"{_text(org['organization']) or '(organization unknown)'}{place}"


def _only(org: pd.Series) -> str:
    if org["status"] == "only_from":
        return f"only in {org['year_from']}"
    if org["status"] == "only_to":
        return f"only in {org['year_to']}"
    return f"one report between {org['year_from']} and {org['year_to']}, nothing to pair it with"


def _match(row: pd.Series) -> str:
    if row["status"] != CONTINUED:
        return ""
    return "exact" if row["method"] == "exact" else f"similar {row['score']:.2f}"


def _measure(number: float | None, title: object) -> str:
    if number is None or pd.isna(number):
        return fit("—", TITLE_WIDTH + 4)
    return fit(f"{int(number):>2}. {_text(title)}", TITLE_WIDTH + 4)


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
