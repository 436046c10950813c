"""Write month-grid plan reports in every format, with their gold parses.

    python -m tools.make_layout_fixtures [OUT_DIR]   (default tests/fixtures/layouts)

Agencies draw the period of a plan as a month grid: a group header
"ระยะเวลาดำเนินการ (ปีงบประมาณ พ.ศ. 2568)" over twelve month columns, and
in each row the months the activity runs marked with ticks, slashes, dots,
arrows, shaded cells or an arrow cell spanning several months. Measures
are grouped under strategy rows and numbered from 1 again in each strategy.
The same plan is written as tab-separated text, HTML (background colours
and colspans), DOCX (w:shd shading and gridSpan, written with python-docx)
and, when LibreOffice's `soffice` is installed, PDF converted from the DOCX
(shading becomes filled rectangles). A quarter-grid variant is written as
HTML. The gold comes from the plan below, not from parsing the files.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import tempfile
from calendar import monthrange
from dataclasses import dataclass
from pathlib import Path

FISCAL_YEAR = 2568
MONTHS = ("ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.")
QUARTERS = ("ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4")
TITLE = (
    "แผนปฏิบัติการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2568",
    "องค์การบริหารส่วนตำบลหนองบัว อำเภอเมืองขอนแก่น จังหวัดขอนแก่น",
)
HEADER = ("ที่", "โครงการ/กิจกรรม", "การดำเนินงาน", "หน่วยงานหลัก", "หมายเหตุ")
PERIOD_HEADER = f"ระยะเวลาดำเนินการ (ปีงบประมาณ พ.ศ. {FISCAL_YEAR})"
QUARTER_HEADER = f"ไตรมาส (ปีงบประมาณ พ.ศ. {FISCAL_YEAR})"


@dataclass(frozen=True)
class Item:
    label: str
    title: str
    actions: tuple[str, ...]
    first: int | None  # first marked column (0 = ต.ค.), None: no mark
    last: int | None
    responsible: str  # as printed
    units: tuple[str, ...]  # as the gold reads them
    note: str = ""


SECTIONS: tuple[tuple[str, str, tuple[Item, ...]], ...] = (
    (
        "กลยุทธ์ที่ 1",
        "เสริมสร้างวัฒนธรรมองค์กรสุจริต",
        (
            Item(
                "1",
                "โครงการอบรมคุณธรรมจริยธรรมแก่บุคลากร",
                ("จัดทำหลักสูตรการอบรม", "จัดอบรมบุคลากรทุกระดับ"),
                0,
                1,
                "สำนักปลัด / กองคลัง",
                ("สำนักปลัด", "กองคลัง"),
            ),
            Item(
                "2",
                "กิจกรรมประกาศเจตจำนงสุจริตของผู้บริหาร",
                ("จัดทำประกาศเจตจำนง", "เผยแพร่ประกาศทางเว็บไซต์"),
                3,
                3,
                "สำนักปลัด",
                ("สำนักปลัด",),
                "ดำเนินการร่วมกับอำเภอ",
            ),
        ),
    ),
    (
        "กลยุทธ์ที่ 2",
        "ป้องกันการทุจริตในการปฏิบัติงาน",
        (
            Item(
                "1",
                "มาตรการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง",
                ("จัดทำแผนการจัดซื้อจัดจ้าง", "เผยแพร่ผลการจัดซื้อจัดจ้างรายเดือน"),
                0,
                11,
                "กองคลัง, งานพัสดุ",
                ("กองคลัง", "งานพัสดุ"),
            ),
            Item(
                "2",
                "มาตรการจัดการเรื่องร้องเรียนการทุจริต",
                ("จัดทำช่องทางรับเรื่องร้องเรียน", "รายงานผลการจัดการเรื่องร้องเรียน"),
                3,
                5,
                "สำนักปลัด",
                ("สำนักปลัด",),
            ),
            Item(
                "3",
                "กิจกรรมประเมินความเสี่ยงการทุจริต",
                ("ประชุมคณะทำงาน", "จัดทำแผนบริหารความเสี่ยง"),
                None,
                None,
                "กองคลัง",
                ("กองคลัง",),
                "เลื่อนไปปีงบประมาณถัดไป",
            ),
        ),
    ),
)


def _ce(column: int) -> tuple[int, int]:
    """(year, month) of grid column `column` (0 = October of the year before)."""
    month = (column + 9) % 12 + 1
    return (FISCAL_YEAR - 543 - (1 if month >= 10 else 0), month)


def _span(item: Item, quarters: bool) -> tuple[str | None, str | None]:
    if item.first is None or item.last is None:
        return None, None
    if quarters:
        first, last = item.first // 3 * 3, item.last // 3 * 3 + 2
    else:
        first, last = item.first, item.last
    (y1, m1), (y2, m2) = _ce(first), _ce(last)
    return f"{y1:04d}-{m1:02d}-01", f"{y2:04d}-{m2:02d}-{monthrange(y2, m2)[1]:02d}"


def gold(source: str, quarters: bool = False) -> dict:
    measures = []
    for section_label, section, items in SECTIONS:
        for item in items:
            start, end = _span(item, quarters)
            row = {"actions": list(item.actions), "period_start": start, "period_end": end}
            row["responsible"] = list(item.units)
            measures.append(
                {
                    "measure_no": len(measures) + 1,
                    "label": item.label,
                    "section_label": section_label,
                    "section": section,
                    "title": item.title,
                    "rows": [row],
                }
            )
    return {
        "source": source,
        "document": {
            "organization": "องค์การบริหารส่วนตำบลหนองบัว",
            "district": "เมืองขอนแก่น",
            "province": "ขอนแก่น",
            "fiscal_year": FISCAL_YEAR,
        },
        "measures": measures,
    }


def _actions(item: Item, sep: str) -> str:
    return sep.join(f"{i}. {a}" for i, a in enumerate(item.actions, start=1))


# --- text: tab-separated, marks as characters --------------------------------

TEXT_MARKS = ("✓", "/", "arrow", "x", "●")  # one style per row, in turn


def _text_marks(item: Item, style: int) -> list[str]:
    cells = [""] * 12
    if item.first is None or item.last is None:
        return cells
    if TEXT_MARKS[style % len(TEXT_MARKS)] == "arrow" and item.last > item.first:  # drawn with characters
        cells[item.first] = "<"
        for c in range(item.first + 1, item.last):
            cells[c] = "-"
        cells[item.last] = ">"
        return cells
    for c in range(item.first, item.last + 1):
        cells[c] = TEXT_MARKS[style % len(TEXT_MARKS)]
    return cells


def write_text(path: Path) -> None:
    width = len(HEADER) + 12
    lines = [*TITLE, ""]
    lines.append("\t".join([*HEADER[:3], PERIOD_HEADER, *[""] * 11, *HEADER[3:]]))
    lines.append("\t".join(["", "", "", *MONTHS, "", ""]))
    style = 0
    for section_label, section, items in SECTIONS:
        lines.append("\t".join([f"{section_label} {section}", *[""] * (width - 1)]))
        for item in items:
            marks = _text_marks(item, style)
            style += 1
            lines.append("\t".join([item.label, item.title, _actions(item, " "), *marks, item.responsible, item.note]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- HTML: shading, spanning arrow cells, characters --------------------------


def _html_marks(item: Item, style: int, columns: int, per: int) -> str:
    """Grid cells of one row; `per` months per column (3 for quarters)."""
    if item.first is None or item.last is None:
        return "<td></td>" * columns
    first, last = item.first // per, item.last // per
    out = []
    column = 0
    kind = ("shade", "dot", "span", "shade")[style % 4]
    while column < columns:
        if first <= column <= last:
            if kind == "shade":
                out.append('<td style="background-color:#8db3e2"></td>')
            elif kind == "span":
                out.append(f'<td colspan="{last - first + 1}">⟵⟶</td>')
                column = last + 1
                continue
            else:
                out.append("<td>●</td>")
        else:
            out.append("<td></td>")
        column += 1
    return "".join(out)


def write_html(path: Path, quarters: bool = False) -> None:
    labels, group, per = (QUARTERS, QUARTER_HEADER, 3) if quarters else (MONTHS, PERIOD_HEADER, 1)
    esc = html.escape
    rows = [
        "<tr>"
        + "".join(f'<th rowspan="2">{esc(h)}</th>' for h in HEADER[:3])
        + f'<th colspan="{len(labels)}">{esc(group)}</th>'
        + "".join(f'<th rowspan="2">{esc(h)}</th>' for h in HEADER[3:])
        + "</tr>",
        "<tr>" + "".join(f"<th>{esc(m)}</th>" for m in labels) + "</tr>",
    ]
    width = len(HEADER) + len(labels)
    style = 0
    for section_label, section, items in SECTIONS:
        rows.append(f'<tr><td colspan="{width}"><b>{esc(section_label)} {esc(section)}</b></td></tr>')
        for item in items:
            actions = "".join(f"<li>{esc(a)}</li>" for a in item.actions)
            rows.append(
                f"<tr><td>{esc(item.label)}</td><td>{esc(item.title)}</td><td><ol>{actions}</ol></td>"
                + _html_marks(item, style, len(labels), per)
                + f"<td>{esc(item.responsible)}</td><td>{esc(item.note)}</td></tr>"
            )
            style += 1
    body = "".join(f"<p>{esc(t)}</p>" for t in TITLE)
    path.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}'
        f'<table border="1">{"".join(rows)}</table></body></html>\n',
        encoding="utf-8",
    )


# --- DOCX: w:shd shading, gridSpan arrows, characters -------------------------


_SHAPE_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


def _shape_run(number: int, width_emu: int, line: bool):
    """An inline Word shape: a filled double arrow, or a line with arrowheads."""
    from docx.oxml import parse_xml

    height = 0 if line else 110000
    geometry = "line" if line else "leftRightArrow"
    paint = (
        '<a:noFill/><a:ln w="19050"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
        '<a:headEnd type="triangle"/><a:tailEnd type="triangle"/></a:ln>'
        if line
        else '<a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill>'
    )
    return parse_xml(
        f'<w:r {_SHAPE_NS}><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width_emu}" cy="{height}"/><wp:docPr id="{number}" name="Arrow {number}"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width_emu}" cy="{height}"/>'
        f'</a:xfrm><a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>{paint}</wps:spPr><wps:bodyPr/></wps:wsp>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def write_docx(path: Path, shapes: bool = False) -> None:
    """The plan as Word; `shapes`: arrows drawn as shapes (a filled double arrow, a line with heads)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    def shade(cell) -> None:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), "4F81BD")
        cell._tc.get_or_add_tcPr().append(shd)

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(10))
    style = document.styles["Normal"]
    style.font.name = "Laksaman"
    style.font.size = Pt(10)
    for line in TITLE:
        document.add_paragraph(line)
    n_items = sum(len(items) for _, _, items in SECTIONS)
    width = len(HEADER) + 12
    table = document.add_table(rows=2 + len(SECTIONS) + n_items, cols=width)
    table.style = "Table Grid"
    head, months = table.rows[0].cells, table.rows[1].cells
    grid_at = 3
    for i, text in enumerate(HEADER[:3]):
        head[i].merge(months[i]).text = text
    head[grid_at].merge(head[grid_at + 11]).text = PERIOD_HEADER
    for i, text in enumerate(HEADER[3:], start=grid_at + 12):
        head[i].merge(months[i]).text = text
    for i, month in enumerate(MONTHS):
        months[grid_at + i].text = month
    r = 2
    style_no = 0
    for section_label, section_text, items in SECTIONS:
        cells = table.rows[r].cells
        cells[0].merge(cells[width - 1]).text = f"{section_label} {section_text}"
        r += 1
        for item in items:
            cells = table.rows[r].cells
            cells[0].text, cells[1].text = item.label, item.title
            cells[2].text = _actions(item, "\n")
            cells[grid_at + 12].text, cells[grid_at + 13].text = item.responsible, item.note
            if item.first is not None and item.last is not None:
                kinds = ("arrow", "x", "shade", "line") if shapes else ("span", "x", "shade", "span")
                kind = kinds[style_no % 4]
                if kind == "shade":
                    for c in range(item.first, item.last + 1):
                        shade(cells[grid_at + c])
                elif kind == "span":
                    merged = cells[grid_at + item.first].merge(cells[grid_at + item.last])
                    merged.text = "←→"
                elif kind in ("arrow", "line"):
                    merged = cells[grid_at + item.first].merge(cells[grid_at + item.last])
                    paragraph = merged.paragraphs[0]
                    paragraph.paragraph_format.space_before = Pt(4)  # the shape in the middle of the row
                    shape_width = int(Mm(12).emu * (item.last - item.first + 1) * 0.8)
                    paragraph._p.append(_shape_run(style_no + 1, shape_width, line=kind == "line"))
                else:
                    for c in range(item.first, item.last + 1):
                        cells[grid_at + c].text = "x"
            style_no += 1
            r += 1
    document.save(str(path))


