"""Load a parsed/ folder into pandas, with filters pushed down to pyarrow.

>>> data = load("parsed", province="อ่างทอง", fiscal_years=[2568])   # doctest: +SKIP
>>> data.measures[["organization", "measure_no", "title"]]           # doctest: +SKIP
>>> data.long()                                                      # doctest: +SKIP

Fiscal years are folder (partition) filters, so other years' files are never
opened. Organization, province and report kind live in the documents table
only: they select doc_ids there, and the other tables are read with a doc_id
filter (row groups are pruned by their statistics).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from pipeline.store.schema import PARTITION, TABLES, stored_schema
from pipeline.thai.text import normalize_text

Filter = str | Iterable[str] | None
# Document columns repeated on every row of the long table, so it reads on its own.
LONG_DOCUMENT_COLUMNS = (
    "doc_id",
    PARTITION,
    "organization",
    "organization_type",
    "district",
    "province",
    "report_kind",
    "source_path",
)
LONG_ACTIVITY_COLUMNS = (
    "period_start",
    "period_end",
    "period_text",
    "responsible",
    "budget_baht",
    "source_line",
    "source_page",
)
ITEM_KINDS = (("actions", "action"), ("outputs", "output"), ("outcomes", "outcome"))
_ITEM_KEY = ["doc_id", "measure_no", "activity_no", "item_no"]


class DatasetNotFoundError(FileNotFoundError):
    """No parsed dataset where one was expected."""


@dataclass(frozen=True, eq=False)
class Dataset:
    """The output tables as pandas DataFrames; every table carries `fiscal_year` (int)."""

    documents: pd.DataFrame
    measures: pd.DataFrame
    activities: pd.DataFrame
    actions: pd.DataFrame
    outputs: pd.DataFrame
    quantities: pd.DataFrame
    outcomes: pd.DataFrame
    budgets: pd.DataFrame
    warnings: pd.DataFrame  # one row per data problem; documents.warnings has them as text

    def __getitem__(self, table: str) -> pd.DataFrame:
        if table not in TABLES:
            raise KeyError(f"no table {table!r}; tables are {', '.join(TABLES)}")
        return getattr(self, table)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def long(self) -> pd.DataFrame:
        """One tidy table: documents → measures → activities → items (→ quantities).

        One row per item of an activity (`kind` is action, output or outcome);
        an output item with several quantities has one row per quantity, and
        an activity without items keeps one row with `kind` null.
        """
        docs = self.documents[list(LONG_DOCUMENT_COLUMNS)]
        measures = self.measures[["doc_id", "measure_no", "title"]].rename(columns={"title": "measure_title"})
        activities = self.activities[["doc_id", "measure_no", "activity_no", *LONG_ACTIVITY_COLUMNS]]
        rows = docs.merge(measures, on="doc_id").merge(activities, on=["doc_id", "measure_no"])
        rows = rows.merge(self._items(), on=["doc_id", "measure_no", "activity_no"], how="left")
        rows = rows.merge(self._quantities(), on=[*_ITEM_KEY, "kind"], how="left")
        order = rows["kind"].map({kind: n for n, (_, kind) in enumerate(ITEM_KINDS)})
        rows = rows.assign(_order=order).sort_values(
            ["doc_id", "measure_no", "activity_no", "_order", "item_no", "quantity_no"], na_position="first"
        )
        # Left joins turn missing numbers into NaN floats; nullable ints keep them counts.
        rows = rows.astype({"item_no": "Int32", "quantity_no": "Int32"})
        return rows.drop(columns="_order").reset_index(drop=True)

    tidy = long

    def _items(self) -> pd.DataFrame:
        parts = [getattr(self, table)[[*_ITEM_KEY, "label", "text"]].assign(kind=kind) for table, kind in ITEM_KINDS]
        return pd.concat(parts, ignore_index=True)[[*_ITEM_KEY[:3], "kind", "item_no", "label", "text"]]

    def _quantities(self) -> pd.DataFrame:
        q = self.quantities[[*_ITEM_KEY, "quantity_no", "value", "unit", "comparator", "per", "span"]]
        return q.assign(kind="output")


def load(
    path: str | Path = "parsed",
    organization: Filter = None,
    province: Filter = None,
    fiscal_years: int | Iterable[int] | None = None,
    report_kind: Filter = None,
    tables: Iterable[str] | None = None,
) -> Dataset:
    """Read the tables under `path`, keeping only rows that pass every filter given.

    Each filter takes one value or several (any of them matches). Names are
    compared after the same normalisation as the data (NFC, Arabic digits,
    folded white space). `tables` limits reading to those tables (documents
    is always read); the others come back empty.
    """
    root = Path(path)
    if not (root / "documents").is_dir():
        raise DatasetNotFoundError(
            f"{root}: no parsed dataset here (no documents/ folder); run `thaireports convert` first"
        )
    years = _as_ints(fiscal_years)
    year_filter = ds.field(PARTITION).isin(years) if years is not None else None
    by_document = _document_filters(organization, province, report_kind)
    documents = read_table(root, "documents", _and(year_filter, *by_document))
    if by_document:
        ids = pa.array(documents["doc_id"].tolist(), pa.string())
        year_filter = _and(year_filter, ds.field("doc_id").isin(ids))
    wanted = set(TABLES) if tables is None else set(tables)
    unknown = wanted - set(TABLES)
    if unknown:
        raise ValueError(f"unknown tables {sorted(unknown)}; tables are {', '.join(TABLES)}")
    frames = {
        table: documents
        if table == "documents"
        else read_table(root, table, year_filter)
        if table in wanted
        else _empty(table)
        for table in TABLES
    }
    return Dataset(**frames)


def read_table(root: Path, table: str, where: ds.Expression | None = None) -> pd.DataFrame:
    """One table as a DataFrame with `fiscal_year` as an integer column."""
    full = stored_schema(table)
    folder = root / table
    if not folder.is_dir():
        return _empty(table)
    # fiscal_year is in the files; reading the year folder names as the same column
    # too lets a fiscal-year filter skip other years' files without opening them.
    partitioning = ds.partitioning(pa.schema([(PARTITION, pa.int32())]))
    dataset = ds.dataset(
        folder,
        format="parquet",
        partitioning=partitioning,
        schema=full,
        exclude_invalid_files=False,
        ignore_prefixes=[".", "_"],
    )
    data = dataset.to_table(filter=where)
    return data.to_pandas().reset_index(drop=True)


def _empty(table: str) -> pd.DataFrame:
    return stored_schema(table).empty_table().to_pandas()


def _document_filters(organization: Filter, province: Filter, report_kind: Filter) -> list[ds.Expression]:
    found = []
    for column, wanted in (("organization", organization), ("province", province), ("report_kind", report_kind)):
        values = _as_strings(wanted)
        if values is not None:
            found.append(ds.field(column).isin(pa.array(values, pa.string())))
    return found


def _and(*expressions: ds.Expression | None) -> ds.Expression | None:
    result = None
    for expression in expressions:
        if expression is not None:
            result = expression if result is None else result & expression
    return result


def _as_strings(value: Filter) -> list[str] | None:
    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    return [normalize_text(v) for v in values]


def _as_ints(value: int | Iterable[int] | None) -> list[int] | None:
    if value is None:
        return None
    values = [value] if isinstance(value, (int, str)) else list(value)
    return [int(v) for v in values]
