"""Shared fixtures: the corpus copies under tests/fixtures and hostile strings."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
RAW = FIXTURES / "raw"
GOLD = FIXTURES / "gold"

# Strings every text function must survive (after pythainlp's robustness tests).
HOSTILE_STRINGS = [
    "",
    " ",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\n\n",
    "\t\t\t",
    "<",
    "<p",
    "</ul>",
    "&",
    "&#xD800;",
    "&nbsp;",
    "๑.",
    "1.",
    "(",
    "-",
    "•",
    "ำ",
    "\u0e4d\u0e32",
    "เเ",
    "\ufffd",
    "(cid:12)",
    "\uf70a",
    "ก" * 5000,
    "๑๒๓๔๕๖๗๘๙๐",
    "99999999999999999999",
    "1,,,,0",
    "ไตรมาสที่ 9",
    "31 ก.พ. 2567",
    "ถึง",
    "ร้อยละ",
]


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD
