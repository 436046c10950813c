"""The two years a person asks to compare, read the way they may type them, checked against the data.

Fiscal years are Buddhist-era (พ.ศ.) throughout the data. A Gregorian year
(2025) or a two-digit one (68) is read as the BE fiscal year it names, with a
note saying so; a year the data does not hold is an error that lists the
years it does hold, rather than a comparison of nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.store.write import existing_years
from pipeline.thai.thai_calendar import fiscal_year_be


class YearsNotFoundError(ValueError):
    """The years asked for are not in the data."""


@dataclass(frozen=True)
class Years:
    year_from: int
    year_to: int
    notes: tuple[str, ...] = ()


def read_years(parsed: Path, year_from: int, year_to: int, consecutive: bool = False) -> Years:
    """BE years for `--from`/`--to`, with notes on any year read as BE; raises when the data lacks them."""
    notes = []
    years = {}
    for option, typed in (("--from", year_from), ("--to", year_to)):
        years[option] = fiscal_year_be(typed)
        if years[option] != typed:
            notes.append(
                f"note: {option} {typed} read as fiscal year {years[option]} "
                "(fiscal years are Buddhist-era, พ.ศ. = ค.ศ. + 543)"
            )
    first, last = years["--from"], years["--to"]
    present = existing_years(parsed)
    if present:
        wanted = [y for y in present if first <= y <= last] if consecutive else [first, last]
        missing = [y for y in (first, last) if y not in present] if not consecutive else []
        if missing or not wanted:
            held = ", ".join(map(str, present))
            example = f" --from {present[-2]} --to {present[-1]}" if len(present) > 1 else ""
            raise YearsNotFoundError(
                f"no reports of fiscal year {' or '.join(map(str, missing or (first, last)))} in {parsed}; "
                f"it holds {held}{' (e.g.' + example + ')' if example else ''}"
            )
    return Years(first, last, tuple(notes))
