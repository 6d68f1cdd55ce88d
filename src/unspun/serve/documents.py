"""Requests to documents: pasted text, an HTML page, an uploaded file (any format the CLI
reads, corpora included)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, get_args

from unspun.model.document import Document
from unspun.model.failure import Failure
from unspun.readers import ReadOptions, read_bytes, read_html_document
from unspun.readers.documents import build_document
from unspun.readers.encoding import repair_surrogates
from unspun.readers.options import Format
from unspun.serve.errors import InvalidRequestError

#: Fields a request may set on the document besides its text.
META_FIELDS = ("title", "source", "url", "date", "lang")


def _meta(fields: dict[str, Any]) -> dict[str, Any]:
    out = {k: fields.get(k) for k in META_FIELDS if fields.get(k) not in (None, "")}
    if fields.get("authors"):
        out["authors"] = tuple(fields["authors"])
    if fields.get("meta"):
        out["meta"] = dict(fields["meta"])
    return out


def text_document(text: str, *, doc_id: str | None, fields: dict[str, Any]) -> Document:
    """A document from pasted text (lone surrogates repaired so that offsets hold)."""
    doc_id = doc_id or "pasted"
    return build_document(
        locator="request", id=doc_id, text=repair_surrogates(text), **_meta(fields)
    )


def html_document(html: str, *, doc_id: str | None, fields: dict[str, Any]) -> Document:
    """A document from an HTML page; fields given in the request win over the page's."""
    doc = read_html_document(repair_surrogates(html), doc_id or "page", locator="request")
    update = _meta(fields)
    if "meta" in update:
        update["meta"] = {**doc.meta, **update["meta"]}
    return doc.model_copy(update=update) if update else doc


def upload_documents(
    data: bytes, filename: str | None, *, max_documents: int, max_bytes: int
) -> list[Document | Failure]:
    """Documents from an uploaded file (text, Markdown, HTML, JSONL, JSON, CSV, Parquet).

    A corpus file gives one document per record, at most ``max_documents``.
    """
    name = PurePath(filename or "upload").name or "upload"
    stem = PurePath(name).stem or "upload"
    fmt = _format_of(name)
    options = ReadOptions(max_bytes=max_bytes, format=fmt)
    items: list[Document | Failure] = []
    for item in read_bytes(data, options, name=name, stem=stem):
        items.append(item)
        if len(items) > max_documents:
            raise InvalidRequestError(
                f"the file holds more than {max_documents} documents",
                hint="Split it, or run `unspun analyze` on it from the command line.",
            )
    return items


def _format_of(name: str) -> Format:
    from unspun.readers.sniff import format_for_path

    found = format_for_path(name)
    return found if found in get_args(Format) else "auto"  # type: ignore[return-value]


def fetched_document(page: Any, *, doc_id: str | None, fields: dict[str, Any]) -> Document:
    """A document from a :class:`~unspun.serve.fetch.FetchedPage`; its URL is the page's
    final address unless the request named one."""
    import datetime as dt

    from unspun.readers.encoding import decode_bytes
    from unspun.readers.html import declared_charset

    declared = page.charset or declared_charset(page.body)
    text = decode_bytes(page.body, source=page.url, declared=declared).text
    fetched = {"fetched_from": page.url, "fetched_at": dt.datetime.now(dt.UTC).isoformat()}
    fields = {**fields, "meta": {**fetched, **(fields.get("meta") or {})}}
    fields.setdefault("url", page.url)
    fields["url"] = fields["url"] or page.url
    if page.content_type == "text/plain":
        return text_document(text, doc_id=doc_id or "page", fields=fields)
    return html_document(text, doc_id=doc_id, fields=fields)
