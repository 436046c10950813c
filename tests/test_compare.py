"""Year-over-year: the title matcher, quantity pairing, the compare tables and `thaireports compare`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import cli
from pipeline import load
from pipeline.compare import (
    SIMILARITY_THRESHOLD,
    compare_years,
    match_titles,
    similarity,
)
from pipeline.compare.changes import format_number, pair_quantities
from pipeline.compare.match import normalize_title
from pipeline.compare.terminal import display_width, fit, render_text
from tools.demo import DEMO_CHANGES
from tools.synthetic import SyntheticEditError, YearChanges, next_year_text
from yoy import ABT_NEW, ABT_REWORDED, yoy_dataset

SAI = "เทศบาลตำบลไผ่ดำพัฒนา"
ABT = "องค์การบริหารส่วนตำบลหนองบัวทอง"
HOSPITAL = "โรงพยาบาลบ้านโคกสว่าง"


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> Path:
    return yoy_dataset(tmp_path_factory)


# --- the matcher ---------------------------------------------------------------------------


def test_same_title_reworded_new_and_dropped():
    before = [
        (1, "มาตรการป้องกันการรับสินบน (No Gift Policy)"),
        (2, "มาตรการยกระดับช่องทางและรูปแบบการประชาสัมพันธ์เผยแพร่ข้อมูลข่าวสารภาครัฐ"),
        (3, "มาตรการควบคุมการใช้รถราชการ"),
    ]
    after = [
        (1, "มาตรการป้องกันการรับสินบน (No Gift Policy)"),
        (2, "มาตรการส่งเสริมการมีส่วนร่วมของประชาชน"),
        (3, "มาตรการพัฒนาช่องทางและรูปแบบการประชาสัมพันธ์และการเผยแพร่ข้อมูลข่าวสารของภาครัฐ"),
    ]
    matches = match_titles(before, after)
    assert [(m.no_from, m.no_to, m.method) for m in matches] == [(1, 1, "exact"), (2, 3, "similar")]
    assert matches[0].score == 1.0 and SIMILARITY_THRESHOLD <= matches[1].score < 1.0
    # measure 3 of the first year is dropped, measure 2 of the second year is new


@pytest.mark.parametrize(
    "a, b",
    [
        ("มาตรการเปิดเผยข้อมูลสาธารณะ ของสถานศึกษา", "มาตรการเปิดเผยข้อมูลสาธารณะของสถานศึกษา"),
        ("มาตรการที่ ๑ ป้องกันการทุจริต", "มาตรการที่ 1  ป้องกันการทุจริต"),
        ("มาตรการ E-Service (ระบบออนไลน์)", "มาตรการ e-service ระบบออนไลน์"),
    ],
)
def test_normalised_titles_are_identical(a, b):
    assert normalize_title(a) == normalize_title(b)
    assert match_titles([(1, a)], [(7, b)])[0].method == "exact"


def test_one_to_one_even_when_titles_repeat():
    before = [(1, "มาตรการป้องกันการทุจริต"), (2, "มาตรการป้องกันการทุจริต")]
    after = [(1, "มาตรการป้องกันการทุจริต")]
    assert [(m.no_from, m.no_to) for m in match_titles(before, after)] == [(1, 1)]


def test_threshold_separates_rewordings_from_other_measures(parsed):
    """Pinned on the corpus: no two measures of one report reach the threshold; the demo's rewordings do."""
    data = load(parsed, fiscal_years=[2566, 2567, 2568])
    for _, measures in data.measures.groupby("doc_id"):
        titles = list(measures["title"])
        for i, a in enumerate(titles):
            for b in titles[i + 1 :]:
                assert similarity(a, b) < SIMILARITY_THRESHOLD, (a, b)
    originals = dict(
        data.measures.merge(data.documents[["doc_id", "organization"]])
        .query("organization == @SAI")[["measure_no", "title"]]
        .values
    )
    for number, title in DEMO_CHANGES.rename:
        assert similarity(originals[number], title) >= SIMILARITY_THRESHOLD


