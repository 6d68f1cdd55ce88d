"""Writers: turn analysis records into JSON, JSONL, CSV, Parquet or HTML reports.

Every writer has the same interface::

    writer = open_writer("jsonl", Path("out.jsonl"))
    writer.write(record)             # an AnalysisRecord
    writer.write_failure(failure)    # a FailureRecord
    paths = writer.close(summary)    # a RunSummary; returns the files written

``output=None`` writes to standard output (json, jsonl, csv). With
``include_text=False`` no writer outputs the full document text (reports then list the
findings without the highlighted text).
"""

from __future__ import annotations

from pathlib import Path

from unspun.errors import OutputError
from unspun.writers.base import Writer
from unspun.writers.csv_ import CsvWriter
from unspun.writers.html import HtmlWriter, render_report
from unspun.writers.json_ import JsonWriter
from unspun.writers.jsonl import JsonlWriter
from unspun.writers.parquet import ParquetWriter

WRITERS: dict[str, type[Writer]] = {
    "json": JsonWriter,
    "jsonl": JsonlWriter,
    "csv": CsvWriter,
    "html": HtmlWriter,
    "parquet": ParquetWriter,
}
WRITER_FORMATS: tuple[str, ...] = tuple(WRITERS)


def open_writer(
    fmt: str, output: Path | None, include_text: bool = True, *, sheet: str = "findings"
) -> Writer:
    """A writer for format ``fmt`` writing to ``output`` (None: standard output).

    ``sheet="claims"`` (CSV only) writes the claims sheet instead of the findings table.
    """
    if sheet != "findings" and fmt != "csv":
        raise OutputError(
            f"--sheet {sheet} is a CSV table; the {fmt} format always holds every finding.",
            hint="Use --format csv with --sheet claims.",
        )
    try:
        cls = WRITERS[fmt]
    except KeyError:
        raise OutputError(
            f"unknown output format {fmt!r}",
            hint=f"Use one of: {', '.join(WRITER_FORMATS)}.",
        ) from None
    path = Path(output) if output is not None else None
    if fmt == "csv":
        return CsvWriter(path, include_text=include_text, sheet=sheet)
    return cls(path, include_text=include_text)


__all__ = ["WRITER_FORMATS", "Writer", "open_writer", "render_report"]
