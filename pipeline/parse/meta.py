"""Document fields from a report's title block: kind, organisation, place, year.

>>> m = read_meta(("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
...                "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", "เทศบาลตำบลไผ่ดำพัฒนา อำเภอวิเศษชัยชาญ จังหวัดอ่างทอง"))
>>> (m.organization, m.organization_type, m.district, m.province, m.fiscal_year)
('เทศบาลตำบลไผ่ดำพัฒนา', 'subdistrict_municipality', 'วิเศษชัยชาญ', 'อ่างทอง', 2568)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.thai.chars import LETTERS_AND_DIGITS as _THAI
from pipeline.thai.periods import parse_period
from pipeline.thai.provinces import BY_LENGTH
from pipeline.thai.spans import Round, find_plan_span, find_round
from pipeline.thai.text import normalize_text
from pipeline.thai.thai_calendar import find_fiscal_year, fiscal_year_of

RESULT, PLAN, OTHER = "integrity_measures_result", "integrity_measures_plan", "other"

# Longest first: "เทศบาลตำบล" must win over "เทศบาล".
ORGANIZATION_TYPES: tuple[tuple[str, str], ...] = (
    ("องค์การบริหารส่วนตำบล", "subdistrict_administrative_organization"),
    ("องค์การบริหารส่วนจังหวัด", "provincial_administrative_organization"),
    ("อบต.", "subdistrict_administrative_organization"),
    ("อบจ.", "provincial_administrative_organization"),
    ("เทศบาลนคร", "city_municipality"),
    ("เทศบาลเมือง", "town_municipality"),
    ("เทศบาลตำบล", "subdistrict_municipality"),
    ("ทต.", "subdistrict_municipality"),
    ("ทม.", "town_municipality"),
    ("ทน.", "city_municipality"),
    ("กรุงเทพมหานคร", "bangkok_metropolitan_administration"),
    ("เมืองพัทยา", "pattaya_city"),
    ("โรงเรียน", "school"),
    ("โรงพยาบาล", "hospital"),
    ("มหาวิทยาลัย", "university"),
    ("วิทยาลัย", "college"),
    ("สำนักงานสาธารณสุข", "public_health_office"),
    ("สถานีตำรวจ", "police_station"),
    ("กระทรวง", "ministry"),
    ("กรม", "department"),
    ("สำนักงาน", "office"),
    ("ศาล", "court"),
    ("การไฟฟ้า", "state_enterprise"),
    ("การประปา", "state_enterprise"),
)
_ORG = re.compile(r"(?:^|(?<=\s)|(?<=ของ))(" + "|".join(re.escape(p) for p, _ in ORGANIZATION_TYPES) + ")")
# Where an agency's name ends: a place word or a parent body after a space.
# Without the space the word belongs to the name ("สำนักงานสาธารณสุขอำเภอวังสะพุง").
_PLACE_CUT = re.compile(
    r"\s+(?:อำเภอ|อ\.|จังหวัด|จ\.|ตำบล|ต\.|กรุงเทพมหานคร|กรุงเทพฯ|สังกัด|กระทรวง|ประจำปี"
    r"|ปีงบประมาณ|พ\.ศ\.)|\s*$"
)
_DISTRICT = re.compile(rf"(?:อำเภอ|(?<![{_THAI}])อ\.)\s*([{_THAI}]+)")
_PROVINCE = re.compile(rf"(?:จังหวัด|(?<![{_THAI}])จ\.)\s*([{_THAI}]+)")
_BANGKOK_DISTRICT = re.compile(rf"เขต(?!พื้นที่)\s*([{_THAI}]+)")
BANGKOK = "กรุงเทพมหานคร"
_BANGKOK = re.compile(r"กรุงเทพมหานคร|กรุงเทพฯ|กทม\.")
_TITLE_WORDS = ("รายงาน", "มาตรการ", "แผน")
_MEMO_AGENCY = "ส่วนราชการ"
_YEAR_WORDS = ("ประจำปี", "ปีงบประมาณ", "พ.ศ.")


@dataclass(frozen=True)
class DocumentMeta:
    title: str
    report_kind: str
    organization: str | None
    organization_type: str | None
    district: str | None
    province: str | None
    fiscal_year: int | None
    plan_first_year: int | None = None
    plan_last_year: int | None = None
    report_round: Round | None = None  # the reporting round (รอบ 6 / 12 เดือน) a result report covers


def read_meta(preamble: tuple[str, ...]) -> DocumentMeta:
    lines = [normalize_text(line) for line in preamble if line.strip()]
    title = _title(lines)
    organization, org_type, org_line = _organization(lines, title)
    district, province = _place([org_line] + lines if org_line else lines)
    text = "\n".join(lines)
    span = find_plan_span(text)
    # A plan over several years with no single fiscal year is filed under its first.
    fiscal_year = find_fiscal_year(text) or (span[0] if span else None) or dated_fiscal_year(lines)
    return DocumentMeta(
        title,
        report_kind(title),
        organization,
        org_type,
        district,
        province,
        fiscal_year,
        plan_first_year=span[0] if span else None,
        plan_last_year=span[1] if span else None,
        report_round=find_round(text, fiscal_year),
    )


def _title(lines: list[str]) -> str:
    """The title line, with the lines it wraps onto (up to the year or the agency)."""
    start = next((i for i, line in enumerate(lines) if any(w in line for w in _TITLE_WORDS)), 0)
    parts: list[str] = []
    for line in lines[start : start + 3]:
        if parts and (line.startswith(_YEAR_WORDS) or _ORG.match(line) or "รายงาน" in line):
            break
        parts.append(line)
    return " ".join(parts)


def report_kind(title: str) -> str:
    """A report of results ("รายงาน…"), the plan of measures ("มาตรการ…"), or other."""
    integrity = "คุณธรรม" in title or "โปร่งใส" in title or "ทุจริต" in title
    if integrity and "รายงาน" in title:
        return RESULT
    if integrity and "มาตรการ" in title:
        return PLAN
    return OTHER


def _organization(lines: list[str], title: str) -> tuple[str | None, str | None, str | None]:
    # A memo names its agency on the ส่วนราชการ line: first (a receiving stamp may come above);
    # the title line last.
    for line in sorted(lines, key=lambda line: (not line.startswith(_MEMO_AGENCY), line == title)):
        match = _ORG.search(line)
        if not match:
            continue
        rest = line[match.start() :]
        cut = _PLACE_CUT.search(rest, len(match.group(1)))
        assert cut is not None  # the pattern ends with an alternative matching at the end of the text
        name = rest[: cut.start()].strip()
        name = re.sub(r"^ของ", "", name).rstrip(".")
        if len(name) > len(match.group(1)):
            return name, dict(ORGANIZATION_TYPES)[match.group(1)], line
    return None, None, None


def _province(pattern: re.Pattern, text: str) -> str | None:
    """The province named after "จังหวัด" / "จ." in `text`, only when it is one.

    A sentence of a foreword ("…และจังหวัด รวมทั้งหน่วยงานรัฐวิสาหกิจ…") names no
    province; a known name also ends where the province's name ends.
    """
    for m in pattern.finditer(text):
        rest = text[m.start(1) :]
        name = next((p for p in BY_LENGTH if rest.startswith(p)), None)
        if name is not None:
            return name
    return None


def _place(lines: list[str]) -> tuple[str | None, str | None]:
    district = province = None
    for line in lines:
        if district is None and (m := _DISTRICT.search(line)):
            district = m.group(1)
            province = province or _province(_PROVINCE, line[m.end() :])
        if province is None:
            province = _province(_PROVINCE, line)
    if province is None and any(_BANGKOK.search(line) for line in lines):
        province = BANGKOK
    if province in ("กรุงเทพ", "กรุงเทพฯ", BANGKOK):
        province = BANGKOK  # Bangkok has เขต (districts), not อำเภอ
        district = district or next((m.group(1) for line in lines if (m := _BANGKOK_DISTRICT.search(line))), None)
    return district, province


# A dated line: "ประกาศ ณ วันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๗", "ข้อมูล ณ วันที่ 31 มีนาคม 2567".
DATED_LINE = re.compile(rf"^(?:[{_THAI}]+\s*)?ณ\s*วันที่\s*(.+)$")


def dated_fiscal_year(lines: list[str]) -> int | None:
    """The fiscal year of the first "ณ วันที่ <date>" line with a whole date."""
    for line in lines:
        match = DATED_LINE.match(line.strip())
        period = parse_period(match.group(1), None) if match else None
        if period is not None and period.start is not None:
            return fiscal_year_of(period.start)
    return None
