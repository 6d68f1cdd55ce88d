"""The bad-input corpus (tests/data/bad/, plus tests/data/bad/generate.py) through the API
and the CLI: every case gets the documented exit code, a typed error with a hint, or a
valid analysis whose findings point at their own text."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import unspun
from unspun.cli.main import cli
from unspun.pipeline import Pipeline

BAD = Path(__file__).parent / "data" / "bad"
sys.path.insert(0, str(BAD))
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad") / "in"
    shutil.copytree(BAD, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    generate(folder / "generated")
    yield folder
    locked = folder / "generated" / "locked"
    if locked.exists():
        locked.chmod(0o700)


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_case_is_analysed_validly_or_fails_with_a_typed_error(
    corpus: Path, tmp_path: Path, nlp: Pipeline
) -> None:
    out = tmp_path / "out.jsonl"
    summary = unspun.run([corpus], out, pipeline=nlp)
    rows = _rows(out)
    assert len(rows) == summary.documents == summary.analysed + summary.failed
    ids = [row["id"] for row in rows if row.get("id") is not None]
    assert len(ids) == len(set(ids))
    for row in rows:
        error = row.get("error")
        if error:
            assert error["code"].startswith("E") and error["hint"], row
            continue
        text = row["text"]
        assert len(text) == row["length"]
        for finding in row["findings"]:
            assert 0 <= finding["start"] < finding["end"] <= len(text)
            assert text[finding["start"] : finding["end"]] == finding["text"]
    by_id = {row["id"]: row for row in rows if row.get("id")}
    codes = {row["id"]: (row.get("error") or {}).get("code") for row in rows if row.get("id")}
    assert codes["empty"] == "E102" and codes["invisible"] == "E102"
    assert codes["binary"] == "E103"
    assert [i for i in ids if i.startswith("good")] == [f"good{i}" for i in range(5)]
    bad_rows = [r for r in rows if "many-bad-rows.csv:row" in (r.get("source") or "")]
    assert len(bad_rows) == 1100 and all(r["error"]["code"] == "E106" for r in bad_rows)
    assert codes["bad\\xffname"] is None  # analysed, with a writable id
    assert by_id["ok1#2"]["text"] == "A real id that looks like a rename."
    assert codes["n"] == "E106" and codes["arr"] == "E106"
    assert by_id["s"]["text"] == "Experts \ufffd say."  # the lone surrogate is repaired
    assert codes["stray"] is None and "\ufffd" in by_id["stray"]["text"]
    assert codes["cp1251"] is None and "министр" in by_id["cp1251"]["text"]
    script = by_id["script"]
    assert "alert" not in script["text"]
    huge = [i for i in ids if i.startswith("xxxx")]
    assert len(huge) == 2  # a duplicate of a 100,000-character id, renamed
    if os.name == "posix" and os.geteuid() != 0:
        assert any("locked" in (row.get("source") or "") for row in rows if row.get("error"))


def test_html_reports_of_the_corpus_carry_no_script(corpus: Path, tmp_path: Path, nlp: Pipeline):
    summary = unspun.run([corpus / "script.html"], tmp_path / "r.html", pipeline=nlp)
    assert summary.analysed == 1
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "onerror=alert" not in html


@pytest.mark.parametrize("case, code", [("empty.txt", 3), ("invisible.txt", 3), ("binary.txt", 3)])
def test_cli_exit_codes(corpus: Path, tmp_path: Path, case: str, code: int) -> None:
    # Analysed cases are checked through the API above (no second model load).
    result = CliRunner().invoke(cli, ["analyze", str(corpus / case), "-o", str(tmp_path / "o")])
    assert result.exit_code == code, result.output


def test_cli_output_to_a_full_disk_is_exit_5(corpus: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    result = CliRunner().invoke(cli, ["analyze", str(corpus / "empty.txt"), "-o", "/dev/full"])
    assert result.exit_code == 5, result.output
    assert "E501" in result.output and "Hint:" in result.output


def test_cli_output_to_a_missing_folder_creates_it(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "deeper" / "o.jsonl"
    result = CliRunner().invoke(cli, ["analyze", str(corpus / "empty.txt"), "-o", str(out)])
    assert result.exit_code == 3, result.output
    assert _rows(out)[0]["error"]["code"] == "E102"


def test_cli_symlink_loop_and_field_escapes(corpus: Path, tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("symbolic links")
    out = tmp_path / "o.jsonl"
    loop = corpus / "generated" / "loop"
    result = CliRunner().invoke(
        cli, ["analyze", str(loop), str(corpus / "escape-field.jsonl"), "-o", str(out)]
    )
    assert result.exit_code == 3, result.output
    assert "\x1b" not in result.output
    assert all(row["error"]["hint"] for row in _rows(out))
