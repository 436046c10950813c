"""Make "next year's" report from a real one, for year-over-year demos and tests.

Works on tab-separated text dumps (the client's own format): the fiscal year
in the title block and the years in the period column move forward, measures
can be renamed, dropped (the later ones renumbered, as an agency would) or
added, and text in the output column replaced to change quantities. Every
edit must find what it edits, so a changed source fails loudly instead of
quietly producing a weaker fixture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.layout.headers import match_header
from pipeline.layout.vocab import MEASURE, NUMBER, OUTPUT, PERIOD
from pipeline.read.decode import decode_bytes
from pipeline.thai.digits import to_arabic_digits

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_NUMBER = re.compile(r"(?<![0-9๐-๙])([0-9๐-๙]{4}|[0-9๐-๙]{2})(?![0-9๐-๙])")
_FISCAL_YEAR = re.compile(r"(พ\s*\.\s*ศ\s*\.?\s*)([0-9๐-๙]{4})")


class SyntheticEditError(ValueError):
    """An edit that does not apply to the source report."""


@dataclass(frozen=True)
class NewMeasure:
    """A measure that appears in the new year: cells by canonical column name."""

    title: str
    cells: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class YearChanges:
    years: int = 1
    rename: tuple[tuple[int, str], ...] = ()  # (measure_no, new title)
    drop: tuple[int, ...] = ()
    outputs: tuple[tuple[int, str, str], ...] = ()  # (measure_no, old text, new text) in the output column
    add: tuple[NewMeasure, ...] = ()


@dataclass
class _Line:
    text: str
    measure: int | None = None  # the measure a table row belongs to
    starts: bool = False  # the measure's first row
    columns: dict[str, int] = field(default_factory=dict)  # canonical column -> cell index


def next_year_text(text: str, changes: YearChanges) -> str:
    lines = _annotate(text)
    _shift_years(lines, changes.years)
    for number, old, new in changes.outputs:
        _replace_output(lines, number, old, new)
    for number, title in changes.rename:
        _set_cell(_first_row(lines, number), MEASURE, title)
    for number in sorted(changes.drop, reverse=True):
        _drop(lines, number)
    for measure in changes.add:
        _append(lines, measure)
    return "\n".join(line.text for line in lines)


def next_year_file(source: Path, target: Path, changes: YearChanges) -> Path:
    """Write the changed report as UTF-8 to `target`."""
    text = decode_bytes(source.read_bytes(), str(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(next_year_text(text, changes), encoding="utf-8")
    return target


def _annotate(text: str) -> list[_Line]:
    lines, columns, measure = [], {}, None
    for raw in text.split("\n"):
        cells = tuple(raw.split("\t"))
        header = match_header(cells) if len(cells) > 2 else None
        line = _Line(raw)
        if header is not None:
            columns = {name: index for index, name in header.columns.items()}
            line.columns = columns
        elif columns and len(cells) > 2 and any(c.strip() for c in cells):
            number = _cell(cells, columns, NUMBER).strip().rstrip(".")
            if number:
                measure = int(to_arabic_digits(number))
            line.measure, line.starts, line.columns = measure, bool(number), columns
        lines.append(line)
    return lines


def _cell(cells: tuple[str, ...], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return cells[index] if index is not None and index < len(cells) else ""


def _set_cell(line: _Line, name: str, value: str) -> None:
    cells = line.text.split("\t")
    cells[line.columns[name]] = value
    line.text = "\t".join(cells)


def _rows(lines: list[_Line], number: int) -> list[_Line]:
    found = [line for line in lines if line.measure == number]
    if not found:
        raise SyntheticEditError(f"no measure {number} in the source report")
    return found


def _first_row(lines: list[_Line], number: int) -> _Line:
    return _rows(lines, number)[0]


def _shift_years(lines: list[_Line], years: int) -> None:
    first_table = next((i for i, line in enumerate(lines) if line.columns), len(lines))
    for line in lines[:first_table]:
        line.text = _FISCAL_YEAR.sub(lambda m: m.group(1) + _add_years(m.group(2), years), line.text)
    for line in lines[first_table:]:
        if line.measure is not None and PERIOD in line.columns:
            period = _cell(tuple(line.text.split("\t")), line.columns, PERIOD)
            _set_cell(line, PERIOD, _NUMBER.sub(lambda m: _add_years(m.group(1), years), period))


def _add_years(digits: str, years: int) -> str:
    """Shift a BE year written with 4 digits (2568) or 2 (68); days and other numbers stay."""
    value = int(to_arabic_digits(digits))
    if not (len(digits) == 4 and 2400 <= value <= 2700 or len(digits) == 2 and value >= 40):
        return digits
    shifted = str(value + years)[-len(digits) :]
    return shifted.translate(_THAI_DIGITS) if digits[0] in "๐๑๒๓๔๕๖๗๘๙" else shifted


def _replace_output(lines: list[_Line], number: int, old: str, new: str) -> None:
    for line in _rows(lines, number):
        cell = _cell(tuple(line.text.split("\t")), line.columns, OUTPUT)
        if old in cell:
            _set_cell(line, OUTPUT, cell.replace(old, new, 1))
            return
    raise SyntheticEditError(f"measure {number}: {old!r} is not in its output column")


def _drop(lines: list[_Line], number: int) -> None:
    _rows(lines, number)
    lines[:] = [line for line in lines if line.measure != number]
    for line in lines:
        if line.measure is not None and line.measure > number:
            line.measure -= 1
            if line.starts:
                old = _cell(tuple(line.text.split("\t")), line.columns, NUMBER)
                _set_cell(line, NUMBER, _renumber(old, line.measure))


def _renumber(printed: str, number: int) -> str:
    digits = str(number).translate(_THAI_DIGITS) if re.search("[๐-๙]", printed) else str(number)
    return re.sub(r"[0-9๐-๙]+", digits, printed, count=1)


def _append(lines: list[_Line], measure: NewMeasure) -> None:
    rows = [line for line in lines if line.measure is not None]
    if not rows:
        raise SyntheticEditError("the source report has no table rows to follow")
    last = rows[-1]
    template = next(line for line in rows if line.starts)
    number_cell = _renumber(_cell(tuple(template.text.split("\t")), template.columns, NUMBER), last.measure + 1)
    cells = [""] * (max(last.columns.values()) + 1)
    values = {
        NUMBER: number_cell,
        MEASURE: measure.title,
        PERIOD: _cell(tuple(template.text.split("\t")), template.columns, PERIOD),
    }
    for name, value in (*values.items(), *measure.cells):
        if name in last.columns:
            cells[last.columns[name]] = value
    new = _Line("\t".join(cells), last.measure + 1, True, last.columns)
    lines.insert(lines.index(last) + 1, new)
