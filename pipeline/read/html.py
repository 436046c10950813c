"""HTML reports: real ``<table>`` elements, parsed with lxml.

Row and column spans become a full grid; a cell covered by a span from above
is `SPANNED`, one covered from the left is empty. A cell's markup is
resolved here, from the parsed tree (`layout.markup.element_text`):
``<p>``, ``<li>`` and ``<br>`` become lines, an ``<li>``'s label is
written in front of it.
`html_page_text` gives the page's visible text, for `thaireports text`.

A table whose spans would expand past `Limits.max_grid_cells` positions fails
(`too_large`), and so does a file the parser stopped reading before its end
(`parse_stopped`: libxml2 gives up past 2,048 levels of nesting), rather
than pass as a shorter report.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree, html

from pipeline.errors import CorruptFileError
from pipeline.layout.markup import element_text
from pipeline.limits import IncompleteParseError, ResourceLimitError, TooLargeError, current
from pipeline.model import SPANNED, RawDocument, RawRow

_PREAMBLE_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "strong", "b", "center", "font"})


def parse_html(text: str, path: str) -> html.HtmlElement:
    """The document tree; raises when the parser could not read to the end of the file.

    huge_tree lifts libxml2's nesting limit from 256 to 2,048 levels; past a
    limit the parser stops with a fatal error, and everything after is lost.
    """
    parser = html.HTMLParser(huge_tree=True)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise CorruptFileError(path, f"HTML could not be parsed ({err})") from err
    fatal = next((entry for entry in parser.error_log if entry.level_name == "FATAL"), None)
    if fatal is not None and fatal.type_name == "ERR_NO_MEMORY":
        raise ResourceLimitError(path, "ran out of memory parsing the HTML")
    if fatal is not None:
        cause = fatal.message.split(", use XML_PARSE_HUGE")[0]  # the option is on: only the cause helps
        where = f"line {fatal.line} (of {text.count(chr(10)) + 1}), column {fatal.column}"
        raise IncompleteParseError(
            path, f"HTML parsing stopped at {where}: {cause}; the rest of the file would be lost"
        )
    return root


def read_html(text: str, path: str) -> RawDocument:
    root = parse_html(text, path)
    tables = [t for t in root.iter("table") if not any(a.tag == "table" for a in t.iterancestors())]
    rows: list[RawRow] = []
    budget = current().max_grid_cells
    for table in tables:
        rows.extend(_table_rows(table, path, budget - sum(len(r.cells) for r in rows)))
    preamble = _preamble(root, tables[0] if tables else None)
    return RawDocument(path, "html", tuple(preamble), tuple(rows))


def _preamble(root, first_table) -> list[str]:
    lines: list[str] = []
    title = root.find(".//title")
    holders = set(first_table.iterancestors()) if first_table is not None else set()
    for element in root.iter():
        if element is first_table:
            break
        if not isinstance(element.tag, str) or element.tag not in _PREAMBLE_TAGS or element in holders:
            continue  # an element holding the table is read through its children
        if any(
            isinstance(a.tag, str) and a.tag in _PREAMBLE_TAGS and a not in holders for a in element.iterancestors()
        ):
            continue
        text = " ".join(element.text_content().split())
        if text:
            lines.append(text)
    if title is not None and title.text_content().strip():
        lines.append(" ".join(title.text_content().split()))
    return lines


def _span(cell, name: str) -> int:
    value = cell.get(name, "1").strip()
    return max(1, min(int(value), 1000)) if value.isdigit() else 1


def _table_rows(table, path: str, budget: int) -> list[RawRow]:
    """The table's rows as a full grid, at most `budget` positions in all."""
    pending: dict[int, int] = {}  # grid column -> rows still covered from above
    rows: list[RawRow] = []
    for tr in (t for t in table.iter("tr") if _owning_table(t) is table):
        cells: list[str | None] = []
        spans: dict[int, int] = {}
        shaded: set[int] = set()
        column = 0
        for cell in (c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")):
            column = _fill_spanned(cells, pending, column)
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            if len(cells) + colspan > budget:
                _too_large(path, tr)
            if _is_shaded(cell):
                shaded.add(len(cells))
            cells.append(element_text(cell))
            if colspan > 1:
                spans[len(cells) - 1] = colspan
            for offset in range(colspan):
                if offset:
                    cells.append("")
                if rowspan > 1:
                    pending[column + offset] = rowspan - 1
            column += colspan
        last = max((k for k, v in pending.items() if v > 0), default=-1)
        if len(cells) + max(0, last + 1 - column) > budget:
            _too_large(path, tr)
        _fill_spanned(cells, pending, column, last)
        budget -= len(cells)
        span_row = tuple(spans.get(i, 1) for i in range(len(cells))) if spans else ()
        rows.append(RawRow(tuple(cells), line=tr.sourceline, shaded=frozenset(shaded), spans=span_row))
    return rows


def _too_large(path: str, tr) -> None:
    limit = current().max_grid_cells
    raise TooLargeError(
        path, f"the table's row and column spans expand past {limit:,} cells (at line {tr.sourceline}); not read"
    )


_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;]+)", re.IGNORECASE)
_NO_FILL = ("", "none", "transparent", "white", "#fff", "#ffffff", "inherit", "initial")


