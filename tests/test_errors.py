"""The catalogue of warning and error codes: complete, used everywhere, rendered as before."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipeline import errors
from pipeline.errors import CATALOGUE, ERROR, ERROR_CODES, WARNING_CODES, Problem, ReportError
from pipeline.thai import glyphs, orthography

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"


def _subclasses(cls: type) -> list[type]:
    return [cls, *(s for sub in cls.__subclasses__() for s in _subclasses(sub))]


def test_codes_are_stable_words_with_a_meaning():
    for code in CATALOGUE.values():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", code.code) and code.meaning.strip(), code


def test_every_warning_has_a_message_template():
    assert WARNING_CODES and all(c.template for c in WARNING_CODES)


def test_every_fatal_error_class_is_in_the_catalogue():
    for cls in _subclasses(ReportError):
        assert CATALOGUE[cls.code].severity == ERROR, cls


def test_every_glyph_issue_has_a_code():
    for issue in (*glyphs._LEFTOVER_CODES, *orthography.DAMAGE):
        assert errors.glyph_code(issue).severity != ERROR


def test_a_template_needs_its_values():
    with pytest.raises(KeyError):
        errors.PERIOD_UNPARSED.problem(line=3)
    with pytest.raises(ValueError):
        errors.NO_TABLE.message()


@pytest.mark.parametrize(
    "problem, where",
    [
        (Problem("x", "m", page=3, line=12), "page 3, line 12"),
        (Problem("x", "m", line=12), "line 12"),
        (Problem("x", "m", page=3), "page 3"),
        (Problem("x", "m", line=5, place="table row"), "table row 5"),
        (Problem("x", "m", place="page header"), "page header"),
        (Problem("x", "m"), ""),
    ],
)
def test_where_reads_as_it_always_did(problem: Problem, where: str):
    assert problem.where == where
    assert problem.render() == (f"{where}: x: m" if where else "x: m")


def test_no_module_writes_a_code_of_its_own():
    """Problems, failures and manifest rows take their codes from the catalogue, never from a string literal."""
    found = []
    for path in PIPELINE.rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in CATALOGUE:
                found.append(f"{path.relative_to(PIPELINE)}:{node.lineno}: {node.value!r}")
    assert found == []


def test_errors_and_warnings_are_listed_in_the_data_dictionary():
    from pipeline.store.dictionary import data_dictionary

    text = data_dictionary()
    for code in (*WARNING_CODES, *ERROR_CODES):
        assert f"| `{code.code}` | {code.severity} |" in text
