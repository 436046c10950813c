"""What `pip install .` puts on a machine: every file the package reads at run time."""

from __future__ import annotations

import re
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_of_the_package_is_installed_with_it() -> None:
    # A non-editable install copies only .py files unless the rest is declared package data:
    # OCR's digit shapes were left behind once, and every scanned page failed.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[tool.setuptools.package-data]", 1)[1].split("\n[", 1)[0]
    declared = {
        package: re.findall(r'"([^"]+)"', files) for package, files in re.findall(r'"([\w.]+)"\s*=\s*\[(.*)\]', section)
    }
    # Not data: code, and the C extension's source, build and type stub (see [tool.setuptools] ext-modules).
    code = {".py", ".pyc", ".c", ".pyi"} | {Path(suffix).suffix for suffix in EXTENSION_SUFFIXES}
    data = [p for p in (ROOT / "pipeline").rglob("*") if p.is_file() and p.suffix not in code]
    assert data, "the package reads no data file: drop this test"
    for path in data:
        package = ".".join(path.parent.relative_to(ROOT).parts)
        assert path.name in declared.get(package, []), f"{path.relative_to(ROOT)} is not package data"
