"""HTML: the article body trafilatura extracts is the text; offsets point into it.

When trafilatura finds no article (a fragment, a broken page) the visible text of the whole
page is used instead and ``meta["extraction"]`` says ``"fallback"``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from unspun.errors import EmptyInputError
from unspun.model import Document
from unspun.model.document import is_blank
from unspun.readers.documents import build_document, normalise_lang, to_jsonable
from unspun.readers.encoding import repair_surrogates
from unspun.readers.htmltext import html_to_text
from unspun.readers.options import ReadOptions

logger = logging.getLogger(__name__)

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z_-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag near the top of the page declares, if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _extract(html: str) -> Any:
    # Imported here: trafilatura (and lxml's HTML cleaner under it) loads only when an
    # HTML input needs it.
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        return trafilatura.bare_extraction(
            html,
            include_comments=False,
            favor_precision=True,
            with_metadata=True,
            date_extraction_params=set_date_params(False),
        )
    except Exception as exc:  # trafilatura on hostile input; fall back
        logger.debug("trafilatura failed: %s", exc)
        return None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return repair_surrogates(value).strip() or None


def read_html_document(
    html: str,
    doc_id: str,
    *,
    path: str | None = None,
    locator: str | None = None,
    options: ReadOptions | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Document:
    """A document from an HTML page: its extracted article text, title, date, authors,
    URL and site name (as ``Document.source``).

    Raises :class:`~unspun.errors.EmptyInputError` when the page holds no visible text.
    """
    options = options or ReadOptions()
    notes: dict[str, Any] = dict(meta or {})
    result = _extract(html)
    text = repair_surrogates(getattr(result, "text", None) or "")
    fallback_title = None
    if not is_blank(text):
        notes["extraction"] = "trafilatura"
    else:
        text, fallback_title = html_to_text(html)
        text = repair_surrogates(text)
        notes["extraction"] = "fallback"
    if is_blank(text):
        raise EmptyInputError(
            "the HTML page holds no visible text",
            hint="check that the file is the article page itself, not a script-built shell; "
            "save the rendered page or pass its text",
            source=locator,
        )
    for key in ("hostname", "description", "categories", "tags"):
        value = getattr(result, key, None)
        if value:
            notes[key] = to_jsonable(value)
    author = _clean(getattr(result, "author", None))
    lang_tag = _HTML_LANG.search(html[:4096])
    return build_document(
        locator=locator,
        id=doc_id,
        text=text,
        title=_clean(getattr(result, "title", None)) or fallback_title,
        lang=normalise_lang(lang_tag.group(1) if lang_tag else None) or options.default_lang,
        source=_clean(getattr(result, "sitename", None)),
        url=_clean(getattr(result, "url", None)),
        date=_clean(getattr(result, "date", None)),
        authors=tuple(part.strip() for part in (author or "").split(";") if part.strip()),
        path=path,
        meta=notes,
    )
