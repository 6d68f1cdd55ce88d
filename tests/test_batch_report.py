"""unspun report: the corpus dashboard counts stories once, escapes the corpus, loads nothing."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun.batch import BatchOptions, read_table, run_batch
from unspun.batch.errors import ReportInputError
from unspun.batch.report import build_report, report_context
from unspun.cli.main import cli

from .test_batch_run import load_make_corpus

HOSTILE = [
    {
        "id": "x-1",
        "text": "Experts believe the corrupt clique will fall. Millions now openly say so.",
        "source": "<script>alert('source')</script>",
        "title": '"><img src=x onerror=alert(1)>',
        "author": "A\u202eB",
        "date": "2024-03-02",
    },
    {
        "id": "x-2",
        "text": "</svg><script>alert(2)</script> Experts believe the corrupt clique will fall.",
        "source": "Evil & Co",
        "date": "2024-03-03",
    },
]


@pytest.fixture(scope="module")
def run(nlp, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    records = load_make_corpus().make_records(18, seed=9, dup_rate=0.3) + HOSTILE
    corpus = folder / "feed.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run_dir = folder / "run"
    run_batch(BatchOptions(inputs=(str(corpus),), run_dir=run_dir, chunk_size=5), pipeline=nlp)
    return run_dir


def test_report_counts_each_story_once(run: Path) -> None:
    context = report_context(run)
    stats = context["stats"]
    manifest = json.loads((run / "manifest.json").read_text())
    assert context["o"]["stories"] == manifest["counts"]["stories"]
    assert context["o"]["duplicates"] == manifest["counts"]["duplicates"] > 0
    # Techniques: distinct near-duplicate groups, computed here from the findings table.
    groups: dict[str, set[int]] = defaultdict(set)
    for f in read_table(run, "findings").to_pylist():
        if f["kind"] == "technique":
            groups[f["label"]].add(f["dup_group"])
    assert {label: n for label, n, _ in stats.techniques} == {k: len(v) for k, v in groups.items()}
    # Repeated unsourced claims: stories, not copies.
    claims: dict[str, set[int]] = defaultdict(set)
    docs: dict[str, int] = defaultdict(int)
    for c in read_table(run, "claims").to_pylist():
        if c["unsourced"]:
            claims[c["claim_key"]].add(c["dup_group"])
            docs[c["claim_key"]] += 1
    top = stats.claims[0]
    best = max(len(v) for v in claims.values())
    assert top["stories"] == best > 1
    assert any(docs[k] > len(v) for k, v in claims.items())  # copies did not inflate stories
    # Per source: a story counts once per outlet.
    per_source: dict[str, set[int]] = defaultdict(set)
    for d in read_table(run, "documents").to_pylist():
        if d["status"] == "analysed":
            per_source[d["source"]].add(d["dup_group"])
    assert {s: v["stories"] for s, v in stats.by_source.items()} == {
        s: len(v) for s, v in per_source.items()
    }
    assert stats.groups and stats.groups[0]["copies"] >= 2
    assert stats.flagged and stats.flagged[0]["techniques"] + stats.flagged[0]["narratives"] > 0


def test_report_is_self_contained_and_escaped(run: Path, tmp_path: Path) -> None:
    out = build_report(run, tmp_path / "dash.html")
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.replace("&lt;script", "")
    assert "&lt;script&gt;alert(&#39;source&#39;)&lt;/script&gt;" in html
    assert "onerror=alert(1)>" not in html
    assert "\u202e" not in html and "A[RLO]B" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    policy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'none'"
    assert policy.replace("'", "&#39;") in html
    for heading in (
        "Techniques",
        "Narratives",
        "Over time",
        "Techniques by outlet",
        "Most-flagged stories",
        "Most-repeated unsourced claims",
        "Near-duplicate groups",
        "Outlets",
        "Authors",
    ):
        assert f">{heading}</h2>" in html
    assert html.count("<svg") >= 3


def test_report_cli_and_bad_folder(run: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(run)])
    assert result.exit_code == 0, result.output
    assert (run / "report.html").stat().st_size > 10_000
    empty = tmp_path / "nothing"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["report", str(empty)])
    assert result.exit_code == 2 and "E740" in result.output
    with pytest.raises(ReportInputError):
        build_report(empty)
