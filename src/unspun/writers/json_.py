"""JSON: one document as its record, several as ``{"schema_version", "documents", ...}``.

The writer streams: it holds back only the first document until it knows whether a
second one follows, then writes documents into the envelope as they come.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from unspun.about import SCHEMA_VERSION
from unspun.model.record import AnalysisRecord, FailureRecord, RunSummary
from unspun.writers.base import TextOutput, Writer, escape_line_breaks


def dumps_pretty(data: Any, indent: int = 0) -> str:
    """Indented JSON (UTF-8 text kept as is), shifted right by ``indent`` spaces."""
    text = escape_line_breaks(json.dumps(data, ensure_ascii=False, indent=2))
    # Raw newlines only come from the indentation: newlines inside strings are escaped.
    return text.replace("\n", "\n" + " " * indent) if indent else text


class JsonWriter(Writer):
    """A single JSON value: the record itself for one document, an envelope otherwise."""

    format = "json"
    suffix = ".json"

    def __init__(self, output: Path | None, *, include_text: bool = True) -> None:
        super().__init__(output, include_text=include_text)
        self._out = TextOutput(output)
        self._pending: AnalysisRecord | None = None
        self._envelope_open = False
        self._failures: list[FailureRecord] = []

    def _write(self, record: AnalysisRecord) -> None:
        if self._pending is None and not self._envelope_open:
            self._pending = record
            return
        self._open_envelope()
        self._document(record)

    def _write_failure(self, record: FailureRecord) -> None:
        # Failures are few and small; they go after the documents.
        self._failures.append(record)

    def _open_envelope(self) -> None:
        if self._envelope_open:
            return
        self._envelope_open = True
        self._out.write(f'{{\n  "schema_version": {json.dumps(SCHEMA_VERSION)},\n  "documents": [')
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._document(pending, first=True)

    def _document(self, record: AnalysisRecord, *, first: bool = False) -> None:
        separator = "\n    " if first else ",\n    "
        self._out.write(separator + dumps_pretty(record.model_dump(mode="json"), indent=4))

    def _close(self, summary: RunSummary) -> list[Path]:
        if self._pending is not None and not self._failures:
            self._out.write(dumps_pretty(self._pending.model_dump(mode="json")) + "\n")
            return self._out.close()
        had_documents = self._envelope_open or self._pending is not None
        self._open_envelope()
        self._out.write("\n  ],\n" if had_documents else "],\n")
        failures = [f.model_dump(mode="json") for f in self._failures]
        # The failures are listed once, at the top level, not again inside the summary.
        counts = summary.model_dump(mode="json", exclude={"failures"})
        self._out.write(f'  "failures": {dumps_pretty(failures, indent=2)},\n')
        self._out.write(f'  "summary": {dumps_pretty(counts, indent=2)}\n}}\n')
        return self._out.close()