def soffice_pdf(docx: Path, out_dir: Path) -> Path | None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        return None
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        subprocess.run(
            [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
            + ["--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), str(docx)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=300,
        )
    return out_dir / (docx.stem + ".pdf")


# --- a result report with tick columns under a status group ----------------

STATUS_TITLE = (
    "รายงานผลการดำเนินงานตามแผนส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2567",
    "☑ รอบ 6 เดือน (1 ตุลาคม 2566 - 31 มีนาคม 2567) ☐ รอบ 12 เดือน",
    "โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านโคก อำเภอเมืองเลย จังหวัดเลย",
)
# (section label, section, [(label, title, done, outputs (text, value, unit), problem)])
STATUS_SECTIONS = (
    (
        "๑.",
        "ด้านการป้องกันการทุจริต",
        (
            ("๑", "จัดทำประกาศนโยบายไม่รับของขวัญ", True, (("ประกาศนโยบาย 1 ฉบับ", 1, "ฉบับ"),), ""),
            ("๒", "อบรมเจ้าหน้าที่เรื่องผลประโยชน์ทับซ้อน", False, (), "งบประมาณไม่เพียงพอ"),
        ),
    ),
    (
        "๒.",
        "ด้านการเปิดเผยข้อมูล",
        (
            (
                "๑",
                "เผยแพร่ข้อมูลการจัดซื้อจัดจ้างบนเว็บไซต์",
                True,
                (("เผยแพร่ข้อมูล 12 ครั้ง", 12, "ครั้ง"), ("ผู้เข้าชม 350 คน", 350, "คน")),
                "",
            ),
        ),
    ),
)
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def write_status_html(path: Path) -> None:
    esc = html.escape
    rows = [
        '<tr><th rowspan="2">ที่</th><th rowspan="2">โครงการ/กิจกรรม</th><th colspan="2">การดำเนินงาน</th>'
        '<th rowspan="2">ผลการดำเนินงาน</th><th rowspan="2">ปัญหา/อุปสรรค</th></tr>',
        "<tr><th>ดำเนินการแล้ว</th><th>ยังมิได้ดำเนินการ</th></tr>",
    ]
    for label, section, items in STATUS_SECTIONS:
        rows.append(f'<tr><td colspan="6">{esc(label)} {esc(section)}</td></tr>')
        for number, title, done, outputs, problem in items:
            ticks = "<td>✓</td><td></td>" if done else "<td></td><td>/</td>"
            listed = "<br>".join(f"- {esc(text)}" for text, _, _ in outputs) or "-"
            rows.append(
                f"<tr><td>{number}</td><td>{esc(title)}</td>{ticks}<td>{listed}</td><td>{esc(problem)}</td></tr>"
            )
    body = "".join(f"<p>{esc(t)}</p>" for t in STATUS_TITLE)
    path.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}'
        f'<table border="1">{"".join(rows)}</table></body></html>\n',
        encoding="utf-8",
    )


