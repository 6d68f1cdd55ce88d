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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from unspun.errors import OutputError
from unspun.model.record import AnalysisRecord, FailureRecord, RunSummary
from unspun.writers.base import TextOutput, Writer
from unspun.writers.claims_sheet import CLAIM_COLUMNS, claim_failure_row, claim_rows
from unspun.writers.rows import COLUMNS, failure_row, finding_rows

#: The tables a CSV can hold: columns, rows of a record, row of a failed document.
SHEETS: dict[
    str,
    tuple[
        tuple[str, ...],
        Callable[[AnalysisRecord], Iterable[dict[str, Any]]],
        Callable[[FailureRecord], dict[str, Any]],
    ],
] = {
    "findings": (COLUMNS, finding_rows, failure_row),
    "claims": (CLAIM_COLUMNS, claim_rows, claim_failure_row),
}

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
    suffix = ".csv"

    def __init__(
        self, output: Path | None, *, include_text: bool = True, sheet: str = "findings"
    ) -> None:
        super().__init__(output, include_text=include_text)
        if sheet not in SHEETS:
            raise OutputError(
                f"unknown CSV sheet {sheet!r}", hint=f"Use one of: {', '.join(SHEETS)}."
            )
        self._columns, self._rows, self._failure_row = SHEETS[sheet]
        self._out = TextOutput(output)
        self._csv = csv.writer(self._out.stream, lineterminator="\r\n")
        self._csv.writerow(self._columns)

    def _row(self, row: dict[str, Any]) -> None:
        self._csv.writerow([escape_cell(row[column]) for column in self._columns])

    def _write(self, record: AnalysisRecord) -> None:
        for row in self._rows(record):
            self._row(row)
        self._out.flush()

    def _write_failure(self, record: FailureRecord) -> None:
        self._row(self._failure_row(record))
        self._out.flush()

    def _close(self, summary: RunSummary) -> list[Path]:
        return self._out.close()
