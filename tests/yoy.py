"""A synthetic pair of years built from the corpus, for the year-over-year tests.

Three organizations get a "next year" report made from their real one
(tools.synthetic), and everything is converted into one parsed/
folder:

- เทศบาลตำบลไผ่ดำพัฒนา 2568 → 2569: the README demo (two titles reworded,
  measure 4 dropped, one new measure, six figures changed);
- องค์การบริหารส่วนตำบลหนองบัวทอง 2567 → 2568: measure 1 reworded, measure 7
  dropped, one new measure, three figures changed;
- โรงพยาบาลบ้านโคกสว่าง 2566 → 2567 (a cp874 source): every title kept, one
  figure changed.

The school (2568) and the เทศบาลเมือง (2566) keep a single year each.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.batch.convert import convert_paths
from pipeline.layout.vocab import OUTPUT
from tools.demo import DEMO_CHANGES, SAMPLE
from tools.synthetic import NewMeasure, YearChanges, next_year_file

RAW = Path(__file__).parent / "fixtures" / "raw"
ABT = "abt-nongbuathong-2567.txt"
HOSPITAL = "hospital-khoksawang-2566.txt"
ABT_REWORDED = "มาตรการเผยแพร่ข้อมูลข่าวสารต่อสาธารณะผ่านเว็บไซต์และสื่อสังคมออนไลน์ขององค์การบริหารส่วนตำบล"
ABT_NEW = "มาตรการป้องกันผลประโยชน์ทับซ้อนในการปฏิบัติหน้าที่"
ABT_CHANGES = YearChanges(
    rename=((1, ABT_REWORDED),),
    drop=(7,),
    outputs=(
        (3, "จำนวน 3 ช่องทาง", "จำนวน 4 ช่องทาง"),
        (5, "5 ช่องทาง", "6 ช่องทาง"),
        (8, "ไม่น้อยกว่า 600 คน", "ไม่น้อยกว่า 650 คน"),
    ),
    add=(NewMeasure(ABT_NEW, ((OUTPUT, "(1) จัดทำคู่มือการป้องกันผลประโยชน์ทับซ้อน จำนวน 1 ฉบับ"),)),),
)
HOSPITAL_CHANGES = YearChanges(outputs=((1, "ไม่ต่ำกว่าเดือนละ 2 ครั้ง", "ไม่ต่ำกว่าเดือนละ 3 ครั้ง"),))
PAIRS = ((SAMPLE, DEMO_CHANGES, 2569), (ABT, ABT_CHANGES, 2568), (HOSPITAL, HOSPITAL_CHANGES, 2567))

_built: dict[str, Path] = {}


def build_yoy(root: Path) -> Path:
    """Write sources under root/src and convert them into root/parsed; returns the parsed folder."""
    sources = root / "src"
    sources.mkdir(parents=True, exist_ok=True)
    for source in sorted(RAW.iterdir()):
        if source.is_file():
            shutil.copy(source, sources / source.name)
    for name, changes, year in PAIRS:
        next_year_file(RAW / name, sources / f"{Path(name).stem}-next-{year}.txt", changes)
    parsed = root / "parsed"
    summary = convert_paths([sources], parsed)
    assert not summary.failed, [f.error_message for f in summary.failed]
    return parsed


def yoy_dataset(tmp_path_factory) -> Path:
    """The synthetic dataset, built once per test session."""
    if "parsed" not in _built:
        _built["parsed"] = build_yoy(tmp_path_factory.mktemp("yoy"))
    return _built["parsed"]
