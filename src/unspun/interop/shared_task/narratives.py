"""SemEval-2025 Task 10 subtask 2 (narrative classification) files.

Articles are ``raw-documents/<article id>`` (the id is the file name, ``EN_10001.txt``);
labels and submissions are TSV without a header: ``article id  narratives  sub-narratives``,
each list joined by ``;``. ``Other`` stands for no narrative, ``<narrative>: Other`` for a
narrative with no known sub-narrative; unspun's narrative labels use the same spelling.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from unspun.errors import InputNotFoundError
from unspun.interop.errors import MissingArticleError, SharedTaskFormatError
from unspun.interop.records import imported_record
from unspun.model.narrative import NarrativeLabel
from unspun.model.record import AnalysisRecord


def split_labels(value: str) -> list[str]:
    """The labels of one ``;``-joined column (empty entries dropped)."""
    return [x.strip() for x in value.split(";") if x.strip()]


def read_annotations(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """``article id -> (narratives, sub-narratives)`` of an annotations file."""
    if not path.is_file():
        raise InputNotFoundError(f"{str(path)!r} does not exist.")
    out: dict[str, tuple[list[str], list[str]]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise SharedTaskFormatError(
                f"line {n} has {len(parts)} tab-separated fields, not 3 "
                "(article id, narratives, sub-narratives).",
                source=str(path),
            )
        out[parts[0].strip()] = (split_labels(parts[1]), split_labels(parts[2]))
    return out


def labels_of(narratives: list[str], subnarratives: list[str]) -> list[NarrativeLabel]:
    """Gold narrative labels (score 1) for one document."""
    return [NarrativeLabel(label=x, level="narrative", score=1.0) for x in narratives] + [
        NarrativeLabel(label=x, level="subnarrative", score=1.0) for x in subnarratives
    ]


def read_narratives(articles: Path, annotations: Path) -> Iterator[AnalysisRecord]:
    """One record per annotated article (id: the file stem, path: the file), its gold
    labels in ``narratives``."""
    for doc_id, (coarse, fine) in sorted(read_annotations(annotations).items()):
        path = articles / doc_id
        if not path.is_file():
            raise MissingArticleError(
                f"the annotations name {doc_id}, which is not in {str(articles)!r}.",
                hint="Give the raw-documents folder that the annotations belong to.",
                source=str(annotations),
            )
        with path.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        lang = doc_id.split("_", 1)[0].lower() if "_" in doc_id else None
        record = imported_record(
            id=path.stem,  # as 'unspun analyze raw-documents/' names it
            text=text,
            findings=[],
            tool="semeval2025-task10",
            version="gold",
            lang=lang if lang and len(lang) == 2 else None,
            narratives=labels_of(coarse, fine),
        )
        yield record.model_copy(update={"path": str(path)})


def submission_columns(record: AnalysisRecord) -> tuple[list[str], list[str]]:
    """The narratives and sub-narratives of a record as the task spells them."""
    labels = record.narratives or []
    coarse = [n.label for n in labels if n.level == "narrative"] or ["Other"]
    fine = [n.label for n in labels if n.level == "subnarrative"]
    for narrative in coarse:
        if narrative != "Other" and not any(f.startswith(narrative + ": ") for f in fine):
            fine.append(f"{narrative}: Other")
    return list(dict.fromkeys(coarse)), list(dict.fromkeys(fine)) or ["Other"]


def submission_id(record: AnalysisRecord) -> str:
    """The article id of a record: its file name (``EN_10001.txt``)."""
    if record.path:
        return Path(record.path).name
    return record.id if record.id.endswith(".txt") else record.id + ".txt"
