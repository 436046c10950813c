"""`thaireports text`: clean text of any report file."""

from __future__ import annotations

from click.testing import CliRunner

from cli import main
from conftest import FIXTURES, RAW

EXCERPT = FIXTURES / "realworld-excerpt.pdf"


def run(*args: str):
    return CliRunner().invoke(main, ["text", *args])


def _private_use(text: str) -> int:
    return sum(1 for ch in text if 0xE000 <= ord(ch) <= 0xF8FF)


def test_pdf_text_is_repaired_and_pages_are_split_by_form_feeds():
    result = run(str(EXCERPT))
    assert result.exit_code == 0
    assert result.output.count("\f") == 2  # three pages
    assert _private_use(result.output) == 0 and "\u0e4d\u0e32" not in result.output


def test_raw_keeps_the_damage():
    result = run("--raw", str(EXCERPT))
    assert result.exit_code == 0
    assert _private_use(result.output) > 0


def test_each_text_format():
    for name, expected in (
        ("hospital-khoksawang-2566.txt", "โรงพยาบาลบ้านโคกสว่าง"),
        ("thesaban-bothong-2566.html", "เทศบาลเมืองบ่อทอง"),
    ):
        result = run(str(RAW / name))
        assert result.exit_code == 0 and expected in result.output, name
        assert "<" not in result.output or name.endswith(".txt")


def test_docx_text():
    docx = next((FIXTURES / "renditions").glob("*.docx"))
    result = run(str(docx))
    assert result.exit_code == 0 and "มาตรการ" in result.output


def test_an_unreadable_file_is_a_clear_error_and_the_others_still_print(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj <<>> trailing garbage")
    result = run(str(bad), str(RAW / "hospital-khoksawang-2566.txt"))
    assert result.exit_code == 1
    assert "broken.pdf" in result.output and "corrupt" in result.output.lower()
    assert "โรงพยาบาลบ้านโคกสว่าง" in result.output


def test_warnings_list_what_could_not_be_repaired(tmp_path):
    damaged = tmp_path / "damaged.txt"
    damaged.write_text("ผลการดำเนิน\ufffdการ (cid:12)", encoding="utf-8")
    result = run("--warnings", str(damaged))
    assert result.exit_code == 0
    assert "page 1: replacement_char" in result.output and "cid_glyph" in result.output
