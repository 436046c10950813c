"""Whole reports against their hand-checked gold parses (tests/fixtures/gold)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, GOLD, RAW
from pipeline.batch.convert import convert_paths
from tools.score_corpora import scores_of

REPORTS = sorted(p.name for p in RAW.iterdir())


SCORER = FIXTURES / "score.py"


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("parsed")
    summary = convert_paths([RAW], out)
    assert not summary.failed, [f.error_message for f in summary.failed]
    return scores_of(out, GOLD, SCORER)


@pytest.mark.parametrize("report", REPORTS)
def test_each_report_matches_its_gold_parse(scores, report):
    result = scores["documents"][report]
    weak = {k: v for k, v in result["components"].items() if v < 1.0}
    assert not weak, f"{report}: components below 1.0: {weak}"


def test_every_component_over_the_corpus(scores):
    assert scores["total"] >= 0.98
    assert min(scores["components"].values()) >= 0.95, scores["components"]


VARIANTS = FIXTURES / "variants"


def test_variant_reports_score_with_the_same_rules(tmp_path):
    out = tmp_path / "parsed"
    summary = convert_paths([VARIANTS / "raw"], out)
    assert not summary.failed, [f.error_message for f in summary.failed]
    scores = scores_of(out, VARIANTS / "gold", SCORER)
    weak = {name: r["components"] for name, r in scores["documents"].items() if r["total"] < 0.98}
    assert scores["total"] >= 0.99 and not weak, weak


RENDITIONS = FIXTURES / "renditions"


def test_pdf_and_docx_renditions_score_like_their_text_originals(tmp_path):
    out = tmp_path / "parsed"
    summary = convert_paths([RENDITIONS], out)
    assert not summary.failed, [f.error_message for f in summary.failed]
    scores = scores_of(out, FIXTURES / "renditions-gold", SCORER)["documents"]
    assert set(scores) == {p.name for p in RENDITIONS.iterdir()}
    # The text originals score 1.0; a PDF may lose only spaces its renderer never drew.
    low = {name: r["components"] for name, r in scores.items() if r["total"] < 0.99}
    assert not low, low
    assert all(r["total"] == 1.0 for name, r in scores.items() if name.endswith(".docx")), scores


def test_gold_covers_every_fixture_report():
    assert {json.loads(p.read_text(encoding="utf-8"))["source"] for p in GOLD.glob("*.json")} == set(REPORTS)
