"""Write the filled project result forms used as test fixtures: Word, and PDF through LibreOffice.

    python -m tools.make_forms tests/fixtures/kinds/raw

Each form follows the agencies' blank form (แบบรายงานผลการดำเนินงานโครงการ):
numbered sections in Thai digits in one, tick boxes and a spending
breakdown in the other. The PDF is LibreOffice's rendering of its .docx, as
agencies export them.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.shared import Pt

NUMBERED_FORM = (
    "แบบรายงานผลการดำเนินงานโครงการ",
    "เทศบาลตำบลโนนสูง อำเภอโนนสูง จังหวัดนครราชสีมา",
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
    "๑. ชื่อโครงการ ส่งเสริมการเปิดเผยข้อมูลสาธารณะผ่านเว็บไซต์",
    "๒. วัตถุประสงค์",
    "    ๒.๑ เพื่อเผยแพร่ข้อมูลการดำเนินงานของหน่วยงานให้ประชาชนรับทราบ",
    "    ๒.๒ เพื่อให้ประชาชนมีส่วนร่วมในการตรวจสอบการดำเนินงาน",
    "๓. กลุ่มเป้าหมาย ประชาชนในเขตเทศบาล จำนวน ๕๐๐ คน",
    "๔. ระยะเวลาดำเนินการ ๑ ตุลาคม ๒๕๖๗ ถึง ๓๐ กันยายน ๒๕๖๘",
    "๕. สถานที่ดำเนินการ สำนักงานเทศบาลตำบลโนนสูง",
    "๖. ผู้รับผิดชอบโครงการ สำนักปลัด / กองคลัง",
    "๗. งบประมาณ เงินงบประมาณที่ได้รับ จำนวน ๕๐,๐๐๐ บาท งบประมาณที่ใช้จริง ๔๘,๕๐๐ บาท คงเหลือ ๑,๕๐๐ บาท",
    "๘. ผลการดำเนินงาน",
    "    - เผยแพร่ข่าวสารบนเว็บไซต์ จำนวน ๒๔ เรื่อง",
    "    - ผู้เข้าชมเว็บไซต์ ๑๒,๓๐๐ ครั้ง",
    "    ผู้เข้าร่วม ๑๒๐ คน",
    "๙. ผลที่ได้รับ ประชาชนเข้าถึงข้อมูลของเทศบาลได้สะดวกขึ้น",
    "๑๐. ปัญหา/อุปสรรค ................................................",
    "๑๑. ข้อเสนอแนะ ควรจัดทำแอปพลิเคชันสำหรับโทรศัพท์มือถือ",
    "ลงชื่อ ........................................ ผู้รายงาน",
    "(นายสมศักดิ์ มั่นคง)",
    "ปลัดเทศบาลตำบลโนนสูง",
)
TICKED_FORM = (
    "แบบรายงานผลการดำเนินงานโครงการ",
    "ประจำปีงบประมาณ พ.ศ. 2569",
    "ของโรงพยาบาลส่งเสริมสุขภาพตำบลหนองแวง",
    "ชื่อโครงการ ประชุมชี้แจงแนวทางการป้องกันการรับสินบนแก่บุคลากร",
    "หน่วยงาน กลุ่มงานบริหารทั่วไป",
    "ได้รับจัดสรรงบประมาณ เงินบำรุง จำนวน 12,000 บาท",
    "มีผลการดำเนินงาน ดังนี้",
    "☐ ยังไม่เริ่มดำเนินการเนื่องจาก..........................................",
    "☑ อยู่ระหว่างดำเนินการ โดยได้ดำเนินงานต่าง ๆ แล้ว ดังนี้",
    "จัดประชุมชี้แจงแล้ว 2 ครั้ง มีบุคลากรเข้าร่วม 45 คน",
    "☐ ดำเนินโครงการแล้วเสร็จ โดยมีผลการดำเนินงาน ดังนี้",
    "วัน/สถานที่ดำเนินการ 1 ธันวาคม 2568 ถึง 31 มีนาคม 2569 ณ ห้องประชุมโรงพยาบาล",
    "การเบิกจ่ายงบประมาณ ค่าอาหารว่าง 4,500 บาท ค่าวัสดุ 1,500 บาท รวม 6,000 บาท",
    "ผลที่ได้รับ",
    "บุคลากรรับทราบแนวทางการปฏิบัติเมื่อมีผู้เสนอสินบน",
    "ปัญหา/อุปสรรค บุคลากรบางส่วนติดภารกิจบริการผู้ป่วย",
    "ข้อเสนอแนะ จัดประชุมออนไลน์เพิ่มเติม",
    "ลงชื่อ ........................................ ผู้รายงาน",
)
FORMS = {"project-report-nonsung-2568": NUMBERED_FORM, "project-report-rpst-nongwaeng-2569": TICKED_FORM}


def write_docx(lines: tuple[str, ...], path: Path) -> None:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "TH Sarabun New"
    style.font.size = Pt(16)
    for line in lines:
        document.add_paragraph(line)
    document.save(path)


def to_pdf(source: Path, folder: Path) -> Path:
    """LibreOffice's PDF of `source`, in a throwaway profile so no user setting leaks in."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(folder), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    return folder / f"{source.stem}.pdf"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    for name, lines in FORMS.items():
        write_docx(lines, args.folder / f"{name}.docx")
    if shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as work:
            pdf = to_pdf(args.folder / "project-report-rpst-nongwaeng-2569.docx", Path(work))
            shutil.move(pdf, args.folder / pdf.name)


if __name__ == "__main__":
    main()
