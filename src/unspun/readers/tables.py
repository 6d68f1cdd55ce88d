"""Tabular corpora: CSV (sniffed dialect, streamed) and Parquet (read in record batches)."""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from typing import BinaryIO

from unspun.errors import (
    DecodingError,
    MalformedInputError,
    MissingFieldError,
    UnspunError,
    printable,
    require_extra,
)
from unspun.model import Failure
from unspun.readers.csvdialect import choose_dialect, header_names
from unspun.readers.encoding import ENCODING_HINT
from unspun.readers.fields import Corpus, record_to_document
from unspun.readers.lines import decode_head, iter_lines, peek
from unspun.readers.records import Item, expect_records, with_encoding

_BATCH_ROWS = 1024
_ESCAPED = re.compile("[\udc80-\udcff]")
_BARE_CR = re.compile(r"(?<=\r)(?!\n)(?=.)", re.S)
_FIELD_HINT = "name the column that holds the text with --text-field"


def _missing_column(columns: list[str], corpus: Corpus, what: str) -> Failure:
    listed = ", ".join(printable(c)[:80] for c in columns[:30]) + (
        " ..." if len(columns) > 30 else ""
    )
    error = MissingFieldError(
        f"the {what} has no '{corpus.options.text_field}' column; its columns are: "
        f"{listed or '(none)'}",
        hint=_FIELD_HINT,
        source=corpus.name,
    )
    return Failure(source=corpus.name, error=error)


def _csv_lines(stream: BinaryIO, encoding: str) -> Iterator[str]:
    # Undecodable bytes become lone surrogates here and fail their row below, so one bad
    # byte costs one row, not the rest of the file.
    for _, line in iter_lines(stream, encoding, errors="surrogateescape"):
        if isinstance(line, str):
            # Old Mac files end lines with a bare CR; the csv module wants them split.
            yield from _BARE_CR.split(line) if "\r" in line[:-2] else (line,)


def _iter_csv(stream: BinaryIO, corpus: Corpus, tab: bool) -> Iterator[Item]:
    try:
        encoding, corpus = with_encoding(stream, corpus)
    except UnspunError as exc:
        yield Failure(source=corpus.name, error=exc)
        return
    text_field = corpus.options.text_field
    dialect = choose_dialect(decode_head(peek(stream), encoding), text_field=text_field, tab=tab)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(_csv_lines(stream, encoding), dialect, strict=True)
    try:
        columns = header_names(next(reader, []))
    except csv.Error as exc:
        error = MalformedInputError(
            f"the header row cannot be parsed: {exc}",
            hint="check that the file is CSV with a header row naming the columns",
            source=corpus.name,
        )
        yield Failure(source=corpus.name, error=error)
        return
    if not columns:
        return
    if text_field not in columns:
        yield _missing_column(columns, corpus, "CSV file")
        return
    # Every row ends up as a document or a failure: malformed rows never stop the reading
    # (each call consumes at least one line, so this ends).
    number = 0
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            if "unexpected end of data" in str(exc):
                problem = (
                    f"(line {first_line}) opens a quote that is never closed, so the rest "
                    "of the file could not be read"
                )
            else:
                problem = f"(line {first_line}) cannot be parsed: {exc}"
            yield _bad_row(corpus, number, problem)
            continue
        if not row:
            continue
        number += 1
        if len(row) != len(columns):
            yield _bad_row(
                corpus, number, f"has {len(row)} fields but the header has {len(columns)}"
            )
        elif any(_ESCAPED.search(value) for value in row):
            where = corpus.locator("row", number)
            undecodable = DecodingError(
                f"row {number} holds bytes that are not valid {encoding}",
                hint=ENCODING_HINT,
                source=where,
            )
            yield Failure(source=where, error=undecodable)
        else:
            yield record_to_document(
                dict(zip(columns, row, strict=True)), corpus, unit="row", number=number
            )


def _bad_row(corpus: Corpus, number: int, problem: str) -> Failure:
    where = corpus.locator("row", number)
    error = MalformedInputError(
        f"row {number} {problem}",
        hint="check the quoting and the delimiter; quote fields that hold the delimiter",
        source=where,
    )
    return Failure(source=where, error=error)


def iter_csv(stream: BinaryIO, corpus: Corpus, *, tab: bool = False) -> Iterator[Item]:
    """Documents from a CSV stream whose first row names the columns."""
    return expect_records(_iter_csv(stream, corpus, tab), corpus, "CSV file")


def _iter_parquet(source: str | BinaryIO, corpus: Corpus) -> Iterator[Item]:
    try:
        require_extra("pyarrow", "parquet", "Reading Parquet files")
    except UnspunError as exc:
        yield Failure(source=corpus.name, error=exc)
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(source)
    except (pa.ArrowException, OSError, ValueError) as exc:
        error = MalformedInputError(
            f"not a readable Parquet file: {exc}",
            hint="check that the file is complete and really Parquet",
            source=corpus.name,
        )
        yield Failure(source=corpus.name, error=error)
        return
    columns = list(table.schema_arrow.names)
    if corpus.options.text_field not in columns:
        yield _missing_column(columns, corpus, "Parquet file")
        return
    number = 0
    try:
        for batch in table.iter_batches(batch_size=_BATCH_ROWS):
            for row in batch.to_pylist():
                number += 1
                yield record_to_document(row, corpus, unit="row", number=number)
    except (pa.ArrowException, OSError) as exc:
        where = corpus.locator("row", number + 1)
        error = MalformedInputError(
            f"rows from {number + 1} on cannot be read: {exc}",
            hint="check that the file is complete",
            source=where,
        )
        yield Failure(source=where, error=error)


def iter_parquet(source: str | BinaryIO, corpus: Corpus) -> Iterator[Item]:
    """Documents from a Parquet file, read one record batch at a time."""
    return expect_records(_iter_parquet(source, corpus), corpus, "Parquet file")
