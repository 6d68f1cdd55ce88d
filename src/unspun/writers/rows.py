"""The findings table shared by CSV and Parquet: one row per finding."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from unspun.model.record import AnalysisRecord, FailureRecord

#: Columns of the findings table, in order.
COLUMNS: tuple[str, ...] = (
    "id",
    "lang",
    "kind",
    "label",
    "category",
    "start",
    "end",
    "score",
    "text",
    "explanation",
    "detector",
    "detector_version",
    "scope_start",
    "scope_end",
    "attrs",
)

#: ``kind`` of the row that stands for a document that could not be analysed.
ERROR_KIND = "error"

Row = dict[str, Any]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def finding_rows(record: AnalysisRecord) -> Iterator[Row]:
    """One row per finding of ``record`` (a document without findings has no rows)."""
    for finding in record.findings:
        yield {
            "id": record.id,
            "lang": record.lang,
            "kind": finding.kind,
            "label": finding.label,
            "category": finding.category,
            "start": finding.start,
            "end": finding.end,
            "score": finding.score,
            "text": finding.text,
            "explanation": finding.explanation,
            "detector": finding.detector,
            "detector_version": finding.detector_version,
            "scope_start": finding.scope.start if finding.scope else None,
            "scope_end": finding.scope.end if finding.scope else None,
            "attrs": _json(finding.attrs),
        }


def failure_row(record: FailureRecord) -> Row:
    """The row of a failed document: kind ``error``, the code as label, the message as
    explanation, and the whole error (with the input's ``source``) in ``attrs``."""
    error = record.error
    message = error.get("message") or ""
    hint = error.get("hint")
    return {
        "id": record.id if record.id is not None else record.source,
        "lang": record.lang,
        "kind": ERROR_KIND,
        "label": error.get("code"),
        "category": error.get("type"),
        "start": None,
        "end": None,
        "score": None,
        "text": None,
        "explanation": f"{message} {hint}" if hint else message,
        "detector": None,
        "detector_version": None,
        "scope_start": None,
        "scope_end": None,
        "attrs": _json({"source": record.source, "error": error}),
    }
