"""unspun batch in-process: tables, counts, dedup, metadata, refused resumes (real models)."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from unspun.batch import BatchOptions, DedupOptions, read_table, run_batch
from unspun.batch.dedup import DuplicateGrouper
from unspun.batch.errors import (
    BatchOptionError,
    InputDriftError,
    NotARunDirError,
    ResumeMismatchError,
    RunLockedError,
)
from unspun.batch.journal import Journal
from unspun.batch.metadata import normalise_day
from unspun.batch.rundir import RunLock
from unspun.model.record import AnalysisRecord
from unspun.readers import ReadOptions, read_inputs

from .helpers import ROOT


def load_make_corpus():  # bench/ is not a package
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def write_corpus(path: Path, n: int = 14, extra: list[dict] | None = None) -> list[dict]:
    records = load_make_corpus().make_records(n, seed=5, dup_rate=0.25)
    records += extra or []
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return records


EXTRA = [
    {"id": "empty-one", "text": "   ", "source": "Daily Ledger"},
    {
        "id": "exact-copy",
        "text": None,  # filled with the text of doc-000001 below
        "source": "Copy Desk",
        "date": "3 March 2024",
        "author": ["X. Writer", "Y. Writer"],
    },
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    folder = tmp_path_factory.mktemp("corpus")
    records = load_make_corpus().make_records(14, seed=5, dup_rate=0.25)
    extra = [dict(e) for e in EXTRA]
    extra[1]["text"] = records[1]["text"]
    path = folder / "feed.jsonl"
    write_corpus(path, 14, extra)
    return path, records + extra


@pytest.fixture(scope="module")
def run(corpus, nlp, tmp_path_factory) -> Path:
    run_dir = tmp_path_factory.mktemp("runs") / "run"
    options = BatchOptions(inputs=(str(corpus[0]),), run_dir=run_dir, chunk_size=4, batch_size=3)
    summary = run_batch(options, pipeline=nlp)
    assert summary.documents == 16
    return run_dir


def test_batch_every_input_once_with_failures_as_rows(run: Path, corpus) -> None:
    docs = sorted(read_table(run, "documents").to_pylist(), key=lambda d: d["seq"])
    assert [d["seq"] for d in docs] == list(range(16))
    assert [d["id"] for d in docs] == [r["id"] for r in corpus[1]]
    failed = [d for d in docs if d["status"] == "failed"]
    assert [(d["id"], d["error_code"]) for d in failed] == [("empty-one", "E102")]
    assert failed[0]["error_hint"]
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert manifest["counts"]["documents"] == 16 and manifest["counts"]["failed"] == 1
    assert manifest["failures"][0]["id"] == "empty-one"
    assert manifest["failures"][0]["error"]["code"] == "E102"
    assert "techniques" in manifest["models"]
    assert manifest["settings"]["dedup"]["threshold"] == 0.8


def test_batch_findings_match_direct_analysis(run: Path, corpus, nlp) -> None:
    found = read_table(run, "findings").to_pylist()
    texts = {r["id"]: r["text"] for r in corpus[1]}
    for doc_id in ("doc-000000", "doc-000003", "exact-copy"):
        record = AnalysisRecord.from_analysis(nlp(next(iter(_docs(texts[doc_id], doc_id)))))
        mine = sorted(
            (f["kind"], f["label"], f["start"], f["end"]) for f in found if f["id"] == doc_id
        )
        direct = sorted((f.kind, f.label, f.start, f.end) for f in record.findings)
        assert mine == direct and mine
        for f in (f for f in found if f["id"] == doc_id):
            assert texts[doc_id][f["start"] : f["end"]] == f["text"]


def _docs(text: str, doc_id: str):
    from unspun.readers.documents import build_document

    yield build_document(locator=doc_id, id=doc_id, text=text, lang="en")


def test_batch_claims_and_narratives_tables(run: Path) -> None:
    claims = read_table(run, "claims").to_pylist()
    assert claims and all(c["claim_key"] == c["claim_key"].strip() for c in claims)
    kinds = {c["source_kind"] for c in claims}
    assert {c["unsourced"] for c in claims} == {True, False}
    for c in claims:
        assert c["unsourced"] == (c["source_kind"] in {"own", "none", "vague", "anonymous"})
    assert kinds & {"vague", "anonymous"}
    narratives = read_table(run, "narratives").to_pylist()
    docs = {d["seq"]: d for d in read_table(run, "documents").to_pylist()}
    for n in narratives:
        if not n["is_other"]:
            assert n["label"] in docs[n["seq"]]["narrative_labels"]


def test_batch_duplicates_are_grouped_and_marked(run: Path, corpus) -> None:
    docs = {d["id"]: d for d in read_table(run, "documents").to_pylist()}
    copy, original = docs["exact-copy"], docs["doc-000001"]
    assert not copy["is_canonical"] and copy["canonical_id"] == original["canonical_id"]
    assert copy["dup_group"] == original["dup_group"]
    assert copy["dup_similarity"] == original["dup_similarity"]  # same text, same distance
    for record in corpus[1][:14]:  # the generator's ground truth
        row = docs[record["id"]]
        if record["copy_of"]:
            assert row["canonical_id"] == record["copy_of"], record["id"]
        else:
            assert row["is_canonical"], record["id"]
    findings = read_table(run, "findings").to_pylist()
    assert {f["is_canonical"] for f in findings if f["id"] == "exact-copy"} == {False}


def test_batch_metadata_columns(run: Path) -> None:
    docs = {d["id"]: d for d in read_table(run, "documents").to_pylist()}
    copy = docs["exact-copy"]
    assert copy["source"] == "Copy Desk" and copy["day"] == "2024-03-03"
    assert copy["author"] == "X. Writer; Y. Writer"
    first = docs["doc-000000"]
    assert first["url"] == "https://example.org/0" and first["lang"] == "en"
    findings = [f for f in read_table(run, "findings").to_pylist() if f["id"] == "doc-000000"]
    assert {(f["source"], f["day"], f["author"]) for f in findings} == {
        (first["source"], first["day"], first["author"])
    }


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2024-03-01", "2024-03-01"),
        ("2024-03-01T23:30:00+05:00", "2024-03-01"),
        ("2024-03-01T10:00:00Z", "2024-03-01"),
        ("1 March 2024", "2024-03-01"),
        ("not a date", None),
        ("", None),
        ("0001-01-01", None),
    ],
)
def test_batch_normalise_day(raw: str, day: str | None) -> None:
    assert normalise_day(raw) == day


def test_batch_grouper_threshold_and_no_dedup() -> None:
    base = "the harbour authority said on monday that ten ships were delayed by the storm " * 3
    grouper = DuplicateGrouper(DedupOptions(threshold=0.8))
    assert grouper.assign(0, "a", base).is_canonical(0)
    assert grouper.assign(1, "b", base + " a line added").group == 0
    assert grouper.assign(2, "c", "completely different words about a football match").group == 2
    assert grouper.assign(3, "d", "").group == 3  # nothing to compare
    off = DuplicateGrouper(DedupOptions(enabled=False))
    assert off.assign(0, "a", base).group == 0 and off.assign(1, "b", base).group == 1


def test_batch_resume_refused_when_inputs_or_settings_change(run: Path, corpus, nlp) -> None:
    path = corpus[0]
    options = BatchOptions(inputs=(str(path),), run_dir=run, chunk_size=4)
    other = options.model_copy(update={"dedup": DedupOptions(threshold=0.9)})
    with pytest.raises(ResumeMismatchError) as err:
        run_batch(other, pipeline=nlp)
    assert err.value.code == "E731" and "dedup.threshold" in err.value.message
    assert "--restart" in (err.value.hint or "")
    # The same command again: the run is complete, nothing is analysed twice.
    again = run_batch(options, pipeline=nlp)
    assert again.session_documents == 0 and again.documents == 16


def test_batch_changed_file_and_drift(tmp_path: Path, nlp) -> None:
    path = tmp_path / "feed.jsonl"
    write_corpus(path, 4)
    options = BatchOptions(inputs=(str(path),), run_dir=tmp_path / "run", chunk_size=2)
    run_batch(options, pipeline=nlp)
    stat = path.stat()
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "late", "text": "One more article arrived."}) + "\n")
    with pytest.raises(ResumeMismatchError, match="changed size"):
        run_batch(options, pipeline=nlp)
    # Same size and time, another id at a committed position: caught document by document.
    text = path.read_text(encoding="utf-8").splitlines()[:4]
    text[1] = text[1].replace("doc-000001", "doc-00000X")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    journal = Journal(options.run_dir)
    journal.put("complete", False)  # as if the run had been killed before its end
    journal.close()
    with pytest.raises(InputDriftError) as err:
        run_batch(options, pipeline=nlp)
    assert err.value.code == "E736" and "doc-00000X" in err.value.message
    fresh = run_batch(options.model_copy(update={"restart": True}), pipeline=nlp)
    assert fresh.documents == 4
    ids = read_table(options.run_dir, "documents", ["id"])["id"].to_pylist()
    assert "doc-00000X" in ids


def test_batch_refuses_foreign_folder_stdin_and_locked(tmp_path: Path, nlp) -> None:
    path = tmp_path / "feed.jsonl"
    write_corpus(path, 2)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(NotARunDirError, match=r"notes\.txt"):
        run_batch(BatchOptions(inputs=(str(path),), run_dir=busy), pipeline=nlp)
    assert (busy / "notes.txt").exists()
    with pytest.raises(BatchOptionError):
        run_batch(BatchOptions(inputs=("-",), run_dir=tmp_path / "x"), pipeline=nlp)
    locked = tmp_path / "locked"
    locked.mkdir()
    with RunLock(locked), pytest.raises(RunLockedError):
        run_batch(BatchOptions(inputs=(str(path),), run_dir=locked), pipeline=nlp)


def test_batch_leftover_parts_are_removed(tmp_path: Path, nlp) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "feed.jsonl"
    write_corpus(path, 3)
    options = BatchOptions(inputs=(str(path),), run_dir=tmp_path / "run", chunk_size=1)
    run_batch(options, pipeline=nlp)
    stray = tmp_path / "run" / "documents" / "part-000000000000-deadbeef.parquet"
    pq.write_table(pa.table({"seq": [0]}), stray)
    (tmp_path / "run" / "findings" / "part-x.parquet.tmp").write_bytes(b"half")
    assert len(read_table(options.run_dir, "documents")) == 3  # never read: not committed
    journal = Journal(options.run_dir)
    journal.put("complete", False)
    journal.close()
    run_batch(options, pipeline=nlp)
    assert not stray.exists()
    assert not list((tmp_path / "run" / "findings").glob("*.tmp"))
    assert len(list(read_inputs([str(path)], ReadOptions()))) == 3


def test_batch_cli_exit_codes_and_messages(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from unspun.cli.main import cli

    path = tmp_path / "feed.csv"
    path.write_text(
        "key,body,outlet,published,writer\n"
        "a,Experts believe the port will close next year.,Daily Ledger,2024-05-01,Ann\n"
        "b,,Daily Ledger,2024-05-02,Bob\n",
        encoding="utf-8",
    )
    run_dir = tmp_path / "run"
    args = [
        "batch",
        str(path),
        "-o",
        str(run_dir),
        "--id-field",
        "key",
        "--text-field",
        "body",
        "--source-field",
        "outlet",
        "--date-field",
        "published",
        "--author-field",
        "writer",
        "--components",
        "language,segment,attribution",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output  # one row had no text
    assert "2 document(s): 1 analysed, 1 failed" in result.output
    doc = read_table(run_dir, "documents").to_pylist()[0]
    assert (doc["id"], doc["source"], doc["day"], doc["author"]) == (
        "a",
        "Daily Ledger",
        "2024-05-01",
        "Ann",
    )
    result = CliRunner().invoke(cli, [*args, "--dedup-threshold", "0.5"])
    assert result.exit_code == 2 and "E731" in result.output and "--restart" in result.output
    result = CliRunner().invoke(cli, [*args, "--dedup-threshold", "0.5", "--restart", "-q"])
    assert result.exit_code == 1, result.output
    result = CliRunner().invoke(cli, ["batch", str(path), "-o", str(run_dir), "--workers", "0"])
    assert result.exit_code == 2 and "E739" in result.output


def test_batch_no_text_keeps_offsets_and_spans(tmp_path: Path, nlp) -> None:
    path = tmp_path / "feed.jsonl"
    records = write_corpus(path, 2)
    options = BatchOptions(inputs=(str(path),), run_dir=tmp_path / "run", include_text=False)
    run_batch(options, pipeline=nlp)
    docs = read_table(options.run_dir, "documents").to_pylist()
    assert [d["text"] for d in docs] == [None, None]
    assert [d["length"] for d in sorted(docs, key=lambda d: d["seq"])] == [
        len(r["text"]) for r in records
    ]
    for f in read_table(options.run_dir, "findings").to_pylist():
        source = next(r["text"] for r in records if r["id"] == f["id"])
        assert source[f["start"] : f["end"]] == f["text"]


def test_batch_ctrl_c_commits_what_is_analysed(tmp_path: Path, nlp) -> None:
    path = tmp_path / "feed.jsonl"
    write_corpus(path, 8)
    options = BatchOptions(
        inputs=(str(path),), run_dir=tmp_path / "run", chunk_size=100, batch_size=2
    )
    calls = []

    def interrupt(n: int) -> None:
        calls.append(n)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(options, pipeline=nlp, progress=interrupt)
    journal = Journal(options.run_dir)
    assert journal.counts() == {"analysed": 4}  # under one chunk, committed on Ctrl-C
    journal.close()
    summary = run_batch(options, pipeline=nlp)
    assert summary.session_documents == 4 and summary.documents == 8
    seqs = read_table(options.run_dir, "documents", ["seq"])["seq"].to_pylist()
    assert sorted(seqs) == list(range(8))
