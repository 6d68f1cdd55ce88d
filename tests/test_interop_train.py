"""``unspun train techniques --data EXPORT``: own labels in the recipe's layout, and a real
(tiny) training run that ends in a model folder the detector loads."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun.cli.main import cli
from unspun.interop.errors import InteropConfigError, NoTrainingDataError
from unspun.interop.label_studio import record_to_task
from unspun.interop.records import write_records
from unspun.interop.training import (
    detect_format,
    prepare,
    read_export,
    recipe_supports_scheme,
    unify_newlines,
)
from unspun.model.record import AnalysisRecord, FindingRecord

from .helpers import ROOT

TEXTS = [
    "Headline 🚨\r\n\r\nThe so-called experts lie to you.\r\nStop the traitors now!",
    "They are cowards.\rWe are brave patriots who love freedom and family.",
    "A plain report.\nNothing to see, only weather.",
]
LABELS = [
    [("so-called experts", "Name_Calling-Labeling"), ("Stop the traitors now!", "Slogans")],
    [("cowards", "Name_Calling,Labeling"), ("love freedom and family", "Appeal_to_Values")],
    [],
]


def _records() -> list[AnalysisRecord]:
    out = []
    for n, (text, labels) in enumerate(zip(TEXTS, LABELS, strict=True)):
        findings = []
        for needle, label in labels:
            start = text.index(needle)
            findings.append(
                FindingRecord(
                    start=start,
                    end=start + len(needle),
                    kind="technique",
                    label=label,
                    score=1.0,
                    detector="t",
                    detector_version="1",
                    text=needle,
                )
            )
        out.append(
            AnalysisRecord(id=f"doc{n}", lang="en", text=text, length=len(text), findings=findings)
        )
    return out


def _recipe_loader():
    """The recipe's own reader (training/common.py), which reads with universal newlines."""
    sys.path.insert(0, str(ROOT / "training"))
    try:
        import common
    finally:
        sys.path.pop(0)
    return common.load_ptc


def test_train_data_layout_survives_the_recipes_reader(tmp_path: Path) -> None:
    prepared = prepare(_records(), tmp_path, validation_fraction=0.34)
    assert prepared.documents == 3 and prepared.validation == 1 and prepared.spans == 3
    assert prepared.untrainable == {"Appeal_to_Values": 1}
    loaded = _recipe_loader()(prepared.data_dir)
    ids = json.loads((tmp_path / "ids.json").read_text())
    for name, (text, spans) in loaded.items():
        source = _records()[int(ids[name].removeprefix("doc"))]
        assert text == unify_newlines(source.text or "")[0]
        wanted = {(f.text, f.attrs.get("ptc_label") or f.label) for f in source.findings}
        got = {(text[s:e], label) for s, e, label in spans}
        assert got <= {
            (t, lab.replace("-", ",", 1) if "Name_Calling" in lab else lab) for t, lab in wanted
        }
        assert len(got) == len([f for f in source.findings if f.label != "Appeal_to_Values"])
    split = json.loads(prepared.split_file.read_text())
    assert len(split["validation"]) == 1 and split["validation"][0] in loaded


def test_train_data_needs_spans(tmp_path: Path) -> None:
    plain = [r.model_copy(update={"findings": []}) for r in _records()]
    with pytest.raises(NoTrainingDataError) as info:
        prepare(plain, tmp_path)
    assert info.value.code == "E768"
    with pytest.raises(InteropConfigError):
        prepare(_records(), tmp_path, validation_fraction=1.5)


def test_train_data_formats_are_detected(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    write_records(_records(), records)
    assert detect_format(records) == "records"
    export = tmp_path / "ls.json"
    tasks = []
    for n, record in enumerate(_records()):
        task = record_to_task(record)
        result = task["predictions"][0]["result"]
        tasks.append({**task, "id": n, "annotations": [{"id": n, "result": result}]})
    export.write_text(json.dumps(tasks), encoding="utf-8")
    assert detect_format(export) == "label-studio"
    from_ls = read_export(export)
    assert [len(r.findings) for r in from_ls] == [2, 2, 0]
    doccano = tmp_path / "d.jsonl"
    doccano.write_text('{"text": "abc", "label": []}\n', encoding="utf-8")
    assert detect_format(doccano) == "doccano"
    with pytest.raises(InteropConfigError):
        detect_format(tmp_path / "x.csv")


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="needs the train extra")
def test_train_on_own_labels_writes_a_model_the_detector_loads(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    write_records(_records() * 2, records)
    out = tmp_path / "model"
    result = CliRunner().invoke(
        cli,
        [
            "train",
            "techniques",
            "--data",
            str(records),
            "--model-out",
            str(out),
            "--epochs",
            "1",
            "--head-only-steps",
            "1",
            "--max-tokens",
            "64",
        ],
    )
    assert result.exit_code == 0, result.output
    spec = json.loads((out / "tagger.json").read_text())
    assert spec["training"]["data"] == str(records)
    assert spec["validation"]["during_training"]["epoch"] == 1
    from unspun.detectors.techniques.detector import TechniqueDetector

    detector = TechniqueDetector(out)
    assert detector.spec.delta_sha256 == spec["delta"]["sha256"]
    scores = detector.session.predict([TEXTS[0]])
    assert len(scores) == 1


def test_train_data_in_the_23_technique_scheme(tmp_path: Path) -> None:
    prepared = prepare(_records(), tmp_path, scheme="semeval2023")
    assert prepared.untrainable == {} and prepared.spans == 4
    rows = [
        line.split("\t")[1]
        for path in sorted((prepared.data_dir / "train-labels-task-flc-tc").iterdir())
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert sorted(rows) == sorted(
        ["Name_Calling-Labeling", "Slogans", "Name_Calling-Labeling", "Appeal_to_Values"]
    )


def test_train_cli_refuses_a_scheme_the_recipe_lacks(tmp_path: Path) -> None:
    if recipe_supports_scheme(ROOT / "training" / "train_techniques.py"):
        pytest.skip("the recipe trains the 23 techniques now")
    records = tmp_path / "r.jsonl"
    write_records(_records(), records)
    result = CliRunner().invoke(
        cli, ["train", "techniques", "--data", str(records), "--scheme", "semeval2023"]
    )
    assert result.exit_code == 2 and "[E770]" in result.output
    result = CliRunner().invoke(cli, ["train", "decoding", "--data", str(records)])
    assert result.exit_code == 2 and "--data trains the technique tagger" in result.output
