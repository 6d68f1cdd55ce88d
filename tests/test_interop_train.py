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


def test_train_cli_data_is_for_the_technique_recipe(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    write_records(_records(), records)
    result = CliRunner().invoke(cli, ["train", "decoding", "--data", str(records)])
    assert result.exit_code == 2 and "--data trains the technique tagger" in result.output


#: SemEval-2023 techniques PTC has no class for, in short documents.
SEMEVAL_TEXTS = [
    ("You preach thrift yet bought a yacht.", "Appeal_to_Hypocrisy", "yet bought a yacht"),
    ("Act now, before it is too late!", "Appeal_to_Time", "before it is too late"),
    ("His record of lies speaks for itself.", "Questioning_the_Reputation", "record of lies"),
    ("Tyrants supported this very plan.", "Guilt_by_Association", "Tyrants supported"),
    ("The so-called experts lie to you.", "Name_Calling-Labeling", "so-called experts"),
]


def _semeval_records() -> list[AnalysisRecord]:
    out = []
    for n, (text, label, needle) in enumerate(SEMEVAL_TEXTS * 2):
        start = text.index(needle)
        finding = FindingRecord(
            start=start,
            end=start + len(needle),
            kind="technique",
            label=label,
            score=1.0,
            detector="t",
            detector_version="1",
            text=needle,
        )
        out.append(
            AnalysisRecord(id=f"s{n}", lang="en", text=text, length=len(text), findings=[finding])
        )
    return out


def test_semeval_channels_get_labels_and_rules() -> None:
    from unspun import taxonomy
    from unspun.detectors.techniques.decode import ChannelRule
    from unspun.detectors.techniques.detector import channel_label, channel_rule
    from unspun.detectors.techniques.labels import scheme_channels

    channels = scheme_channels("semeval2023")
    assert channels[-1] == "ANY"
    assert list(channels[:-1]) == [t.name for t in taxonomy.techniques("semeval2023")]
    assert len(channels) == 24 and scheme_channels() == scheme_channels("ptc")
    assert channel_label("Appeal_to_Hypocrisy", "semeval2023") == (
        "Appeal_to_Hypocrisy",
        ["Appeal_to_Hypocrisy"],
    )
    assert channel_label("Name_Calling,Labeling") == (
        "Name_Calling-Labeling",
        ["Name_Calling-Labeling"],
    )
    tuned = {"Name_Calling,Labeling": ChannelRule(0.3, 2, 3)}
    assert channel_rule("Name_Calling-Labeling", tuned) == ChannelRule(0.3, 2, 3)
    assert channel_rule("Appeal_to_Hypocrisy", tuned) == ChannelRule()


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="needs the train extra")
def test_train_in_the_23_technique_scheme_labels_findings_with_it(tmp_path: Path) -> None:
    import numpy as np

    from unspun import taxonomy
    from unspun.detectors.techniques.detector import TechniqueDetector
    from unspun.detectors.techniques.tagger import TokenScores
    from unspun.model import Document
    from unspun.pipeline import Pipeline
    from unspun.pipeline.config import load_config

    records = tmp_path / "r.jsonl"
    write_records(_semeval_records(), records)
    out = tmp_path / "model"
    result = CliRunner().invoke(
        cli,
        [
            "train",
            "techniques",
            "--data",
            str(records),
            "--scheme",
            "semeval2023",
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
    assert "left out" not in result.output
    scheme = [t.name for t in taxonomy.techniques("semeval2023")]
    spec = json.loads((out / "tagger.json").read_text())
    assert spec["scheme"] == "semeval2023" and spec["channels"] == [*scheme, "ANY"]

    config = load_config(components=["language", "techniques"])
    config.set("techniques", "model_dir", str(out))
    config.set("techniques", "min_score", 0.0)
    pipe = Pipeline.from_config(config)
    detector = dict(pipe.components)["techniques"]
    assert isinstance(detector, TechniqueDetector)
    assert detector.scheme == "semeval2023" and set(detector.rules) == set(scheme)
    for text, _, _ in SEMEVAL_TEXTS:
        analysis = pipe(Document(id="t", text=text))
        for f in analysis.findings:
            if f.kind == "technique":  # a 1-epoch model may well predict nothing
                assert f.label in scheme and 0 <= f.start < f.end <= len(text)

    # The labelling path itself, on token scores that fire one SemEval-only channel.
    text = SEMEVAL_TEXTS[0][0]
    offsets = detector.session.predict([text])[0].offsets
    probs = np.zeros((len(offsets), len(spec["channels"])), dtype=np.float32)
    probs[-4:, scheme.index("Appeal_to_Hypocrisy")] = 0.99
    (finding,) = detector.findings(text, TokenScores(offsets, probs))
    assert finding.label == "Appeal_to_Hypocrisy"
    assert finding.explanation == taxonomy.explain("Appeal_to_Hypocrisy")
    category = taxonomy.category_of("Appeal_to_Hypocrisy")
    assert category is not None and finding.category == category.id
    assert text[finding.start : finding.end] == text[offsets[-4][0] : offsets[-1][1]]
