"""A spreadsheet cell's value and number format -> the text a reader sees.

Numbers keep the decimals, thousands separators, per cent sign and literal
words of their format ('#,##0 "บาท"' shows 150000 as "150,000 บาท"); dates
are written the Thai way the period grammar reads, day, abbreviated month and
Buddhist-era year ("1 ต.ค. 2567"), or month and year when the format shows
no day. Text is NFC with its line breaks kept as "\\n" (they separate list
items in a cell).

>>> cell_text(150000, '#,##0 "บาท"')
'150,000 บาท'
>>> cell_text(0.855, "0.0%")
'85.5%'
>>> cell_text(datetime(2024, 10, 1), "d mmm yy")
'1 ต.ค. 2567'
>>> cell_text("1. ประชุม\\r\\n2. แจ้งเวียน", "General")
'1. ประชุม\\n2. แจ้งเวียน'
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta

from pipeline.thai.thai_calendar import BE_OFFSET, MONTH_ABBREVIATIONS

# [Red], [$-41E], [DBNum1], [h]: colours, locales and conditions show nothing themselves.
_BRACKETS = re.compile(r"\[[^\]]*\]")
# Quoted words, an escaped character, digit placeholders, anything else; "_x" (a
# space as wide as x) and "*x" (fill with x) show nothing here.
_TOKENS = re.compile(r'"([^"]*)"|\\(.)|_.|\*.|([0#?,.]+)|(.)')
_DAY = re.compile(r"d", re.IGNORECASE)


def cell_text(value: object, number_format: str | None = "General") -> str:
    """What the cell shows: its value written by its number format."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (datetime, date)):
        return thai_date(value, number_format or "")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, (int, float)):
        return number_text(float(value), number_format or "General")
    return unicodedata.normalize("NFC", str(value))


def thai_date(value: date, number_format: str = "") -> str:
    """ "1 ต.ค. 2567"; "ต.ค. 2567" when the format shows no day."""
    day = value.date() if isinstance(value, datetime) else value
    month_year = f"{MONTH_ABBREVIATIONS[day.month - 1]} {day.year + BE_OFFSET}"
    shows_day = not number_format or _DAY.search(_BRACKETS.sub("", number_format)) is not None
    return f"{day.day} {month_year}" if shows_day else month_year


def number_text(value: float, number_format: str = "General") -> str:
    """A number as its format writes it (first section; the sign in front)."""
    if math.isnan(value) or math.isinf(value):
        return ""
    section = _BRACKETS.sub("", number_format.split(";")[0]).strip()
    if section.lower() in ("", "general", "@"):
        return _general(value)
    pattern = ""
    prefix: list[str] = []
    suffix: list[str] = []
    for match in _TOKENS.finditer(section):
        quoted, escaped, placeholders, other = match.groups()
        if placeholders is not None and any(ch in placeholders for ch in "0#?"):
            pattern = pattern or placeholders
            continue
        text = quoted if quoted is not None else escaped if escaped is not None else other or ""
        (suffix if pattern else prefix).append(text)
    if not pattern:
        return _general(value)
    percent = "%" in "".join(prefix + suffix)
    shown = abs(value) * (100 if percent else 1)
    whole, _, fraction = pattern.partition(".")
    decimals = sum(1 for ch in fraction if ch in "0#?")
    digits = f"{shown:,.{decimals}f}" if "," in whole.strip(",") else f"{shown:.{decimals}f}"
    sign = "-" if value < 0 and float(digits.replace(",", "")) != 0 else ""
    return f"{sign}{''.join(prefix)}{digits}{''.join(suffix)}".strip()


def _general(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"
