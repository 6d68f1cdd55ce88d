"""A reviewed Label Studio export (JSON) back into unspun records.

Each task becomes one :class:`~unspun.model.record.AnalysisRecord` whose findings are the
regions of the task's chosen annotation: offsets converted from UTF-16 code units back to
code points and checked against the region's own ``text``. Regions from unspun's config
get their kind from the control name; regions from any other config by their label.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from unspun.errors import InputNotFoundError
from unspun.interop.errors import ExportShapeError, RegionTextMismatchError
from unspun.interop.label_studio.config import (
    ATTRIBUTION_NAME,
    CLAIM_NAME,
    NARRATIVE_NAME,
    TECHNIQUE_PREFIX,
)
from unspun.interop.labels import gold_finding, kind_of
from unspun.interop.offsets import OffsetMap
from unspun.interop.records import check_region, imported_record
from unspun.model.narrative import NarrativeLabel
from unspun.model.record import AnalysisRecord, FindingRecord

Unreviewed = Literal["skip", "predictions"]


@dataclass
class ImportStats:
    """What an import read, so the CLI can say what it skipped and why."""

    tasks: int = 0
    records: int = 0
    regions: int = 0
    unreviewed: list[str] = field(default_factory=list)
    other_results: int = 0

    def summary(self) -> str:
        parts = [f"{self.records} of {self.tasks} task(s) imported, {self.regions} region(s)"]
        if self.unreviewed:
            ids = ", ".join(self.unreviewed[:10]) + (" ..." if len(self.unreviewed) > 10 else "")
            parts.append(
                f"{len(self.unreviewed)} task(s) without a finished annotation left out "
                f"(ids {ids}; --unreviewed predictions imports their predictions instead)"
            )
        if self.other_results:
            parts.append(f"{self.other_results} result(s) of other control types ignored")
        return "; ".join(parts)


def load_export(path: Path) -> list[dict[str, Any]]:
    """The task list of a Label Studio JSON export (a list, or one task)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputNotFoundError(f"{str(path)!r} does not exist.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ExportShapeError(
            f"the file is not JSON ({exc}).",
            hint="Export the project from Label Studio as 'JSON' (not JSON-MIN or CSV).",
            source=str(path),
        ) from None
    tasks = [data] if isinstance(data, dict) else data
    if not isinstance(tasks, list) or not all(isinstance(t, dict) and "data" in t for t in tasks):
        raise ExportShapeError(
            "this is not a Label Studio export: expected a list of tasks with 'data'.",
            hint="Export the project from Label Studio as 'JSON'.",
            source=str(path),
        )
    return tasks


def chosen_annotation(task: dict[str, Any]) -> dict[str, Any] | None:
    """The latest finished (not cancelled) annotation of a task, or None."""
    done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not done:
        return None
    return max(
        done,
        key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""), a.get("id") or 0),
    )


def region_kind(from_name: str, label: str) -> str:
    """The finding kind of a region: from unspun's control names, else from the label,
    else the control's own name (kept, never dropped; eval and train ignore it)."""
    if from_name.startswith(TECHNIQUE_PREFIX):
        return "technique"
    if from_name in (CLAIM_NAME, ATTRIBUTION_NAME):
        return from_name
    return kind_of(label) or from_name


def _text_field(task: dict[str, Any], text_field: str | None, source: str) -> str:
    data = task["data"]
    if text_field is None:
        text_field = "text" if "text" in data else None
        strings = [k for k, v in data.items() if isinstance(v, str)]
        if text_field is None and len(strings) == 1:
            text_field = strings[0]
    value = data.get(text_field) if text_field else None
    if not isinstance(value, str):
        raise ExportShapeError(
            f"task {task.get('id')} has no text in data.{text_field or 'text'}.",
            hint="Name the field that holds the text with --text-field.",
            source=source,
        )
    return value


