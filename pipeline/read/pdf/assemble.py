"""Pages -> one `RawDocument`: preamble, page furniture, rows split by page breaks.

Text outside the tables is the title block while no row has been read yet;
later it is a page number or a running header/footer (dropped: it repeats
what the document already holds), or text the report put between tables,
which no table row can take and so becomes a `Problem`, not a silent loss;
it is also handed on in reading order as a `free` row, since the line above
a table may be the heading of its section ("กลยุทธ์ที่ 2 …").

A row opening a page may be the rest of the last row of the page before,
when that page's tables ran to its foot and nothing stands above this
page's first table. A header cut this way is joined back here, so the table
stage sees one header; a data row there is flagged `starts_page`, and the
table stage decides by content whether it is the rest of the row above
(`layout.page_split`, the rule every format shares).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from pipeline.errors import PDF_TEXT_OUTSIDE_TABLE, Problem
from pipeline.layout.furniture import is_page_number
from pipeline.layout.headers import joined_header, match_header
from pipeline.layout.vocab import MAX_HEADER_CELL
from pipeline.model import RawDocument, RawRow, least_confidence
from pipeline.read.pdf.page import PageContent
from pipeline.read.pdf.placement import Line
from pipeline.thai.text import normalize_text

# A line repeated on this share of the pages (and on 3 at least) is a running header or footer.
RUNNING_SHARE = 0.5
MIN_RUNNING_PAGES = 3


def assemble(path: str, pages: list[PageContent]) -> RawDocument:
    state = _Assembly(_furniture(pages))
    for page in pages:
        state.take_page(page)
    problems = tuple(p for page in pages for p in page.problems) + tuple(state.problems)
    return RawDocument(
        path,
        "pdf",
        tuple(state.preamble),
        tuple(state.rows),
        spaced_wraps=False,
        problems=problems,
        n_pages=len(pages),
    )


@dataclass
class _Assembly:
    furniture: set[str]
    preamble: list[str] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: _Columns = field(default_factory=lambda: _Columns())
    above: int | None = None  # index of the last table row of the page before, if that page ended in a table

    def take_page(self, page: PageContent) -> None:
        top = min((t.top for t in page.tables), default=None)
        bottom = max((t.bottom for t in page.tables), default=None)
        kept: list[Line] = []
        free: list[Line] = []
        for line in page.lines:
            kind = self._take_line(line, page.number, top)
            if kind is not None:
                kept.append(line)
            if kind == "free":
                free.append(line)
        if top is None or any(ln.bottom <= top for ln in kept):
            self.above = None  # something stands before this page's first table
        last_table_row = None
        for table in sorted(page.tables, key=lambda t: t.top):
            while free and free[0].top < table.top:
                self._take_free(free.pop(0), page.number)
            for k, cells in enumerate(table.rows):
                if not any(cells):
                    continue
                self._take_row(cells, page.number, table.confidence[k] if k < len(table.confidence) else None)
                last_table_row = len(self.rows) - 1
                spans = table.spans[k] if k < len(table.spans) else ()
                shaded = table.shaded[k] if k < len(table.shaded) else frozenset()
                if spans or shaded:
                    self.rows[-1] = replace(self.rows[-1], spans=spans, shaded=shaded)
        for line in free:
            self._take_free(line, page.number)
        ends_in_table = bottom is not None and not any(ln.top >= bottom for ln in kept)
        self.above = last_table_row if ends_in_table else None

    def _take_line(self, line: Line, page: int, top: float | None) -> str | None:
        """Route a line outside the tables: "preamble", "free", or None for page furniture."""
        if is_page_number(line.text):
            return None
        if not self.rows and (top is None or line.bottom <= top):
            self.preamble.append(line.text)  # a running title's first showing is the title block
            return "preamble"
        if _key(line.text) in self.furniture:
            return None
        self.problems.append(PDF_TEXT_OUTSIDE_TABLE.problem(page=page, text=line.text[:60]))
        return "free"

    def _take_free(self, line: Line, page: int) -> None:
        self.rows.append(RawRow((line.text,), page=page, free=True))

    def _take_row(self, cells: tuple[str | None, ...], page: int, confidence: float | None = None) -> None:
        at, self.above = self.above, None
        above = self.rows[at] if at is not None else None
        number = self.columns.index("number") or 0
        if at is not None and above is not None and _header_like(above.cells, number) and not _numbered(cells, number):
            # A header cut by the page break ("ลำดั" | "บที่"): short cells, no measure
            # number, and joined the halves read as a fuller header than the rest alone.
            joined = joined_header(above.cells, cells)
            if joined is not None:
                sure = least_confidence(above.confidence, confidence)
                self.rows[at] = RawRow(joined[0], page=above.page, confidence=sure)
                self.columns.see(joined[0])
                return
        if self.columns.see(cells):
            self.rows.append(RawRow(cells, page=page, confidence=confidence))
            self.above = at  # a header repeated atop the page: the row under it may be the rest of `above`
            return
        self.rows.append(RawRow(cells, page=page, starts_page=above is not None, confidence=confidence))


class _Columns:
    """Column roles from the most recent header row."""

    def __init__(self) -> None:
        self.roles: dict[int, str] = {}

    def see(self, cells: tuple[str | None, ...]) -> bool:
        """Remember the header's columns; True if `cells` is a header row."""
        header = match_header(cells)
        if header is None:
            return False
        self.roles = dict(header.columns)
        return True

    def index(self, role: str) -> int | None:
        return next((i for i, name in self.roles.items() if name == role), None)


def _header_like(cells: tuple[str | None, ...], number: int) -> bool:
    return not _numbered(cells, number) and all(len(c or "") <= MAX_HEADER_CELL for c in cells)


def _numbered(cells: tuple[str | None, ...], index: int) -> bool:
    return any(ch.isdigit() for ch in _cell(cells, index))


def _cell(cells: tuple[str | None, ...], index: int) -> str:
    return (cells[index] or "").strip() if index < len(cells) else ""


def _furniture(pages: list[PageContent]) -> set[str]:
    """Lines that recur on many pages: running headers and footers."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_key(ln.text) for ln in page.lines})
    least = max(MIN_RUNNING_PAGES, RUNNING_SHARE * len(pages))
    return {key for key, n in counts.items() if n >= least}


def _key(text: str) -> str:
    # Page numbers change from page to page; the rest of a running line does not.
    return re.sub(r"[0-9]+", "#", normalize_text(text))
