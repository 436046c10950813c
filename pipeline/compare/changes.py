"""Quantities of one continued measure, year A against year B, by unit and per-period.

Quantities pair up when they share a unit (with "%" read as ร้อยละ) and a
per-period; within such a key the k-th quantity of year A, in document order,
pairs with the k-th of year B. What has no partner is `added` or `removed`.

>>> pair_quantities([{"value": 6.0, "unit": "ช่องทาง", "per": None}],
...                 [{"value": 7.0, "unit": "ช่องทาง", "per": None}])[0].describe()
'ช่องทาง 6 → 7'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import zip_longest

PER_THAI = {"day": "วัน", "week": "สัปดาห์", "month": "เดือน", "quarter": "ไตรมาส", "year": "ปี"}
# Spellings of one unit that reports use interchangeably.
UNIT_SYNONYMS = {"%": "ร้อยละ", "เปอร์เซ็นต์": "ร้อยละ"}
SAME, UP, DOWN, ADDED, REMOVED = "same", "up", "down", "added", "removed"
_MISSING = "—"


@dataclass(frozen=True)
class QuantityChange:
    unit: str
    per: str | None
    occurrence: int  # 1 for the first quantity with this unit and per in the measure
    value_from: float | None
    value_to: float | None
    span_from: str | None
    span_to: str | None

    @property
    def status(self) -> str:
        if self.value_from is None:
            return ADDED
        if self.value_to is None:
            return REMOVED
        if math.isclose(self.value_from, self.value_to):
            return SAME
        return UP if self.value_to > self.value_from else DOWN

    @property
    def change(self) -> float | None:
        if self.value_from is None or self.value_to is None:
            return None
        return self.value_to - self.value_from

    @property
    def label(self) -> str:
        """The unit with its period: "ครั้ง/เดือน"."""
        return f"{self.unit}/{PER_THAI.get(self.per, self.per)}" if self.per else self.unit

    def describe(self) -> str:
        return f"{self.label} {format_number(self.value_from)} → {format_number(self.value_to)}"


def format_number(value: float | None) -> str:
    """6.0 -> "6", 96.15 -> "96.15", 15420 -> "15,420"; None -> "—"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _MISSING
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def unit_key(unit: str | None) -> str:
    unit = (unit or "").strip()
    return UNIT_SYNONYMS.get(unit, unit)


def pair_quantities(before: list[dict], after: list[dict]) -> list[QuantityChange]:
    """Quantity rows (value, unit, per, span; in document order) of two years, paired."""
    left, right = _by_key(before), _by_key(after)
    changes = []
    for key in sorted(set(left) | set(right), key=lambda k: (k[0], k[1] or "")):
        pairs = zip_longest(left.get(key, []), right.get(key, []))
        for occurrence, (a, b) in enumerate(pairs, start=1):
            changes.append(
                QuantityChange(
                    key[0],
                    key[1],
                    occurrence,
                    _value(a),
                    _value(b),
                    a.get("span") if a else None,
                    b.get("span") if b else None,
                )
            )
    return changes


def _by_key(rows: list[dict]) -> dict[tuple[str, str | None], list[dict]]:
    grouped: dict[tuple[str, str | None], list[dict]] = {}
    for row in rows:
        if _value(row) is None or not unit_key(row.get("unit")):
            continue  # a number without a unit compares with nothing
        per = row.get("per") if isinstance(row.get("per"), str) else None
        grouped.setdefault((unit_key(row.get("unit")), per), []).append(row)
    return grouped


def _value(row: dict | None) -> float | None:
    if row is None:
        return None
    value = row.get("value")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)
