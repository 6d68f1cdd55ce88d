"""doccano sequence-labelling JSONL, both ways.

One JSON object per line: ``{"text": ..., "label": [[start, end, label], ...]}`` (what
doccano imports and what it exports without relations), or ``"entities": [{"start_offset",
"end_offset", "label"}]`` (its export with relations). Other keys are doccano metadata;
``unspun_id`` names the document.

Offsets: doccano's server (Python) stores and exports the numbers it is given, so files
written for it and read from it count **code points** (``offsets="codepoints"``, the
default). Spans drawn in doccano's browser editor are counted by JavaScript in UTF-16 code
units unless the project counts grapheme clusters (see docs/interop.md); for exports with
such spans on texts with emoji use ``offsets="utf16"``, or ``offsets="graphemes"`` for a
project set to count grapheme clusters as one character.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from unspun.interop.errors import ExportShapeError, InteropConfigError, RegionOffsetError
from unspun.interop.labels import gold_finding, kind_of
from unspun.interop.offsets import GraphemeMap, OffsetMap
from unspun.interop.records import check_region, imported_record, json_lines
from unspun.model.narrative import NarrativeLabel
from unspun.model.record import AnalysisRecord, FindingRecord

Offsets = Literal["codepoints", "utf16", "graphemes"]
SPAN_KINDS = ("technique", "claim", "attribution")


def _check_unit(offsets: str) -> None:
    if offsets not in ("codepoints", "utf16", "graphemes"):
        raise InteropConfigError(
            f"unknown offset unit {offsets!r}.", hint="Use codepoints, utf16 or graphemes."
        )


Convert = Callable[[int, int], tuple[int, int]]


def _outward(text: str, offsets: str) -> Convert:
    """Code points -> the file's unit."""
    if offsets == "utf16":
        return OffsetMap(text).span_to_utf16
    if offsets == "graphemes":
        return GraphemeMap(text).span_to_graphemes
    return lambda start, end: (start, end)


def _inward(text: str, offsets: str) -> Convert:
    """The file's unit -> code points (ValueError when a span lies outside the text)."""
    if offsets == "utf16":
        return OffsetMap(text).span_from_utf16
    if offsets == "graphemes":
        return GraphemeMap(text).span_from_graphemes
    return lambda start, end: (start, end)


def record_to_line(
    record: AnalysisRecord, *, offsets: Offsets = "codepoints", kinds: tuple[str, ...] = SPAN_KINDS
) -> dict[str, Any]:
    """One doccano JSONL object for ``record`` (its span findings of ``kinds``)."""
    _check_unit(offsets)
    if record.text is None:
        raise InteropConfigError(
            f"record {record.id!r} has no text; doccano needs it.",
            hint="Leave out --no-text when writing doccano files.",
        )
    convert = _outward(record.text, offsets)
    labels = [[*convert(f.start, f.end), f.label] for f in record.findings if f.kind in kinds]
    line: dict[str, Any] = {"text": record.text, "label": labels, "unspun_id": record.id}
    if record.lang:
        line["lang"] = record.lang
    return line


def _spans(row: dict[str, Any], where: str, source: str) -> list[tuple[Any, Any, Any]]:
    if isinstance(row.get("entities"), list):
        try:
            return [(e["start_offset"], e["end_offset"], e["label"]) for e in row["entities"]]
        except (KeyError, TypeError):
            raise ExportShapeError(
                f"{where}: an entity lacks start_offset, end_offset or label.", source=source
            ) from None
    labels = row.get("label", row.get("labels", []))
    if not isinstance(labels, list):
        raise ExportShapeError(f"{where}: 'label' must be a list.", source=source)
    spans = []
    for item in labels:
        if isinstance(item, str):
            continue  # a document label (text classification); read by _doc_labels
        if not (isinstance(item, list | tuple) and len(item) == 3):
            raise ExportShapeError(
                f"{where}: each label must be [start, end, label], not {item!r}.",
                hint="Export the doccano project as JSONL (sequence labelling).",
                source=source,
            )
        spans.append((item[0], item[1], item[2]))
    return spans


def _doc_labels(row: dict[str, Any]) -> list[NarrativeLabel]:
    labels = row.get("label", row.get("cats", []))
    names = [x for x in labels if isinstance(x, str)] if isinstance(labels, list) else []
    return [
        NarrativeLabel(
            label=n, level="subnarrative" if n.count(": ") >= 2 else "narrative", score=1.0
        )
        for n in names
    ]


def line_to_record(
    row: dict[str, Any], n: int, *, offsets: Offsets = "codepoints", source: str = "<doccano>"
) -> AnalysisRecord:
    """The record of one doccano line (``n``: its line number, for messages)."""
    _check_unit(offsets)
    where = f"line {n}"
    text = row.get("text", row.get("data"))
    if not isinstance(text, str):
        raise ExportShapeError(f"{where} has no 'text'.", source=source)
    convert = _inward(text, offsets)
    findings: list[FindingRecord] = []
    for start, end, label in _spans(row, where, source):
        if not (isinstance(start, int) and isinstance(end, int) and isinstance(label, str)):
            raise ExportShapeError(
                f"{where}: a span needs integer offsets and a text label, not "
                f"{[start, end, label]!r}.",
                source=source,
            )
        if offsets != "codepoints":
            try:
                start, end = convert(start, end)
            except ValueError as exc:
                raise RegionOffsetError(
                    f"{where}: the span {start}-{end} does not fit the text ({exc}).",
                    hint=f"Check that the file counts {offsets} (--offsets).",
                    source=source,
                ) from None
        check_region(text, start, end, where, source)
        findings.append(
            gold_finding(
                text=text,
                start=start,
                end=end,
                label=label,
                kind=kind_of(label) or "span",
                detector="doccano",
                version="export",
                source=source,
            )
        )
    doc_id = row.get("unspun_id") or row.get("id") or n
    meta = {k: v for k, v in row.items() if k not in ("text", "label", "entities", "unspun_id")}
    return imported_record(
        id=str(doc_id),
        text=text,
        findings=findings,
        tool="doccano",
        version="export",
        lang=row.get("lang") if isinstance(row.get("lang"), str) else None,
        narratives=_doc_labels(row) or None,
        meta={"doccano": meta} if meta else None,
    )


def read_doccano(path: Path, *, offsets: Offsets = "codepoints") -> Iterator[AnalysisRecord]:
    """Records of every line of a doccano JSONL export."""
    hint = "Export the doccano project as JSONL."
    for n, row in json_lines(path, hint=hint, encoding="utf-8-sig"):
        if not isinstance(row, dict):
            raise ExportShapeError(f"line {n} is not a JSON object.", source=str(path))
        yield line_to_record(row, n, offsets=offsets, source=str(path))
