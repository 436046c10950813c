"""Generate a second fiscal year from the bundled sample report, for a year-over-year demo.

    python -m tools.demo --sources yoy-raw
    thaireports convert raw yoy-raw --out parsed-yoy
    thaireports compare parsed-yoy --from 2568 --to 2569 --html yoy.html

or all three steps at once: ``python -m tools.demo --html yoy.html``.

The generated 2569 report of เทศบาลตำบลไผ่ดำพัฒนา rewords two measure
titles, drops measure 4 (the later ones renumbered), adds a new measure and
changes some output figures, so every kind of change shows up.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.layout.vocab import ACTIONS, OUTCOME, OUTPUT, RESPONSIBLE
from tools.synthetic import NewMeasure, YearChanges, next_year_file

SAMPLE = "000_9c5d8f0573ae8997.txt"
SAMPLE_YEAR = 2568
NEW_TITLE = "มาตรการเสริมสร้างการมีส่วนร่วมของภาคประชาชนในการเฝ้าระวังการทุจริต"
DEMO_CHANGES = YearChanges(
    years=1,
    rename=(
        (3, "มาตรการพัฒนาช่องทางและรูปแบบการประชาสัมพันธ์และการเผยแพร่ข้อมูลข่าวสารของภาครัฐ"),
        (10, "มาตรการยกระดับคุณภาพการบริการประชาชนให้เป็นธรรมและเท่าเทียมกัน"),
    ),
    drop=(4,),
    outputs=(
        (1, "จำนวน ๖ ช่องทาง", "จำนวน ๗ ช่องทาง"),
        (3, "อย่างน้อยเดือนละ ๒ ครั้ง", "อย่างน้อยเดือนละ ๔ ครั้ง"),
        (5, "อย่างน้อยเดือนละ ๑ ครั้ง", "อย่างน้อยเดือนละ ๒ ครั้ง"),
        (6, "ไม่น้อยกว่า ๓ ช่องทาง", "ไม่น้อยกว่า ๕ ช่องทาง"),
        (10, "ไม่น้อยกว่า ๖๐ คน", "ไม่น้อยกว่า ๘๐ คน"),
        (10, "จำนวน ๒๐๐ คน", "จำนวน ๑๕๐ คน"),
    ),
    add=(
        NewMeasure(
            NEW_TITLE,
            (
                (ACTIONS, "๑. จัดตั้งเครือข่ายภาคประชาชนเฝ้าระวังการทุจริต ๒. จัดอบรมให้ความรู้แก่เครือข่าย"),
                (RESPONSIBLE, "- สำนักปลัด"),
                (OUTPUT, "๑. มีเครือข่ายภาคประชาชนจำนวน ๗ หมู่บ้าน ๒. จัดอบรมเครือข่าย ๒ ครั้ง มีผู้เข้าร่วม ๑๒๐ คน"),
                (OUTCOME, "ประชาชนมีส่วนร่วมในการเฝ้าระวังและแจ้งเบาะแสการทุจริต"),
            ),
        ),
    ),
)


def make_demo(raw: Path, sources: Path) -> Path:
    """Write next year's version of the sample report under `sources`."""
    source = raw / SAMPLE
    if not source.is_file():
        raise FileNotFoundError(f"{source}: the bundled sample report is missing")
    target = sources / f"{Path(SAMPLE).stem}-{SAMPLE_YEAR + DEMO_CHANGES.years}.txt"
    return next_year_file(source, target, DEMO_CHANGES)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.demo", description=__doc__.split("\n")[0])
    parser.add_argument("--raw", type=Path, default=Path("raw"), help="folder holding the sample (default: raw)")
    parser.add_argument(
        "--sources",
        type=Path,
        default=Path("yoy-raw"),
        help="folder to write the generated report to (default: yoy-raw)",
    )
    parser.add_argument(
        "--html",
        type=Path,
        help="also convert both years into --out and write the year-over-year report here",
    )
    parser.add_argument("--out", type=Path, default=Path("parsed-yoy"), help="with --html: the tables (parsed-yoy)")
    args = parser.parse_args(argv)
    target = make_demo(args.raw, args.sources)
    year = SAMPLE_YEAR + DEMO_CHANGES.years
    if args.html is None:
        print(
            f"wrote {target}\nnext:\n  thaireports convert {args.raw} {args.sources} --out {args.out}\n"
            f"  thaireports compare {args.out} --from {SAMPLE_YEAR} --to {year} --html yoy.html"
        )
        return
    from pipeline.batch.convert import convert_paths
    from pipeline.compare import compare_years
    from pipeline.compare.report import write_html
    from pipeline.compare.terminal import render_text

    summary = convert_paths([args.raw, args.sources], args.out)
    if summary.failed:
        raise SystemExit("\n".join(summary.error_lines()))
    result = compare_years(args.out, SAMPLE_YEAR, year)
    print(render_text(result))
    print(f"wrote {target}, {args.out}/ and {write_html(result, args.html)}")


if __name__ == "__main__":
    main()