# --- quantities ----------------------------------------------------------------------------


def _q(value, unit, per=None, span=""):
    return {"value": value, "unit": unit, "per": per, "span": span}


def test_quantities_pair_by_unit_and_per():
    changes = pair_quantities(
        [_q(6, "ช่องทาง"), _q(1, "ครั้ง", "month"), _q(1, "ครั้ง", "year"), _q(90, "%"), _q(5, "เล่ม")],
        [_q(7, "ช่องทาง"), _q(2, "ครั้ง", "month"), _q(1, "ครั้ง", "year"), _q(95, "ร้อยละ"), _q(3, "คน")],
    )
    described = {c.describe(): c.status for c in changes}
    assert described == {
        "ช่องทาง 6 → 7": "up",
        "ครั้ง/เดือน 1 → 2": "up",
        "ครั้ง/ปี 1 → 1": "same",
        "ร้อยละ 90 → 95": "up",
        "เล่ม 5 → —": "removed",
        "คน — → 3": "added",
    }


def test_repeated_units_pair_in_document_order():
    changes = pair_quantities([_q(60, "คน"), _q(200, "คน")], [_q(80, "คน"), _q(150, "คน")])
    assert [(c.occurrence, c.describe(), c.change) for c in changes] == [
        (1, "คน 60 → 80", 20.0),
        (2, "คน 200 → 150", -50.0),
    ]


@pytest.mark.parametrize(
    "value, text", [(6.0, "6"), (96.15, "96.15"), (15420.0, "15,420"), (4.5, "4.5"), (None, "—"), (float("nan"), "—")]
)
def test_format_number(value, text):
    assert format_number(value) == text


# --- the comparison tables -----------------------------------------------------------------


def test_compare_classifies_the_synthetic_years(parsed):
    result = compare_years(parsed, 2568, 2569)
    assert result.pairs == ((2568, 2569),)
    org = result.organizations.set_index("organization")
    assert org.loc[SAI, ["status", "continued", "new", "dropped", "quantities_changed"]].tolist() == [
        "compared",
        9,
        1,
        1,
        6,
    ]
    assert org.loc["โรงเรียนบ้านห้วยขาว", "status"] == "only_from"
    m = result.measures
    assert m["status"].value_counts().to_dict() == {"continued": 9, "new": 1, "dropped": 1}
    dropped = m[m["status"] == "dropped"].iloc[0]
    assert (dropped["measure_no_from"], dropped["title_from"]) == (
        4,
        "มาตรการยกระดับกระบวนการกำกับดูแลการใช้ทรัพย์สินของทางราชการ",
    )
    renumbered = m[(m["measure_no_from"] == 5)].iloc[0]  # measure 5 became 4 when 4 was dropped
    assert (renumbered["measure_no_to"], renumbered["method"], renumbered["changes"]) == (4, "exact", "ครั้ง/เดือน 1 → 2")
    first = m[m["measure_no_from"] == 1].iloc[0]
    assert first["changes"] == "ช่องทาง 6 → 7"
    assert set(m.loc[m["method"] == "similar", "measure_no_from"]) == {3, 10}


def test_consecutive_years_compare_each_organization_with_its_next_report(parsed):
    result = compare_years(parsed, 2566, 2569, consecutive=True)
    assert result.pairs == ((2566, 2567), (2567, 2568), (2568, 2569))
    compared = result.organizations[result.organizations["status"] == "compared"].set_index("organization")
    assert compared.loc[HOSPITAL, ["year_from", "year_to", "continued", "new", "dropped"]].tolist() == [
        2566,
        2567,
        6,
        0,
        0,
    ]
    abt = result.measures[result.measures["organization"] == ABT]
    assert abt.loc[abt["status"] == "new", "title_to"].tolist() == [ABT_NEW]
    assert abt.loc[abt["measure_no_from"] == 1, ["method", "title_to"]].values.tolist() == [["similar", ABT_REWORDED]]
    assert set(result.measures_per_year["fiscal_year"]) == {2566, 2567, 2568, 2569}