def status_gold(source: str) -> dict:
    measures = []
    for label, section, items in STATUS_SECTIONS:
        for number, title, done, outputs, problem in items:
            row = {
                "period_start": "2023-10-01",  # no period column: the ticked round's dates
                "period_end": "2024-03-31",
                "status": "done" if done else "not_done",
                "outputs": [
                    {"text": text, "quantities": [{"value": v, "unit": u, "comparator": "=", "per": None}]}
                    for text, v, u in outputs
                ],
            }
            if problem:
                row["extra"] = [{"column": "ปัญหา/อุปสรรค", "text": problem}]
            measures.append(
                {
                    "measure_no": len(measures) + 1,
                    "label": number.translate(THAI_DIGITS),
                    "section_label": label.translate(THAI_DIGITS),
                    "section": section,
                    "title": title,
                    "rows": [row],
                }
            )
    return {
        "source": source,
        "document": {
            "organization": "โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านโคก",
            "district": "เมืองเลย",
            "province": "เลย",
            "fiscal_year": 2567,
            "report_kind": "integrity_measures_result",
        },
        "measures": measures,
    }


# --- a multi-year plan with a budget column per year -------------------------

PLAN_TITLE = (
    "แผนปฏิบัติการป้องกันการทุจริต 3 ปี (พ.ศ. 2566 - 2568)",
    "องค์การบริหารส่วนตำบลนาดี อำเภอเมืองอุดรธานี จังหวัดอุดรธานี",
)
PLAN_YEARS = (2566, 2567, 2568)
# (section, [(title, indicator, amounts per year (None: "-"), responsible)])
PLAN_SECTIONS = (
    (
        "ยุทธศาสตร์ที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต",
        (
            (
                "โครงการส่งเสริมคุณธรรมจริยธรรมแก่ผู้บริหารและพนักงาน",
                "ร้อยละ 80 ของพนักงานเข้าร่วม",
                (20000, 20000, 25000),
                "สำนักปลัด",
            ),
            ("กิจกรรมสร้างจิตสำนึกการต่อต้านการทุจริตในโรงเรียน", "โรงเรียน 3 แห่ง", (None, 10000, 10000), "กองการศึกษา"),
        ),
    ),
    (
        "ยุทธศาสตร์ที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต",
        (("มาตรการเผยแพร่ข้อมูลข่าวสารด้านการจัดซื้อจัดจ้าง", "เผยแพร่ครบทุกโครงการ", (None, None, None), "กองคลัง"),),
    ),
)


