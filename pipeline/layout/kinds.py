"""What kind of document a file is, from its title block: explainable rules, no model.

An agency's ITA folder holds measures tables, action plans, project result
forms and announcements, and beside them budget tables, procurement analyses,
laws and codes of conduct. Each rule names the kind and the words of the title
block that decide it, so `inspect` can show the evidence and a failure can say
what a file looks like instead of a misleading "no table".

Words are compared on their `skeleton`, so a title damaged by a PDF font
("ประจ าปงีบประมาณ") is recognised like a clean one.

>>> classify(["ประกาศเทศบาลตำบลหนองบัว", "เรื่อง มาตรการป้องกันการรับสินบน"]).kind
'measures_announcement'
>>> classify(["ราชกิจจานุเบกษา", "พระราชบัญญัติ การอาชีวศึกษา พ.ศ. ๒๕๕๑"]).reason
'law / gazette'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline import errors
from pipeline.thai.text import skeleton

INTEGRITY_RESULT = "integrity_measures_result"
INTEGRITY_PLAN = "integrity_measures_plan"
ACTION_PLAN = "anticorruption_action_plan"
PROJECT_REPORT = "project_result_report"
ANNOUNCEMENT = "measures_announcement"
RISK_REPORT = "corruption_risk_report"
NOT_A_REPORT = errors.NOT_A_REPORT.code  # the verdict is the code such a file fails with
REPORT_KINDS = (INTEGRITY_RESULT, INTEGRITY_PLAN, ACTION_PLAN, PROJECT_REPORT, ANNOUNCEMENT, RISK_REPORT)
# Kinds whose content is a table of measures: without one, the file has no table.
TABLE_KINDS = (INTEGRITY_RESULT, INTEGRITY_PLAN, ACTION_PLAN, RISK_REPORT)

TITLE_LINES = 15  # the title block: a cover, a heading, the agency and the year
WRAP_LINES = 3  # a title wraps onto at most this many lines
_INTEGRITY = ("คุณธรรม", "โปร่งใส", "ทุจริต", "ประพฤติมิชอบ", "สินบน", "ผลประโยชน์ทับซ้อน")


@dataclass(frozen=True)
class Rule:
    """A kind (or, for non-reports, a reason) and the words that decide it.

    The rule holds when the title block has one of `any_of` and, if given, one
    of `with_one_of`.
    """

    verdict: str
    any_of: tuple[str, ...]
    with_one_of: tuple[str, ...] = ()


# First match wins: the specific kinds before the general ones.
REPORT_RULES = (
    Rule(
        PROJECT_REPORT,
        ("รายงานผลการดำเนินงานโครงการ", "รายงานผลการดำเนินโครงการ", "รายงานผลโครงการ", "สรุปผลการดำเนินโครงการ"),
    ),
    Rule(RISK_REPORT, ("ความเสี่ยงการทุจริต", "ความเสี่ยงการเกิดการทุจริต", "ความเสี่ยงต่อการทุจริต", "ความเสี่ยงทุจริต")),
    Rule(ACTION_PLAN, ("แผนปฏิบัติการ", "แผนปฏิบัติราชการ", "แผนปฏิบัติงาน"), ("ทุจริต", "ประพฤติมิชอบ")),
    Rule(INTEGRITY_RESULT, ("รายงานผล", "รายงานการ"), _INTEGRITY),
    Rule(INTEGRITY_PLAN, ("มาตรการ", "แผน"), _INTEGRITY),
    # A result report that names no subject is, in an ITA folder, a measures result.
    Rule(INTEGRITY_RESULT, ("รายงานผลการดำเนินการ", "รายงานผลการดำเนินงาน", "แบบรายงานผลการดำเนินการ")),
)
NOT_REPORT_RULES = (
    Rule(
        "law / gazette",
        ("ราชกิจจานุเบกษา", "พระราชบัญญัติ", "พระราชกฤษฎีกา", "กฎกระทรวง", "รัฐธรรมนูญ", "ประมวลกฎหมาย"),
    ),
    Rule("code of conduct", ("ประมวลจริยธรรม", "จรรยาบรรณ", "จริยธรรมของ", "ข้อบังคับว่าด้วยจริยธรรม")),
    Rule("procurement analysis", ("จัดซื้อจัดจ้าง", "จัดซื้อการจัดจ้าง", "จัดหาพัสดุ"), ("วิเคราะห์", "แผน", "สรุปผล")),
    Rule(
        "budget table",
        ("งบประมาณรายจ่าย", "เอกสารงบประมาณ", "งบหน้า", "รายจ่ายตามแผนงาน", "ข้อบัญญัติงบประมาณ", "เทศบัญญัติงบประมาณ"),
    ),
)
# An announcement is a heading "ประกาศ <agency>" with "เรื่อง …มาตรการ…" below it.
_ANNOUNCEMENT_HEAD = re.compile(r"^ประกาศ")
_SUBJECT = "เรื่อง"


@dataclass(frozen=True)
class Verdict:
    """The kind of a document and why; `reason` says what a non-report looks like."""

    kind: str
    evidence: str
    reason: str = ""

    @property
    def is_report(self) -> bool:
        return self.kind != NOT_A_REPORT


def classify(lines: Sequence[str]) -> Verdict:
    """The kind of the document whose title block is `lines`, in reading order.

    The first title line that a rule recognises decides: a title outranks the
    table rows or the prose that follow it.
    """
    head = [line.strip() for line in lines if line.strip()][:TITLE_LINES]
    keys = [skeleton(line) for line in head]
    announcement = _announcement(head, keys)
    if announcement is not None:
        return announcement
    for index, line in enumerate(head):
        window = "".join(keys[index : index + WRAP_LINES])
        for rule in REPORT_RULES:
            if _holds(rule, keys[index], window):
                return Verdict(rule.verdict, line)
        for rule in NOT_REPORT_RULES:
            if _holds(rule, keys[index], window):
                return Verdict(NOT_A_REPORT, line, rule.verdict)
    return Verdict(NOT_A_REPORT, "no title of a known report kind", "unknown")


def _holds(rule: Rule, key: str, window: str) -> bool:
    """Does the line with skeleton `key` open `rule`, its title wrapping into `window`?"""
    if not any(skeleton(word) in key for word in rule.any_of):
        return False
    return not rule.with_one_of or any(skeleton(word) in window for word in rule.with_one_of)


def _announcement(head: list[str], keys: list[str]) -> Verdict | None:
    opening = next((i for i, line in enumerate(head[:5]) if _ANNOUNCEMENT_HEAD.match(line)), None)
    if opening is None:
        return None
    for line, key in zip(head[opening : opening + 6], keys[opening : opening + 6]):
        if skeleton(_SUBJECT) in key and skeleton("มาตรการ") in key:
            return Verdict(ANNOUNCEMENT, f"{head[opening]} / {line}")
    return None
