"""The data dictionary, generated from the pyarrow schemas in `pipeline.store.schema`.

`thaireports schema` prints it and docs/data-dictionary.md is this module's
output, kept in step by a test. `schema_fingerprint` hashes the names, types
and nullability of every column (not their descriptions): docs/CHANGELOG.md
records the fingerprint of each SCHEMA_VERSION, so changing a column without
bumping the version and writing release notes fails the tests.

    python -m pipeline.store.dictionary > docs/data-dictionary.md
    python -m pipeline.store.dictionary --fingerprint
"""

from __future__ import annotations

import hashlib
import sys

import pyarrow as pa

from pipeline.errors import ERROR_CODES, WARNING_CODES
from pipeline.store.schema import PARTITION, SCHEMA_VERSION, SORT_KEYS, TABLES, stored_schema

TABLE_NOTES: dict[str, tuple[str, str]] = {
    "documents": (
        "One row per converted report file: where it came from, what kind of report it is, whose it "
        "is, and the data problems found in it.",
        "หนึ่งแถวต่อหนึ่งไฟล์รายงาน: ที่มา ประเภทรายงาน หน่วยงาน และคำเตือนที่พบ",
    ),
    "measures": (
        "One row per measure (มาตรการ) of a report, numbered as printed.",
        "หนึ่งแถวต่อหนึ่งมาตรการในรายงาน ลำดับตามที่พิมพ์",
    ),
    "activities": (
        "One row per table row of a measure (an activity): its period, responsible units and budget.",
        "หนึ่งแถวต่อหนึ่งแถวของตาราง (กิจกรรม): ระยะเวลา ผู้รับผิดชอบ งบประมาณ",
    ),
    "actions": ("One row per list item of the actions cell (วิธีการปฏิบัติ) of an activity.", "หนึ่งแถวต่อหนึ่งข้อในช่องวิธีการปฏิบัติ"),
    "outputs": (
        "One row per list item of the outputs cell (ผลการดำเนินการ) of an activity.",
        "หนึ่งแถวต่อหนึ่งข้อในช่องผลการดำเนินการ",
    ),
    "quantities": (
        "One row per number with a unit read from an output item: value, unit, comparator, per-period.",
        "หนึ่งแถวต่อหนึ่งจำนวนที่อ่านได้จากผลการดำเนินการ: ค่า หน่วย ตัวเปรียบเทียบ ความถี่",
    ),
    "outcomes": (
        "One row per list item of the outcomes cell (ผลลัพธ์/ผลสัมฤทธิ์) of an activity.",
        "หนึ่งแถวต่อหนึ่งข้อในช่องผลลัพธ์",
    ),
    "budgets": (
        "One row per fiscal year of an activity whose table gives its budget per year (งบประมาณ 2566 | 2567 …).",
        "หนึ่งแถวต่อหนึ่งปีงบประมาณ เมื่อตารางแยกงบประมาณเป็นรายปี",
    ),
    "warnings": (
        "One row per data problem found in a converted report: its code, severity, where it is (page, line, "
        "and for a problem inside a cell its measure and activity) and a message quoting the source. "
        "`documents.warnings` lists the same problems as text. The codes are listed after the tables.",
        "หนึ่งแถวต่อหนึ่งปัญหาของข้อมูลที่พบ: รหัส ระดับ ตำแหน่ง (หน้า บรรทัด มาตรการ กิจกรรม) และรายละเอียด",
    ),
}

# Each table's parent and the columns that join them (the documented chain).
JOINS: dict[str, tuple[str, tuple[str, ...]]] = {
    "measures": ("documents", ("doc_id",)),
    "activities": ("measures", ("doc_id", "measure_no")),
    "actions": ("activities", ("doc_id", "measure_no", "activity_no")),
    "outputs": ("activities", ("doc_id", "measure_no", "activity_no")),
    "outcomes": ("activities", ("doc_id", "measure_no", "activity_no")),
    "quantities": ("outputs", ("doc_id", "measure_no", "activity_no", "item_no")),
    "budgets": ("activities", ("doc_id", "measure_no", "activity_no")),
    "warnings": ("documents", ("doc_id",)),
}


def missing_descriptions() -> list[str]:
    """Columns without an English or Thai description, as "table.column: en"."""
    missing = []
    for table in TABLES:
        for f in stored_schema(table):
            meta = f.metadata or {}
            for key in (b"en", b"th"):
                if not meta.get(key, b"").decode().strip():
                    missing.append(f"{table}.{f.name}: {key.decode()}")
    missing += [f"{table}: table note" for table in TABLES if table not in TABLE_NOTES]
    return missing


