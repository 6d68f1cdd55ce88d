"""JSON Lines: one line per input document, flushed as it is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from unspun.model.record import AnalysisRecord, FailureRecord, RunSummary
from unspun.writers.base import TextOutput, Writer, escape_line_breaks


def dumps_line(data: dict[str, Any]) -> str:
    """One compact JSON line; U+2028/U+2029/U+0085 escaped so no reader splits it."""
    return escape_line_breaks(json.dumps(data, ensure_ascii=False, separators=(",", ":"))) + "\n"


class JsonlWriter(Writer):
    """Each document's ``AnalysisRecord``, or its ``FailureRecord``, on its own line."""

    format = "jsonl"
    suffix = ".jsonl"

    def __init__(self, output: Path | None, *, include_text: bool = True) -> None:
        super().__init__(output, include_text=include_text)
        self._out = TextOutput(output)

    def _write(self, record: AnalysisRecord) -> None:
        self._line(record.model_dump(mode="json"))

    def _write_failure(self, record: FailureRecord) -> None:
        self._line(record.model_dump(mode="json"))

    def _line(self, data: dict[str, Any]) -> None:
        self._out.write(dumps_line(data))
        self._out.flush()

    def _close(self, summary: RunSummary) -> list[Path]:
        return self._out.close()
