"""Corpora of JSON records: JSONL streamed line by line, and JSON files (a list of objects
or one object).

A bad record yields a Failure located as ``"path:line N"`` (JSONL) or ``"path:row N"``
(JSON) and reading goes on; a corpus that yields nothing yields one EmptyInputError.
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from unspun.errors import DecodingError, EmptyInputError, MalformedInputError, UnspunError
from unspun.model import Document, Failure
from unspun.readers.encoding import ENCODING_HINT, codec_name, decode_bytes, stream_encoding
from unspun.readers.fields import Corpus, record_to_document, too_deep
from unspun.readers.lines import iter_lines, peek

Item = Document | Failure
_JSON_KIND = {dict: "object", list: "array", str: "string", int: "number", float: "number"}
_JSONL_HINT = "fix or remove the line: each line must hold one JSON object"


def json_kind(value: Any) -> str:
    """The JSON name of a parsed value's type (``"array"``, ``"string"``, ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return _JSON_KIND.get(type(value), type(value).__name__)


def with_encoding(stream: BinaryIO, corpus: Corpus) -> tuple[str, Corpus]:
    """The encoding to stream ``stream`` with, and ``corpus`` noting it."""
    encoding = stream_encoding(peek(stream), source=corpus.name, encoding=corpus.options.encoding)
    return encoding, dataclasses.replace(corpus, encoding=codec_name(encoding))


def expect_records(items: Iterator[Item], corpus: Corpus, what: str) -> Iterator[Item]:
    """Pass ``items`` through; when there were none, yield one EmptyInputError instead."""
    count = 0
    for item in items:
        count += 1
        yield item
    if not count:
        error = EmptyInputError(
            f"the {what} holds no records", hint="pass a file with records", source=corpus.name
        )
        yield Failure(source=corpus.name, error=error)


def _jsonl_line(line: str, corpus: Corpus, number: int) -> Item:
    where = corpus.locator("line", number)
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        error = MalformedInputError(
            f"line {number} is not valid JSON: {exc.msg} (column {exc.colno})",
            hint=_JSONL_HINT,
            source=where,
        )
        return Failure(source=where, error=error)
    except RecursionError:
        return Failure(source=where, error=too_deep(f"line {number}", where))
    if not isinstance(value, dict):
        error = MalformedInputError(
            f"line {number} holds a JSON {json_kind(value)}, not an object",
            hint=_JSONL_HINT,
            source=where,
        )
        return Failure(source=where, error=error)
    return record_to_document(value, corpus, unit="line", number=number)


def _iter_jsonl(stream: BinaryIO, corpus: Corpus) -> Iterator[Item]:
    try:
        encoding, corpus = with_encoding(stream, corpus)
    except UnspunError as exc:
        yield Failure(source=corpus.name, error=exc)
        return
    for number, line in iter_lines(stream, encoding):
        if isinstance(line, UnicodeDecodeError):
            where = corpus.locator("line", number)
            error = DecodingError(
                f"line {number} is not valid {encoding} at byte {line.start}",
                hint=ENCODING_HINT,
                source=where,
            )
            yield Failure(source=where, error=error)
        elif line.strip("\ufeff \t\r\n"):
            yield _jsonl_line(line.lstrip("\ufeff") if number == 1 else line, corpus, number)


def iter_jsonl(stream: BinaryIO, corpus: Corpus) -> Iterator[Item]:
    """Documents from a JSONL stream, one JSON object per line; blank lines are skipped."""
    return expect_records(_iter_jsonl(stream, corpus), corpus, "JSONL input")


def _iter_json(data: bytes, corpus: Corpus) -> Iterator[Item]:
    try:
        decoded = decode_bytes(data, source=corpus.name, encoding=corpus.options.encoding)
    except UnspunError as exc:
        yield Failure(source=corpus.name, error=exc)
        return
    corpus = dataclasses.replace(corpus, encoding=decoded.encoding)
    try:
        value = json.loads(decoded.text.lstrip("\ufeff"))
    except RecursionError:
        yield Failure(source=corpus.name, error=too_deep("the JSON", corpus.name))
        return
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object per line: JSONL saved as .json
            yield from _iter_jsonl(io.BytesIO(data), corpus)
            return
        error = MalformedInputError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            hint="fix the JSON; it must hold a list of objects or one object",
            source=corpus.name,
        )
        yield Failure(source=corpus.name, error=error)
        return
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        error = MalformedInputError(
            f"the JSON holds a {json_kind(value)}, not a list of objects or one object",
            hint="put the records in a JSON list, or pass them as JSONL",
            source=corpus.name,
        )
        yield Failure(source=corpus.name, error=error)
        return
    for number, item in enumerate(value, start=1):
        if isinstance(item, dict):
            yield record_to_document(item, corpus, unit="row", number=number)
        else:
            where = corpus.locator("row", number)
            error = MalformedInputError(
                f"item {number} of the list is a JSON {json_kind(item)}, not an object",
                hint="each item must be an object with a text field",
                source=where,
            )
            yield Failure(source=where, error=error)


def iter_json(data: bytes, corpus: Corpus) -> Iterator[Item]:
    """Documents from a whole JSON document: a list of objects, or one object."""
    return expect_records(_iter_json(data, corpus), corpus, "JSON input")
