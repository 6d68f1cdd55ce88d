"""Parquet: the findings table (same columns as CSV), written in row groups as it fills."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from unspun.about import SCHEMA_VERSION
from unspun.errors import require_extra
from unspun.model.record import AnalysisRecord, FailureRecord, RunSummary
from unspun.writers.base import Writer, wrap_os_errors
from unspun.writers.rows import COLUMNS, failure_row, finding_rows

#: Rows held before a row group is written.
BATCH_ROWS = 50_000

_INT_COLUMNS = {"start", "end", "scope_start", "scope_end"}


def parquet_schema() -> Any:
    import pyarrow as pa

    fields = []
    for column in COLUMNS:
        if column in _INT_COLUMNS:
            kind = pa.int64()
        elif column == "score":
            kind = pa.float64()
        else:
            kind = pa.string()
        fields.append(pa.field(column, kind))
    return pa.schema(fields, metadata={"unspun.schema_version": SCHEMA_VERSION})


class ParquetWriter(Writer):
    """One row per finding plus an ``error`` row per failed document, as in CSV (no
    spreadsheet escaping: Parquet cells are typed)."""

    format = "parquet"
    suffix = ".parquet"
    needs_path = True

    def __init__(self, output: Path | None, *, include_text: bool = True) -> None:
        super().__init__(output, include_text=include_text)
        assert output is not None
        require_extra("pyarrow", "parquet", "The Parquet output")
        import pyarrow.parquet as pq

        self._schema = parquet_schema()
        self._rows: list[dict[str, Any]] = []
        with wrap_os_errors(output):
            output.parent.mkdir(parents=True, exist_ok=True)
            self._file = pq.ParquetWriter(output, self._schema, compression="zstd")

    def _write(self, record: AnalysisRecord) -> None:
        self._rows.extend(finding_rows(record))
        if len(self._rows) >= BATCH_ROWS:
            self._flush()

    def _write_failure(self, record: FailureRecord) -> None:
        self._rows.append(failure_row(record))

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._file.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def _close(self, summary: RunSummary) -> list[Path]:
        self._flush()
        self._file.close()
        assert self.output is not None
        return [self.output]
