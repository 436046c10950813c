"""Column roles by content, for columns whose header wording no vocabulary knows.

A header the vocabulary does not know still names a column whose cells say
what it is: dates are a period, unit names are the responsible units, money
is a budget, numbered items before the period are the actions taken, counts
with units after it are outputs. A role is given only when most of the
column's filled cells agree, and only when the header has no column of that
role already; a column with no role stays whole in `activities.extra`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from pipeline.errors import COLUMN_BY_CONTENT, EXTRA_COLUMN, UNKNOWN_COLUMN
from pipeline.layout.labels import LABEL_AT_START
from pipeline.layout.vocab import ACTIONS, BUDGET, OUTPUT, PERIOD, RESPONSIBLE
from pipeline.parse.quantities import extract_quantities
from pipeline.parse.units import looks_like_units
from pipeline.thai.digits import to_arabic_digits
from pipeline.thai.periods import looks_like_period

if TYPE_CHECKING:
    from pipeline.model import RawRow
    from pipeline.parse.tables import TableRow

MAJORITY = 0.6
MIN_CELLS = 2  # one cell says too little about a column
_MONEY = re.compile(r"^[0-9][0-9,]*(?:\.[0-9]+)?\s*(?:บาท|\.-|-)?$")
_LABELLED_LINE = re.compile(r"(?:^|\n)\s*(?:\(?[0-9]{1,2}[.)](?![0-9])|[-–•●○▪■◆❖➢➤►✓✔*]\s)")


def _share(cells: Sequence[str], test) -> float:
    return sum(1 for c in cells if test(c)) / len(cells)


def _is_list(cell: str) -> bool:
    return bool(LABEL_AT_START.match(cell)) or len(_LABELLED_LINE.findall(cell)) >= 2


def content_role(cells: Sequence[str], index: int, columns: dict[int, str]) -> str | None:
    """The role the cells of column `index` show, or None.

    `columns` are the roles the header already gives (index -> role); a role
    is never given twice.
    """
    texts = [to_arabic_digits(c).strip() for c in cells if c and c.strip()]
    if len(texts) < MIN_CELLS:
        return None
    taken = set(columns.values())

    def free(role: str) -> bool:
        return role not in taken

    if free(PERIOD) and _share(texts, looks_like_period) >= MAJORITY:
        return PERIOD
    if free(BUDGET) and _share(texts, lambda c: bool(_MONEY.match(c))) >= MAJORITY:
        return BUDGET
    if free(RESPONSIBLE) and _share(texts, looks_like_units) >= MAJORITY:
        return RESPONSIBLE
    # Actions stand between the topic and the period or units; outputs after them.
    later = [i for i, role in columns.items() if role in (PERIOD, RESPONSIBLE)]
    before_time = not later or index < min(later)
    listed = _share(texts, _is_list) >= MAJORITY
    counted = _share(texts, lambda c: bool(extract_quantities(c))) >= MAJORITY
    if free(ACTIONS) and listed and (before_time or not counted):
        return ACTIONS
    if free(OUTPUT) and counted:
        return OUTPUT
    return None


def roles_by_content(
    rows: list[TableRow],
    unknown_at: dict[str, tuple[int, dict[int, str], RawRow]],
    noted: set[str],
    warn: Callable[..., None],  # (row, catalogue code, **template values)
) -> dict[str, tuple[str | None, str]]:
    """Give columns of unknown wording the role their cells show; warn once about the rest.

    `unknown_at`: header text of each column kept in `extra` -> (its index, the
    header's roles, the header row); `noted`: those whose wording the
    vocabulary knows as roleless. Rows are updated in place.
    """
    roles: dict[str, tuple[str | None, str]] = {}
    for label, (index, columns, raw) in unknown_at.items():
        if label in noted:
            roles[label] = (None, "vocabulary: no role")
            warn(raw, EXTRA_COLUMN, label=label)
            continue
        role = content_role([row.extra.get(label, "") for row in rows], index, columns)
        if role is None:
            roles[label] = (None, "unknown")
            warn(raw, UNKNOWN_COLUMN, label=label)
            continue
        roles[label] = (role, "content")
        warn(raw, COLUMN_BY_CONTENT, label=label, role=role)
        for i, row in enumerate(rows):
            if label in row.extra and role not in row.cells:
                extra = {k: v for k, v in row.extra.items() if k != label}
                rows[i] = replace(row, cells={**row.cells, role: row.extra[label]}, extra=extra)
    return roles