def write_plan_html(path: Path) -> None:
    esc = html.escape
    rows = [
        '<tr><th rowspan="2">ที่</th><th rowspan="2">โครงการ/กิจกรรม</th><th rowspan="2">ตัวชี้วัด</th>'
        f'<th colspan="{len(PLAN_YEARS)}">งบประมาณ (บาท)</th><th rowspan="2">หน่วยงานรับผิดชอบ</th></tr>',
        "<tr>" + "".join(f"<th>{y}</th>" for y in PLAN_YEARS) + "</tr>",
    ]
    number = 0
    for section, items in PLAN_SECTIONS:
        rows.append(f'<tr><td colspan="{4 + len(PLAN_YEARS)}">{esc(section)}</td></tr>')
        for title, indicator, amounts, unit in items:
            number += 1
            money = "".join(f"<td>{a:,}</td>" if a is not None else "<td>-</td>" for a in amounts)
            rows.append(
                f"<tr><td>{number}</td><td>{esc(title)}</td><td>{esc(indicator)}</td>{money}<td>{unit}</td></tr>"
            )
    body = "".join(f"<p>{esc(t)}</p>" for t in PLAN_TITLE)
    path.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}'
        f'<table border="1">{"".join(rows)}</table></body></html>\n',
        encoding="utf-8",
    )


