"""One corpus record (a JSON object, a CSV row, a Parquet row) to a Document.

The ``*_field`` options name the fields that fill the document; all other fields go to
``Document.meta`` as JSON values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from unspun.errors import (
    EmptyInputError,
    MalformedInputError,
    MissingFieldError,
    UnspunError,
    printable,
)
from unspun.model import Document, Failure
from unspun.readers.documents import (
    build_document,
    merge_meta,
    normalise_lang,
    require_text,
    to_jsonable,
)
from unspun.readers.encoding import decode_bytes, repair_surrogates
from unspun.readers.options import ReadOptions

_LISTED_FIELDS = 20


@dataclass(frozen=True)
class Corpus:
    """Where records come from: ``name`` labels failures, ``stem`` makes fallback ids."""

    name: str
    stem: str
    path: str | None
    options: ReadOptions
    #: The encoding the corpus was decoded with, noted in meta when it is not UTF-8.
    encoding: str | None = None

    @cached_property
    def reserved(self) -> frozenset[str]:
        """Field names that fill Document attributes rather than ``meta``."""
        return self.options.record_fields()

    def locator(self, unit: str, number: int) -> str:
        return f"{self.name}:{unit} {number}"


def field_text(value: Any) -> str | None:
    """A metadata field as a stripped string, or None when it is missing or blank."""
    value = to_jsonable(value)
    if value is None:
        return None
    return str(value).strip() or None


def _guess_text_field(record: Mapping[str, Any]) -> str | None:
    strings = [(len(v), str(k)) for k, v in record.items() if isinstance(v, str) and v.strip()]
    return printable(max(strings)[1])[:80] if strings else None


def _missing_text(record: Mapping[str, Any], corpus: Corpus, where: str) -> MissingFieldError:
    field = corpus.options.text_field
    names = [printable(str(key))[:80] for key in record]
    listed = ", ".join(names[:_LISTED_FIELDS]) + (" ..." if len(names) > _LISTED_FIELDS else "")
    guess = _guess_text_field(record)
    example = f" (perhaps --text-field {guess})" if guess else ""
    return MissingFieldError(
        f"no '{field}' field; the fields are: {listed or '(none)'}",
        hint=f"name the field that holds the text with --text-field{example}",
        source=where,
    )


def _record_text(record: Mapping[str, Any], corpus: Corpus, where: str) -> str:
    field = corpus.options.text_field
    if field not in record:
        raise _missing_text(record, corpus, where)
    value = record[field]
    hint = "fill in the text or remove the record"
    if value is None:
        raise EmptyInputError(f"field '{field}' is null", hint=hint, source=where)
    if isinstance(value, bytes | bytearray):
        value = decode_bytes(bytes(value), source=where, encoding=corpus.options.encoding).text
    if not isinstance(value, str):
        raise MalformedInputError(
            f"field '{field}' holds {type(value).__name__} {str(value)[:40]!r}, not text",
            hint="name the field that holds the text with --text-field",
            source=where,
        )
    return require_text(repair_surrogates(value), source=where, what=f"field '{field}'", hint=hint)


def too_deep(what: str, where: str) -> MalformedInputError:
    """The error for JSON nested deeper than Python can follow."""
    return MalformedInputError(
        f"{what} holds values nested too deeply to read",
        hint="flatten the record; unspun needs a text field and plain metadata",
        source=where,
    )


def record_to_document(
    record: Mapping[str, Any], corpus: Corpus, *, unit: str, number: int
) -> Document | Failure:
    """A document from one record, or a Failure saying what is wrong with it.

    ``unit`` and ``number`` locate the record (``"line", 12`` or ``"row", 3``); a record
    without an id gets ``"<stem>:<number>"``.
    """
    options = corpus.options
    where = corpus.locator(unit, number)
    doc_id = field_text(record.get(options.id_field)) or f"{corpus.stem}:{number}"
    try:
        text = _record_text(record, corpus, where)
        notes: dict[str, Any] = {}
        if corpus.encoding and corpus.encoding not in ("utf-8", "utf-8-sig"):
            notes["encoding"] = corpus.encoding
        given_lang = field_text(record.get(options.lang_field))
        lang = normalise_lang(given_lang)
        if given_lang and not lang:
            notes["lang_given"] = given_lang
        others = {str(k): v for k, v in record.items() if k not in corpus.reserved}
        return build_document(
            locator=where,
            id=doc_id,
            text=text,
            title=field_text(record.get(options.title_field)),
            lang=lang or options.default_lang,
            url=field_text(record.get(options.url_field)),
            date=field_text(record.get(options.date_field)),
            source=field_text(record.get(options.source_field)),
            path=corpus.path,
            meta=merge_meta(others, notes),
        )
    except UnspunError as exc:
        return Failure(source=where, error=exc, id=doc_id)
    except RecursionError:
        return Failure(source=where, error=too_deep(f"{unit} {number}", where), id=doc_id)
