"""What an analysis is filed under: techniques, categories, narratives, claim types and
attribution kinds, with how often each occurs and its best score."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from unspun.model.record import AnalysisRecord

#: Longest facet value stored (longer labels are cut; they still match by prefix search).
MAX_VALUE = 512
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _pairs(record: AnalysisRecord) -> Iterator[tuple[str, str, float]]:
    for f in record.findings:
        yield "kind", f.kind, f.score
        if f.category:
            yield "category", f.category, f.score
        if f.kind == "technique":
            yield "technique", f.label, f.score
        elif f.kind == "attribution":
            yield "attribution", f.label, f.score
        elif f.kind == "claim":
            types = f.attrs.get("types")
            for claim_type in types if isinstance(types, list) and types else [f.label]:
                yield "claim_type", str(claim_type), f.score
        elif f.kind == "narrative":
            yield "narrative", f.label, f.score


def facets_of(record: AnalysisRecord) -> list[tuple[str, str, int, float]]:
    """``(facet, value, count, best score)`` rows for ``record``, one per distinct value.

    Counts are findings; a document-level narrative label without findings counts one."""
    scores: dict[tuple[str, str], list[float]] = {}
    for facet, value, score in _pairs(record):
        scores.setdefault((facet, value[:MAX_VALUE]), []).append(score)
    rows = {key: (len(found), max(found)) for key, found in scores.items()}
    for label in record.narratives or []:
        if label.id is None:  # "Other" labels are not narratives
            continue
        key = ("narrative", label.label[:MAX_VALUE])
        n, best = rows.get(key, (1, 0.0))
        rows[key] = (n, max(best, label.score))
    return [(f, v, n, round(best, 4)) for (f, v), (n, best) in sorted(rows.items())]


def publication_day(date: str | None) -> dt.date | None:
    """The day an ISO-8601 date string names (None when it does not start with one)."""
    if not date:
        return None
    match = _ISO_DAY.match(date.strip())
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def search_text(record: AnalysisRecord) -> str:
    """What free-text search looks in: title, source, URL and text, case-folded."""
    parts = (record.title, record.source, record.url, record.text)
    return "\n".join(p for p in parts if p).casefold()
