"""CheckThat! 2024 Task 1 (check-worthiness): the TSV in, the submission file out.

Input / gold: TSV with a header, ``Sentence_id  Text  class_label`` (``Yes`` / ``No``).
Submission: ``id  class_label  run_id`` with a header. unspun calls a sentence ``Yes`` when
its claims detector flags it (any ``claim`` finding), as ``unspun eval claims`` does.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from unspun.errors import InputNotFoundError
from unspun.interop.errors import SharedTaskFormatError
from unspun.interop.records import imported_record
from unspun.model.record import AnalysisRecord

META_KEY = "checkthat"


def read_checkthat(tsv: Path) -> Iterator[AnalysisRecord]:
    """One record per sentence; the gold label is ``meta["checkthat"]["class_label"]``."""
    if not tsv.is_file():
        raise InputNotFoundError(f"{str(tsv)!r} does not exist.")
    csv.field_size_limit(sys.maxsize)
    with tsv.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_MINIMAL)
        fields = reader.fieldnames or []
        ids = "Sentence_id" if "Sentence_id" in fields else "id"
        if ids not in fields or "Text" not in fields:
            raise SharedTaskFormatError(
                f"the header has {fields}, not Sentence_id, Text and class_label.",
                hint="Give a CheckThat! 2024 Task 1 TSV (tab-separated, with a header).",
                source=str(tsv),
            )
        for n, row in enumerate(reader, 2):
            label = (row.get("class_label") or "").strip()
            if label and label not in ("Yes", "No"):
                raise SharedTaskFormatError(
                    f"line {n}: class_label is {label!r}, not Yes or No.", source=str(tsv)
                )
            meta = {META_KEY: {"class_label": label or None}}
            yield imported_record(
                id=str(row[ids]),
                text=row["Text"] or "",
                findings=[],
                tool="checkthat",
                version="gold",
                lang="en",
                meta=meta,
            )


def checkworthy(record: AnalysisRecord) -> bool:
    """The answer a record gives for its sentence: does it hold a check-worthy claim?

    A record analysed by unspun answers with its ``claim`` findings. A record imported from
    a CheckThat! file and not analysed since answers with its gold label, so that exporting
    imported gold writes the labels it came with (not ``No`` everywhere)."""
    label = gold_label(record)
    if label is not None and _imported_only(record):
        return label == "Yes"
    return any(f.kind == "claim" for f in record.findings)


def _imported_only(record: AnalysisRecord) -> bool:
    return [(d.name, d.version) for d in record.detectors] == [("checkthat", "gold")]


def gold_label(record: AnalysisRecord) -> str | None:
    """The gold ``Yes`` / ``No`` of an imported sentence (None when unlabelled)."""
    value = record.meta.get(META_KEY, {})
    return value.get("class_label") if isinstance(value, dict) else None
