"""doccano JSONL both ways, and the CoNLL/BIO token export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun.cli.main import cli
from unspun.interop.conll import record_to_conll
from unspun.interop.doccano import line_to_record, read_doccano, record_to_line
from unspun.interop.errors import ExportShapeError, InteropConfigError, RegionOffsetError
from unspun.interop.records import write_records
from unspun.model.record import AnalysisRecord, FindingRecord

TEXT = "Fans 👍🏽 say the so-called experts lie.\r\nCafe\u0301 owners agree."


def _f(kind: str, label: str, needle: str, score: float = 0.5) -> FindingRecord:
    start = TEXT.index(needle)
    return FindingRecord(
        start=start,
        end=start + len(needle),
        kind=kind,
        label=label,
        score=score,
        detector="t",
        detector_version="1",
        text=needle,
    )


RECORD = AnalysisRecord(
    id="d1",
    lang="en",
    text=TEXT,
    length=len(TEXT),
    findings=[
        _f("technique", "Name_Calling-Labeling", "so-called experts", 0.8),
        _f("technique", "Loaded_Language", "experts lie", 0.3),
        _f("claim", "event", "Cafe\u0301 owners agree."),
        _f("attribution", "vague", "Fans"),
    ],
)


def test_doccano_line_round_trip_in_code_points() -> None:
    line = record_to_line(RECORD)
    assert line["text"] == TEXT and line["unspun_id"] == "d1"
    assert [TEXT[s:e] for s, e, _ in line["label"]] == [f.text for f in RECORD.findings]
    back = line_to_record(json.loads(json.dumps(line)), 1)
    assert [(f.kind, f.label, f.start, f.end) for f in back.findings] == sorted(
        [(f.kind, f.label, f.start, f.end) for f in RECORD.findings],
        key=lambda x: (x[2], -x[3], x[0], x[1]),
    )
    assert back.id == "d1" and back.text == TEXT


def test_doccano_utf16_offsets_for_spans_drawn_in_the_browser() -> None:
    line = record_to_line(RECORD, offsets="utf16")
    start = TEXT.index("so-called")
    assert line["label"][0][0] == start + 2  # two astral characters before it
    back = line_to_record(line, 1, offsets="utf16")
    assert back.findings[1].text == "so-called experts"
    # Read as code points, the same numbers run past the end of the text: caught.
    with pytest.raises(RegionOffsetError):
        line_to_record(line, 1)


def test_doccano_entities_layout_and_document_labels(tmp_path: Path) -> None:
    path = tmp_path / "all.jsonl"
    rows = [
        {
            "id": 4,
            "text": "Traitors rule.",
            "Comments": [],
            "entities": [
                {"id": 1, "label": "Name_Calling,Labeling", "start_offset": 0, "end_offset": 8}
            ],
        },
        {"text": "Storms are punishment.", "label": ["CC: Amplifying Climate Fears", "PER"]},
    ]
    path.write_text("\ufeff" + "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    first, second = read_doccano(path)
    assert first.id == "4" and first.findings[0].label == "Name_Calling-Labeling"
    assert first.meta == {"doccano": {"id": 4, "Comments": []}}
    assert second.id == "2" and [n.label for n in second.narratives or []] == [
        "CC: Amplifying Climate Fears",
        "PER",
    ]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ({"label": [[0, 1, "Doubt"]]}, ExportShapeError),
        ({"text": "abc", "label": [[0, 9, "Doubt"]]}, RegionOffsetError),
        ({"text": "abc", "label": [[0, 2]]}, ExportShapeError),
        ({"text": "abc", "label": [["0", 2, "Doubt"]]}, ExportShapeError),
    ],
)
def test_doccano_bad_lines_are_typed_errors(row: dict, error: type) -> None:
    with pytest.raises(error) as info:
        line_to_record(row, 3, source="x.jsonl")
    assert "line 3" in str(info.value)


def test_doccano_unknown_offset_unit() -> None:
    with pytest.raises(InteropConfigError):
        record_to_line(RECORD, offsets="bytes")  # type: ignore[arg-type]


def test_doccano_cli_export_then_import(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    write_records([RECORD], records)
    runner = CliRunner()
    out = tmp_path / "doccano.jsonl"
    done = runner.invoke(cli, ["export", "doccano", str(records), "-o", str(out)])
    assert done.exit_code == 0, done.output
    back = tmp_path / "back.jsonl"
    done = runner.invoke(cli, ["import", "doccano", str(out), "-o", str(back)])
    assert done.exit_code == 0, done.output
    assert "technique 2" in done.output
    (line,) = map(json.loads, back.read_text(encoding="utf-8").splitlines())
    assert {(f["start"], f["end"]) for f in line["findings"]} == {
        (f.start, f.end) for f in RECORD.findings
    }


def test_conll_bio_columns_and_line_breaks() -> None:
    block, lost = record_to_conll(RECORD)
    lines = block.split("\n")
    assert lines[0] == "-DOCSTART-\td1" and lines[1] == ""
    rows = [line.split("\t") for line in lines[2:] if line]
    by_token = {r[0]: r for r in rows}
    assert by_token["so"][3] == "B-Name_Calling-Labeling"
    assert by_token["experts"][3] == "I-Name_Calling-Labeling"
    assert by_token["lie"][3] == "O"  # the overlapping, lower-scoring span is lost
    assert lost == 1
    assert by_token["Fans"][5] == "B-vague" and by_token["Fans"][4] == "O"
    assert by_token["owners"][4] == "I-event"
    for token, start, end, *_ in rows:
        assert TEXT[int(start) : int(end)] == token
    # CRLF ends a sentence block: a blank line before "Café".
    cafe = next(i for i, line in enumerate(lines) if line.startswith("Cafe"))
    assert lines[cafe - 1] == ""


def test_conll_writer_through_export(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    write_records([RECORD, RECORD.model_copy(update={"id": "d2"})], records)
    out = tmp_path / "out.conll"
    done = CliRunner().invoke(cli, ["export", "conll", str(records), "-o", str(out)])
    assert done.exit_code == 0, done.output
    text = out.read_text(encoding="utf-8")
    assert text.count("-DOCSTART-") == 2 and "B-Name_Calling-Labeling" in text


def test_annotation_formats_refuse_no_text_but_submissions_do_not(tmp_path: Path) -> None:
    from unspun.model.record import RunSummary
    from unspun.writers import open_writer

    for fmt in ("doccano", "label-studio", "conll"):
        with pytest.raises(InteropConfigError) as info:
            open_writer(fmt, tmp_path / f"x.{fmt}", include_text=False)
        assert info.value.code == "E770" and "--no-text" in str(info.value)
    writer = open_writer("ptc-si", tmp_path / "si.txt", include_text=False)
    writer.write(RECORD)
    writer.close(RunSummary())
    assert (tmp_path / "si.txt").read_text(encoding="utf-8").count("\n") == 2


def test_doccano_grapheme_offsets() -> None:
    text = "e\u0301 👨‍👩‍👧 🇺🇦 fools!"
    start = text.index("fools")
    record = AnalysisRecord(
        id="g",
        lang=None,
        text=text,
        length=len(text),
        findings=[
            FindingRecord(
                start=start,
                end=start + 5,
                kind="technique",
                label="Name_Calling-Labeling",
                score=0.5,
                detector="t",
                detector_version="1",
                text="fools",
            )
        ],
    )
    line = record_to_line(record, offsets="graphemes")
    # é, space, the family (one cluster of 5 code points), space, the flag, space
    assert line["label"] == [[6, 11, "Name_Calling-Labeling"]]
    back = line_to_record(line, 1, offsets="graphemes")
    assert back.findings[0].text == "fools" and back.findings[0].start == start
    with pytest.raises(RegionOffsetError):
        line_to_record({"text": text, "label": [[6, 40, "Doubt"]]}, 1, offsets="graphemes")


def test_export_min_score_leaves_out_weak_findings(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    write_records([RECORD], records)
    out = tmp_path / "d.jsonl"
    done = CliRunner().invoke(
        cli, ["export", "doccano", str(records), "-o", str(out), "--min-score", "0.6"]
    )
    assert done.exit_code == 0, done.output
    (line,) = map(json.loads, out.read_text(encoding="utf-8").splitlines())
    assert [label for *_, label in line["label"]] == ["Name_Calling-Labeling"]