def _is_shaded(cell) -> bool:
    """A cell painted with a colour (bgcolor or a background style): a mark in a month grid."""
    found = _BACKGROUND.search(cell.get("style", ""))
    colour = (found.group(1) if found else cell.get("bgcolor", "")).strip().lower()
    return colour not in _NO_FILL


def _fill_spanned(cells: list[str | None], pending: dict[int, int], column: int, last: int = -1) -> int:
    """Cover the columns spanned from above from `column` on; up to `last` at least (the row's end)."""
    while pending.get(column, 0) > 0 or column <= last:
        if pending.get(column, 0) > 0:
            cells.append(SPANNED)
            pending[column] -= 1
        else:
            cells.append("")
        column += 1
    return column


def _owning_table(tr):
    for ancestor in tr.iterancestors():
        if ancestor.tag == "table":
            return ancestor
    return None


# --- visible text ------------------------------------------------------------

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_INVISIBLE_TAGS = ("script", "style", "head", "template", "title")
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
_CELL_TAGS = frozenset(("td", "th"))
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def html_page_text(markup: str, path: str = "") -> str:
    """The text a browser shows: blocks and <br> as line breaks, cells by tabs.

    >>> html_page_text("<p>ก<br>ข</p><script>x()</script><table><tr><td>1</td><td>2</td></tr></table>")
    'ก\\nข\\n1\\t2'
    """
    markup = _XML_DECLARATION.sub("", markup, count=1)
    root = parse_html(markup, path)
    for element in root.xpath("|".join(f"//{tag}" for tag in _INVISIBLE_TAGS)):
        element.drop_tree()  # keeps the tail, which is visible text
    parts: list[str] = []
    _walk_html(root, parts.append)
    lines = (line.strip(" ") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _walk_html(root: html.HtmlElement, emit: Callable[[str], None]) -> None:
    # Iterative, not recursive: archived HTML can nest deeper than the stack.
    pre_depth = 0
    cells_in_row: list[int] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            pre_depth += tag == "pre"
            if tag == "tr":
                cells_in_row.append(0)
            elif tag in _CELL_TAGS and cells_in_row:
                emit("\t" if cells_in_row[-1] else "")
                cells_in_row[-1] += 1
            emit("\n" if tag in _BLOCK_TAGS or tag == "br" else "")
            if tag and element.text:
                emit(_html_text(element.text, pre_depth))
        else:
            pre_depth -= tag == "pre"
            if tag == "tr" and cells_in_row:
                cells_in_row.pop()
            emit("\n" if tag in _BLOCK_TAGS else "")
            if element.tail and element is not root:
                emit(_html_text(element.tail, pre_depth))


def _html_text(text: str, pre_depth: int) -> str:
    return text if pre_depth else _HTML_SPACE.sub(" ", text)
