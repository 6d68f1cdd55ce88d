"""Imported documents as unspun records (AnalysisRecord JSONL), and reading them back.

Every importer (Label Studio, doccano, shared tasks) ends in :func:`imported_record`, and
``unspun eval`` / ``unspun train`` read gold through :func:`read_records`, so one record
format carries reviewed labels between the tools.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from unspun.errors import InputNotFoundError, describe_validation
from unspun.interop.errors import ExportShapeError, RegionOffsetError
from unspun.model.narrative import NarrativeLabel
from unspun.model.record import AnalysisRecord, DetectorInfo, FindingRecord
from unspun.writers.base import TextOutput, escape_line_breaks


def check_region(text: str, start: int, end: int, where: str, source: str | None) -> None:
    """Raise :class:`RegionOffsetError` unless ``0 <= start < end <= len(text)``."""
    if not 0 <= start < end <= len(text):
        raise RegionOffsetError(
            f"{where}: the span {start}-{end} does not fit a text of {len(text)} characters.",
            hint="Check that the labels belong to this text and count characters the same "
            "way (see docs/interop.md, 'Offsets').",
            source=source,
        )


def imported_record(
    *,
    id: str,
    text: str,
    findings: Iterable[FindingRecord],
    tool: str,
    version: str,
    lang: str | None = None,
    narratives: Sequence[NarrativeLabel] | None = None,
    meta: dict[str, Any] | None = None,
    title: str | None = None,
) -> AnalysisRecord:
    """A record for one imported document; findings sorted as unspun sorts its own."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end, f.kind, f.label))
    return AnalysisRecord(
        id=id,
        lang=lang,
        title=title,
        meta=meta or {},
        text=text,
        length=len(text),
        detectors=[DetectorInfo(name=tool, version=version)],
        findings=ordered,
        narratives=list(narratives) if narratives is not None else None,
    )


def write_records(records: Iterable[AnalysisRecord], output: Path | None) -> int:
    """Write records as JSONL (``None``: standard output); returns how many."""
    out = TextOutput(output)
    count = 0
    try:
        for record in records:
            line = json.dumps(record.model_dump(mode="json"), ensure_ascii=False)
            out.write(escape_line_breaks(line) + "\n")
            count += 1
    finally:
        out.close()
    return count


def json_lines(path: Path, *, hint: str, encoding: str = "utf-8") -> Iterator[tuple[int, Any]]:
    """``(line number, value)`` of each non-blank line of a JSONL file; a line that is not
    JSON raises :class:`ExportShapeError` with ``hint``."""
    try:
        handle = path.open(encoding=encoding)
    except FileNotFoundError:
        raise InputNotFoundError(f"{str(path)!r} does not exist.") from None
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as exc:
                raise ExportShapeError(
                    f"line {n} is not JSON ({exc.msg}).", hint=hint, source=str(path)
                ) from None


def read_records(path: Path) -> Iterator[AnalysisRecord]:
    """Records of an unspun JSONL file (what ``unspun analyze --format jsonl`` and the
    importers write). Failure lines (with an ``error``) are skipped: they hold no labels."""
    hint = "Give a JSONL file of unspun records (one JSON object per line)."
    for n, data in json_lines(path, hint=hint):
        if isinstance(data, dict) and "error" in data and not data.get("findings"):
            continue
        try:
            yield AnalysisRecord.model_validate(data)
        except ValidationError as exc:
            raise ExportShapeError(
                f"line {n} is not an unspun record: {describe_validation(exc, 'record')}.",
                hint="Write records with 'unspun analyze --format jsonl' or 'unspun import'.",
                source=str(path),
            ) from None
