from __future__ import annotations

from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.layout.markup import element_text, markup_text
from pipeline.model import SPANNED
from pipeline.read.html import parse_html, read_html

PAGE = """<!DOCTYPE html><html><head><title>รายงานผล</title></head><body>
<p><strong>รายงานผลการดำเนินการ</strong></p><p>ประจำปีงบประมาณ พ.ศ. ๒๕๖๖</p>
<table>
<thead><tr><th>ลำดับ</th><th>มาตรการ</th><th colspan="2">วิธีการ</th><th>ผล</th></tr></thead>
<tr><td rowspan="2">1</td><td rowspan="2">ก</td><td>a</td><td>b</td><td><ol><li>x</li></ol></td></tr>
<tr><td colspan="2">c</td><td>y &amp; z</td></tr>
<tr><td>2</td><td>ข<table><tr><td>nested</td></tr></table></td><td>d</td><td>e</td><td>f</td></tr>
</table></body></html>"""


def test_spans_become_a_full_grid():
    doc = read_html(PAGE, "x.html")
    assert [r.cells[:4] for r in doc.rows[1:3]] == [("1", "ก", "a", "b"), (SPANNED, SPANNED, "c", "")]
    assert all(len(r.cells) == 5 for r in doc.rows)


def test_markup_is_resolved_and_nested_tables_stay_inside_their_cell():
    doc = read_html(PAGE, "x.html")
    assert doc.rows[1].cells[4] == "1. x"  # the <ol>'s label written in front, as a PDF prints it
    assert doc.rows[2].cells[4] == "y & z"
    assert len(doc.rows) == 4 and "nested" in doc.rows[3].cells[1]


def test_preamble_is_the_text_before_the_table():
    doc = read_html(PAGE, "x.html")
    assert doc.preamble[:2] == ("รายงานผลการดำเนินการ", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")


# Cell content as authors write it: text with entities and the characters markup escapes,
# inline and block elements, lists (numbered from anywhere, nested, empty items), comments.
_TEXT = st.sampled_from(["จัดประชุม", "แจ้ง&nbsp;เวียน", "a &amp; b", "x &lt; y", "ก > ข", "๑. ข้อ", " ", "\n", "&#3607;"])
_CELL = st.recursive(
    _TEXT,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map("".join),
        st.sampled_from(["<br>", "<!-- note -->", "<span></span>", "<p></p>", "<li></li>"]),
        st.tuples(st.sampled_from(["span", "b", "font", "p", "div", "h3"]), inner).map(
            lambda t: f"<{t[0]}>{t[1]}</{t[0]}>"
        ),
        st.tuples(st.sampled_from(["<ol>", "<ul>", "<ol start='3'>"]), st.lists(inner, min_size=1, max_size=3)).map(
            lambda t: f"{t[0]}{''.join(f'<li>{item}</li>' for item in t[1])}</{t[0][1:3]}>"
        ),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_CELL)
def test_a_cell_reads_from_the_tree_as_from_its_inner_html(cell):
    """The reader takes a cell's text from the parsed tree: the same text as its markup, reparsed."""
    td = parse_html(f"<table><tr><td>{cell}</td></tr></table>", "x.html").find(".//td")
    inner = escape(td.text or "", quote=False) + "".join(
        etree.tostring(child, encoding="unicode", with_tail=True) for child in td
    )
    assert element_text(td) == markup_text(inner)
