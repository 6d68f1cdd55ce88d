"""Submission files for the shared tasks, as ``--format`` choices of ``unspun analyze``
(and of ``unspun export``): what unspun found, in the layout each task's scorer reads.

- ``ptc-si``: ``id  start  end`` (SemEval-2020 Task 11 SI);
- ``ptc-tc``: ``id  technique  start  end`` with the 14 PTC labels (TC / FLC);
- ``semeval2023-paragraphs``: ``id  line  technique,...`` (SemEval-2023 Task 3 subtask 3);
- ``semeval2023-spans``: the same with the 23 techniques (SemEval-2023 Task 3 spans,
  CheckThat! 2024 Task 3); a PTC class that merges several techniques is written once per
  technique it covers;
- ``checkthat-task1``: ``id  class_label  run_id`` (CheckThat! 2024 Task 1);
- ``semeval2025-narratives``: ``id  narratives  sub-narratives`` (SemEval-2025 Task 10).

Techniques that a task's label set has no name for are left out of that task's file and
counted in a warning. Failed documents go to the ``.failures.jsonl`` sidecar.
"""

from __future__ import annotations

import logging
from pathlib import Path

from unspun.interop.writers import AnnotationWriter
from unspun.model.record import AnalysisRecord, FindingRecord

log = logging.getLogger(__name__)

RUN_ID = "unspun"


def ptc_label(finding: FindingRecord) -> str | None:
    """The PTC label of a technique finding (None where PTC has none)."""
    from unspun.taxonomy import find_technique, to_ptc

    label = finding.attrs.get("ptc_label")
    if isinstance(label, str) and label:
        return label
    technique = find_technique(finding.label)
    if technique is None:
        return None
    if technique.scheme == "ptc":
        return technique.name
    mapped = to_ptc(technique.name)
    return mapped[0] if mapped else None


def semeval_labels(finding: FindingRecord) -> list[str]:
    """The SemEval-2023 techniques a technique finding stands for."""
    from unspun.taxonomy import find_technique

    labels = finding.attrs.get("semeval_labels")
    if isinstance(labels, list) and labels:
        return [str(x) for x in labels]
    technique = find_technique(finding.label)
    if technique is None:
        return []
    return list(technique.maps_to) if technique.scheme == "ptc" else [technique.name]


class _TaskWriter(AnnotationWriter):
    needs_text = False  # offsets and labels only

    def __init__(self, output: Path | None, *, include_text: bool = True) -> None:
        super().__init__(output, include_text=include_text)
        self.unmapped = 0

    def _techniques(self, record: AnalysisRecord) -> list[FindingRecord]:
        return [f for f in record.findings if f.kind == "technique"]

    def _finish(self) -> None:
        if self.unmapped:
            log.warning(
                "%d technique span(s) have no label in the %s format and were left out",
                self.unmapped,
                self.format,
            )


class PtcSiWriter(_TaskWriter):
    """SemEval-2020 Task 11 span identification: ``id  start  end``."""

    format = "ptc-si"
    suffix = None

    def _write(self, record: AnalysisRecord) -> None:
        from unspun.interop.shared_task.ptc import article_id

        doc = article_id(record.id)
        for f in self._techniques(record):
            self._out.write(f"{doc}\t{f.start}\t{f.end}\n")


class PtcTcWriter(_TaskWriter):
    """SemEval-2020 Task 11 TC / FLC: ``id  technique  start  end`` (14 PTC labels)."""

    format = "ptc-tc"
    suffix = None

    def _write(self, record: AnalysisRecord) -> None:
        from unspun.interop.shared_task.ptc import article_id

        doc = article_id(record.id)
        for f in self._techniques(record):
            label = ptc_label(f)
            if label is None:
                self.unmapped += 1
                continue
            self._out.write(f"{doc}\t{label}\t{f.start}\t{f.end}\n")


class Semeval2023SpansWriter(_TaskWriter):
    """SemEval-2023 Task 3 / CheckThat! 2024 Task 3 spans: ``id  technique  start  end``."""

    format = "semeval2023-spans"
    suffix = None

    def _write(self, record: AnalysisRecord) -> None:
        from unspun.interop.shared_task.ptc import article_id

        doc = article_id(record.id)
        for f in self._techniques(record):
            labels = semeval_labels(f)
            if not labels:
                self.unmapped += 1
            for label in labels:
                self._out.write(f"{doc}\t{label}\t{f.start}\t{f.end}\n")


class Semeval2023ParagraphsWriter(_TaskWriter):
    """SemEval-2023 Task 3 subtask 3 (paragraph level): ``id  line  technique,...``.

    One row per non-blank line of the article (lines numbered from 1, as the task's
    ``.template`` files list them), with the techniques of the spans that touch it.
    """

    format = "semeval2023-paragraphs"
    suffix = None
    needs_text = True  # lines are cut from the text

    def _write(self, record: AnalysisRecord) -> None:
        from unspun.interop.shared_task.ptc import article_id

        assert record.text is not None
        doc = article_id(record.id)
        spans = [(f.start, f.end, semeval_labels(f)) for f in self._techniques(record)]
        start = 0
        for number, line in enumerate(record.text.split("\n"), 1):
            end = start + len(line)
            if line.strip():
                found = {lab for s, e, labs in spans if s < end and start < e for lab in labs}
                self._out.write(f"{doc}\t{number}\t{','.join(sorted(found))}\n")
            start = end + 1


class CheckthatWriter(_TaskWriter):
    """CheckThat! 2024 Task 1: ``id  class_label  run_id`` with a header."""

    format = "checkthat-task1"
    suffix = None

    def _write(self, record: AnalysisRecord) -> None:
        from unspun.interop.shared_task.checkthat import checkworthy

        if self.documents == 0:
            self._out.write("id\tclass_label\trun_id\n")
        self._out.write(f"{record.id}\t{'Yes' if checkworthy(record) else 'No'}\t{RUN_ID}\n")

    def _finish(self) -> None:
        if self.documents == 0:
            self._out.write("id\tclass_label\trun_id\n")


class NarrativesWriter(_TaskWriter):
    """SemEval-2025 Task 10 subtask 2: ``id  narratives  sub-narratives``."""

    format = "semeval2025-narratives"
    suffix = None

    def _write(self, record: AnalysisRecord) -> None:
        from unspun.interop.shared_task.narratives import submission_columns, submission_id

        coarse, fine = submission_columns(record)
        self._out.write(f"{submission_id(record)}\t{';'.join(coarse)}\t{';'.join(fine)}\n")
