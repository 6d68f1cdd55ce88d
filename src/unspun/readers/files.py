"""One input (a file, or the bytes of stdin) to documents: pick the format, then its reader."""

from __future__ import annotations

import io
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from unspun.errors import (
    EmptyInputError,
    InputError,
    InputNotFoundError,
    InputTooLargeError,
    UnspunError,
)
from unspun.model import Document, Failure
from unspun.readers.encoding import decode_bytes
from unspun.readers.fields import Corpus
from unspun.readers.html import declared_charset, read_html_document
from unspun.readers.lines import peek
from unspun.readers.markdown import read_markdown_document
from unspun.readers.options import ReadOptions
from unspun.readers.paths import display_path
from unspun.readers.plain import read_text_document
from unspun.readers.records import iter_json, iter_jsonl
from unspun.readers.sniff import SNIFF_BYTES, check_not_binary, format_for_path, sniff_format
from unspun.readers.tables import iter_csv, iter_parquet

Item = Document | Failure
_SINGLE: dict[str, Callable[..., Document]] = {
    "text": read_text_document,
    "markdown": read_markdown_document,
    "html": read_html_document,
}


def too_large(size: int, limit: int, source: str) -> InputTooLargeError:
    return InputTooLargeError(
        f"the input is {size:,} bytes, over the limit of {limit:,} bytes",
        hint="raise the limit with --max-bytes, or split the input into smaller files",
        source=source,
    )


def read_limited(stream: BinaryIO, options: ReadOptions, source: str) -> bytes:
    """All of ``stream``, or :class:`InputTooLargeError` past ``options.max_bytes``."""
    limit = options.max_bytes
    data = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise too_large(len(data), limit, source)
    return data


def _read_single(data: bytes, fmt: str, corpus: Corpus) -> Document:
    options = corpus.options
    declared = declared_charset(data) if fmt == "html" else None
    decoded = decode_bytes(data, source=corpus.name, encoding=options.encoding, declared=declared)
    meta: dict[str, Any] = {}
    if decoded.encoding != "utf-8":
        meta["encoding"] = decoded.encoding
    if decoded.replaced:
        meta["replaced_bytes"] = decoded.replaced
    reader = _SINGLE[fmt]
    return reader(
        decoded.text,
        corpus.stem,
        path=corpus.path,
        locator=corpus.name,
        options=options,
        meta=meta,
    )


def read_stream(stream: BinaryIO, fmt: str | None, corpus: Corpus) -> Iterator[Item]:
    """Documents from a seekable binary ``stream``; ``fmt`` None means sniff the content."""
    head = peek(stream)
    if not head:
        what = "the file" if corpus.path else "the input"
        error = EmptyInputError(
            f"{what} is empty", hint="pass a file that holds text", source=corpus.name
        )
        yield Failure(source=corpus.name, error=error, id=corpus.stem)
        return
    fmt = fmt or sniff_format(head, complete=len(head) < SNIFF_BYTES)
    if fmt == "parquet":
        yield from iter_parquet(stream, corpus)
        return
    try:
        check_not_binary(head, source=corpus.name)
        if fmt == "jsonl":
            yield from iter_jsonl(stream, corpus)
        elif fmt == "csv":
            tab = corpus.path is not None and corpus.path.lower().endswith(".tsv")
            yield from iter_csv(stream, corpus, tab=tab)
        elif fmt == "json":
            yield from iter_json(read_limited(stream, corpus.options, corpus.name), corpus)
        else:
            data = read_limited(stream, corpus.options, corpus.name)
            yield _read_single(data, fmt, corpus)
    except UnspunError as exc:
        yield Failure(source=corpus.name, error=exc, id=corpus.stem)


def _format(path: Path, options: ReadOptions) -> str | None:
    return options.format if options.format != "auto" else format_for_path(path)


def read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    """Documents from the file at ``path``; every problem is a Failure, never an exception."""
    name = display_path(path)
    stem = display_path(path.stem or path.name)
    corpus = Corpus(name=name, stem=stem, path=name, options=options)
    try:
        info = path.stat()
        with path.open("rb") as stream:
            if not stat.S_ISREG(info.st_mode):
                # A pipe or device (/dev/stdin, <(...)): read it whole to be able to seek.
                data = read_limited(stream, options, name)
                yield from read_stream(io.BytesIO(data), _format(path, options), corpus)
                return
            if options.max_bytes is not None and info.st_size > options.max_bytes:
                raise too_large(info.st_size, options.max_bytes, name)
            yield from read_stream(stream, _format(path, options), corpus)
    except UnspunError as exc:
        yield Failure(source=name, error=exc, id=corpus.stem)
    except FileNotFoundError:
        missing = InputNotFoundError(
            "no such file", hint="check the path; use - to read standard input", source=name
        )
        yield Failure(source=name, error=missing, id=corpus.stem)
    except OSError as exc:
        error = InputError(
            f"cannot read the file: {exc.strerror or exc}",
            hint="check that the file exists and that you may read it",
            source=name,
        )
        yield Failure(source=name, error=error, id=corpus.stem)


def read_bytes(data: bytes, options: ReadOptions, *, name: str, stem: str) -> Iterator[Item]:
    """Documents from bytes already in memory (stdin); the format is sniffed unless forced."""
    corpus = Corpus(name=name, stem=stem, path=None, options=options)
    fmt = options.format if options.format != "auto" else None
    return read_stream(io.BytesIO(data), fmt, corpus)
