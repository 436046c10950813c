from __future__ import annotations

from pipeline.model import SPANNED
from pipeline.read.html import read_html

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
