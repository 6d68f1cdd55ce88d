"""The command line, driven in-process (CliRunner) and once as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun.about import SCHEMA_VERSION, __version__
from unspun.cli.main import cli

from .helpers import EXAMPLE


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text(
        "Port deal collapses\n\nExperts believe the port will close, officials said.\n",
        encoding="utf-8",
    )
    (folder / "sub" / "two.md").write_text(
        "# Вести\n\nПо словам экспертов, война скоро закончится.\n", encoding="utf-8"
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\x00\x01\x02binary")
    return folder


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_analyze_folder_follows_the_evaluation_contract(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["analyze", str(corpus), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 1, result.output  # two inputs could not be read
    rows = read_jsonl(out)
    assert len(rows) == 4  # one line per input document, failures included
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {"one", "two", "empty", "scan"}
    for row in rows:
        assert row["schema_version"] == SCHEMA_VERSION
        assert {"id", "lang", "findings"} <= set(row)
    assert by_id["empty"]["error"]["code"] == "E102" and by_id["empty"]["findings"] == []
    assert by_id["scan"]["error"]["code"] == "E103"
    one = by_id["one"]
    assert one["lang"] == "en"
    kinds = {(f["label"], f["text"]) for f in one["findings"]}
    assert ("vague", "Experts") in kinds and ("official", "officials") in kinds
    for f in one["findings"]:
        assert {"kind", "label", "category", "start", "end", "score"} <= set(f)
        assert one["text"][f["start"] : f["end"]] == f["text"]
    assert by_id["two"]["lang"] == "ru"
    assert "analysed 2 of 4" in result.output and "2 failed" in result.output


def test_nothing_analysed_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    result = runner.invoke(cli, ["analyze", str(empty), "--format", "json"])
    assert result.exit_code == 3
    assert "E102" in result.output


def test_missing_path_is_reported_not_a_traceback(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["analyze", str(tmp_path / "nope.txt")])
    assert result.exit_code == 3
    assert "E101" in result.output and "Traceback" not in result.output


def test_html_report_for_the_example(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["analyze", str(EXAMPLE), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Independent monitoring groups" in html and "<script" in html


def test_html_needs_an_output_path(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["analyze", str(EXAMPLE), "--format", "html"])
    assert result.exit_code == 2 and "-o" in result.output


def test_stdin_jsonl_with_custom_fields_to_csv(runner: CliRunner) -> None:
    lines = [
        {"doc": "a1", "body": "Critics argue that the deal was doomed from the start."},
        {"doc": "a2", "body": "Кажуть, що все добре."},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    result = runner.invoke(
        cli,
        ["analyze", "-", "--id-field", "doc", "--text-field", "body", "--format", "csv", "-q"],
        input=stdin,
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["id"] for r in rows} == {"a1", "a2"}
    sources = [r for r in rows if r["kind"] == "attribution"]
    assert {r["text"] for r in sources} == {"Critics", "Кажуть"}
    assert {r["label"] for r in sources} == {"vague"}


def test_lang_flag_and_no_text(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["analyze", str(EXAMPLE), "--lang", "en", "--no-text", "--format", "json", "-q"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["lang"] == "en" and data["text"] is None and data["findings"]


def test_unknown_component_exits_2_with_the_list(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["analyze", str(EXAMPLE), "--components", "language,bogus"])
    assert result.exit_code == 2
    assert "E302" in result.output and "unspun.attribution.v1" in result.output


def test_techniques_and_schema(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["techniques", "--format", "json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 23
    schema = runner.invoke(cli, ["schema"])
    assert json.loads(schema.stdout)["title"].startswith("unspun analysis record")


def test_eval_attribution_on_made_data(runner: CliRunner, tmp_path: Path) -> None:
    text = "Title\n\nExperts believe it is over.\nThe port closed in May.\n"
    (tmp_path / "article7.txt").write_text(text, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    start = text.index("Experts")
    gold.write_text(
        json.dumps(
            {
                "article_id": "7",
                "start": start,
                "end": text.index("\nThe"),
                "split": "test",
                "label": "vague",
                "sources": [{"start": start, "end": start + 7, "kind": "vague"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "res.json"
    result = runner.invoke(
        cli,
        [
            "eval",
            "attribution",
            "--gold",
            str(gold),
            "--articles",
            str(tmp_path),
            "--split",
            "test",
            "--json-out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["sentence"]["vague"]["f1"] == 1.0


def test_real_entry_point_runs_as_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "unspun", "analyze", str(EXAMPLE), "-o", str(out), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert read_jsonl(out)[0]["id"] == "article"


def test_ptc_articles_follow_the_contract(
    runner: CliRunner, ptc_articles: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "ptc"
    folder.mkdir()
    for src in sorted(ptc_articles.glob("*.txt"))[:6]:
        (folder / src.name).write_bytes(src.read_bytes())
    out = tmp_path / "ptc.jsonl"
    result = runner.invoke(cli, ["analyze", str(folder), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == sorted(p.stem for p in folder.glob("*.txt"))
    for row in rows:
        original = (folder / f"{row['id']}.txt").read_text(encoding="utf-8")
        assert row["text"] == original  # offsets index the file as Python reads it
        for f in row["findings"]:
            assert original[f["start"] : f["end"]] == f["text"]
