"""Text reports: tab-separated dumps and space-aligned text from PDF extractors.

Both give a `RawDocument` of raw cell strings. Tab-separated dumps (a web
form's export) carry HTML inside cells, so their cells are markup. Space-aligned
text is read by columns: the header line fixes where each column starts on
screen (Thai marks take no width), every later line is cut into runs of text
separated by two or more spaces, and each run goes to the column it starts in.
A blank line ends a row; wrapped lines of a cell are joined with a space.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.errors import Problem
from pipeline.model import RawDocument, RawRow
from pipeline.tables import match_header
from pipeline.vocab import is_header_fragment

MIN_TABS = 2
# Page furniture between blocks: "หน้า 1/3", "- 2 -", "Page 2 of 5", a lone number.
_PAGE_LINE = re.compile(
    r"^\s*(?:หน้า\s*[0-9๐-๙]+(?:\s*(?:/|จาก)\s*[0-9๐-๙]+)?|-\s*[0-9๐-๙]+\s*-|[0-9๐-๙]{1,3}"
    r"|page\s*[0-9]+(?:\s*(?:/|of)\s*[0-9]+)?)\s*$",
    re.IGNORECASE,
)
_RUN = re.compile(r"\S+(?: \S+)*")
_LABEL_START = re.compile(r"^(?:\(?[0-9๐-๙]{1,2}[.)]|[-–•●○▪■□◆❖➢➤►✓✔*]\s)")
COLUMN_TOLERANCE = 3


def read_text(text: str, path: str) -> RawDocument:
    lines = text.split("\n")
    if _is_tab_separated(lines):
        return _read_tab_separated(lines, path)
    return _read_aligned(lines, path)


def _is_tab_separated(lines: list[str]) -> bool:
    return any(line.count("\t") >= MIN_TABS and match_header(tuple(line.split("\t"))) for line in lines)


# --- tab-separated ---------------------------------------------------------------------


def _read_tab_separated(lines: list[str], path: str) -> RawDocument:
    preamble: list[str] = []
    rows: list[RawRow] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if line.count("\t") >= MIN_TABS:
            rows.append(RawRow(tuple(line.split("\t")), line=number))
        elif not line.strip():
            continue
        elif not rows:
            preamble.append(line.strip())
        else:
            rows[-1] = _append_stray(rows[-1], line)
            problems.append(Problem("stray_line", "a line without tabs inside the table; joined to the row above",
                                    f"line {number}"))
    return RawDocument(path, "txt", tuple(preamble), tuple(rows), markup=True, problems=tuple(problems))


def _append_stray(row: RawRow, line: str) -> RawRow:
    cells = list(row.cells)
    last = max((i for i, c in enumerate(cells) if c and c.strip()), default=len(cells) - 1)
    cells[last] = f"{cells[last] or ''} {line.strip()}"
    return RawRow(tuple(cells), line=row.line, page=row.page)


# --- space-aligned ---------------------------------------------------------------------


# Characters that take no screen column: Thai above/below vowels and tone
# marks, other combining marks, zero-width formatting characters.
_ZERO_WIDTH = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0300-\u036f\u200b-\u200f\u2060\ufeff]")


def display_width(text: str) -> int:
    """Screen columns: Thai vowel and tone marks sit on their base letter."""
    return len(text) - len(_ZERO_WIDTH.findall(text))


@dataclass(frozen=True)
class _Run:
    column: int  # screen column where the run starts
    text: str


def _runs(line: str) -> list[_Run]:
    return [_Run(display_width(line[: m.start()]), m.group()) for m in _RUN.finditer(line.replace("\t", "  "))]


@dataclass
class _Aligned:
    starts: list[int] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    current: list[list[str]] | None = None
    current_line: int = 0
    header: list[list[str]] | None = None  # header texts per column while its lines are read
    header_line: int = 0
    page: int = 1
    after_break: bool = False  # between a page break and the first line that fits the columns
    row_starts_page: bool = False

    def close_row(self) -> None:
        if self.current is not None and any(self.current):
            cells = tuple(_join_lines(c) for c in self.current)
            self.rows.append(RawRow(cells, line=self.current_line, starts_page=self.row_starts_page))
            self.row_starts_page = False
        self.current = None

    def close_header(self) -> None:
        if self.header is not None:
            cells = tuple("".join(part for part in column) for column in self.header)
            self.rows.append(RawRow(cells, line=self.header_line))
        self.header = None

    def page_break(self) -> None:
        self.close_header()
        self.close_row()
        if self.starts:
            self.page += 1
            self.after_break = True


def _read_aligned(lines: list[str], path: str) -> RawDocument:
    state = _Aligned()
    for number, line in enumerate(lines, start=1):
        if "\f" in line:  # pdftotext's page break
            state.page_break()
            line = line.replace("\f", "")
        _take_aligned_line(state, line, number)
    state.close_header()
    state.close_row()
    return RawDocument(path, "txt", tuple(state.preamble), tuple(state.rows), markup=False)


def _take_aligned_line(state: _Aligned, line: str, number: int) -> None:
    runs = _runs(line)
    if _PAGE_LINE.match(line):
        state.page_break()
        return
    if not runs:
        state.close_header()
        state.close_row()
        return
    header = _header_starts(runs)
    if header is not None:
        state.close_header()
        state.close_row()
        state.starts, state.after_break = header, False
        state.header, state.header_line = [[r.text] for r in runs], number
        state.row_starts_page = state.page > 1
        return
    if not state.starts:
        state.preamble.append(line.strip())
        return
    if state.header is not None and all(is_header_fragment(r.text) for r in runs):
        for run in runs:  # the header's next line: "การดำเนินการ", "(output)"
            state.header[_column_of(state.starts, run.column)].append(run.text)
        return
    state.close_header()
    if state.after_break and not _fits_columns(state.starts, runs):
        return  # page furniture: a repeated title or running header
    if state.after_break:
        state.after_break, state.row_starts_page = False, True
    _add_runs(state, runs, number)


def _fits_columns(starts: list[int], runs: list[_Run]) -> bool:
    return all(any(abs(run.column - s) <= COLUMN_TOLERANCE for s in starts) for run in runs)


def _header_starts(runs: list[_Run]) -> list[int] | None:
    if len(runs) < 3 or match_header(tuple(r.text for r in runs)) is None:
        return None
    return [r.column for r in runs]


def _add_runs(state: _Aligned, runs: list[_Run], number: int) -> None:
    placed = [(_column_of(state.starts, run.column), run.text) for run in _split_wide(state.starts, runs)]
    if state.current is not None and placed[0][0] == 0:
        state.close_row()  # a new number in the first column starts a new row
    if state.current is None:
        state.current = [[] for _ in state.starts]
        state.current_line = number
    for column, text in placed:
        state.current[column].append(text)


def _column_of(starts: list[int], column: int) -> int:
    candidates = [i for i, start in enumerate(starts) if start <= column + COLUMN_TOLERANCE]
    return candidates[-1] if candidates else 0


def _split_wide(starts: list[int], runs: list[_Run]) -> list[_Run]:
    """Cut a run that crosses a column start at its last single space before it."""
    out: list[_Run] = []
    for run in runs:
        out.extend(_split_run(starts, run))
    return out


def _split_run(starts: list[int], run: _Run) -> list[_Run]:
    end = run.column + display_width(run.text)
    inner = [s for s in starts if run.column + COLUMN_TOLERANCE < s < end - 1]
    if not inner:
        return [run]
    boundary = inner[0]
    spaces = [i for i, ch in enumerate(run.text) if ch == " "]
    fits = [i for i in spaces if abs(run.column + display_width(run.text[:i + 1]) - boundary) <= COLUMN_TOLERANCE]
    if not fits:
        return [run]
    cut = fits[-1]
    head = _Run(run.column, run.text[:cut])
    tail = _Run(run.column + display_width(run.text[: cut + 1]), run.text[cut + 1:])
    return [head, *_split_run(starts, tail)]


def _join_lines(lines: list[str]) -> str:
    """Wrapped lines joined by a space; a line that starts a list label keeps its break."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif _LABEL_START.match(line):
            out += "\n" + line
        else:
            out += " " + line
    return out