def test_filters_and_text_rendering(parsed):
    result = compare_years(parsed, 2566, 2567, organization=HOSPITAL)
    assert result.organizations["organization"].tolist() == [HOSPITAL]
    text = render_text(result)
    assert "ครั้ง/เดือน 2 → 3" in text and "6 continued, 0 new, 0 dropped" in text
    assert display_width("ที่") == 1 and display_width(fit("มาตรการที่ดีมาก", 6)) == 6


# --- the command ---------------------------------------------------------------------------


def test_cli_writes_parquet_csv_and_html(parsed, tmp_path):
    out, quantities, html = tmp_path / "m.parquet", tmp_path / "q.csv", tmp_path / "r.html"
    result = CliRunner().invoke(
        cli.main,
        [
            "compare",
            str(parsed),
            "--from",
            "2568",
            "--to",
            "2569",
            "--out",
            str(out),
            "--quantities-out",
            str(quantities),
            "--html",
            str(html),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "ช่องทาง 6 → 7" in result.output
    measures = pd.read_parquet(out)
    assert len(measures) == 11 and set(measures["status"]) == {"continued", "new", "dropped"}
    changed = pd.read_csv(quantities)
    assert "ครั้ง/เดือน 1 → 2" in set(changed["text"])
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2569", "--to", "2568"], "--from 2569 must be before --to 2568"),
        (["--from", "2568", "--to", "2569", "--out", "x.txt"], "use a .parquet or .csv file name"),
    ],
)
def test_cli_errors(parsed, args, message):
    result = CliRunner().invoke(cli.main, ["compare", str(parsed), *args])
    assert result.exit_code == 2 and message in result.output


def test_cli_missing_dataset(tmp_path):
    result = CliRunner().invoke(cli.main, ["compare", str(tmp_path / "none"), "--from", "1", "--to", "2"])
    assert result.exit_code == 1 and "no parsed dataset here" in result.output


# --- the synthetic year builder ------------------------------------------------------------


def test_synthetic_edits_fail_loudly_when_they_do_not_apply():
    text = "ปีงบประมาณ พ.ศ. 2567\nลำดับ\tมาตรการ\tวิธีการ\tระยะเวลา\tผลการดำเนินงาน\n1\tมาตรการหนึ่ง\tทำ\tต.ค. 66\t2 คน"
    moved = next_year_text(text, YearChanges(outputs=((1, "2 คน", "3 คน"),)))
    assert "พ.ศ. 2568" in moved and "ต.ค. 67" in moved and "3 คน" in moved
    with pytest.raises(SyntheticEditError, match="no measure 5"):
        next_year_text(text, YearChanges(drop=(5,)))
    with pytest.raises(SyntheticEditError, match="is not in its output column"):
        next_year_text(text, YearChanges(outputs=((1, "9 คน", "3 คน"),)))


def test_unnamed_and_duplicate_reports_are_noted(parsed):
    data = load(parsed, fiscal_years=[2568, 2569])
    docs = data.documents.copy()
    docs.loc[docs["organization"] == "โรงเรียนบ้านห้วยขาว", "organization"] = None
    twin = docs[(docs["organization"] == SAI) & (docs["fiscal_year"] == 2569)].assign(
        doc_id="f" * 64, n_measures=1, source_path="twin.txt"
    )
    result = compare_years(replace(data, documents=pd.concat([docs, twin])), 2568, 2569)
    assert result.organizations["organization"].tolist() == [ABT, SAI]
    assert any(
        "without an organization name" in note and "school-banhuaikhao-2568.txt" in note for note in result.notes
    )
    assert any(note.startswith(f"{SAI} 2569: several") and "twin.txt" in note for note in result.notes)
    assert result.organizations.set_index("organization").loc[SAI, "continued"] == 9
