"""Label Studio tasks, config and import, without a server (the live round trip is in
test_interop_label_studio_live.py)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun import taxonomy
from unspun.cli.main import cli
from unspun.interop.errors import (
    ExportShapeError,
    RegionOffsetError,
    RegionTextMismatchError,
    SurrogateSplitError,
    UnknownLabelError,
)
from unspun.interop.label_studio import (
    MODEL_VERSION,
    ImportStats,
    labeling_config,
    read_label_studio,
    record_to_task,
)
from unspun.model.record import AnalysisRecord, FindingRecord

TEXT = (
    "Fans 👍🏽 cheer.\r\nThe so-called experts 🇺🇦 lie, says a source close to the talks."
    "\r\nCafe\u0301 owners agree."
)


def finding(kind: str, label: str, needle: str, score: float, category: str | None = None):
    start = TEXT.index(needle)
    return FindingRecord(
        start=start,
        end=start + len(needle),
        kind=kind,
        label=label,
        category=category,
        score=score,
        detector="test",
        detector_version="1",
        text=needle,
    )


def make_record() -> AnalysisRecord:
    return AnalysisRecord(
        id="doc-1",
        lang="en",
        text=TEXT,
        length=len(TEXT),
        findings=[
            finding(
                "technique",
                "Name_Calling-Labeling",
                "so-called experts",
                0.8,
                "attack_on_reputation",
            ),
            finding("technique", "Loaded_Language", "lie", 0.4, "manipulative_wording"),
            finding("attribution", "anonymous", "a source close to the talks", 0.7),
            finding("claim", "event", "Cafe\u0301 owners agree.", 0.6),
        ],
    )


def test_label_studio_config_groups_techniques_by_category() -> None:
    root = ET.fromstring(labeling_config())
    controls = {c.get("name"): c for c in root.iter("Labels")}
    names = {
        c.id: [lab.get("value") for lab in controls[f"technique_{c.id}"]]
        for c in taxonomy.categories()
    }
    all_labels = [v for values in names.values() for v in values]
    assert {t.name for t in taxonomy.techniques()} <= set(all_labels)
    assert "Loaded_Language" in names["manipulative_wording"]
    assert "Bandwagon,Reductio_ad_hitlerum" in all_labels  # what the English model reports
    assert [lab.get("value") for lab in controls["claim"]][:2] == ["statistic", "quote"]
    assert "vague" in [lab.get("value") for lab in controls["attribution"]]
    assert all(c.get("toName") == "text" for c in controls.values())
    choices = [c.get("value") for c in root.iter("Choice")]
    assert "Other" in choices and any(x.startswith("URW: ") for x in choices)
    ptc = ET.fromstring(labeling_config("ptc", narratives=False))
    assert not list(ptc.iter("Choices"))
    assert (
        len(
            [
                lab
                for lab in ptc.iter("Label")
                if lab.get("value") in {t.name for t in taxonomy.techniques("ptc")}
            ]
        )
        == 14
    )


def test_label_studio_task_offsets_are_utf16() -> None:
    task = record_to_task(make_record())
    assert task["data"]["text"] == TEXT and task["data"]["unspun_id"] == "doc-1"
    (prediction,) = task["predictions"]
    assert prediction["model_version"] == MODEL_VERSION and prediction["score"] == 0.8
    units = TEXT.encode("utf-16-le")
    for region in prediction["result"]:
        value = region["value"]
        # JavaScript's text.slice(start, end) is the region's text.
        assert units[2 * value["start"] : 2 * value["end"]].decode("utf-16-le") == value["text"]
        assert 0 < region["score"] <= 1
    by_label = {r["value"]["labels"][0]: r for r in prediction["result"]}
    lie = by_label["Loaded_Language"]
    assert lie["from_name"] == "technique_manipulative_wording"
    assert lie["value"]["start"] == TEXT.index("lie") + 4  # four astral characters before
    assert by_label["anonymous"]["from_name"] == "attribution"
    assert record_to_task(make_record(), min_score=0.5)["predictions"][0]["result"].__len__() == 3


def _export(tmp_path: Path, tasks: list[dict]) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def _reviewed(task: dict, result: list[dict], **extra) -> dict:
    return {**task, "id": 7, "annotations": [{"id": 3, "result": result, **extra}]}


def test_label_studio_reviewed_export_comes_back_with_code_point_offsets(tmp_path: Path) -> None:
    task = record_to_task(make_record())
    result = [r for r in task["predictions"][0]["result"] if r["value"]["labels"] != ["event"]]
    # A reviewer relabels one region and adds one by hand (after both emoji).
    result[1] = {
        **result[1],
        "value": {**result[1]["value"], "labels": ["Exaggeration-Minimisation"]},
    }
    says = TEXT.index("says")
    result.append(
        {
            "id": "m1",
            "from_name": "technique_attack_on_reputation",
            "to_name": "text",
            "type": "labels",
            "origin": "manual",
            "value": {"start": says + 4, "end": says + 8, "text": "says", "labels": ["Doubt"]},
        }
    )
    stats = ImportStats()
    (record,) = read_label_studio(_export(tmp_path, [_reviewed(task, result)]), stats=stats)
    got = {(f.label, f.start, f.end, f.text) for f in record.findings}
    assert (
        "Name_Calling-Labeling",
        TEXT.index("so-called"),
        TEXT.index("so-called") + 17,
        "so-called experts",
    ) in got
    assert ("Exaggeration-Minimisation", TEXT.index("lie"), TEXT.index("lie") + 3, "lie") in got
    assert ("Doubt", says, says + 4, "says") in got
    assert all(f.score == 1.0 for f in record.findings)  # reviewed = gold
    assert record.id == "doc-1" and record.text == TEXT
    technique = next(f for f in record.findings if f.label == "Doubt")
    assert technique.category == "attack_on_reputation"
    assert technique.attrs["ptc_label"] == "Doubt" and technique.attrs["origin"] == "manual"
    assert stats.records == 1 and stats.regions == 4


def test_label_studio_unreviewed_tasks_are_counted_not_lost(tmp_path: Path) -> None:
    task = {"id": 9, **record_to_task(make_record())}
    path = _export(tmp_path, [task, _reviewed(task, [], was_cancelled=True)])
    stats = ImportStats()
    assert list(read_label_studio(path, stats=stats)) == []
    assert stats.unreviewed == ["9", "7"] and "2 task(s) without" in stats.summary()
    (record,) = list(read_label_studio(path, unreviewed="predictions"))[:1]
    assert len(record.findings) == 4 and record.findings[0].score < 1.0


def test_label_studio_foreign_config_regions_by_label(tmp_path: Path) -> None:
    tasks = [
        {
            "id": 1,
            "data": {"body": "Traitors rule."},
            "annotations": [
                {
                    "id": 1,
                    "result": [
                        {
                            "from_name": "label",
                            "to_name": "t",
                            "type": "labels",
                            "value": {
                                "start": 0,
                                "end": 8,
                                "text": "Traitors",
                                "labels": ["Name_Calling,Labeling"],
                            },
                        },
                        {
                            "from_name": "label",
                            "to_name": "t",
                            "type": "labels",
                            "value": {"start": 9, "end": 13, "text": "rule", "labels": ["PER"]},
                        },
                        {
                            "from_name": "rating",
                            "to_name": "t",
                            "type": "rating",
                            "value": {"rating": 3},
                        },
                    ],
                }
            ],
        }
    ]
    stats = ImportStats()
    (record,) = read_label_studio(_export(tmp_path, tasks), stats=stats)
    kinds = {(f.kind, f.label) for f in record.findings}
    assert kinds == {("technique", "Name_Calling-Labeling"), ("label", "PER")}
    assert stats.other_results == 1 and record.id == "ls-1"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ({"start": 0, "end": 4, "text": "Fan!", "labels": ["Doubt"]}, RegionTextMismatchError),
        ({"start": 5, "end": 8, "text": "x", "labels": ["Doubt"]}, SurrogateSplitError),
        ({"start": 0, "end": 999, "text": "x", "labels": ["Doubt"]}, RegionOffsetError),
        ({"start": 0, "end": 4, "text": "Fans", "labels": ["Not_A_Technique"]}, UnknownLabelError),
    ],
)
def test_label_studio_bad_regions_are_typed_errors(
    tmp_path: Path, value: dict, error: type
) -> None:
    task = _reviewed(
        record_to_task(make_record()),
        [
            {
                "id": "r",
                "from_name": "technique_call",
                "to_name": "text",
                "type": "labels",
                "value": value,
            }
        ],
    )
    with pytest.raises(error) as info:
        list(read_label_studio(_export(tmp_path, [task])))
    assert info.value.code.startswith("E7") and info.value.hint


def test_label_studio_not_an_export(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"nope": 1}', encoding="utf-8")
    with pytest.raises(ExportShapeError):
        list(read_label_studio(bad))
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(ExportShapeError) as info:
        list(read_label_studio(bad))
    assert info.value.code == "E761"


def test_label_studio_cli_config_and_import(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["label-studio", "config", "--scheme", "ptc"])
    assert out.exit_code == 0 and out.output.startswith("<View>")
    task = record_to_task(make_record())
    path = _export(tmp_path, [_reviewed(task, task["predictions"][0]["result"])])
    target = tmp_path / "records.jsonl"
    done = runner.invoke(cli, ["import", "label-studio", str(path), "-o", str(target)])
    assert done.exit_code == 0, done.output
    line = json.loads(target.read_text(encoding="utf-8"))
    assert line["schema_version"] == "1.1" and len(line["findings"]) == 4
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2]", encoding="utf-8")
    failed = runner.invoke(cli, ["import", "label-studio", str(broken)])
    assert failed.exit_code == 3 and "[E761]" in failed.output


def test_label_studio_failures_go_to_a_sidecar_not_into_tasks(nlp, tmp_path: Path) -> None:
    import unspun
    from unspun.model import Document

    out = tmp_path / "tasks.json"
    docs = [Document(id="blank", text="   "), Document(id="ok", text="Experts say it failed.")]
    summary = unspun.run(docs, out, format="label-studio", pipeline=nlp)
    assert summary.failed == 1 and summary.analysed == 1
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert [t["data"]["unspun_id"] for t in tasks] == ["ok"]
    side = tmp_path / "tasks.json.failures.jsonl"
    assert str(side) in summary.outputs
    (failure,) = map(json.loads, side.read_text(encoding="utf-8").splitlines())
    assert failure["id"] == "blank" and failure["error"]["code"] == "E102"


def test_label_studio_narratives_go_out_as_choices_and_come_back(tmp_path: Path) -> None:
    from unspun.model.narrative import NarrativeLabel

    labels = [
        NarrativeLabel(label="URW: Discrediting Ukraine", level="narrative", score=0.7),
        NarrativeLabel(
            label="URW: Discrediting Ukraine: Discrediting Ukrainian military",
            level="subnarrative",
            score=0.6,
        ),
    ]
    record = make_record().model_copy(update={"narratives": labels})
    task = record_to_task(record)
    choices = [r for r in task["predictions"][0]["result"] if r["type"] == "choices"]
    assert choices[0]["from_name"] == "narrative" and choices[0]["score"] == 0.7
    offered = {c.get("value") for c in ET.fromstring(labeling_config()).iter("Choice")}
    assert set(choices[0]["value"]["choices"]) <= offered
    path = _export(tmp_path, [_reviewed(task, task["predictions"][0]["result"])])
    (back,) = read_label_studio(path)
    assert [(n.label, n.level, n.score) for n in back.narratives or []] == [
        ("URW: Discrediting Ukraine", "narrative", 1.0),
        ("URW: Discrediting Ukraine: Discrediting Ukrainian military", "subnarrative", 1.0),
    ]
