"""Space-aligned text, as `pdftotext -layout` and similar extractors give it.

The text is read in blocks, one per header line. Within a block, columns are
where the data's runs of text start (runs are separated by two or more
spaces; Thai marks take no screen width), and each column is named by the
header run whose centre falls inside it, so centred headers over left-aligned
data map right. Header words wrapped onto lines above or below the header
line are joined onto it. Page furniture (footers, running titles between a
page break and the repeated header) is dropped. A blank line ends a row, and
so does a new number in the first column; wrapped lines of a cell are joined
with a space, and a line that starts a list label keeps its line break.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.layout.furniture import is_page_number
from pipeline.layout.headers import join_header_rows, match_header
from pipeline.layout.vocab import NUMBER, is_header_fragment
from pipeline.layout.wraps import join_wrapped
from pipeline.model import RawDocument, RawRow
from pipeline.read.clustering import chain_groups
from pipeline.thai.chars import COMBINING_MARKS

_RUN = re.compile(r"\S+(?: \S+)*")
# Characters that take no screen column: Thai above/below vowels and tone
# marks, other combining marks, zero-width formatting characters.
_ZERO_WIDTH = re.compile(f"[{COMBINING_MARKS}\u0300-\u036f\u200b-\u200f\u2060\ufeff]")
TOLERANCE = 2  # screen columns two starts may differ by and still be one column
FURNITURE_LOOKAHEAD = 8  # lines after a page break searched for the repeated header


class Run(NamedTuple):
    """A run of text on a line, and the screen columns it spans."""

    start: int  # screen column of its first character
    end: int  # screen column just past its last
    text: str

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2


@dataclass(frozen=True)
class Line:
    number: int  # 1-based source line
    runs: tuple[Run, ...]
    page_break: bool = False  # a footer, a form feed: the page ends here

    @property
    def blank(self) -> bool:
        return not self.runs


def _zero_width(text: str) -> list[int]:
    """Where the characters of `text` that take no screen column are (see `_column`)."""
    return [m.start() for m in _ZERO_WIDTH.finditer(text)]


def _column(marks: list[int], position: int) -> int:
    """The screen column of `position`: the position less the zero-width characters before it."""
    return position - bisect_left(marks, position)


def runs_of(text: str) -> tuple[Run, ...]:
    """The runs of a line with their screen columns, from one pass over its zero-width characters."""
    text = text.replace("\t", "    ")
    marks = _zero_width(text)
    if not marks:
        return tuple(Run(m.start(), m.end(), m.group()) for m in _RUN.finditer(text))
    return tuple(Run(_column(marks, m.start()), _column(marks, m.end()), m.group()) for m in _RUN.finditer(text))


def _lines(text_lines: list[str]) -> list[Line]:
    out: list[Line] = []
    for number, raw in enumerate(text_lines, start=1):
        if "\f" in raw:  # pdftotext starts each page with a form feed
            out.append(Line(number, (), page_break=True))
            raw = raw.replace("\f", "")
        if is_page_number(raw):
            out.append(Line(number, (), page_break=True))
        else:
            out.append(Line(number, runs_of(raw)))
    return out


def _is_header(line: Line) -> bool:
    return len(line.runs) >= 3 and match_header(tuple(r.text for r in line.runs)) is not None


def _is_fragment(line: Line) -> bool:
    return not line.blank and all(is_header_fragment(r.text) for r in line.runs)


# --- blocks ---------------------------------------------------------------------------


@dataclass
class _Block:
    header: list[Run]  # the header line's runs: one per column
    above: list[Line] = field(default_factory=list)  # header words wrapped above it
    below: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    line: int = 0


def read_aligned(text_lines: list[str], path: str) -> RawDocument:
    lines = _lines(text_lines)
    headers = [i for i, line in enumerate(lines) if _is_header(line)]
    if not headers:
        return RawDocument(path, "txt", tuple(_text(line) for line in lines if not line.blank), ())
    first_above = _fragments_above(lines, headers[0])
    preamble = tuple(_text(line) for line in lines[: headers[0] - len(first_above)] if not line.blank)
    rows: list[RawRow] = []
    after_break = False
    for block in _blocks(lines, headers):
        rows.extend(_block_rows(block, after_break))
        after_break = _ends_with_break(block.body)
    return RawDocument(path, "txt", preamble, tuple(rows))


def _ends_with_break(body: list[Line]) -> bool:
    for line in reversed(body):
        if line.page_break:
            return True
        if not line.blank:
            return False
    return False


def _text(line: Line) -> str:
    return " ".join(r.text for r in line.runs)


def _fragments_above(lines: list[Line], index: int) -> list[Line]:
    above: list[Line] = []
    i = index - 1
    while i >= 0 and _is_fragment(lines[i]) and len(above) < 2:
        above.insert(0, lines[i])
        i -= 1
    return above


def _blocks(lines: list[Line], headers: list[int]) -> list[_Block]:
    blocks = []
    for n, index in enumerate(headers):
        end = headers[n + 1] - len(_fragments_above(lines, headers[n + 1])) if n + 1 < len(headers) else len(lines)
        block = _Block(list(lines[index].runs), above=_fragments_above(lines, index), line=lines[index].number)
        i = index + 1
        while i < end and _is_fragment(lines[i]) and len(block.below) < 2:
            block.below.append(lines[i])
            i += 1
        block.body = _drop_furniture(lines[i:end], next_header=end < len(lines))
        blocks.append(block)
    return blocks


def _drop_furniture(body: list[Line], next_header: bool) -> list[Line]:
    """Drop what follows the block's last page break when the next header comes right after it."""
    breaks = [i for i, line in enumerate(body) if line.page_break]
    if breaks and next_header:
        tail = [line for line in body[breaks[-1] :] if not line.blank and not line.page_break]
        if len(tail) <= FURNITURE_LOOKAHEAD:
            return body[: breaks[-1] + 1]
    return body


