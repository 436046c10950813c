from __future__ import annotations

import pytest

from pipeline.parse.meta import OTHER, PLAN, RESULT, read_meta


@pytest.mark.parametrize(
    "lines, organization, kind, district, province, year",
    [
        (
            (
                "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
                "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
                "เทศบาลตำบลไผ่ดำพัฒนา อำเภอวิเศษชัยชาญ จังหวัดอ่างทอง",
            ),
            ("เทศบาลตำบลไผ่ดำพัฒนา", "subdistrict_municipality"),
            RESULT,
            "วิเศษชัยชาญ",
            "อ่างทอง",
            2568,
        ),
        (
            (
                "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
                "ประจำปีงบประมาณ พ.ศ. 2567",
                "องค์การบริหารส่วนตำบลหนองบัวทอง อำเภอกระสัง จังหวัดบุรีรัมย์",
            ),
            ("องค์การบริหารส่วนตำบลหนองบัวทอง", "subdistrict_administrative_organization"),
            RESULT,
            "กระสัง",
            "บุรีรัมย์",
            2567,
        ),
        (
            (
                "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2568",
                "โรงพยาบาลบ้านโคกสว่าง อ.พรรณานิคม จ.สกลนคร",
                "สังกัดสำนักงานสาธารณสุขจังหวัดสกลนคร",
            ),
            ("โรงพยาบาลบ้านโคกสว่าง", "hospital"),
            PLAN,
            "พรรณานิคม",
            "สกลนคร",
            2568,
        ),
        (
            (
                "แผนการดำเนินงานประจำปี",
                "ปีงบประมาณ 2566",
                "โรงเรียนบ้านห้วยขาว อำเภอด่านซ้าย จังหวัดเลย",
                "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเลย เขต 3",
            ),
            ("โรงเรียนบ้านห้วยขาว", "school"),
            OTHER,
            "ด่านซ้าย",
            "เลย",
            2566,
        ),
        (("รายงานผล", "ไม่มีปี"), (None, None), OTHER, None, None, None),
    ],
)
def test_read_meta(lines, organization, kind, district, province, year):
    meta = read_meta(lines)
    assert (meta.organization, meta.organization_type) == organization
    assert (meta.report_kind, meta.district, meta.province, meta.fiscal_year) == (kind, district, province, year)


@pytest.mark.parametrize(
    "lines, organization, district, province, kind",
    [
        (
            ("รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส", "สำนักงานเขตบางกะปิ กรุงเทพมหานคร", "ปีงบประมาณ 2567"),
            "สำนักงานเขตบางกะปิ",
            "บางกะปิ",
            "กรุงเทพมหานคร",
            RESULT,
        ),
        (
            (
                "รายงานผลการดำเนินการตามมาตรการ",
                "ส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
                "สำนักงานสาธารณสุขอำเภอวังสะพุง จังหวัดเลย",
            ),
            "สำนักงานสาธารณสุขอำเภอวังสะพุง",
            "วังสะพุง",
            "เลย",
            RESULT,
        ),
        (
            ("รายงานผล…คุณธรรม ปีงบประมาณ 2567", "โรงเรียนอนุบาลลำปาง (เขลางค์รัตน์อนุสรณ์) อ.เมืองลำปาง จ.ลำปาง"),
            "โรงเรียนอนุบาลลำปาง (เขลางค์รัตน์อนุสรณ์)",
            "เมืองลำปาง",
            "ลำปาง",
            RESULT,
        ),
        (
            ("รายงานผลคุณธรรม ปีงบประมาณ 2566", "โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านโนน ตำบลโนน อำเภอเขมราฐ"),
            "โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านโนน",
            "เขมราฐ",
            None,
            RESULT,
        ),
    ],
)
def test_agency_names_end_at_a_place_word_after_a_space(lines, organization, district, province, kind):
    meta = read_meta(lines)
    assert (meta.organization, meta.district, meta.province, meta.report_kind) == (
        organization,
        district,
        province,
        kind,
    )


def test_the_province_never_comes_from_a_sentence_of_the_foreword():
    meta = read_meta(
        (
            "แผนปฏิบัติราชการด้านการป้องกัน ปราบปรามการทุจริตและประพฤติมิชอบ กระทรวงสาธารณสุข",
            "ระยะที่ 2 (พ.ศ. 2566-2570)",
            "ส่วนราชการทั้งในส่วนกลางและจังหวัด รวมทั้งหน่วยงานรัฐวิสาหกิจ ได้นำแผนไปใช้",
        )
    )
    assert meta.province is None
    assert (meta.plan_first_year, meta.plan_last_year, meta.fiscal_year) == (2566, 2570, 2566)
    assert read_meta(("เทศบาลตำบลบ้านแลม อำเภอบางปลาม้า จังหวัดสุพรรณบุรีประจำปี 2568",)).province == "สุพรรณบุรี"