def plan_gold(source: str) -> dict:
    measures = []
    for section, items in PLAN_SECTIONS:
        label, _, heading = section.partition(" ")
        label = f"{label} {heading.split(' ', 1)[0]}"
        for title, _indicator, amounts, unit in items:
            budgets = [{"budget_year": y, "amount_baht": a} for y, a in zip(PLAN_YEARS, amounts)]
            measures.append(
                {
                    "measure_no": len(measures) + 1,
                    "label": str(len(measures) + 1),
                    "section_label": label,
                    "section": heading.split(" ", 1)[1],
                    "title": title,
                    "rows": [{"responsible": [unit], "budgets": budgets}],
                }
            )
    return {
        "source": source,
        "document": {
            "organization": "องค์การบริหารส่วนตำบลนาดี",
            "district": "เมืองอุดรธานี",
            "province": "อุดรธานี",
            "fiscal_year": PLAN_YEARS[0],
            "plan_first_year": PLAN_YEARS[0],
            "plan_last_year": PLAN_YEARS[-1],
        },
        "measures": measures,
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "layouts"
    raw, gold_dir = out / "raw", out / "gold"
    raw.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    written = []
    write_text(raw / "grid-text-2568.txt")
    written.append(("grid-text-2568.txt", False))
    write_html(raw / "grid-html-2568.html")
    written.append(("grid-html-2568.html", False))
    write_html(raw / "grid-quarters-2568.html", quarters=True)
    written.append(("grid-quarters-2568.html", True))
    write_docx(raw / "grid-docx-2568.docx")
    written.append(("grid-docx-2568.docx", False))
    write_docx(raw / "grid-arrows-2568.docx", shapes=True)
    written.append(("grid-arrows-2568.docx", False))
    with tempfile.TemporaryDirectory() as tmp:
        for source, target in (("grid-docx-2568", "grid-pdf-2568"), ("grid-arrows-2568", "grid-arrows-pdf-2568")):
            copy = Path(tmp) / f"{target}.docx"
            shutil.copy(raw / f"{source}.docx", copy)
            pdf = soffice_pdf(copy, Path(tmp))
            if pdf is not None:
                shutil.copy(pdf, raw / f"{target}.pdf")
                written.append((f"{target}.pdf", False))
    for name, quarters in written:
        text = json.dumps(gold(name, quarters), ensure_ascii=False, indent=2)
        (gold_dir / f"{name}.json").write_text(text + "\n", encoding="utf-8")
        print(out / "raw" / name)
    write_plan_html(raw / "plan-budget-2566-2568.html")
    text = json.dumps(plan_gold("plan-budget-2566-2568.html"), ensure_ascii=False, indent=2)
    (gold_dir / "plan-budget-2566-2568.html.json").write_text(text + "\n", encoding="utf-8")
    write_status_html(raw / "status-html-2567.html")
    text = json.dumps(status_gold("status-html-2567.html"), ensure_ascii=False, indent=2)
    (gold_dir / "status-html-2567.html.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