def task_to_record(
    task: dict[str, Any],
    *,
    source: str,
    text_field: str | None = None,
    unreviewed: Unreviewed = "skip",
    stats: ImportStats | None = None,
) -> AnalysisRecord | None:
    """The record of one task (None when it has no annotation and ``unreviewed="skip"``)."""
    stats = stats if stats is not None else ImportStats()
    text = _text_field(task, text_field, source)
    task_id = str(task.get("id", ""))
    annotation = chosen_annotation(task)
    origin = "annotation"
    if annotation is None:
        predictions = task.get("predictions") or []
        if unreviewed == "skip" or not predictions:
            stats.unreviewed.append(task_id or "?")
            return None
        annotation, origin = predictions[-1], "prediction"
    offsets = OffsetMap(text)
    findings: list[FindingRecord] = []
    narratives: list[NarrativeLabel] = []
    version = str(annotation.get("id") or annotation.get("model_version") or "")
    for result in annotation.get("result") or []:
        value = result.get("value") or {}
        if result.get("type") == "choices" and result.get("from_name") == NARRATIVE_NAME:
            narratives += [_narrative(label) for label in value.get("choices") or []]
            continue
        if result.get("type") != "labels" or "start" not in value:
            stats.other_results += 1
            continue
        findings += _region_findings(
            result, value, text, offsets, f"task {task_id}", version, source, origin
        )
        stats.regions += 1
    data = task["data"]
    meta = {
        "label_studio": {
            "task_id": task.get("id"),
            "annotation_id": annotation.get("id"),
            "origin": origin,
            "completed_by": annotation.get("completed_by"),
        }
    }
    return imported_record(
        id=str(data.get("unspun_id") or f"ls-{task_id}"),
        text=text,
        findings=findings,
        tool="label-studio",
        version=version or "export",
        lang=data.get("lang"),
        title=data.get("title"),
        narratives=narratives or None,
        meta=meta,
    )


def _narrative(label: str) -> NarrativeLabel:
    level = "subnarrative" if label.count(": ") >= 2 else "narrative"
    return NarrativeLabel(label=label, level=level, score=1.0)


def _region_findings(
    result: dict[str, Any],
    value: dict[str, Any],
    text: str,
    offsets: OffsetMap,
    task: str,
    version: str,
    source: str,
    origin: str,
) -> list[FindingRecord]:
    where = f"{task}, region {result.get('id')}"
    try:
        start16, end16 = int(value["start"]), int(value["end"])
    except (TypeError, ValueError, KeyError):
        raise ExportShapeError(f"{where}: start and end must be integers.", source=source) from None
    if not 0 <= start16 < end16 <= offsets.utf16_length:
        check_region(text, start16, end16, where, source)  # raises with the usual message
    start, end = offsets.span_from_utf16(start16, end16)
    check_region(text, start, end, where, source)
    stored = value.get("text")
    if isinstance(stored, str) and not _same_text(stored, text[start:end]):
        raise RegionTextMismatchError(
            f"{where}: the region says {stored[:40]!r} but the text at {start}-{end} is "
            f"{text[start:end][:40]!r}.",
            hint="The task text changed after labelling, or the offsets count another unit.",
            source=source,
        )
    from_name = str(result.get("from_name") or "")
    # A reviewed region is gold (score 1); the model's score stays in attrs.
    model_score = result.get("score")
    score = float(model_score) if origin == "prediction" and model_score is not None else 1.0
    attrs = {
        "region_id": result.get("id"),
        "from_name": from_name,
        "origin": result.get("origin"),
        "model_score": model_score,
    }
    return [
        gold_finding(
            text=text,
            start=start,
            end=end,
            label=label,
            kind=region_kind(from_name, label),
            detector="label-studio",
            version=version or "export",
            score=min(max(score, 0.0), 1.0),
            attrs=attrs,
            source=source,
        )
        for label in value.get("labels") or []
    ]


def _same_text(stored: str, actual: str) -> bool:
    # Label Studio's own selections can collapse a CRLF or runs of spaces in value.text
    # (the offsets stay right): compare with line ends and spaces folded.
    def fold(s: str) -> str:
        return " ".join(s.replace("\r\n", "\n").split())

    return stored == actual or fold(stored) == fold(actual)


def records_from_tasks(
    tasks: list[dict[str, Any]],
    *,
    source: str,
    text_field: str | None = None,
    unreviewed: Unreviewed = "skip",
    stats: ImportStats | None = None,
) -> Iterator[AnalysisRecord]:
    """Records of exported tasks (from a file or straight from the API)."""
    stats = stats if stats is not None else ImportStats()
    for task in tasks:
        stats.tasks += 1
        record = task_to_record(
            task, source=source, text_field=text_field, unreviewed=unreviewed, stats=stats
        )
        if record is not None:
            stats.records += 1
            yield record


def read_label_studio(
    path: Path,
    *,
    text_field: str | None = None,
    unreviewed: Unreviewed = "skip",
    stats: ImportStats | None = None,
) -> Iterator[AnalysisRecord]:
    """Records of every task of a Label Studio JSON export that has a finished annotation."""
    yield from records_from_tasks(
        load_export(path),
        source=str(path),
        text_field=text_field,
        unreviewed=unreviewed,
        stats=stats,
    )
