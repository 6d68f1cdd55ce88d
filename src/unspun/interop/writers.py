"""Output formats for annotation tools: ``--format label-studio``, ``doccano``, ``conll``.

They stream like every writer (:mod:`unspun.writers.base`). A document that could not be
analysed has no place in an annotation tool's import file (it would show as an empty
task), so these writers list failures in a sidecar, ``<output>.failures.jsonl``, next to
the output (the CLI also reports each one); on standard output the CLI's report is all.

The registry in :mod:`unspun.writers` imports these classes; import them from there (this
module imports :mod:`unspun.writers.base`, so importing it first would be circular).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import ClassVar

from unspun.interop.errors import InteropConfigError
from unspun.model.record import AnalysisRecord, FailureRecord, RunSummary
from unspun.writers.base import TextOutput, Writer, escape_line_breaks

log = logging.getLogger(__name__)


def failures_path(output: Path) -> Path:
    """Where the failures of a run writing ``output`` are listed."""
    return output.with_name(output.name + ".failures.jsonl")


class AnnotationWriter(Writer):
    """Shared by the annotation formats: a text stream plus the failures sidecar."""

    #: Whether the format holds the document text (annotation tools need it).
    needs_text: ClassVar[bool] = True

    def __init__(self, output: Path | None, *, include_text: bool = True) -> None:
        if self.needs_text and not include_text:
            raise InteropConfigError(
                f"the {self.format} format holds the document text, so --no-text cannot apply.",
                hint="Leave out --no-text, or write jsonl and convert later with unspun export.",
            )
        super().__init__(output, include_text=include_text)
        self._out = TextOutput(output)
        self._failures: list[FailureRecord] = []

    def _write_failure(self, record: FailureRecord) -> None:
        self._failures.append(record)

    def _finish(self) -> None:
        """Write whatever closes the format (before the stream is closed)."""

    def _close(self, summary: RunSummary) -> list[Path]:
        self._finish()
        paths = self._out.close()
        if self._failures and self.output is not None:
            side = failures_path(self.output)
            with side.open("w", encoding="utf-8") as fh:
                for failure in self._failures:
                    fh.write(json.dumps(failure.model_dump(mode="json"), ensure_ascii=False))
                    fh.write("\n")
            paths.append(side)
        return paths


class LabelStudioWriter(AnnotationWriter):
    """A JSON list of Label Studio tasks with unspun's findings as predictions."""

    format = "label-studio"
    suffix = None  # .json stays unspun's own JSON

    def __init__(
        self, output: Path | None, *, include_text: bool = True, min_score: float = 0.0
    ) -> None:
        super().__init__(output, include_text=include_text)
        self.min_score = min_score
        self._count = 0

    def _write(self, record: AnalysisRecord) -> None:
        from unspun.interop.label_studio.tasks import record_to_task

        task = record_to_task(record, min_score=self.min_score)
        text = escape_line_breaks(json.dumps(task, ensure_ascii=False))
        self._out.write(("[\n" if self._count == 0 else ",\n") + text)
        self._count += 1

    def _finish(self) -> None:
        self._out.write("\n]\n" if self._count else "[]\n")


class DoccanoWriter(AnnotationWriter):
    """doccano's sequence-labelling JSONL: ``{"text", "label": [[start, end, label]]}``,
    offsets in code points (Python ``str`` indices)."""

    format = "doccano"
    suffix = None

    def __init__(
        self, output: Path | None, *, include_text: bool = True, offsets: str = "codepoints"
    ) -> None:
        super().__init__(output, include_text=include_text)
        self.offsets = offsets

    def _write(self, record: AnalysisRecord) -> None:
        from unspun.interop.doccano import record_to_line

        line = json.dumps(record_to_line(record, offsets=self.offsets), ensure_ascii=False)  # type: ignore[arg-type]
        self._out.write(escape_line_breaks(line) + "\n")


class ConllWriter(AnnotationWriter):
    """Tokens with BIO tags, one column per finding kind (see :mod:`unspun.interop.conll`)."""

    format = "conll"
    suffix = ".conll"

    def __init__(self, output: Path | None, *, include_text: bool = True) -> None:
        super().__init__(output, include_text=include_text)
        self.overlaps = 0

    def _write(self, record: AnalysisRecord) -> None:
        from unspun.interop.conll import record_to_conll

        block, dropped = record_to_conll(record)
        self.overlaps += dropped
        self._out.write(block)

    def _finish(self) -> None:
        if self.overlaps:
            log.warning(
                "CoNLL/BIO holds one tag per token and kind: %d overlapping span(s) lost to "
                "a higher-scoring span; use JSONL, Label Studio or doccano to keep them all",
                self.overlaps,
            )
