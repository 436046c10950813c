"""Document kinds: the classifier's rules, announcements read as measures, non-reports refused."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from conftest import FIXTURES
from pipeline.batch.convert import BatchOptions, convert_paths
from pipeline.errors import BlankFormError, NoTableError, NotAReportError
from pipeline.layout.forms import open_field, tick_of
from pipeline.layout.kinds import classify
from pipeline.parse.announcement import read_announcement
from pipeline.parse.document import parse_document
from pipeline.parse.project_report import read_project_report
from tools.score_corpora import scores_of

KINDS = FIXTURES / "kinds"
REALWORLD = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "realworld"


@pytest.mark.parametrize(
    ("lines", "kind", "reason"),
    [
        (
            ["รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส", "ประจำปีงบประมาณ 2568"],
            "integrity_measures_result",
            "",
        ),
        (["รายงานผลการดำเนินการตามมาตรการ", "ส่งเสริมคุณธรรมและความโปร่งใส"], "integrity_measures_result", ""),
        (["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"], "integrity_measures_plan", ""),
        (["แผนปฏิบัติราชการ", "ด้านการป้องกัน ปราบปรามการทุจริต และประพฤติมิชอบ"], "anticorruption_action_plan", ""),
        (["แบบรายงานผลการดำเนินงานโครงการ", "ประจำปีงบประมาณ พ.ศ. 2569"], "project_result_report", ""),
        (["รายงานผลการดำเนินงานโครงการ"], "project_result_report", ""),
        (["แผนบริหารความเสี่ยงการทุจริต ประจำปี 2567"], "corruption_risk_report", ""),
        (["ประกาศเทศบาลเมืองกาฬสินธุ์", "เรื่อง มาตรการป้องกันการรับสินบน"], "measures_announcement", ""),
        (["ราชกิจจานุเบกษา", "พระราชบัญญัติ"], "not_a_report", "law / gazette"),
        (["ประมวลจริยธรรมของพนักงานส่วนตำบล"], "not_a_report", "code of conduct"),
        (["รายงานผลการวิเคราะห์ผลการจัดซื้อจัดจ้าง", "ประจำปีงบประมาณ 2567"], "not_a_report", "procurement analysis"),
        (["เอกสารงบประมาณ ฉบับที่ 3", "งบประมาณรายจ่ายประจำปี"], "not_a_report", "budget table"),
        (["บันทึกข้อความ", "เรื่อง ขออนุมัติเดินทางไปราชการ"], "not_a_report", "unknown"),
        # Font damage from real PDF exports: lost sara am, marks in visual order.
        (["รายงานผลการด าเนินการตามมาตรการส่งเสริมคุณธรรม"], "integrity_measures_result", ""),
        (["งบหนา้รายจ่ายตามแผนงาน/งาน/โครงการ ประจ าปงีบประมาณ 2568"], "not_a_report", "budget table"),
    ],
)
def test_classify_names_the_kind_from_the_title_block(lines, kind, reason):
    verdict = classify(lines)
    assert (verdict.kind, verdict.reason) == (kind, reason)
    assert verdict.evidence


def test_the_title_outranks_the_table_rows_below_it():
    lines = ["รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส", "1\tมาตรการประเมินความเสี่ยงการทุจริต\t..."]
    assert classify(lines).kind == "integrity_measures_result"


def test_announcement_items_continue_over_lines_and_stop_at_the_closing():
    a = read_announcement(
        [
            "ประกาศ อบต.ดอน",
            "เรื่อง มาตรการป้องกันการทุจริต",
            "๑. ข้อแรก",
            "ต่อบรรทัด",
            "ทั้งนี้ ตั้งแต่บัดนี้",
            "ประกาศ ณ วันที่ ๓๐ กันยายน ๒๕๖๗",
        ]
    )
    assert [(m.number, m.text) for m in a.measures] == [(1, "ข้อแรก ต่อบรรทัด")]
    assert a.fiscal_year == 2567  # 30 September is the last day of fiscal 2567


def test_announcements_and_project_reports_score_against_their_gold(tmp_path):
    summary = convert_paths([KINDS / "raw"], tmp_path / "parsed")
    assert not summary.failed, [f.error_message for f in summary.failed]
    scores = scores_of(tmp_path / "parsed", KINDS / "gold", FIXTURES / "score.py")
    assert scores["total"] >= 0.95, scores["components"]
    assert len(scores["documents"]) == len(list((KINDS / "raw").iterdir()))
    assert all(doc["total"] >= 0.95 for doc in scores["documents"].values()), scores["documents"]


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("ชื่อโครงการ อบรมคุณธรรม", "title", "อบรมคุณธรรม"),
        ("๑. ชื่อโครงการ: อบรมคุณธรรม", "title", "อบรมคุณธรรม"),
        ("โครงการ.............", "title", "............."),
        ("โครงการอบรมคุณธรรมจัดขึ้นเพื่อ", None, None),  # a sentence, not a field
        ("4.2 ผลการดำเนินงาน ร้อยละ 92", "results", "ร้อยละ 92"),
        ("ปัญหา/อุปสรรคและแนวทางแก้ไข ไม่มี", "problems", "ไม่มี"),
        ("๗. งบประมาณ เงินงบประมาณที่ได้รับ ๕๐,๐๐๐ บาท", "budget", "เงินงบประมาณที่ได้รับ ๕๐,๐๐๐ บาท"),
        ("บุคลากรมีความรู้", None, None),
    ],
)
def test_form_fields_open_on_their_wording(line, field, value):
    opened = open_field(line)
    assert (opened is None) if field is None else (opened == (field, value))


@pytest.mark.parametrize(
    ("line", "tick"),
    [
        ("☑ ดำเนินการแล้วเสร็จ", (True, "ดำเนินการแล้วเสร็จ")),
        ("☒ ดำเนินการแล้วเสร็จ", (True, "ดำเนินการแล้วเสร็จ")),
        ("☐ ยังไม่เริ่มดำเนินการ", (False, "ยังไม่เริ่มดำเนินการ")),
        ("[/] อยู่ระหว่างดำเนินการ", (True, "อยู่ระหว่างดำเนินการ")),
        ("[ ] อยู่ระหว่างดำเนินการ", (False, "อยู่ระหว่างดำเนินการ")),
        ("ดำเนินการแล้ว", None),
    ],
)
def test_tick_boxes_are_read_as_ticked_or_not(line, tick):
    assert tick_of(line) == tick


def test_unticked_options_never_become_values():
    report = read_project_report(
        ["ชื่อโครงการ อบรม", "☐ ยังไม่เริ่มดำเนินการเนื่องจาก......", "☑ ดำเนินโครงการแล้วเสร็จ", "ผลที่ได้รับ ดี"]
    )
    assert report.fields["title"] == "อบรม" and report.fields["outcomes"] == "ดี"
    assert report.ticked == ("ดำเนินโครงการแล้วเสร็จ",)
    assert report.unticked == ("ยังไม่เริ่มดำเนินการเนื่องจาก",)


def test_amounts_spent_count_by_the_total_of_a_breakdown():
    report = read_project_report(
        ["ได้รับจัดสรรงบประมาณ จำนวน 12,000 บาท", "การเบิกจ่ายงบประมาณ ค่าอาหาร 4,500 บาท รวม 6,000 บาท", "คงเหลือ 6,000 บาท"]
    )
    assert report.amounts == {"allocated": 12000.0, "spent": 6000.0, "remaining": 6000.0}


def test_project_report_fields_land_in_the_tables(tmp_path):
    source = KINDS / "raw" / "project-report-nonsung-2568.docx"
    parsed = parse_document(source, source.read_bytes(), source.name)
    activity = parsed.activities[0]
    assert (activity.budget_baht, activity.budget_spent_baht, activity.budget_remaining_baht) == (
        50000.0,
        48500.0,
        1500.0,
    )
    extra = {e.column: e.text for e in activity.extra}
    assert extra["suggestions"].startswith("ควรจัดทำแอปพลิเคชัน") and "objectives" in extra
    assert [o.text for o in parsed.outputs][-1] == "ผู้เข้าร่วม 120 คน"


def test_an_announcement_in_word_is_read_as_prose(tmp_path):
    source = tmp_path / "announcement.docx"
    document = docx.Document()
    for line in (KINDS / "raw" / "announcement-school-bandon-2567.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line.strip())
    document.save(source)
    parsed = parse_document(source, source.read_bytes(), "announcement.docx")
    assert parsed.document.report_kind == "measures_announcement"
    assert parsed.fiscal_year == 2567
    assert [m.measure_no for m in parsed.measures] == [1, 2, 3]


def test_prose_that_is_not_a_report_says_what_it_looks_like(tmp_path):
    source = tmp_path / "law.txt"
    source.write_text("ราชกิจจานุเบกษา\nพระราชบัญญัติการอาชีวศึกษา พ.ศ. ๒๕๕๑\nมาตรา ๑ ...\n", encoding="utf-8")
    with pytest.raises(NotAReportError, match="law / gazette"):
        parse_document(source, source.read_bytes(), "law.txt")


def test_a_report_without_its_table_is_still_no_table(tmp_path):
    source = tmp_path / "report.txt"
    source.write_text("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม\nประจำปีงบประมาณ 2568\nไม่มีตาราง\n", encoding="utf-8")
    with pytest.raises(NoTableError):
        parse_document(source, source.read_bytes(), "report.txt")


@pytest.mark.parametrize(
    ("name", "code", "reason"),
    [
        ("hosp-phichai-procurement-analysis-2567.pdf", "not_a_report", "procurement analysis"),
        ("gazette-vocational-education-act-2551-angsanaupc.pdf", "not_a_report", "law / gazette"),
        ("vc-kantharalak-budget-project-summary-2568.pdf", "not_a_report", "budget table"),
        ("moph-anticorruption-actionplan-2566-2570.pdf", None, None),
        ("vc-kantharalak-project-report-form-2569.docx", "blank_form", "no project filled in"),
    ],
)
def test_real_agency_files_get_a_kind_or_a_reason(name, code, reason):
    source = REALWORLD / name
    try:
        parse_document(source, source.read_bytes(), name)
    except (NotAReportError, BlankFormError) as err:
        assert (err.code, reason in err.message) == (code, True)
    except NoTableError:
        assert code is None  # a report kind whose tables are not read yet
    else:
        assert code is None


@pytest.mark.parametrize(
    "name",
    [
        "hosp-phichai-procurement-analysis-2567.pdf",  # ruled tables, but no report's
        "gazette-vocational-education-act-2551-angsanaupc.pdf",  # no ruled table
    ],
)
def test_a_pdf_that_is_no_report_is_named_from_the_pages_read_once(name, monkeypatch):
    import pipeline.read.pdf.text

    def read_again(*args):
        raise AssertionError("the PDF's text layer was read a second time")

    monkeypatch.setattr(pipeline.read.pdf.text, "pdf_page_texts", read_again)
    source = REALWORLD / name
    with pytest.raises(NotAReportError):
        parse_document(source, source.read_bytes(), name)


def test_inspect_shows_the_kind_and_its_evidence(tmp_path):
    from pipeline.inspect import inspect_file, render_tree

    source = KINDS / "raw" / "announcement-school-bandon-2567.txt"
    report = inspect_file(source)
    assert report["kind"] == {
        "kind": "measures_announcement",
        "reason": None,
        "evidence": "ประกาศโรงเรียนบ้านดอนสวรรค์ / เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
        " ประจำปีงบประมาณ พ.ศ. 2567",
    }
    assert "looks like measures_announcement" in render_tree(report)


@pytest.mark.parametrize(
    ("lines", "year"),
    [
        (["รายงานผลการดำเนินการตามแผนบริหารความเสี่ยงการทุจริต", "ข้อมูล ณ วันที่ 31 มีนาคม 2567"], 2567),
        (["รายงานความก้าวหน้า", "ณ วันที่ ๑ ตุลาคม ๒๕๖๗"], 2568),  # 1 October opens the next fiscal year
        (["รายงานผล", "ประจำปีงบประมาณ พ.ศ. 2566", "ณ วันที่ 1 ตุลาคม 2567"], 2566),  # the printed year wins
        (["รายงานผล", "ณ วันที่ ........ 2567"], None),  # no whole date
    ],
)
def test_a_dated_title_block_gives_the_fiscal_year(lines, year):
    from pipeline.parse.meta import read_meta

    assert read_meta(tuple(lines)).fiscal_year == year


def test_a_numbered_section_of_unknown_wording_ends_the_field_above():
    report = read_project_report(
        [
            "๒. ชื่อบุคคล/งานที่รับผิดชอบ นายประดิษฐ ใจทรง",
            "๓. ความสอดคล้องกับยุทธศาสตร์ / กลยุทธ์",
            "๓.๑ กลยุทธ์ด้านความร่วมมือ",
            "๔. วัตถุประสงค์ เพื่อพัฒนาทักษะ",
        ]
    )
    assert report.fields["responsible"] == "นายประดิษฐ ใจทรง"
    assert report.fields["other_sections"] == "3. ความสอดคล้องกับยุทธศาสตร์ / กลยุทธ์\n3.1 กลยุทธ์ด้านความร่วมมือ"
    assert report.fields["objectives"] == "เพื่อพัฒนาทักษะ"


def test_a_signers_title_opens_no_field_and_the_next_numbered_section_does():
    report = read_project_report(
        ["ลงชื่อ........", "(นายประดิษฐ ใจทรง)", "ผู้รับผิดชอบโครงการ", "รูปภาพกิจกรรม", "๑. ชื่อโครงการ อบรม"]
    )
    assert "responsible" not in report.fields and report.fields["title"] == "อบรม"


def test_tick_boxes_inside_a_line_are_options_of_their_own():
    report = read_project_report(["ฆ. งบประมาณ ☐ ไม่ใช้งบประมาณ", "☐ ผลผลิต ปวช. ☑ ผลผลิต ระยะสั้น"])
    assert report.unticked == ("ไม่ใช้งบประมาณ", "ผลผลิต ปวช.") and report.ticked == ("ผลผลิต ระยะสั้น",)
    assert report.fields["budget"] == ""  # the options are no part of the field's value


def test_a_memo_names_its_agency_on_the_line_for_it_not_in_the_stamp_above():
    from pipeline.parse.meta import read_meta

    meta = read_meta(("วิทยาลัยเทคบิดกับทรลักษ์ รับที่", "บันทึกข้อความ", "ส่วนราชการ งานโครงการพิเศษ วิทยาลัยเทคนิคกันทรลักษ์."))
    assert (meta.organization, meta.organization_type) == ("วิทยาลัยเทคนิคกันทรลักษ์", "college")


def test_the_real_scanned_project_report_scores_against_its_gold(tmp_path, monkeypatch):
    # The memo and the form (pages 1–3); the photo pages add OCR time and nothing to score.
    import pypdfium2 as pdfium

    import pipeline.read.ocr.text

    def read_again(*args):
        raise AssertionError("a page without tables was read by OCR a second time")

    # Its pages hold no table: the table reader's OCR read each whole, which names the kind too.
    monkeypatch.setattr(pipeline.read.ocr.text, "page_text", read_again)
    name = "vc-kantharalak-o11-project-report-scanned.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.import_pages(pdfium.PdfDocument(str(REALWORLD / name)), [0, 1, 2])
    (tmp_path / "in").mkdir()
    pdf.save(str(tmp_path / "in" / name))
    summary = convert_paths([tmp_path / "in"], tmp_path / "parsed", BatchOptions(executor="inline"))
    assert not summary.failed, [f.error_message for f in summary.failed]
    scores = scores_of(tmp_path / "parsed", FIXTURES / "realworld-gold", FIXTURES / "score.py")
    assert scores["total"] >= 0.95, scores["components"]


def test_a_table_report_whose_title_names_no_measures_report_gets_the_classifiers_kind():
    source = FIXTURES / "layouts" / "raw" / "moph-actionplan-excerpt.pdf"
    parsed = parse_document(source, source.read_bytes(), source.name)
    assert parsed.documents[0].report_kind == "anticorruption_action_plan"
