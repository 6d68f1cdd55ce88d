"""The library-side run: unspun.run reads, analyses and writes, as the CLI and service do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import pytest

import unspun
from unspun.model.record import AnalysisRecord, FailureRecord, RunSummary
from unspun.pipeline.pipeline import Outcome, Pipeline
from unspun.writers import Writer, format_for_output, open_writer, writers


def test_run_paths_to_jsonl_counts_every_input(nlp: Pipeline, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Experts believe the port will close.", encoding="utf-8")
    (inputs / "empty.txt").write_text("   ", encoding="utf-8")
    seen: list[Outcome] = []
    out = tmp_path / "out.jsonl"
    summary = unspun.run([inputs], out, pipeline=nlp, progress=seen.append)
    assert (summary.documents, summary.analysed, summary.failed) == (2, 1, 1)
    assert len(seen) == 2 and summary.outputs == [str(out)]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["id"] for line in lines) == ["a", "empty"]
    assert any(f["kind"] == "attribution" for line in lines for f in line["findings"])
    assert summary.findings.get("attribution", 0) >= 1


def test_run_documents_to_html_folder(nlp: Pipeline, tmp_path: Path) -> None:
    docs = [unspun.Document(id=f"d{i}", text=f"Officials said {i} ships left.") for i in range(2)]
    summary = unspun.run(docs, tmp_path / "reports", pipeline=nlp)
    assert summary.analysed == 2
    assert (tmp_path / "reports" / "index.html").is_file()
    assert {Path(p).name for p in summary.outputs} >= {"index.html"}


def test_output_format_follows_the_registered_writers() -> None:
    assert format_for_output(Path("x.parquet")) == "parquet"
    assert format_for_output(Path("x.CSV")) == "csv"
    assert format_for_output(Path("reports")) == "html"
    assert format_for_output(Path("x.unknown")) == "jsonl"
    assert format_for_output(None) == "jsonl"


class _CountWriter(Writer):
    """A plugin writer: one line per document with the number of findings."""

    format: ClassVar[str] = "counts"
    suffix: ClassVar[str | None] = ".counts"
    needs_path: ClassVar[bool] = True

    def __init__(self, output: Path | None, *, include_text: bool = True) -> None:
        super().__init__(output, include_text=include_text)
        self.lines: list[str] = []

    def _write(self, record: AnalysisRecord) -> None:
        self.lines.append(f"{record.id}\t{len(record.findings)}")

    def _write_failure(self, record: FailureRecord) -> None:
        self.lines.append(f"{record.id}\tfailed")

    def _close(self, summary: RunSummary) -> list[Path]:
        assert self.output is not None
        self.output.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        return [self.output]


@pytest.fixture
def count_writer():
    writers.register("counts", func=_CountWriter)
    yield
    writers.get_all().pop("counts", None)
    import catalogue

    catalogue.REGISTRY.pop(("unspun", "writers", "counts"), None)


def test_a_plugin_writer_is_chosen_by_format_and_suffix(
    nlp: Pipeline, tmp_path: Path, count_writer: None
) -> None:
    out = tmp_path / "run.counts"
    assert format_for_output(out) == "counts"
    doc = unspun.Document(id="one", text="Experts believe the port will close.")
    summary = unspun.run([doc], out, pipeline=nlp)
    assert summary.outputs == [str(out)]
    name, count = out.read_text(encoding="utf-8").split()
    assert name == "one" and int(count) >= 1
    assert isinstance(open_writer("counts", out), _CountWriter)
