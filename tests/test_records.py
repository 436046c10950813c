from __future__ import annotations

from datetime import date

import pytest

from conftest import RAW
from pipeline.layout.vocab import ACTIONS, OUTPUT
from pipeline.parse.records import ParsedDocument, _budget, append_items, build_records
from pipeline.read import read_document
from pipeline.store.schema import TABLES


@pytest.mark.parametrize(
    "text, baht",
    [
        ("35,000", 35000.0),
        ("15,000.-", 15000.0),
        ("20,000 บาท", 20000.0),
        ("-", None),
        ("", None),
        ("ไม่ใช้งบประมาณ", None),
        ("1,234.50", 1234.5),
        (None, None),
        ("ปี 2567 จำนวน 50,000 บาท", 50000.0),  # the amount in baht, not the year before it
        ("- 2 - จำนวน 50,000 บาท", 50000.0),  # nor a page number a scan's field ran into
    ],
)
def test_budget(text, baht):
    assert _budget(text) == baht


def test_each_row_type_carries_its_tables_columns_in_order():
    """The writer takes typed rows as they are: their fields are the schema's columns."""
    path = RAW / "000_9c5d8f0573ae8997.txt"
    data = path.read_bytes()
    parsed = build_records(read_document(path, data), data, "r/000.txt")
    tables = parsed.tables()
    assert list(tables) == list(TABLES)
    for name, rows in tables.items():
        assert rows or name == "budgets", name  # the sample has no per-year budget columns
        assert all(list(row._fields) == TABLES[name].names for row in rows), name
    assert parsed.document.source_paths == ("r/000.txt",)
    assert [w.warning_no for w in parsed.warnings] == [1, 2]
    assert [w.message for w in parsed.warnings] == [p.message for p in parsed.problems]


def test_items_added_to_an_activity_later_are_numbered_after_its_first_ones():
    # A project form adds outputs to an activity its table already gave some (project_records).
    parsed = ParsedDocument("d" * 64, 2568)
    append_items(parsed, 1, 1, OUTPUT, [("1.", "จำนวน 2 ครั้ง"), ("2.", "รายงาน 1 ฉบับ")])
    append_items(parsed, 1, 2, OUTPUT, [("", "ประชุม 3 ครั้ง")])
    append_items(parsed, 2, 1, ACTIONS, [("", "ประกาศ")])
    append_items(parsed, 1, 1, OUTPUT, [("", "อบรม 40 คน")])
    assert [(r.measure_no, r.activity_no, r.item_no, r.text) for r in parsed.outputs] == [
        (1, 1, 1, "จำนวน 2 ครั้ง"),
        (1, 1, 2, "รายงาน 1 ฉบับ"),
        (1, 2, 1, "ประชุม 3 ครั้ง"),
        (1, 1, 3, "อบรม 40 คน"),
    ]
    assert [(r.measure_no, r.activity_no, r.item_no) for r in parsed.actions] == [(2, 1, 1)]
    assert [(q.activity_no, q.item_no, q.quantity_no, q.value, q.unit) for q in parsed.quantities][-1] == (
        1,
        3,
        1,
        40.0,
        "คน",
    )


def report_text(fiscal_year: int, period: str) -> str:
    header = "ลำดับ\tมาตรการ\tวิธีการดำเนินการ\tระยะเวลาดำเนินการ\tหน่วยงานรับผิดชอบ\tผลการดำเนินงาน"
    rows = [f"{n}\tมาตรการที่ {n}\tจัดประชุม\t{period}\tกองคลัง สำนักปลัด\tประชุม {n} ครั้ง" for n in (1, 2, 3)]
    title = f"รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {fiscal_year}"
    return "\n".join([title, "", header, *rows]) + "\n"


def test_a_period_repeated_down_the_column_reads_in_each_reports_own_year(tmp_path):
    """Each distinct period and responsible cell of a report is read once; the same words
    in another report (another fiscal year) are read again, in its year."""
    starts = {}
    for year in (2567, 2568):
        path = tmp_path / f"r{year}.txt"
        path.write_text(report_text(year, "ต.ค. - ธ.ค."), encoding="utf-8")
        data = path.read_bytes()
        parsed = build_records(read_document(path, data), data, path.name)
        assert [a.responsible for a in parsed.activities] == [("กองคลัง", "สำนักปลัด")] * 3
        starts[year] = {(a.period_start, a.period_end) for a in parsed.activities}
    assert starts == {
        2567: {(date(2023, 10, 1), date(2023, 12, 31))},
        2568: {(date(2024, 10, 1), date(2024, 12, 31))},
    }
