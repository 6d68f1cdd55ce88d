"""Writers: every format over a multi-document run with a failure, round-tripped."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.report_demo import demo_record
from unspun.about import SCHEMA_VERSION
from unspun.errors import InputError, OutputError
from unspun.model.finding import Span
from unspun.model.record import AnalysisRecord, FailureRecord, FindingRecord, RunSummary
from unspun.writers import WRITER_FORMATS, open_writer
from unspun.writers.csv_ import escape_cell, unescape_cell
from unspun.writers.html.names import FileNamer
from unspun.writers.rows import COLUMNS

TRICKY_TEXT = "=SUM(A1) says 🙂 café\u2028next line\n-1 +2 @me\tand 'quoted'."


def make_finding(text: str, start: int, end: int, **extra: object) -> FindingRecord:
    fields: dict[str, object] = {
        "kind": "technique",
        "label": "Loaded_Language",
        "category": "manipulative_wording",
        "score": 0.5,
        "detector": "test.detector",
        "detector_version": "1.0",
    }
    fields.update(extra)
    return FindingRecord(start=start, end=end, text=text[start:end], **fields)


def tricky_record() -> AnalysisRecord:
    text = TRICKY_TEXT
    return AnalysisRecord(
        id="doc/../2",
        lang="en",
        text=text,
        length=len(text),
        findings=[
            make_finding(text, 0, 8, label='=HYPERLINK("http://x")', explanation="+danger"),
            make_finding(text, 14, 15, kind="attribution", label="named", category=None),
            make_finding(text, 16, 20, attrs={"note": "@x", "n": 1}, scope=Span(start=0, end=21)),
            make_finding(text, 32, 34, label="-minus"),
        ],
    )


def failure() -> FailureRecord:
    error = InputError("could not decode bytes", hint="Pass --encoding.", source="bad.txt")
    return FailureRecord(id="bad", source="bad.txt", error=error.to_dict())


def run(fmt: str, output: Path | None, **kwargs: object) -> tuple[list[Path], RunSummary]:
    records = [demo_record(), tricky_record()]
    summary = RunSummary(
        documents=3,
        analysed=2,
        failed=1,
        findings={"technique": 10},
        seconds=1.5,
        failures=[failure()],
    )
    writer = open_writer(fmt, output, **kwargs)  # type: ignore[arg-type]
    writer.write(records[0])
    writer.write_failure(failure())
    writer.write(records[1])
    return writer.close(summary), summary


def check_offsets(record: AnalysisRecord) -> None:
    assert record.text is not None
    for finding in record.findings:
        assert record.text[finding.start : finding.end] == finding.text


def test_writers_formats_listed() -> None:
    assert WRITER_FORMATS == (
        "json",
        "jsonl",
        "csv",
        "html",
        "parquet",
        "label-studio",
        "doccano",
        "conll",
        "ptc-si",
        "ptc-tc",
        "semeval2023-spans",
        "semeval2023-paragraphs",
        "checkthat-task1",
        "semeval2025-narratives",
    )


def test_writers_unknown_format() -> None:
    with pytest.raises(OutputError, match="unknown output format"):
        open_writer("xml", None)


@pytest.mark.parametrize("fmt", ["html", "parquet"])
def test_writers_file_formats_need_a_path(fmt: str) -> None:
    with pytest.raises(OutputError, match="Give an output path"):
        open_writer(fmt, None)


# --- JSONL -------------------------------------------------------------------------------


def test_writers_jsonl_one_line_per_document(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    paths, _ = run("jsonl", out)
    assert paths == [out]
    raw = out.read_text(encoding="utf-8")
    # U+2028 stays escaped, so even str.splitlines() sees one line per document.
    assert "\u2028" not in raw
    lines = raw.splitlines()
    assert len(lines) == 3
    first, fail, second = (json.loads(line) for line in lines)
    assert AnalysisRecord.model_validate(first) == demo_record()
    assert AnalysisRecord.model_validate(second) == tricky_record()
    check_offsets(AnalysisRecord.model_validate(second))
    assert fail["id"] == "bad" and fail["findings"] == [] and fail["error"]["code"] == "E100"
    assert fail["schema_version"] == first["schema_version"]


def test_writers_jsonl_without_text(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run("jsonl", out, include_text=False)
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["text"] is None
    assert first["length"] == len(demo_record().text or "")
    assert first["findings"][0]["text"]  # quotes stay


def test_writers_jsonl_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    paths, _ = run("jsonl", None)
    assert paths == []
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [demo_record().id, "bad", "doc/../2"]


def test_writers_jsonl_writes_failures_only_in_summary(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    writer = open_writer("jsonl", out)
    writer.write(tricky_record())
    writer.close(RunSummary(documents=2, analysed=1, failed=1, failures=[failure()]))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["doc/../2", "bad"]


# --- JSON --------------------------------------------------------------------------------


def test_writers_json_envelope(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    _, summary = run("json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"schema_version", "documents", "failures", "summary"}
    docs = [AnalysisRecord.model_validate(d) for d in data["documents"]]
    assert docs == [demo_record(), tricky_record()]
    check_offsets(docs[1])
    assert [FailureRecord.model_validate(f) for f in data["failures"]] == [failure()]
    assert data["summary"] == summary.model_dump(mode="json", exclude={"failures"})
    assert "🙂" in out.read_text(encoding="utf-8")  # ensure_ascii=False


def test_writers_json_single_document_is_the_record(tmp_path: Path) -> None:
    out = tmp_path / "one.json"
    writer = open_writer("json", out)
    writer.write(tricky_record())
    writer.close(RunSummary(documents=1, analysed=1))
    assert AnalysisRecord.model_validate_json(out.read_text(encoding="utf-8")) == tricky_record()


@pytest.mark.parametrize("with_failure", [False, True])
def test_writers_json_no_documents(tmp_path: Path, with_failure: bool) -> None:
    out = tmp_path / "none.json"
    writer = open_writer("json", out)
    if with_failure:
        writer.write_failure(failure())
    writer.close(RunSummary())
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["documents"] == []
    assert len(data["failures"]) == int(with_failure)


def test_writers_json_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    run("json", None)
    data = json.loads(capsys.readouterr().out)
    assert len(data["documents"]) == 2


# --- CSV ---------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_writers_csv_findings_table(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    run("csv", out)
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    rows = read_csv(text)
    demo, tricky = demo_record(), tricky_record()
    assert len(rows) == len(demo.findings) + 1 + len(tricky.findings)
    error = rows[len(demo.findings)]
    assert error["kind"] == "error" and error["id"] == "bad" and error["label"] == "E100"
    assert "could not decode bytes" in error["explanation"]
    assert "Pass --encoding." in error["explanation"]
    assert json.loads(error["attrs"])["source"] == "bad.txt"
    for row in rows:
        if row["kind"] == "error":
            continue
        doc = demo if row["id"] == demo.id else tricky
        assert doc.text is not None
        start, end = int(row["start"]), int(row["end"])
        assert doc.text[start:end] == unescape_cell(row["text"])
        assert 0.0 <= float(row["score"]) <= 1.0
        json.loads(unescape_cell(row["attrs"]))
    scoped = [r for r in rows if r["scope_start"]]
    assert scoped and all(int(r["scope_start"]) < int(r["scope_end"]) for r in scoped)


def test_writers_csv_guards_formula_injection(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    run("csv", out)
    rows = [r for r in read_csv(out.read_text(encoding="utf-8")) if r["id"] == "doc/../2"]
    cells = [cell for row in rows for cell in row.values()]
    # No cell a spreadsheet would run as a formula.
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    first = rows[0]
    assert first["text"] == "'=SUM(A1)"
    assert first["label"] == '\'=HYPERLINK("http://x")'
    assert first["explanation"] == "'+danger"
    assert rows[-1]["label"] == "'-minus"
    assert unescape_cell(first["text"]) == "=SUM(A1)"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM", "\tx", "\rx", "'=x", "'", "plain"])
def test_writers_csv_escape_round_trips(value: str) -> None:
    escaped = escape_cell(value)
    assert escaped[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert unescape_cell(escaped) == value


def test_writers_csv_numbers_unescaped() -> None:
    assert escape_cell(-1) == -1
    assert escape_cell(None) is None


def test_writers_csv_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    run("csv", None)
    rows = read_csv(capsys.readouterr().out)
    assert rows[0]["id"] == demo_record().id


# --- Parquet -----------------------------------------------------------------------------


def test_writers_parquet_findings_table(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out.parquet"
    paths, _ = run("parquet", out)
    assert paths == [out]
    table = pq.read_table(out)
    assert tuple(table.column_names) == COLUMNS
    assert table.schema.metadata[b"unspun.schema_version"] == SCHEMA_VERSION.encode()
    rows = table.to_pylist()
    demo, tricky = demo_record(), tricky_record()
    assert len(rows) == len(demo.findings) + len(tricky.findings) + 1
    errors = [r for r in rows if r["kind"] == "error"]
    assert len(errors) == 1 and errors[0]["start"] is None and errors[0]["label"] == "E100"
    for row in rows:
        if row["kind"] == "error":
            continue
        doc = demo if row["id"] == demo.id else tricky
        assert doc.text is not None
        assert doc.text[row["start"] : row["end"]] == row["text"]  # raw, no CSV escaping
    assert any(r["text"] == "=SUM(A1)" for r in rows)


# --- HTML --------------------------------------------------------------------------------


def test_writers_html_single_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    writer = open_writer("html", out)
    writer.write(demo_record())
    paths = writer.close(RunSummary(documents=1, analysed=1))
    assert paths == [out]
    assert "Carrow Bay" in out.read_text(encoding="utf-8")
    assert not (tmp_path / "report").exists()


def test_writers_html_folder_with_index(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    paths, _ = run("html", out)
    index = out / "index.html"
    assert paths[-1] == index
    assert {p.parent for p in paths} == {out}
    assert len(paths) == 3
    page = index.read_text(encoding="utf-8")
    for report in paths[:-1]:
        assert f'href="{report.name}"' in page
    assert "could not decode bytes" in page and "Pass --encoding." in page
    assert "Run summary" in page and "1.5" in page
    assert "Carrow Bay desalination plant" in page  # the title column


def test_writers_html_path_with_suffix_becomes_folder(tmp_path: Path) -> None:
    out = tmp_path / "run.html"
    paths, _ = run("html", out)
    assert not out.exists()
    assert paths[-1] == tmp_path / "run" / "index.html"


def test_writers_html_failure_only_gives_index(tmp_path: Path) -> None:
    out = tmp_path / "run.html"
    writer = open_writer("html", out)
    writer.write_failure(failure())
    paths = writer.close(RunSummary(documents=1, failed=1))
    assert paths == [tmp_path / "run" / "index.html"]


def test_writers_html_empty_run(tmp_path: Path) -> None:
    out = tmp_path / "run.html"
    paths = open_writer("html", out).close(RunSummary())
    assert paths == [out]
    assert "No document was analysed" in out.read_text(encoding="utf-8")


def test_writers_html_index_is_inert(tmp_path: Path) -> None:
    payload = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    out = tmp_path / "reports"
    writer = open_writer("html", out)
    writer.write(tricky_record().model_copy(update={"id": payload, "title": payload}))
    error = InputError(payload, hint=payload, source=payload)
    writer.write_failure(FailureRecord(id=payload, source=payload, error=error.to_dict()))
    paths = writer.close(RunSummary(findings={payload: 1}))
    page = paths[-1].read_text(encoding="utf-8")
    assert payload not in page
    assert "<script" not in page and "<img" not in page
    assert not re.search(r"<[^>]+\son[a-z]+=", page)
    assert "script-src 'none'" in page.replace("&#39;", "'")
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs == ["data:,", paths[0].name]  # the empty favicon, then the report


def test_writers_html_folder_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    writer = open_writer("html", tmp_path / "taken")
    with pytest.raises(OutputError, match="is a file"):
        writer.write(demo_record())


def test_writers_html_safe_filenames(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    writer = open_writer("html", out)
    ids = ["../../evil", "a/b\\c", "CON", "index", ".hidden", "Doc", "doc", "Doc", "Über доклад"]
    for doc_id in ids:
        record = tricky_record().model_copy(update={"id": doc_id})
        writer.write(record)
    paths = writer.close(RunSummary())
    reports = paths[:-1]
    assert len(reports) == len(ids)
    assert len({p.name.lower() for p in paths}) == len(paths)
    for path in paths:
        assert path.parent == out
        assert path.resolve().parent == out.resolve()
        assert not path.name.startswith(".")
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)


def test_writers_file_namer() -> None:
    namer = FileNamer()
    assert namer.name("article-1") == "article-1.html"
    assert namer.name("article-1") == "article-1-2.html"
    evil = namer.name("../../etc/passwd")
    assert "/" not in evil and not evil.startswith(".")
    assert namer.name("").startswith("document-")
    assert namer.name("nul").startswith("nul-")
    assert len(namer.name("x" * 500)) < 100


# --- shared behaviour --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", WRITER_FORMATS)
def test_writers_unwritable_output(tmp_path: Path, fmt: str) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError) as info:
        writer = open_writer(fmt, blocker / "sub" / "out.x")
        writer.write(demo_record())
        writer.close(RunSummary())
    assert info.value.code == "E501"


def test_writers_closed_writer_refuses(tmp_path: Path) -> None:
    writer = open_writer("jsonl", tmp_path / "x.jsonl")
    writer.close(RunSummary())
    with pytest.raises(OutputError, match="already closed"):
        writer.write(demo_record())
