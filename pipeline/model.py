"""Plain values handed from the readers to the table stage.

Every reader (txt, html, pdf, docx, workbooks; .doc and .odt via docx) turns one source file into a `RawDocument`:
the lines of text before the table (the title block) and the table's rows as
raw cell strings, header rows included. Readers do no cleaning beyond what
their format forces on them; recognising headers, merging continuation rows
and splitting lists happen later, once, for every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.errors import Problem

# A cell covered by a rowspan / vertical merge from the row above. The table
# stage decides what it means per column: continuation for the number and
# measure columns, a copy of the value above for the others.
SPANNED = None


@dataclass(frozen=True)
class RawRow:
    """One physical table row as the reader found it.

    `cells` hold text or, when `RawDocument.markup` is true, HTML fragments.
    `line` is the 1-based source line of the row's first line (text formats),
    `page` its 1-based page (PDF). `continues_previous` is set by readers that
    know from geometry that this row is the rest of the row above (a row split
    by a page break), so its cells are appended cell by cell. `starts_page` is
    set on the first data row after a page break by readers that cannot tell;
    the table stage then decides from the row's content.
    """

    cells: tuple[str | None, ...]
    line: int | None = None
    page: int | None = None
    continues_previous: bool = False
    starts_page: bool = False
    free: bool = False
    # Cells drawn filled (HTML background, DOCX shading, a filled box or a line
    # drawn across a PDF cell): a month grid marks its months this way.
    shaded: frozenset[int] = frozenset()
    # How many grid columns each cell covers (a colspan); empty when all cover one.
    spans: tuple[int, ...] = ()


@dataclass(frozen=True)
class RawDocument:
    """What a reader found in one file."""

    path: str
    source_format: str  # "txt" | "html" | "pdf" | "docx" | "doc" | "odt" | "xlsx" | "xls" | "ods"
    preamble: tuple[str, ...]  # text lines before the first table row, in order
    rows: tuple[RawRow, ...]  # every table row, headers included, in order
    markup: bool = False  # cells may hold HTML (tags, entities)
    # How two pieces of one cell split by a page join: a space where the
    # source's line ends were spaces; nothing in PDFs, where Thai words wrap
    # with no space at all.
    wrap_joiner: str = " "
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    n_pages: int | None = None
