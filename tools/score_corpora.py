"""Score the converter on every corpus that has gold, in one command, and what moved since a saved run.

    python -m tools.score_corpora [--skip scans office] [--json SCORES.json] [--against OLD.json]

Each corpus is converted in this process into a temporary folder, as
`thaireports convert` does, and scored with the corpus scorer (`score.py` of
the shared corpus beside the clone, else the copy in tests/fixtures). One row
per corpus: documents, total, and the components below 1.0. `--json` keeps
every document's scores; `--against` prints each document and component whose
score moved since such a file, so a change can state its scores before and
after. Scans need Tesseract; office copies need LibreOffice for .xls, .doc and .odt.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.batch.convert import convert_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
Scores = dict[str, Any]  # what score.py --json prints: total, components, documents


@dataclass(frozen=True)
class Corpus:
    name: str
    inputs: Path
    gold: Path
    prepare: Callable[[Path], tuple[Path, Path]] | None = None  # makes (inputs, gold) in a folder


def _office_copies(work: Path) -> tuple[Path, Path]:
    """The corpus renditions saved as workbooks (.xlsx, .ods, .xls), .doc and .odt, with their gold renamed."""
    from tools.office_copies import copy_gold, make_copies, save_as

    copies, gold = work / "office-copies", work / "office-gold"
    made = make_copies(sorted((SHARED / "renditions").glob("*.docx")), copies)
    workbooks = [path for path in made if path.suffix == ".xlsx"]
    save_as(workbooks, "xls", copies)  # the legacy format, as an office saves a workbook down
    copy_gold([*made, *(path.with_suffix(".xls") for path in workbooks)], SHARED / "renditions-gold", gold)
    return copies, gold


CORPORA = (
    Corpus("originals", SHARED / "raw", SHARED / "gold"),
    Corpus("renditions", SHARED / "renditions", SHARED / "renditions-gold"),
    Corpus("scans", SHARED / "scanned", SHARED / "scanned-gold"),
    Corpus("office", SHARED / "renditions", SHARED / "renditions-gold", _office_copies),
    Corpus("variants", FIXTURES / "variants" / "raw", FIXTURES / "variants" / "gold"),
    Corpus("layouts", FIXTURES / "layouts" / "raw", FIXTURES / "layouts" / "gold"),
    Corpus("kinds", FIXTURES / "kinds" / "raw", FIXTURES / "kinds" / "gold"),
)


# The corpus's own scorer where the shared corpus sits beside the clone, else the copy the tests use.
SCORER = SHARED / "score.py" if (SHARED / "score.py").exists() else FIXTURES / "score.py"


def scores_of(parsed: Path, gold: Path, scorer: Path = SCORER) -> Scores:
    """What the corpus scorer says of a parsed dataset against a gold folder (its --json)."""
    spec = importlib.util.spec_from_file_location("corpus_score", scorer)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        module.main([str(parsed), str(gold), "--json"])
    scores: Scores = json.loads(printed.getvalue())
    return scores


def score(corpus: Corpus, work: Path) -> Scores:
    """Convert one corpus and score it against its gold."""
    inputs, gold = corpus.prepare(work) if corpus.prepare else (corpus.inputs, corpus.gold)
    out = work / corpus.name
    summary = convert_paths([inputs], out)
    if summary.failed:
        raise RuntimeError(f"{corpus.name}: {[(f.path, f.error_message) for f in summary.failed]}")
    return scores_of(out, gold)


def row(name: str, scores: Scores) -> str:
    weak = ", ".join(f"{k} {v:.4f}" for k, v in sorted(scores["components"].items()) if v < 1.0)
    return f"| {name} | {len(scores['documents'])} | {scores['total']:.4f} | {weak or 'all 1.0'} |"


def moved(old: dict[str, Scores], new: dict[str, Scores]) -> list[str]:
    """Each corpus total, document total and component whose score differs between two runs."""
    lines = []
    for name in sorted(old.keys() & new.keys()):
        before, after = old[name], new[name]
        lines += _changes(name, before, after)
        documents = before["documents"].keys() | after["documents"].keys()
        for document in sorted(documents):
            was, now = before["documents"].get(document), after["documents"].get(document)
            if was is None or now is None:
                lines.append(f"{name} / {document}: {'new' if was is None else 'gone'}")
            else:
                lines += _changes(f"{name} / {document}", was, now)
    return lines


def _changes(label: str, before: Scores, after: Scores) -> list[str]:
    lines = (
        [f"{label}: total {before['total']:.4f} -> {after['total']:.4f}"] if before["total"] != after["total"] else []
    )
    for component in sorted(before["components"].keys() | after["components"].keys()):
        was, now = before["components"].get(component), after["components"].get(component)
        if was != now:
            lines.append(f"{label}: {component} {was} -> {now}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip", nargs="*", default=[], choices=[c.name for c in CORPORA])
    parser.add_argument("--json", type=Path, help="write every corpus's scores here")
    parser.add_argument("--against", type=Path, help="scores saved by an earlier --json: print what moved")
    args = parser.parse_args(argv)
    results: dict[str, Scores] = {}
    print("| corpus | documents | total | components below 1.0 |\n|---|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="thaireports-scores-") as work:
        for corpus in CORPORA:
            if corpus.name not in args.skip:
                results[corpus.name] = score(corpus, Path(work))
                print(row(corpus.name, results[corpus.name]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.against:
        changes = moved(json.loads(args.against.read_text(encoding="utf-8")), results)
        print(
            "\n".join(["", "Moved since the saved run:", *changes])
            if changes
            else "\nNothing moved since the saved run."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
