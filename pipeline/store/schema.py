"""The output tables: one explicit pyarrow schema each, with every column's meaning.

This module is the single source of truth for column names, types and their
Thai and English descriptions; the writer casts to these schemas and the data
dictionary (`thaireports schema`, docs/data-dictionary.md) is generated from
them. Every table is stored with one more column, `fiscal_year` (see
`stored_schema`), written inside the files and naming the folder that holds
them (``measures/2568/part-0.parquet``).
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "6"
PARTITION = "fiscal_year"


def _col(name: str, type_: pa.DataType, en: str, th: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"en": en, "th": th})


_DOC_ID = _col(
    "doc_id",
    pa.string(),
    "sha256 of the source file's bytes; joins every table",
    "รหัสเอกสาร (sha256 ของไฟล์ต้นฉบับ)",
    nullable=False,
)
_MEASURE_NO = _col(
    "measure_no",
    pa.int32(),
    "the measure's number: as printed while the report numbers its measures through, "
    "else its position in the document from 1 (see measures.label)",
    "ลำดับที่ของมาตรการตามที่พิมพ์ หรือลำดับในเอกสาร เมื่อรายงานเริ่มนับใหม่ในแต่ละหมวด",
    nullable=False,
)
_ACTIVITY_NO = _col(
    "activity_no",
    pa.int32(),
    "the table row within its measure, from 1 in document order",
    "ลำดับกิจกรรม (แถวของตาราง) ภายในมาตรการ นับจาก 1",
    nullable=False,
)
_ITEM_NO = _col(
    "item_no",
    pa.int32(),
    "the list item within its cell, from 1 in document order",
    "ลำดับข้อภายในช่องตาราง นับจาก 1",
    nullable=False,
)
_LABEL = _col(
    "label", pa.string(), 'the list label as printed ("1.", "(2)", "-"), empty when none', "เลขหรือสัญลักษณ์หัวข้อตามที่พิมพ์"
)


def _item_schema(en: str, th: str) -> pa.Schema:
    return pa.schema(
        [
            _DOC_ID,
            _MEASURE_NO,
            _ACTIVITY_NO,
            _ITEM_NO,
            _LABEL,
            _col("text", pa.string(), en, th, nullable=False),
            _col("source_page", pa.int32(), "page of the row in a PDF, else null", "หน้าในไฟล์ PDF"),
        ]
    )


DOCUMENTS = pa.schema(
    [
        _DOC_ID,
        _col("source_path", pa.string(), "path of the source file as it was given", "ที่อยู่ไฟล์ต้นฉบับ", nullable=False),
        _col(
            "source_paths",
            pa.list_(pa.string()),
            "every path holding these same bytes, sorted; source_path is the first",
            "ที่อยู่ไฟล์ทุกแห่งที่มีเนื้อหาเดียวกัน เรียงตามลำดับ (source_path คือรายการแรก)",
        ),
        _col(
            "source_format",
            pa.string(),
            "txt, html, pdf, docx, doc, odt, xlsx (also .xlsm), xls or ods, by the file's content",
            "รูปแบบไฟล์ต้นฉบับ (ตามเนื้อหาของไฟล์)",
            nullable=False,
        ),
        _col("source_bytes", pa.int64(), "size of the source file in bytes", "ขนาดไฟล์ (ไบต์)"),
        _col("title", pa.string(), "the report's title line", "ชื่อรายงาน"),
        _col(
            "report_kind",
            pa.string(),
            "integrity_measures_result (รายงานผล…), integrity_measures_plan (มาตรการ…), "
            "measures_announcement (ประกาศ … เรื่อง มาตรการ…), project_result_report "
            "(รายงานผลการดำเนินงานโครงการ) or other",
            "ประเภทเอกสาร: รายงานผลการดำเนินการ / มาตรการ / ประกาศมาตรการ / รายงานผลโครงการ / อื่น ๆ",
        ),
        _col("organization", pa.string(), "the agency's full name as printed", "ชื่อหน่วยงาน"),
        _col(
            "organization_type",
            pa.string(),
            "kind of agency, from its name (e.g. subdistrict_municipality)",
            "ประเภทหน่วยงาน (เช่น เทศบาลตำบล)",
        ),
        _col("district", pa.string(), "district (อำเภอ) without the word อำเภอ", "อำเภอ"),
        _col("province", pa.string(), "province (จังหวัด) without the word จังหวัด", "จังหวัด"),
        _col(
            "plan_first_year",
            pa.int32(),
            "first fiscal year (BE) of a multi-year plan (แผน… พ.ศ. 2566–2570), else null",
            "ปีงบประมาณแรกของแผนหลายปี",
        ),
        _col(
            "plan_last_year",
            pa.int32(),
            "last fiscal year (BE) of a multi-year plan, else null",
            "ปีงบประมาณสุดท้ายของแผนหลายปี",
        ),
        _col(
            "report_round_months",
            pa.int32(),
            "the reporting round a result report covers (รอบ 6 / 12 เดือน), in months; null when none is named",
            "รอบการรายงาน (6 หรือ 12 เดือน)",
        ),
        _col("n_measures", pa.int32(), "number of measures found", "จำนวนมาตรการ"),
        _col("n_activities", pa.int32(), "number of table rows (activities) found", "จำนวนกิจกรรม"),
        _col("n_pages", pa.int32(), "pages in the source (PDF), else null", "จำนวนหน้า"),
        _col(
            "ocr_pages",
            pa.list_(pa.int32()),
            "pages read by OCR (scanned pages), empty when every page had a text layer",
            "หน้าที่อ่านด้วย OCR (หน้าสแกน)",
        ),
        _col("parser_version", pa.string(), "thaireports parser version that wrote the rows", "รุ่นของตัวแปลงข้อมูล"),
        _col(
            "warnings",
            pa.list_(pa.string()),
            "data problems found, each 'where: code: message' (the warnings table has them as rows)",
            "คำเตือนที่พบระหว่างแปลงข้อมูล",
        ),
    ]
)

MEASURES = pa.schema(
    [
        _DOC_ID,
        _MEASURE_NO,
        _col(
            "label",
            pa.string(),
            'the measure\'s number as printed ("1", "ข้อ 2", "-"), empty when none',
            "เลขลำดับของมาตรการตามที่พิมพ์",
        ),
        _col("title", pa.string(), "the measure's title (มาตรการ/กิจกรรม)", "ชื่อมาตรการ"),
        _col(
            "section",
            pa.string(),
            "the heading of the section the measure is in (กลยุทธ์, ยุทธศาสตร์, ด้าน …), without its label",
            "หัวข้อหมวด/กลยุทธ์/ยุทธศาสตร์ที่มาตรการอยู่",
        ),
        _col(
            "section_label",
            pa.string(),
            'the section\'s label as printed ("กลยุทธ์ที่ 2", "2."), null when none',
            "เลขหรือชื่อหมวดตามที่พิมพ์",
        ),
        _col("n_activities", pa.int32(), "table rows of this measure", "จำนวนกิจกรรมของมาตรการ"),
    ]
)

ACTIVITIES = pa.schema(
    [
        _DOC_ID,
        _MEASURE_NO,
        _ACTIVITY_NO,
        _col("period_start", pa.date32(), "first day of the period (Gregorian)", "วันเริ่มต้นระยะเวลาดำเนินการ"),
        _col("period_end", pa.date32(), "last day of the period (Gregorian)", "วันสิ้นสุดระยะเวลาดำเนินการ"),
        _col("period_text", pa.string(), "the period cell as printed (ระยะเวลาดำเนินการ)", "ระยะเวลาดำเนินการ"),
        _col(
            "responsible", pa.list_(pa.string()), "responsible units (ผู้รับผิดชอบ), one per list item", "หน่วยงาน/ผู้รับผิดชอบ"
        ),
        _col("budget_baht", pa.float64(), "budget in baht when the table has a budget column", "งบประมาณ (บาท)"),
        _col("budget_text", pa.string(), "the budget cell as printed", "ช่องงบประมาณตามที่พิมพ์"),
        _col(
            "budget_spent_baht",
            pa.float64(),
            "baht actually spent, where a project result form reports it",
            "งบประมาณที่ใช้จริง (บาท)",
        ),
        _col(
            "budget_remaining_baht",
            pa.float64(),
            "baht left unspent, where a project result form reports it",
            "งบประมาณคงเหลือ (บาท)",
        ),
        _col("indicator", pa.string(), "indicator / target cell (ตัวชี้วัด/เป้าหมาย) when present", "ตัวชี้วัดหรือเป้าหมาย"),
        _col(
            "status",
            pa.string(),
            "done / not_done from a tick under ดำเนินการแล้ว | ยังมิได้ดำเนินการ, else a status cell as printed",
            "สถานะการดำเนินการ (ดำเนินการแล้ว / ยังมิได้ดำเนินการ)",
        ),
        _col(
            "extra",
            pa.list_(pa.struct([("column", pa.string()), ("text", pa.string())])),
            "cells of columns whose header is not in the vocabulary",
            "ช่องที่ไม่รู้จักหัวตาราง",
        ),
        _col(
            "source_line",
            pa.int32(),
            "line of the row in a text/HTML source; its row number in the sheet of a workbook",
            "บรรทัดในไฟล์ต้นฉบับ (แถวในแผ่นงานของไฟล์ตารางคำนวณ)",
        ),
        _col("source_page", pa.int32(), "page of the row in a PDF", "หน้าในไฟล์ PDF"),
        _col(
            "ocr_confidence",
            pa.float64(),
            "rows read by OCR: mean word confidence (0-1) of the row's least sure cell; null from a text layer",
            "ความมั่นใจของ OCR (0-1) ของช่องที่มั่นใจน้อยที่สุดในแถว; ว่างเมื่ออ่านจากข้อความในไฟล์",
        ),
    ]
)

ACTIONS = _item_schema("an action taken (วิธีการปฏิบัติ/ขั้นตอนการดำเนินการ)", "วิธีการปฏิบัติ")
OUTPUTS = _item_schema("an output reported (ผลการดำเนินการ, output)", "ผลการดำเนินการ")
OUTCOMES = _item_schema("an outcome reported (ผลลัพธ์/ผลสัมฤทธิ์, outcome)", "ผลลัพธ์")

QUANTITIES = pa.schema(
    [
        _DOC_ID,
        _MEASURE_NO,
        _ACTIVITY_NO,
        _col(
            "item_no",
            pa.int32(),
            "the output item (outputs.item_no) the quantity was read from",
            "ลำดับข้อของผลการดำเนินการ",
            nullable=False,
        ),
        _col("quantity_no", pa.int32(), "the quantity within its item, from 1", "ลำดับจำนวนภายในข้อ", nullable=False),
        _col("value", pa.float64(), "the number, Thai digits and number words converted", "ค่าตัวเลข"),
        _col("unit", pa.string(), "the unit as written (คน, ครั้ง, ช่องทาง, ร้อยละ …)", "หน่วยนับ"),
        _col(
            "comparator",
            pa.string(),
            "= exact, >= at least (อย่างน้อย, ไม่น้อยกว่า), <= at most (ไม่เกิน, ภายใน)",
            "ตัวเปรียบเทียบ",
        ),
        _col(
            "per", pa.string(), "day, week, month, quarter or year for rates (เดือนละ, ต่อปี), else null", "ความถี่ต่อช่วงเวลา"
        ),
        _col("span", pa.string(), "the text the quantity was read from", "ข้อความที่อ่านค่า"),
    ]
)

BUDGETS = pa.schema(
    [
        _DOC_ID,
        _MEASURE_NO,
        _ACTIVITY_NO,
        _col(
            "budget_year",
            pa.int32(),
            "the fiscal year (BE) a per-year budget column is headed with (งบประมาณ 2566 | 2567 …)",
            "ปีงบประมาณของช่องงบประมาณรายปี",
            nullable=False,
        ),
        _col("amount_baht", pa.float64(), "the amount in baht, null when the cell holds no figure", "จำนวนเงิน (บาท)"),
        _col("text", pa.string(), "the cell as printed", "ช่องงบประมาณตามที่พิมพ์"),
    ]
)

WARNINGS = pa.schema(
    [
        _DOC_ID,
        _col(
            "warning_no",
            pa.int32(),
            "the warning within its document, from 1 in the order found (the order of documents.warnings)",
            "ลำดับคำเตือนภายในเอกสาร นับจาก 1",
            nullable=False,
        ),
        _col(
            "code",
            pa.string(),
            "stable code from the catalogue (listed below), e.g. period_unparsed",
            "รหัสคำเตือน",
            nullable=False,
        ),
        _col(
            "severity",
            pa.string(),
            "warning (a value in the tables may be missing or wrong) or notice (unusual source, nothing lost)",
            "ระดับ: warning (ข้อมูลอาจขาดหรือผิด) / notice (ไม่มีข้อมูลสูญหาย)",
            nullable=False,
        ),
        _col("page", pa.int32(), "page of the problem (PDF), else null", "หน้าในไฟล์ PDF"),
        _col(
            "line",
            pa.int32(),
            "line of the problem in a text/HTML source, its table row in a Word file or its row in a sheet, else null",
            "บรรทัดในไฟล์ต้นฉบับ (หรือแถวตารางในไฟล์ Word)",
        ),
        _col(
            "measure_no",
            pa.int32(),
            "the measure whose cell the problem is in (periods, list items), else null",
            "มาตรการของช่องที่พบปัญหา",
        ),
        _col(
            "activity_no",
            pa.int32(),
            "the activity whose cell the problem is in, else null",
            "กิจกรรมของช่องที่พบปัญหา",
        ),
        _col(
            "message", pa.string(), "what was found, in English, quoting the source text", "รายละเอียด", nullable=False
        ),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "measures": MEASURES,
    "activities": ACTIVITIES,
    "actions": ACTIONS,
    "outputs": OUTPUTS,
    "quantities": QUANTITIES,
    "outcomes": OUTCOMES,
    "budgets": BUDGETS,
    "warnings": WARNINGS,
}

# Row order inside every file, so the same input gives the same bytes.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "measures": ("doc_id", "measure_no"),
    "activities": ("doc_id", "measure_no", "activity_no"),
    "actions": ("doc_id", "measure_no", "activity_no", "item_no"),
    "outputs": ("doc_id", "measure_no", "activity_no", "item_no"),
    "outcomes": ("doc_id", "measure_no", "activity_no", "item_no"),
    "quantities": ("doc_id", "measure_no", "activity_no", "item_no", "quantity_no"),
    "budgets": ("doc_id", "measure_no", "activity_no", "budget_year"),
    "warnings": ("doc_id", "warning_no"),
}

# The last column of every stored table, whatever the table. It is written inside
# the files, not only as a hive folder name (``fiscal_year=2568/``): pandas and
# pyarrow's plain readers turn a hive folder name into an unordered category,
# where `max()` and `>= 2568` fail. The folders are named by the bare year
# (``2568/``), which no reader mistakes for a partition column.
FISCAL_YEAR = _col(
    PARTITION,
    pa.int32(),
    "Thai fiscal year (BE) of the report; the folder holding the file is named by it",
    "ปีงบประมาณ (พ.ศ.) ของรายงาน",
    nullable=False,
)


def stored_schema(table: str) -> pa.Schema:
    """`table`'s columns as written to Parquet: its rows' columns, then `fiscal_year`."""
    return TABLES[table].append(FISCAL_YEAR)
