"""unspun records as Label Studio tasks with predictions (pre-annotations).

A task is ``{"data": {"text": ..., "unspun_id": ...}, "predictions": [{"model_version",
"score", "result": [region, ...]}]}``; a region is what the ``Labels`` control expects:
``value.start`` / ``value.end`` in **UTF-16 code units** (JavaScript string indexes, what
Label Studio counts), ``value.text`` and ``value.labels``, plus a per-region ``score`` that
reviewers sort and filter by.
"""

from __future__ import annotations

from typing import Any

from unspun.about import __version__
from unspun.interop.errors import InteropConfigError
from unspun.interop.label_studio.config import (
    ATTRIBUTION_NAME,
    CLAIM_NAME,
    NARRATIVE_NAME,
    TEXT_NAME,
    technique_control,
)
from unspun.interop.labels import category_for
from unspun.interop.offsets import OffsetMap
from unspun.model.record import AnalysisRecord, FindingRecord

#: The ``model_version`` predictions carry (Label Studio shows and filters by it).
MODEL_VERSION = f"unspun-{__version__}"

#: Document fields copied into ``task.data`` next to the text (when set).
_DATA_FIELDS = ("lang", "title", "source", "url", "date")


def control_for(finding: FindingRecord) -> str | None:
    """The control name of a finding's kind (None: a kind the config has no control for)."""
    if finding.kind == "technique":
        category = finding.category or category_for("technique", finding.label)
        return technique_control(category) if category else None
    if finding.kind == "claim":
        return CLAIM_NAME
    if finding.kind == "attribution":
        return ATTRIBUTION_NAME
    return None


def region(finding: FindingRecord, offsets: OffsetMap, index: int) -> dict[str, Any] | None:
    """One prediction region for ``finding`` (None for kinds without a span control)."""
    control = control_for(finding)
    if control is None:
        return None
    start, end = offsets.span_to_utf16(finding.start, finding.end)
    result: dict[str, Any] = {
        "id": f"unspun-{index}",
        "from_name": control,
        "to_name": TEXT_NAME,
        "type": "labels",
        "origin": "prediction",
        "score": finding.score,
        "value": {
            "start": start,
            "end": end,
            "text": offsets.text[finding.start : finding.end],
            "labels": [finding.label],
        },
    }
    return result


def narrative_result(record: AnalysisRecord) -> dict[str, Any] | None:
    """The narrative choices of the document (None when the detector did not run)."""
    if not record.narratives:
        return None
    return {
        "id": "unspun-narratives",
        "from_name": NARRATIVE_NAME,
        "to_name": TEXT_NAME,
        "type": "choices",
        "origin": "prediction",
        "score": max(n.score for n in record.narratives),
        "value": {"choices": [n.label for n in record.narratives]},
    }


def record_to_task(
    record: AnalysisRecord, *, min_score: float = 0.0, model_version: str = MODEL_VERSION
) -> dict[str, Any]:
    """A Label Studio task for one record; findings under ``min_score`` are left out.

    The prediction's own ``score`` is that of the most confident region, so sorting tasks
    by prediction score puts the documents with the strongest flags first.
    """
    if record.text is None:
        raise InteropConfigError(
            f"record {record.id!r} has no text; Label Studio tasks need it.",
            hint="Leave out --no-text when writing Label Studio tasks.",
        )
    offsets = OffsetMap(record.text)
    results = []
    for index, finding in enumerate(record.findings):
        if finding.score < min_score:
            continue
        made = region(finding, offsets, index)
        if made is not None:
            results.append(made)
    narratives = narrative_result(record)
    if narratives is not None:
        results.append(narratives)
    data: dict[str, Any] = {TEXT_NAME: record.text, "unspun_id": record.id}
    for name in _DATA_FIELDS:
        value = getattr(record, name)
        if value is not None:
            data[name] = value
    if record.meta:
        data["meta"] = record.meta
    scores = [r["score"] for r in results if r["type"] == "labels"]
    prediction = {
        "model_version": model_version,
        "score": max(scores) if scores else 0.0,
        "result": results,
    }
    return {"data": data, "predictions": [prediction]}
