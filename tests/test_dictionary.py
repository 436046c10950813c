"""The data dictionary is complete and current; schema changes bump SCHEMA_VERSION; files carry versions."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

import cli
from pipeline import PARSER_VERSION
from pipeline.batch.convert import convert_paths
from pipeline.store import dictionary
from pipeline.store.schema import SCHEMA_VERSION, TABLES

DOCS = Path(__file__).resolve().parent.parent / "docs"
REGENERATE = "python -m pipeline.store.dictionary > docs/data-dictionary.md"


def test_every_column_has_english_and_thai_meanings():
    assert dictionary.missing_descriptions() == []


def test_a_column_without_meanings_is_caught(monkeypatch):
    bare = TABLES["measures"].append(pa.field("mystery", pa.string()))
    monkeypatch.setitem(dictionary.TABLES, "measures", bare)
    assert dictionary.missing_descriptions() == ["measures.mystery: en", "measures.mystery: th"]


def test_committed_dictionary_is_current():
    committed = (DOCS / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == dictionary.data_dictionary(), f"docs/data-dictionary.md is stale: run `{REGENERATE}`"


def test_dictionary_lists_every_column_with_type_and_keys():
    text = dictionary.data_dictionary()
    for table, schema in TABLES.items():
        section = text.split(f"## `{table}`")[1].split("\n## ")[0]
        assert "- Key: " in section and "- Folders: one per `fiscal_year`" in section
        for field in schema:
            assert re.search(rf"^\| `{field.name}` \| `[^`]+` \| (yes|no) \|", section, re.MULTILINE), (
                table,
                field.name,
            )
    assert "Joins `outputs` on `doc_id`, `measure_no`, `activity_no`, `item_no`" in text


def test_schema_fingerprint_is_recorded_for_this_version():
    """Changing a column's name, type or nullability needs a new SCHEMA_VERSION and release notes."""
    changelog = (DOCS / "CHANGELOG.md").read_text(encoding="utf-8")
    section = re.search(
        rf"^## Schema version {re.escape(SCHEMA_VERSION)}\b.*?(?=^## |\Z)", changelog, re.DOTALL | re.MULTILINE
    )
    assert section, f"docs/CHANGELOG.md has no section for schema version {SCHEMA_VERSION}"
    recorded = re.search(r"Schema fingerprint: `([0-9a-f]{64})`", section.group())
    assert recorded, "the CHANGELOG section gives no schema fingerprint"
    assert recorded.group(1) == dictionary.schema_fingerprint(), (
        "pipeline/schema.py changed: bump SCHEMA_VERSION, describe the change in docs/CHANGELOG.md with the "
        "fingerprint from `python -m pipeline.store.dictionary --fingerprint`, and regenerate the dictionary"
    )


def test_fingerprint_ignores_descriptions_but_not_types(monkeypatch):
    before = dictionary.schema_fingerprint()
    reworded = pa.schema([f.with_metadata({"en": "x", "th": "y"}) for f in TABLES["measures"]])
    monkeypatch.setitem(dictionary.TABLES, "measures", reworded)
    assert dictionary.schema_fingerprint() == before
    retyped = pa.schema([f.with_type(pa.int64()) if f.name == "measure_no" else f for f in TABLES["measures"]])
    monkeypatch.setitem(dictionary.TABLES, "measures", retyped)
    assert dictionary.schema_fingerprint() != before


def test_schema_command_prints_the_dictionary():
    result = CliRunner().invoke(cli.main, ["schema"])
    assert result.exit_code == 0 and result.output == dictionary.data_dictionary()
    one = CliRunner().invoke(cli.main, ["schema", "--table", "quantities"])
    assert one.output.startswith("## `quantities`") and "`comparator`" in one.output
    assert CliRunner().invoke(cli.main, ["schema", "--fingerprint"]).output.strip() == dictionary.schema_fingerprint()


def test_every_parquet_file_carries_schema_and_parser_versions(raw_dir, tmp_path):
    summary = convert_paths([raw_dir], tmp_path / "parsed")
    assert not summary.failed
    files = sorted((tmp_path / "parsed").glob("*/[0-9]*/*.parquet"))
    # every table with rows; the sample reports give no budget per year, so `budgets` has none
    assert {f.parts[-3] for f in files} == set(TABLES) - {"budgets"}
    for path in files:
        meta = pq.read_schema(path).metadata
        assert meta[b"thaireports.schema_version"] == SCHEMA_VERSION.encode(), path
        assert meta[b"thaireports.parser_version"] == PARSER_VERSION.encode(), path