# --- columns --------------------------------------------------------------------------


def _column_starts(block: _Block) -> list[int]:
    """Screen columns where data runs start, seen on more than one line where that can be asked."""
    starts: Counter[int] = Counter()
    for line in block.body:
        for run in line.runs:
            starts[run.start] += 1
    clusters = chain_groups(starts, TOLERANCE)
    data_lines = sum(1 for line in block.body if not line.blank)
    minimum = 2 if data_lines >= 4 else 1
    kept = [c for c in clusters if sum(starts[p] for p in c) >= minimum]
    return [c[0] for c in kept] or [r.start for r in block.header]


def _column_names(block: _Block, starts: list[int]) -> list[int]:
    """For each data column, the index of the header run that names it."""
    owner: list[int] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else 10**6
        inside = [h for h, run in enumerate(block.header) if start - TOLERANCE <= run.centre < end - TOLERANCE]
        owner.append(inside[0] if inside else (owner[-1] if owner else 0))
    return owner


def _header_cells(block: _Block) -> tuple[str, ...]:
    """The header line with the header words wrapped above and below it, column by column."""
    rows: list[list[str]] = []
    for line in [*block.above, None, *block.below]:
        row = [""] * len(block.header)
        if line is None:
            row = [run.text for run in block.header]
        else:
            for run in line.runs:
                row[_nearest_header(block.header, run)] += run.text
        rows.append(row)
    return join_header_rows(rows)


def _nearest_header(header: list[Run], run: Run) -> int:
    return min(range(len(header)), key=lambda h: abs(header[h].centre - run.centre))


# --- rows ------------------------------------------------------------------------------


@dataclass
class _Rows:
    width: int
    numbered: bool  # the first column holds measure numbers: a run there starts a row
    rows: list[RawRow] = field(default_factory=list)
    current: list[list[str]] | None = None
    line: int = 0
    starts_page: bool = False
    after_break: bool = False

    def close(self) -> None:
        if self.current is not None and any(self.current):
            cells = tuple(join_wrapped(c, spaced=True) for c in self.current)
            self.rows.append(RawRow(cells, line=self.line, starts_page=self.starts_page))
            self.starts_page = False
        self.current = None


def _block_rows(block: _Block, after_break: bool) -> list[RawRow]:
    starts = _column_starts(block)
    owner = _column_names(block, starts)
    cells = _header_cells(block)
    mapping = match_header(cells)
    numbered = mapping is not None and mapping.columns.get(0) == NUMBER
    state = _Rows(width=len(block.header), numbered=numbered, after_break=after_break)
    header = RawRow(cells, line=block.line)
    for line in block.body:
        if line.page_break:
            state.close()
            state.after_break = True
        elif line.blank:
            state.close()
        else:
            _add_line(state, line, starts, owner)
    state.close()
    return [header, *state.rows]


def _add_line(state: _Rows, line: Line, starts: list[int], owner: list[int]) -> None:
    placed = [(owner[_column_of(starts, run.start)], run.text) for run in _split_wide(starts, line.runs)]
    if state.current is not None and state.numbered and placed[0][0] == 0:
        state.close()  # a new number in the first column starts a new row
    if state.current is None:
        state.current = [[] for _ in range(state.width)]
        state.line = line.number
        state.starts_page, state.after_break = state.after_break, False
    for column, text in placed:
        state.current[column].append(text)


def _column_of(starts: list[int], position: int) -> int:
    candidates = [i for i, start in enumerate(starts) if start <= position + TOLERANCE]
    return candidates[-1] if candidates else 0


def _split_wide(starts: list[int], runs: tuple[Run, ...]) -> list[Run]:
    """Cut a run that crosses a column start at the single space nearest to it."""
    out: list[Run] = []
    for run in runs:
        out.extend(_split_run(starts, run))
    return out


def _split_run(starts: list[int], run: Run) -> list[Run]:
    """`run` cut at each column start it crosses, in a loop: a hostile header may have thousands."""
    pieces: list[Run] = []
    while inner := [s for s in starts if run.start + TOLERANCE < s < run.end - 1]:
        boundary = inner[0]
        # Screen columns up to each space, from where the zero-width marks are: one pass over the run.
        marks = _zero_width(run.text)
        widths = {i: _column(marks, i + 1) for i, ch in enumerate(run.text) if ch == " "}
        fits = [i for i, width in widths.items() if abs(run.start + width - boundary) <= TOLERANCE]
        if not fits:
            break
        cut = fits[-1]
        pieces.append(Run(run.start, run.start + widths[cut] - 1, run.text[:cut]))  # up to the space
        run = Run(run.start + widths[cut], run.end, run.text[cut + 1 :])
    pieces.append(run)
    return pieces