def schema_fingerprint() -> str:
    """sha256 over every table's column names, types and nullability, in order."""
    lines = [
        f"{table}.{f.name}:{f.type}:{'null' if f.nullable else 'not null'}"
        for table in TABLES
        for f in stored_schema(table)
    ]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _type_name(type_: pa.DataType) -> str:
    return str(type_).replace("<item: ", "<").replace("element: ", "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_markdown(table: str) -> str:
    schema = stored_schema(table)
    en, th = TABLE_NOTES.get(table, ("", ""))
    lines = [
        f"## `{table}`",
        "",
        en,
        "",
        th,
        "",
        f"- Key: {', '.join(f'`{k}`' for k in SORT_KEYS[table])} (one row per key; rows sorted by it)",
        f"- Folders: one per `{PARTITION}` (`{table}/2568/part-*.parquet`); `{PARTITION}` is an int32 column "
        "inside the files, read back as an integer by pandas, pyarrow, DuckDB and polars",
    ]
    if table in JOINS:
        parent, on = JOINS[table]
        lines.append(f"- Joins `{parent}` on {', '.join(f'`{c}`' for c in on)}")
    children = [child for child, (parent, _) in JOINS.items() if parent == table]
    if children:
        lines.append(f"- Joined by {', '.join(f'`{c}`' for c in children)}")
    lines += ["", "| column | type | null | meaning | ความหมาย |", "|---|---|---|---|---|"]
    for f in schema:
        meta = f.metadata or {}
        lines.append(
            f"| `{f.name}` | `{_type_name(f.type)}` | {'yes' if f.nullable else 'no'} | "
            f"{_cell(meta.get(b'en', b'').decode())} | {_cell(meta.get(b'th', b'').decode())} |"
        )
    return "\n".join(lines)


def data_dictionary() -> str:
    """The whole dictionary as markdown (docs/data-dictionary.md)."""
    head = [
        "# Data dictionary · พจนานุกรมข้อมูล",
        "",
        "<!-- Generated by `python -m pipeline.store.dictionary` from pipeline/store/schema.py and pipeline/errors.py; "
        "do not edit by hand. -->",
        "",
        f"Schema version **{SCHEMA_VERSION}** (fingerprint `{schema_fingerprint()[:16]}`). Every Parquet file "
        "carries it in its metadata as `thaireports.schema_version`, next to `thaireports.parser_version`; "
        "see [CHANGELOG.md](CHANGELOG.md) for what changed between versions.",
        "",
        "Tables are folders of Parquet files, one sub-folder per fiscal year: "
        "`parsed/<table>/<BE year>/part-*.parquet`. `fiscal_year` is the Thai fiscal year (พ.ศ.; year N runs "
        "from 1 October N-1 to 30 September N), stored as the last column of every file. Read one table folder "
        'at a time (`pd.read_parquet("parsed/measures")`), never `parsed/` as a whole. Text columns hold NFC '
        "text with Thai digits converted to Arabic digits.",
        "",
        "Join chain: `documents` → `measures` → `activities` → `actions` / `outputs` / `outcomes`; "
        "`quantities` hang off `outputs`; `warnings` hang off `documents` (and, where they have a measure and "
        "activity, off `activities`). `pipeline.load(...).long()` returns the chain as one table.",
        "",
    ]
    return "\n".join(head + ["\n\n".join([*(table_markdown(t) for t in TABLES), codes_markdown()]), ""])


def codes_markdown() -> str:
    """The catalogue of `pipeline.errors`: warning codes (the warnings table), then error codes (the manifest)."""
    lines = [
        "## Warning and error codes",
        "",
        "Every code the pipeline reports, from the catalogue in `pipeline/errors.py`. Warnings and notices are "
        "rows of `warnings` (and lines of `documents.warnings`); a `warning` means a value in the tables may be "
        "missing or wrong, a `notice` that the source was unusual but nothing was lost. Errors stop one file: "
        "it gets no rows, and `_manifest.parquet` has the code in `error_code`.",
        "",
        "| code | severity | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{c.code}` | {c.severity} | {_cell(c.meaning)} |" for c in (*WARNING_CODES, *ERROR_CODES)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    sys.stdout.write(schema_fingerprint() + "\n" if "--fingerprint" in args else data_dictionary())


if __name__ == "__main__":
    main()
