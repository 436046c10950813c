"""Time the workbook reader on a 5,000-row report against the bare library load.

    python bench/bench_sheets.py [--rows 5000] [--rounds 3]

Writes a report workbook (a merged number and measure cell over every two
rows, multi-line actions, date and formatted budget cells) as .xlsx and
.ods, then times, best of N rounds after a warm-up:

- the floor: openpyxl loading the .xlsx (full mode, saved values) and
  touching every stored cell, which any merge- and hidden-row-aware reader
  pays; python-calamine's load of the same file, when it is installed, for
  comparison (it gives no hidden rows or number formats);
- `read_document` on the .xlsx and the .ods (sheets, merges, rows).

Target: `read_document` on the .xlsx within 1.5x of the openpyxl floor.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_text import best_of  # the benches share one timing rule
from openpyxl import Workbook, load_workbook

from pipeline.read import read_document
from tools.office_copies import write_ods

HEADER = ["ลำดับ", "มาตรการ", "วิธีการปฏิบัติ", "ระยะเวลาดำเนินการ", "งบประมาณ", "ผู้รับผิดชอบ", "ผลการดำเนินการ"]
TARGET_RATIO = 1.5


def report_rows(n: int) -> list[list[object]]:
    rows: list[list[object]] = []
    for i in range(n):
        first = i % 2 == 0
        rows.append(
            [
                f"{i // 2 + 1}." if first else None,
                f"มาตรการส่งเสริมความโปร่งใสที่ {i // 2 + 1}" if first else None,
                "1. ประชุมชี้แจงบุคลากร\n2. แจ้งเวียนหนังสือ\n3. เผยแพร่ทางเว็บไซต์",
                date(2024, 10, 1) if first else "ต.ค. 67 - ก.ย. 68",
                35000 + i,
                "สำนักปลัด",
                f"จัดประชุม {i % 9 + 1} ครั้ง ผู้เข้าร่วม {i % 90 + 10} คน",
            ]
        )
    return rows


def write_xlsx(rows: list[list[object]], path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. 2568"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for r in range(3, len(rows) + 3, 2):
        sheet.cell(r, 4).number_format = "d mmm yy"
        sheet.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=1)
        sheet.merge_cells(start_row=r, start_column=2, end_row=r + 1, end_column=2)
    for r in range(3, len(rows) + 3):
        sheet.cell(r, 5).number_format = "#,##0"
    book.save(path)


def openpyxl_floor(path: Path) -> int:
    book = load_workbook(path, data_only=True)
    return sum(1 for ws in book.worksheets for cell in ws._cells.values() if cell.value is not None)


def calamine_load(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        xlsx, ods = Path(folder) / "report.xlsx", Path(folder) / "report.ods"
        rows = report_rows(args.rows)
        write_xlsx(rows, xlsx)
        grid = [HEADER] + [["" if v is None else str(v) for v in row] for row in rows]
        write_ods(["รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. 2568"], grid, ods)
        raw = read_document(xlsx)
        assert len(raw.rows) == args.rows + 1, len(raw.rows)
        floor = best_of(args.rounds, lambda: openpyxl_floor(xlsx))
        ours = best_of(args.rounds, lambda: read_document(xlsx))
        ods_time = best_of(args.rounds, lambda: read_document(ods))
        print(f"{args.rows} rows x {len(HEADER)} columns, best of {args.rounds}")
        print(f"openpyxl load + cells (floor): {floor:.3f} s")
        try:
            print(f"python-calamine load:          {best_of(args.rounds, lambda: calamine_load(xlsx)):.3f} s")
        except ImportError:
            print("python-calamine load:          (not installed)")
        print(f"read_document .xlsx:           {ours:.3f} s")
        print(f"read_document .ods:            {ods_time:.3f} s")
        ratio = ours / floor
        print(f"ratio .xlsx: {ratio:.2f}x (target <= {TARGET_RATIO}x) {'ok' if ratio <= TARGET_RATIO else 'OVER'}")


if __name__ == "__main__":
    main()
