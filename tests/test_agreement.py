"""The second-annotator comparison (scripts/annotation/agreement.py): its measures on labels
the tests make, and the committed second-annotator files against the committed gold."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest

from tests.helpers import ROOT

SPEC = importlib.util.spec_from_file_location(
    "agreement", ROOT / "scripts" / "annotation" / "agreement.py"
)
agreement = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(agreement)


def test_the_measures_on_known_labels() -> None:
    gold = np.array(["Yes", "Yes", "No", "No", "No", "Yes"])
    same = agreement.interval(gold, gold, agreement.f1_yes)
    assert same == (1.0, 1.0, 1.0)
    other = np.array(["Yes", "No", "No", "Yes", "No", "Yes"])
    value, lo, hi = agreement.interval(gold, other, agreement.f1_yes)
    assert value == pytest.approx(2 / 3)  # P 2/3, R 2/3
    assert 0.0 <= lo <= value <= hi <= 1.0
    assert agreement.accuracy(gold, other) == pytest.approx(4 / 6)
    assert agreement.kappa(list(gold), list(gold)) == pytest.approx(1.0)
    assert agreement.kappa(list(gold), list(other)) == pytest.approx(1 / 3)


def test_the_committed_attribution_labels_match_gold_units(capsys) -> None:
    """Every second-annotator unit is a gold unit; the comparison runs on committed files only."""
    assert agreement.main(["attribution"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("180 units; ptc dev2 50, ptc test 50, unlp dev2 40, unlp test 40")
    accuracy = float(out.split("second vs gold, all")[1].split()[1])
    assert 0.5 < accuracy < 1.0


def test_a_unit_outside_the_gold_is_refused(tmp_path) -> None:
    rows = (ROOT / "data/annotations/agreement/attribution-second.jsonl").read_text().splitlines()
    bad = json.loads(rows[0]) | {"start": 10**9}
    path = tmp_path / "second.jsonl"
    path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="in no gold file"):
        agreement.main(["attribution", "--second", str(path)])


def test_checkworthy_agreement_on_a_made_data_set(tmp_path, capsys) -> None:
    head = "Sentence_id\tText\tclass_label\n"
    (tmp_path / "CT24_checkworthy_english_train.tsv").write_text(
        head + "1\tTaxes rose by 40 percent.\tYes\n2\tThank you.\tNo\n3\tWe lost jobs.\tYes\n"
    )
    (tmp_path / "CT24_checkworthy_english_dev.tsv").write_text(head + "4\tHello.\tNo\n")
    second = tmp_path / "second.jsonl"
    labels = {"1": "Yes", "2": "No", "3": "No", "4": "No"}
    second.write_text(
        "".join(
            json.dumps({"sentence_id": k, "group": "d", "label": v}) + "\n"
            for k, v in labels.items()
        )
    )
    assert agreement.main(["checkworthy", "--data", str(tmp_path), "--second", str(second)]) == 0
    out = capsys.readouterr().out
    assert "4 sentences; Yes: gold 2, second 1" in out
    assert "F1(Yes) 0.667" in out  # P 1, R 1/2


@pytest.mark.shared_data
def test_checkworthy_second_labels_cover_the_later_debates() -> None:
    data = ROOT.parent / "shared" / "data" / "checkworthy-en"
    if not data.exists():
        pytest.skip("../shared/data/checkworthy-en is absent")
    table = agreement.ct24_labels(data)
    split = {
        json.loads(s)["sentence_id"]: json.loads(s)["part"]
        for s in (ROOT / "data/checkworthy/ct24-chrono-split.jsonl").read_text().splitlines()
    }
    rows = agreement.read_jsonl(ROOT / "data/annotations/agreement/ct24-later-second.jsonl")
    assert len(rows) == 320
    assert all(r["sentence_id"] in table and split[r["sentence_id"]] == "later" for r in rows)
