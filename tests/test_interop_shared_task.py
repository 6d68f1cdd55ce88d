"""Shared-task files in and out (PTC / SemEval-2020 Task 11, SemEval-2023 Task 3,
CheckThat! 2024 Task 1, SemEval-2025 Task 10) and ``unspun eval records`` over them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun.cli.main import cli
from unspun.evaluation.ptc import read_technique_labels
from unspun.interop.errors import MissingArticleError, SharedTaskFormatError
from unspun.interop.records import read_records, write_records
from unspun.interop.scoring import score_records
from unspun.interop.shared_task.checkthat import read_checkthat
from unspun.interop.shared_task.narratives import read_narratives
from unspun.interop.shared_task.ptc import read_ptc
from unspun.model.record import AnalysisRecord, FindingRecord
from unspun.writers import WRITER_FORMATS, available_writers

from .helpers import PTC_ARTICLES, SHARED_DATA

ARTICLES = {
    "101": "\ufeffHeadline: Traitors win\n\nThe so-called experts lie. Stop them now!\n",
    "102": "A calm report about the weather.\n",
    "103": "Whatever you say, they are cowards and crooks.\n",
}
TC = [
    ("101", "Name_Calling,Labeling", 11, 19),
    ("101", "Loaded_Language", 29, 50),
    ("101", "Slogans", 52, 66),
    ("101", "Bandwagon,Reductio_ad_hitlerum", 25, 50),
    ("103", "Name_Calling,Labeling", 27, 34),
]


def _ptc(tmp_path: Path) -> tuple[Path, Path]:
    articles = tmp_path / "articles"
    labels = tmp_path / "labels"
    articles.mkdir()
    labels.mkdir()
    for article, text in ARTICLES.items():
        (articles / f"article{article}.txt").write_text(text, encoding="utf-8")
        rows = "".join(f"{a}\t{t}\t{s}\t{e}\n" for a, t, s, e in TC if a == article)
        (labels / f"article{article}.task-flc-tc.labels").write_text(rows, encoding="utf-8")
    return articles, labels


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_shared_task_writers_are_registered() -> None:
    for name in (
        "ptc-si",
        "ptc-tc",
        "semeval2023-spans",
        "semeval2023-paragraphs",
        "checkthat-task1",
        "semeval2025-narratives",
        "label-studio",
        "doccano",
        "conll",
    ):
        assert name in WRITER_FORMATS and name in available_writers()


def test_ptc_import_keeps_offsets_and_maps_labels(tmp_path: Path) -> None:
    articles, labels = _ptc(tmp_path)
    records = {r.id: r for r in read_ptc(articles, labels)}
    assert set(records) == {"article101", "article102", "article103"}
    first = records["article101"]
    assert first.text == ARTICLES["101"] and first.text.startswith("\ufeff")  # BOM is char 0
    by_label = {f.label: f for f in first.findings}
    assert by_label["Name_Calling-Labeling"].text == "Traitors"
    assert by_label["Name_Calling-Labeling"].attrs["ptc_label"] == "Name_Calling,Labeling"
    assert "Bandwagon,Reductio_ad_hitlerum" in by_label  # a merged class keeps its PTC name
    assert records["article102"].findings == []


def test_ptc_tc_round_trip_is_byte_identical(tmp_path: Path) -> None:
    articles, labels = _ptc(tmp_path)
    gold = tmp_path / "gold.jsonl"
    _run(["import", "ptc", "--articles", str(articles), "--labels", str(labels), "-o", str(gold)])
    out = tmp_path / "submission.labels"
    _run(["export", "ptc-tc", str(gold), "-o", str(out)])
    again = read_technique_labels(out)
    original = read_technique_labels(labels)
    assert {k: sorted(v, key=repr) for k, v in again.items()} == {
        k: sorted(v, key=repr) for k, v in original.items() if v
    }
    si = tmp_path / "si.txt"
    _run(["export", "ptc-si", str(gold), "-o", str(si)])
    rows = [line.split("\t") for line in si.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(TC) and all(len(r) == 3 for r in rows)
    # SI files import too (no techniques: scored for SI only).
    back = list(read_ptc(articles, si))
    assert {f.label for r in back for f in r.findings} == {"ANY"}
    result = score_records(back, list(read_records(gold)))
    assert result["technique"]["si"]["f1"] == 1.0 and result["technique"]["flc"] is None


def test_ptc_errors_are_typed(tmp_path: Path) -> None:
    articles, labels = _ptc(tmp_path)
    (labels / "article999.task-flc-tc.labels").write_text("999\tDoubt\t0\t3\n", encoding="utf-8")
    with pytest.raises(MissingArticleError) as info:
        list(read_ptc(articles, labels))
    assert info.value.code == "E766"
    bad = tmp_path / "bad.labels"
    bad.write_text("101\tDoubt\t0\n101\t0\n", encoding="utf-8")
    with pytest.raises(SharedTaskFormatError):
        list(read_ptc(articles, bad))


def test_semeval2023_folder_round_trip(tmp_path: Path) -> None:
    lang = tmp_path / "en"
    (lang / "dev-articles-subtask-3").mkdir(parents=True)
    (lang / "dev-labels-subtask-3-spans").mkdir()
    text = "Freedom and family are all that matter. Only fools disagree."
    (lang / "dev-articles-subtask-3" / "article7.txt").write_text(text, encoding="utf-8")
    rows = "7\tAppeal_to_Values\t0\t39\n7\tName_Calling-Labeling\t45\t50\n"
    (lang / "dev-labels-subtask-3-spans" / "article7-labels-subtask-3.txt").write_text(
        rows, encoding="utf-8"
    )
    gold = tmp_path / "gold.jsonl"
    _run(["import", "semeval2023", str(lang), "--split", "dev", "-o", str(gold)])
    (record,) = read_records(gold)
    assert {f.label for f in record.findings} == {"Appeal_to_Values", "Name_Calling-Labeling"}
    assert record.findings[0].category == "justification"
    out = tmp_path / "spans.txt"
    _run(["export", "semeval2023-spans", str(gold), "-o", str(out)])
    assert sorted(out.read_text(encoding="utf-8").splitlines()) == sorted(rows.splitlines())
    # PTC has no Appeal_to_Values: the PTC export leaves it out and says so.
    tc = tmp_path / "tc.labels"
    _run(["export", "ptc-tc", str(gold), "-o", str(tc)])
    assert tc.read_text(encoding="utf-8") == "7\tName_Calling,Labeling\t45\t50\n"


def test_checkthat_import_export_and_score(tmp_path: Path) -> None:
    tsv = tmp_path / "ct.tsv"
    tsv.write_text(
        'Sentence_id\tText\tclass_label\n1\t"We have ""40"" percent."\tYes\n'
        "2\tThank you all.\tNo\n3\tTaxes rose 5%.\tYes\n",
        encoding="utf-8",
    )
    gold = list(read_checkthat(tsv))
    assert gold[0].text == 'We have "40" percent.' and gold[0].meta["checkthat"] == {
        "class_label": "Yes"
    }

    def predicted(record: AnalysisRecord, flagged: bool) -> AnalysisRecord:
        claim = FindingRecord(
            start=0,
            end=record.length,
            kind="claim",
            label="statistic",
            score=0.9,
            detector="t",
            detector_version="1",
            text=record.text or "",
        )
        return record.model_copy(update={"findings": [claim] if flagged else [], "meta": {}})

    pred = [predicted(gold[0], True), predicted(gold[1], True), predicted(gold[2], False)]
    result = score_records(gold, pred)
    assert result["checkworthiness"] == {"precision": 0.5, "recall": 0.5, "f1_yes": 0.5}
    path = tmp_path / "pred.jsonl"
    write_records(pred, path)
    out = tmp_path / "submission.tsv"
    _run(["export", "checkthat-task1", str(path), "-o", str(out)])
    assert out.read_text(encoding="utf-8").splitlines() == [
        "id\tclass_label\trun_id",
        "1\tYes\tunspun",
        "2\tYes\tunspun",
        "3\tNo\tunspun",
    ]
    # imported gold, exported again, keeps its labels (it was "No" everywhere)
    write_records(gold, tmp_path / "gold.jsonl")
    again = tmp_path / "gold.tsv"
    _run(["export", "checkthat-task1", str(tmp_path / "gold.jsonl"), "-o", str(again)])
    assert [line.split("\t")[1] for line in again.read_text(encoding="utf-8").splitlines()] == [
        "class_label",
        "Yes",
        "No",
        "Yes",
    ]
    bad = tmp_path / "bad.tsv"
    bad.write_text("Sentence_id\tText\tclass_label\n1\tx\tMaybe\n", encoding="utf-8")
    with pytest.raises(SharedTaskFormatError):
        list(read_checkthat(bad))


def test_semeval2025_narratives_round_trip_and_score(tmp_path: Path) -> None:
    docs = tmp_path / "raw-documents"
    docs.mkdir()
    (docs / "EN_1.txt").write_text("The West wants war.\n", encoding="utf-8")
    (docs / "EN_2.txt").write_text("Nice weather today.\n", encoding="utf-8")
    annotations = tmp_path / "subtask-2-annotations.txt"
    lines = [
        "EN_1.txt\tURW: Discrediting the West, Diplomacy\t"
        "URW: Discrediting the West, Diplomacy: The West is overreacting",
        "EN_2.txt\tOther\tOther",
    ]
    annotations.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gold = list(read_narratives(docs, annotations))
    assert [r.id for r in gold] == ["EN_1", "EN_2"] and gold[0].lang == "en"
    path = tmp_path / "gold.jsonl"
    write_records(gold, path)
    out = tmp_path / "submission.txt"
    _run(["export", "semeval2025-narratives", str(path), "-o", str(out)])
    assert out.read_text(encoding="utf-8").splitlines() == lines
    renamed = [r.model_copy(update={"id": r.id + ".txt", "path": None}) for r in gold]
    assert score_records(gold, renamed)["narratives"] == {
        "coarse_f1_samples": 1.0,
        "fine_f1_samples": 1.0,
    }
    with pytest.raises(MissingArticleError):
        list(read_narratives(tmp_path, annotations))


@pytest.mark.shared_data
def test_eval_records_agrees_with_eval_techniques_on_real_ptc(tmp_path: Path) -> None:
    """The generic scorer gives the numbers 'unspun eval techniques' gives (real data)."""
    if not PTC_ARTICLES.is_dir():
        pytest.skip("PTC data not found")
    ids = ["111111111", "111111112", "111111113"]
    articles, labels = tmp_path / "a", tmp_path / "l"
    articles.mkdir()
    labels.mkdir()
    source = SHARED_DATA / "ptc"
    for i in ids:
        text = (source / "train-articles" / f"article{i}.txt").read_bytes()
        (articles / f"article{i}.txt").write_bytes(text)
        name = f"article{i}.task-flc-tc.labels"
        (labels / name).write_bytes((source / "train-labels-task-flc-tc" / name).read_bytes())
    config = tmp_path / "techniques.toml"
    config.write_text('[pipeline]\ncomponents = ["language", "segment", "techniques"]\n')
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    _run(["import", "ptc", "--articles", str(articles), "--labels", str(labels), "-o", str(gold)])
    _run(["analyze", str(articles), "--config", str(config), "--format", "jsonl", "-o", str(pred)])
    ours = tmp_path / "ours.json"
    _run(["eval", "records", "--gold", str(gold), "--pred", str(pred), "--json-out", str(ours)])
    theirs = tmp_path / "theirs.json"
    _run(
        [
            "eval",
            "techniques",
            "--articles",
            str(articles),
            "--labels",
            str(labels),
            "--json-out",
            str(theirs),
        ]
    )
    a, b = json.loads(ours.read_text())["technique"], json.loads(theirs.read_text())
    assert a["si"] == b["si"] and a["flc"] == b["flc"] and a["gold_spans"] == b["gold_spans"]


def test_semeval2023_paragraph_submission(tmp_path: Path) -> None:
    text = "Title here\n\nFreedom and family matter.\nOnly fools disagree.\n"

    def span(needle: str, label: str) -> FindingRecord:
        start = text.index(needle)
        return FindingRecord(
            start=start,
            end=start + len(needle),
            kind="technique",
            label=label,
            score=0.5,
            detector="t",
            detector_version="1",
            text=needle,
        )

    record = AnalysisRecord(
        id="article42",
        text=text,
        lang="en",
        length=len(text),
        findings=[
            span("Freedom and family", "Appeal_to_Values"),
            span("fools", "Name_Calling-Labeling"),
            span("matter.\nOnly", "Bandwagon,Reductio_ad_hitlerum"),
        ],
    )
    path = tmp_path / "r.jsonl"
    write_records([record], path)
    out = tmp_path / "paragraphs.txt"
    _run(["export", "semeval2023-paragraphs", str(path), "-o", str(out)])
    assert out.read_text(encoding="utf-8").splitlines() == [
        "42\t1\t",
        "42\t3\tAppeal_to_Popularity,Appeal_to_Values,Guilt_by_Association",
        "42\t4\tAppeal_to_Popularity,Guilt_by_Association,Name_Calling-Labeling",
    ]
