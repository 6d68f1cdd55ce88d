"""Writers: turn analysis records into JSON, JSONL, CSV, Parquet or HTML reports.

Every writer has the same interface::

    writer = open_writer("jsonl", Path("out.jsonl"))
    writer.write(record)             # an AnalysisRecord
    writer.write_failure(failure)    # a FailureRecord
    paths = writer.close(summary)    # a RunSummary; returns the files written

``output=None`` writes to standard output (json, jsonl, csv). With
``include_text=False`` no writer outputs the full document text (reports then list the
findings without the highlighted text).

Writers are registered by format name, the built-ins here exactly as a plugin registers
its own through the ``unspun_writers`` entry-point group (a :class:`Writer` subclass with
``format`` and, optionally, ``suffix``). The CLI's ``--format`` choices and its
suffix-to-format rule are derived from this registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import catalogue

from unspun.errors import OutputError
from unspun.interop.shared_task.writers import (
    CheckthatWriter,
    NarrativesWriter,
    PtcSiWriter,
    PtcTcWriter,
    Semeval2023ParagraphsWriter,
    Semeval2023SpansWriter,
)
from unspun.interop.writers import ConllWriter, DoccanoWriter, LabelStudioWriter
from unspun.writers.base import Writer
from unspun.writers.csv_ import CsvWriter
from unspun.writers.html import HtmlWriter, render_report
from unspun.writers.json_ import JsonWriter
from unspun.writers.jsonl import JsonlWriter
from unspun.writers.parquet import ParquetWriter

writers = catalogue.create("unspun", "writers", entry_points=True)
for _cls in (
    JsonWriter,
    JsonlWriter,
    CsvWriter,
    HtmlWriter,
    ParquetWriter,
    LabelStudioWriter,
    DoccanoWriter,
    ConllWriter,
    PtcSiWriter,
    PtcTcWriter,
    Semeval2023SpansWriter,
    Semeval2023ParagraphsWriter,
    CheckthatWriter,
    NarrativesWriter,
):
    writers.register(_cls.format, func=_cls)


def available_writers() -> dict[str, type[Writer]]:
    """Format name -> writer class: the built-ins first, then plugins."""
    return dict(writers.get_all())


def writer_formats() -> tuple[str, ...]:
    return tuple(available_writers())


#: The built-in formats (plugins add theirs to :func:`writer_formats`).
WRITER_FORMATS: tuple[str, ...] = (
    "json",
    "jsonl",
    "csv",
    "html",
    "parquet",
    "label-studio",
    "doccano",
    "conll",
    "ptc-si",
    "ptc-tc",
    "semeval2023-spans",
    "semeval2023-paragraphs",
    "checkthat-task1",
    "semeval2025-narratives",
)


def format_for_output(output: Path | None) -> str:
    """The format an output path implies: by suffix, a path with no suffix (a folder)
    means HTML reports, an unknown suffix or standard output means JSONL."""
    if output is None:
        return "jsonl"
    if not output.suffix:
        return "html"
    by_suffix = {cls.suffix: name for name, cls in available_writers().items() if cls.suffix}
    return by_suffix.get(output.suffix.lower(), "jsonl")


def open_writer(
    fmt: str,
    output: Path | None,
    include_text: bool = True,
    *,
    sheet: str = "findings",
    **options: Any,
) -> Writer:
    """A writer for format ``fmt`` writing to ``output`` (None: standard output).

    ``sheet="claims"`` (CSV only) writes the claims sheet instead of the findings table;
    other ``options`` go to the writer class.
    """
    if sheet != "findings" and fmt != "csv":
        raise OutputError(
            f"--sheet {sheet} is a CSV table; the {fmt} format always holds every finding.",
            hint="Use --format csv with --sheet claims.",
        )
    known = available_writers()
    cls = known.get(fmt)
    if cls is None:
        raise OutputError(
            f"unknown output format {fmt!r}",
            hint=f"Use one of: {', '.join(known)}.",
        )
    path = Path(output) if output is not None else None
    if fmt == "csv":
        options["sheet"] = sheet
    return cls(path, include_text=include_text, **options)


__all__ = [
    "WRITER_FORMATS",
    "Writer",
    "available_writers",
    "format_for_output",
    "open_writer",
    "render_report",
    "writer_formats",
]
