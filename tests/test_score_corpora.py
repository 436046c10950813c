"""The corpus scoring tool: one corpus end to end, and what it reports as moved."""

from __future__ import annotations

import copy
import json

from tools.score_corpora import CORPORA, main, moved

RUN = {
    "kinds": {
        "total": 0.99,
        "components": {"outputs": 0.98, "outcomes": 1.0},
        "documents": {
            "a.txt": {"total": 1.0, "components": {"outputs": 1.0, "outcomes": 1.0}},
            "b.pdf": {"total": 0.98, "components": {"outputs": 0.96, "outcomes": 1.0}},
        },
    }
}


def test_a_corpus_is_converted_and_scored_against_its_gold(tmp_path, capsys):
    saved = tmp_path / "scores.json"
    others = [corpus.name for corpus in CORPORA if corpus.name != "kinds"]
    assert main(["--skip", *others, "--json", str(saved)]) == 0
    scores = json.loads(saved.read_text(encoding="utf-8"))
    assert list(scores) == ["kinds"]
    assert len(scores["kinds"]["documents"]) == 6 and scores["kinds"]["total"] == 1.0
    assert "| kinds | 6 | 1.0000 | all 1.0 |" in capsys.readouterr().out


def test_nothing_moves_between_identical_runs():
    assert moved(RUN, copy.deepcopy(RUN)) == []


def test_a_moved_component_names_its_corpus_and_document():
    after = copy.deepcopy(RUN)
    after["kinds"]["documents"]["b.pdf"]["components"]["outputs"] = 0.97
    after["kinds"]["documents"]["b.pdf"]["total"] = 0.985
    assert moved(RUN, after) == [
        "kinds / b.pdf: total 0.9800 -> 0.9850",
        "kinds / b.pdf: outputs 0.96 -> 0.97",
    ]


def test_documents_that_come_and_go_are_named():
    after = copy.deepcopy(RUN)
    after["kinds"]["documents"]["c.html"] = after["kinds"]["documents"].pop("a.txt")
    assert moved(RUN, after) == ["kinds / a.txt: gone", "kinds / c.html: new"]
