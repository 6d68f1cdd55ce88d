"""Plain text: the whole file is the text; a headline on the first line becomes the title."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unspun.model import Document
from unspun.readers.documents import build_document, require_text
from unspun.readers.options import ReadOptions

_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30
_LOOK_CHARS = 4096


def guess_headline(text: str) -> str | None:
    """The first non-blank line when it looks like a headline: short, not ending like a
    clause, followed by a blank line and more text. The text itself is left as it is."""
    lines = text[:_LOOK_CHARS].lstrip("\ufeff").splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or first + 2 >= len(lines) or lines[first + 1].strip():
        return None
    if not any(line.strip() for line in lines[first + 2 :]):
        return None
    line = lines[first].strip()
    if len(line) > _MAX_TITLE_CHARS or len(line.split()) > _MAX_TITLE_WORDS:
        return None
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return None
    return line


def read_text_document(
    text: str,
    doc_id: str,
    *,
    path: str | None = None,
    locator: str | None = None,
    options: ReadOptions | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Document:
    """A document whose text is ``text``, unchanged. ``locator`` names the input in errors.

    Raises :class:`~unspun.errors.EmptyInputError` for empty or whitespace-only text.
    """
    options = options or ReadOptions()
    require_text(text, source=locator, what="the text", hint="pass a file that holds text")
    return build_document(
        locator=locator,
        id=doc_id,
        text=text,
        title=guess_headline(text),
        lang=options.default_lang,
        path=path,
        meta=dict(meta or {}),
    )
