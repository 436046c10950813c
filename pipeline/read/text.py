"""Text reports: tab-separated dumps, or space-aligned text (see `aligned`).

Tab-separated dumps (a web form's or a spreadsheet's export) carry HTML
inside cells; it is resolved here (`layout.markup.markup_text`), so cells
leave as plain text with line structure.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from pipeline.errors import STRAY_LINE, Problem
from pipeline.layout.headers import match_header
from pipeline.layout.markup import markup_text
from pipeline.model import RawDocument, RawRow
from pipeline.read.aligned import read_aligned

MIN_TABS = 2


# A spreadsheet's "Unicode text" export quotes a cell that holds line breaks: a quote that opens
# a cell (at a line's start or after a tab) and a line break before the quote closes it. The
# quote comes first, so that the engine skips along the text in C from quote to quote.
_QUOTED_BREAK = re.compile(r'"(?<![^\t\n]")(?:[^"\t]|"")*\n')


def text_pages(text: str) -> tuple[str, ...]:
    """The pages of a text file: extractors end each page, the last one too, with a form feed."""
    pages = text.split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return tuple(pages)


def read_text(text: str, path: str) -> RawDocument:
    lines = text.split("\n")
    if _is_tab_separated(lines):
        return _read_tab_separated(_records(text), path)
    return read_aligned(lines, path)


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) per record; quoted cells may span lines."""
    if '"' not in text or not _QUOTED_BREAK.search(text):  # most dumps quote nothing: one fast scan
        for number, line in enumerate(text.split("\n"), start=1):
            yield number, line.split("\t")
        return
    reader = csv.reader(io.StringIO(text), delimiter="\t", quotechar='"', strict=False)
    first = 1
    for fields in reader:
        yield first, fields
        first = reader.line_num + 1


def _is_tab_separated(lines: list[str]) -> bool:
    return any(line.count("\t") >= MIN_TABS and match_header(_cells(line.split("\t"))) for line in lines)


# --- tab-separated ---------------------------------------------------------------------


def _read_tab_separated(records: Iterable[tuple[int, list[str]]], path: str) -> RawDocument:
    preamble: list[str] = []
    rows: list[RawRow] = []
    problems: list[Problem] = []
    for number, fields in records:
        line = " ".join(fields)
        if len(fields) > MIN_TABS:
            rows.append(RawRow(_cells(fields), line=number))
        elif not line.strip():
            continue
        elif not rows:
            preamble.append(line.strip())
        else:
            rows[-1] = _append_stray(rows[-1], markup_text(line))
            problems.append(STRAY_LINE.problem(line=number))
    return RawDocument(path, "txt", tuple(preamble), tuple(rows), problems=tuple(problems))


def _append_stray(row: RawRow, line: str) -> RawRow:
    cells = list(row.cells)
    last = max((i for i, c in enumerate(cells) if c and c.strip()), default=len(cells) - 1)
    cells[last] = f"{cells[last] or ''} {line.strip()}"
    return RawRow(tuple(cells), line=row.line, page=row.page)


def _cells(fields: list[str]) -> tuple[str, ...]:
    return tuple(markup_text(field) for field in fields)
