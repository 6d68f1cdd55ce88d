"""The claims sheet: one row per check-worthy claim, ready to paste into a fact-checking
desk's tracker (``unspun analyze ... --format csv --sheet claims``).

Rows come in the order a desk works: by document, then by priority (most urgent first).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from unspun.model.attrs import attrs_of
from unspun.model.record import AnalysisRecord, FailureRecord

CLAIM_COLUMNS: tuple[str, ...] = (
    "document",
    "title",
    "url",
    "rank",
    "priority",
    "claim",
    "type",
    "check_worthiness",
    "source_kind",
    "source",
    "numbers",
    "dates",
    "people_places_orgs",
    "why_ranked",
    "start",
    "end",
)


def _join(items: list[str]) -> str:
    return "; ".join(i for i in items if i)


def claim_rows(record: AnalysisRecord) -> Iterator[dict[str, Any]]:
    claims = [f for f in record.findings if f.kind == "claim"]
    typed = sorted(((attrs_of(f), f) for f in claims), key=lambda p: (-p[0].priority, p[1].start))
    for rank, (a, f) in enumerate(typed, 1):
        pieces = a.pieces
        numbers = [
            f"{q.get('text')} (= {q.get('value')} {q.get('unit')}"
            + (f", {q.get('counts')})" if q.get("counts") else ")")
            for q in pieces.get("quantities", [])
        ]
        dates = [
            f"{d.get('text')} (= {d.get('readable') or d.get('iso') or 'relative'})"
            for d in pieces.get("dates", [])
        ]
        entities = [f"{e.get('text')} ({e.get('type')})" for e in pieces.get("entities", [])]
        yield {
            "document": record.id,
            "title": record.title,
            "url": record.url,
            "rank": rank,
            "priority": a.priority,
            "claim": f.text,
            "type": _join(list(a.types or [f.label])),
            "check_worthiness": f.score,
            "source_kind": a.source.kind,
            "source": a.source.text,
            "numbers": _join(numbers),
            "dates": _join(dates),
            "people_places_orgs": _join(entities),
            "why_ranked": _join(list(a.priority_reasons)),
            "start": f.start,
            "end": f.end,
        }


def claim_failure_row(record: FailureRecord) -> dict[str, Any]:
    error = record.error
    row: dict[str, Any] = dict.fromkeys(CLAIM_COLUMNS)
    row["document"] = record.id if record.id is not None else record.source
    row["claim"] = f"[not analysed: {error.get('code')}] {error.get('message') or ''}"
    return row
