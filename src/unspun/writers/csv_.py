"""CSV: the findings table, one row per finding, safe to open in a spreadsheet.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and some run ones starting with a tab or carriage return) as a formula. Article text is
untrusted, so every text cell starting with one of those characters gets a leading
apostrophe, which spreadsheets show as text. A cell that itself starts with an apostrophe
gets one too, so the escaping can always be undone: strip one leading apostrophe from any
cell that starts with one (``unescape_cell``). Numbers are written as they are.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from unspun.model.record import AnalysisRecord, FailureRecord, RunSummary
from unspun.writers.base import TextOutput, Writer
from unspun.writers.rows import COLUMNS, failure_row, finding_rows

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_cell(value: Any) -> Any:
    """Prefix an apostrophe to a text cell a spreadsheet could read as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """Undo ``escape_cell`` on a cell read back from the CSV."""
    return value[1:] if value.startswith("'") else value


class CsvWriter(Writer):
    """Header plus one row per finding; a failed document gets one ``error`` row."""

    format = "csv"

    def __init__(self, output: Path | None, *, include_text: bool = True) -> None:
        super().__init__(output, include_text=include_text)
        self._out = TextOutput(output)
        self._csv = csv.writer(self._out.stream, lineterminator="\r\n")
        self._csv.writerow(COLUMNS)

    def _row(self, row: dict[str, Any]) -> None:
        self._csv.writerow([escape_cell(row[column]) for column in COLUMNS])

    def _write(self, record: AnalysisRecord) -> None:
        for row in finding_rows(record):
            self._row(row)
        self._out.flush()

    def _write_failure(self, record: FailureRecord) -> None:
        self._row(failure_row(record))
        self._out.flush()

    def _close(self, summary: RunSummary) -> list[Path]:
        return self._out.close()
