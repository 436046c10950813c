"""Year-over-year comparison of parsed reports, organization by organization.

An organization is the (organization, province, report_kind) of its
documents: a plan and a result report of one agency are compared with their
own kind, and two schools of one name in different provinces stay apart.
When an organization has several documents in one year, the one with most
measures is compared and a note says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.compare.changes import QuantityChange, pair_quantities
from pipeline.compare.match import SIMILARITY_THRESHOLD, match_titles
from pipeline.store.dataset import Dataset, Filter, load

CONTINUED, NEW, DROPPED = "continued", "new", "dropped"
# An organization found only in the first or last year, or (with consecutive
# pairs) in a single year in between, cannot be compared.
COMPARED, ONLY_FROM, ONLY_TO, SINGLE_YEAR = "compared", "only_from", "only_to", "single_year"
ORG_KEY = ["organization", "province", "report_kind"]
MEASURE_COLUMNS = [
    *ORG_KEY,
    "year_from",
    "year_to",
    "status",
    "method",
    "score",
    "measure_no_from",
    "title_from",
    "measure_no_to",
    "title_to",
    "quantities_changed",
    "changes",
    "doc_id_from",
    "doc_id_to",
]
QUANTITY_COLUMNS = [
    *ORG_KEY,
    "year_from",
    "year_to",
    "measure_no_from",
    "measure_no_to",
    "title_to",
    "unit",
    "per",
    "label",
    "occurrence",
    "value_from",
    "value_to",
    "change",
    "status",
    "text",
    "span_from",
    "span_to",
]
ORGANIZATION_COLUMNS = [
    *ORG_KEY,
    "year_from",
    "year_to",
    "status",
    "measures_from",
    "measures_to",
    CONTINUED,
    NEW,
    DROPPED,
    "quantities_changed",
    "doc_id_from",
    "doc_id_to",
]


@dataclass(frozen=True, eq=False)
class Comparison:
    """What changed between fiscal years: three tidy tables and notes."""

    pairs: tuple[tuple[int, int], ...]  # the (year_from, year_to) pairs compared
    organizations: pd.DataFrame  # one row per organization and pair of years
    measures: pd.DataFrame  # one row per measure: continued (a pair), new or dropped
    quantities: pd.DataFrame  # one row per quantity pair of a continued measure
    measures_per_year: pd.DataFrame  # fiscal_year, organizations, measures (of the organizations compared)
    notes: tuple[str, ...] = field(default_factory=tuple)


def compare_years(
    source: str | Path | Dataset,
    year_from: int,
    year_to: int,
    organization: Filter = None,
    province: Filter = None,
    report_kind: Filter = None,
    consecutive: bool = False,
    threshold: float = SIMILARITY_THRESHOLD,
) -> Comparison:
    """Compare each organization's measures in `year_from` with `year_to`.

    With `consecutive`, every organization is compared across each pair of
    its consecutive years between the two (2566→2567, 2567→2568), else only
    the two years given. The filters apply when `source` is a folder; a
    `Dataset` is compared as it is.
    """
    if year_from >= year_to:
        raise ValueError(f"--from {year_from} must be before --to {year_to}")
    data = (
        source
        if isinstance(source, Dataset)
        else load(
            source,
            organization=organization,
            province=province,
            report_kind=report_kind,
            fiscal_years=range(year_from, year_to + 1) if consecutive else [year_from, year_to],
            tables=["measures", "quantities"],
        )
    )
    docs, notes = _one_document_per_year(data.documents)
    builder = _Builder(data, threshold)
    for key, years in docs.groupby(ORG_KEY, dropna=False, sort=True):
        years = years[years["fiscal_year"].between(year_from, year_to)]
        if years.empty:  # a Dataset given whole may hold other years
            continue
        for a, b in _year_pairs(sorted(years["fiscal_year"]), year_from, year_to, consecutive):
            builder.add(key, years, a, b)
    pairs = tuple(
        sorted({(r["year_from"], r["year_to"]) for r in builder.organizations if r["status"] == COMPARED})
    ) or ((year_from, year_to),)
    organizations = _frame(builder.organizations, ORGANIZATION_COLUMNS)
    return Comparison(
        pairs,
        organizations,
        _frame(builder.measures, MEASURE_COLUMNS),
        _frame(builder.quantities, QUANTITY_COLUMNS),
        _measures_per_year(data, docs, organizations),
        tuple(notes),
    )


def _year_pairs(years: list[int], year_from: int, year_to: int, consecutive: bool) -> list[tuple[int, int]]:
    if consecutive:
        return list(zip(years, years[1:])) if len(years) > 1 else [(year_from, year_to)]
    return [(year_from, year_to)]


def _one_document_per_year(documents: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    notes = []
    # Reports whose title block names no organization cannot be told apart.
    unnamed = documents["organization"].isna() | (documents["organization"].fillna("").str.strip() == "")
    if unnamed.any():
        notes.append(
            f"{int(unnamed.sum())} report(s) without an organization name were not compared: "
            + ", ".join(sorted(documents.loc[unnamed, "source_path"].astype(str)))
        )
    ranked = documents[~unnamed].sort_values(["n_measures", "doc_id"], ascending=[False, True])
    chosen = ranked.drop_duplicates([*ORG_KEY, "fiscal_year"]).sort_values([*ORG_KEY, "fiscal_year"])
    for _, doc in ranked[ranked.duplicated([*ORG_KEY, "fiscal_year"])].iterrows():
        notes.append(
            f"{doc['organization']} {doc['fiscal_year']}: several {doc['report_kind']} reports; "
            f"{doc['source_path']} was left out (another has more measures)"
        )
    return chosen.reset_index(drop=True), notes


class _Builder:
    """Collects the rows of the three output tables, one organization at a time."""

    def __init__(self, data: Dataset, threshold: float):
        self.threshold = threshold
        self.titles = {
            doc: list(zip(g["measure_no"], g["title"].fillna("")))
            for doc, g in data.measures.sort_values(["doc_id", "measure_no"]).groupby("doc_id")
        }
        quantities = data.quantities.sort_values(["doc_id", "measure_no", "activity_no", "item_no", "quantity_no"])
        self.found = {key: g.to_dict("records") for key, g in quantities.groupby(["doc_id", "measure_no"])}
        self.organizations: list[dict] = []
        self.measures: list[dict] = []
        self.quantities: list[dict] = []

    def add(self, key: tuple, years: pd.DataFrame, a: int, b: int) -> None:
        base = dict(zip(ORG_KEY, key)) | {"year_from": a, "year_to": b}
        doc_a = _doc_of(years, a)
        doc_b = _doc_of(years, b)
        before, after = self.titles.get(doc_a, []), self.titles.get(doc_b, [])
        row = base | {
            "measures_from": len(before) if doc_a else None,
            "measures_to": len(after) if doc_b else None,
            "doc_id_from": doc_a,
            "doc_id_to": doc_b,
        }
        if not (doc_a and doc_b):
            status = ONLY_FROM if doc_a else ONLY_TO if doc_b else SINGLE_YEAR
            self.organizations.append(row | {"status": status})
            return
        counts = self._measures(base, doc_a, doc_b, before, after)
        self.organizations.append(row | {"status": COMPARED} | counts)

    def _measures(self, base: dict, doc_a: str, doc_b: str, before: list, after: list) -> dict:
        titles_a, titles_b = dict(before), dict(after)
        matches = match_titles(before, after, self.threshold)
        rows = []
        for m in matches:
            changes = self._quantities(base, doc_a, doc_b, m.no_from, m.no_to, titles_b[m.no_to])
            moved = [c for c in changes if c.status != "same"]
            rows.append(
                base
                | {
                    "status": CONTINUED,
                    "method": m.method,
                    "score": m.score,
                    "measure_no_from": m.no_from,
                    "title_from": titles_a[m.no_from],
                    "measure_no_to": m.no_to,
                    "title_to": titles_b[m.no_to],
                    "quantities_changed": len(moved),
                    "changes": "; ".join(c.describe() for c in moved),
                }
            )
        matched_a = {m.no_from for m in matches}
        matched_b = {m.no_to for m in matches}
        rows += [
            base | {"status": DROPPED, "measure_no_from": n, "title_from": t} for n, t in before if n not in matched_a
        ]
        rows += [base | {"status": NEW, "measure_no_to": n, "title_to": t} for n, t in after if n not in matched_b]
        self.measures += [r | {"doc_id_from": doc_a, "doc_id_to": doc_b} for r in rows]
        count = {s: sum(r["status"] == s for r in rows) for s in (CONTINUED, NEW, DROPPED)}
        return count | {"quantities_changed": sum(r.get("quantities_changed") or 0 for r in rows)}

    def _quantities(self, base: dict, doc_a: str, doc_b: str, no_a: int, no_b: int, title: str) -> list[QuantityChange]:
        changes = pair_quantities(self.found.get((doc_a, no_a), []), self.found.get((doc_b, no_b), []))
        for c in changes:
            self.quantities.append(
                base
                | {
                    "measure_no_from": no_a,
                    "measure_no_to": no_b,
                    "title_to": title,
                    "unit": c.unit,
                    "per": c.per,
                    "label": c.label,
                    "occurrence": c.occurrence,
                    "value_from": c.value_from,
                    "value_to": c.value_to,
                    "change": c.change,
                    "status": c.status,
                    "text": c.describe(),
                    "span_from": c.span_from,
                    "span_to": c.span_to,
                }
            )
        return changes


def _doc_of(years: pd.DataFrame, year: int) -> str | None:
    found = years.loc[years["fiscal_year"] == year, "doc_id"]
    return str(found.iloc[0]) if len(found) else None


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("year_from", "year_to"):
        frame[column] = frame[column].astype("int32")
    for column in [
        c
        for c in columns
        if c.startswith(("measure_no", "measures_"))
        or c in (CONTINUED, NEW, DROPPED, "quantities_changed", "occurrence")
    ]:
        frame[column] = frame[column].astype("Int32")
    return frame


def _measures_per_year(data: Dataset, docs: pd.DataFrame, organizations: pd.DataFrame) -> pd.DataFrame:
    """Measures per fiscal year, counting the documents that took part in a comparison."""
    compared = organizations[organizations["status"] == COMPARED]
    ids = set(compared["doc_id_from"]) | set(compared["doc_id_to"])
    chosen = docs[docs["doc_id"].isin(ids)]
    per_year = chosen.groupby("fiscal_year").agg(organizations=("doc_id", "size"), measures=("n_measures", "sum"))
    return per_year.reset_index().astype({"fiscal_year": "int32", "organizations": "int32", "measures": "int32"})


TABLE_FORMATS = (".parquet", ".csv")


def save_table(frame: pd.DataFrame, path: Path) -> Path:
    """Write a comparison table as Parquet or CSV (UTF-8), chosen by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise ValueError(f"{path}: unknown table format {suffix or '(none)'}; use .parquet or .csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False, encoding="utf-8")
    return path
