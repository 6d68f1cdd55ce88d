"""The metadata a corpus statistic is cut by: source, day, author (and lang, url).

The readers already fill ``Document.source``, ``date``, ``url``, ``lang`` and ``authors``
(from the ``*_field`` options of corpus records, and from the page for HTML). Corpus
records have no author option in the readers, so the author comes from ``authors`` or
else from the record field named by ``--author-field`` (kept in ``meta``). Dates are kept
as given and also reduced to a ``day`` (``YYYY-MM-DD``) for time series.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from unspun.model.document import Document

_MIN_YEAR, _MAX_YEAR = 1800, 2200


def normalise_day(raw: str | None) -> str | None:
    """``raw`` as an ISO day (``2024-03-01``), or None when it cannot be read as a date.

    ISO 8601 first (with or without time and zone), then dateutil's reader for the other
    common forms ("1 March 2024", "03/01/2024" read month first). A time with a zone is
    taken in its own zone: the day the outlet printed.
    """
    if not raw:
        return None
    text = raw.strip()
    day: dt.date | None = None
    try:
        day = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            try:
                from dateutil import parser

                day = parser.parse(text, default=dt.datetime(2000, 1, 1)).date()
            except (ValueError, OverflowError, ImportError):
                return None
    if not _MIN_YEAR <= day.year <= _MAX_YEAR:
        return None
    return day.isoformat()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        names = [str(v).strip() for v in value if str(v).strip()]
        return "; ".join(names) or None
    return str(value).strip() or None


@dataclass(frozen=True, slots=True)
class DocMeta:
    """The metadata columns of one document's rows."""

    source: str | None = None
    day: str | None = None
    author: str | None = None
    locator: str | None = None

    @classmethod
    def of(cls, document: Document, author_field: str) -> DocMeta:
        """The metadata of ``document``; ``author_field`` names the record field with the
        author when the reader did not fill ``authors``."""
        author = _text(document.authors) or _text(document.meta.get(author_field))
        return cls(
            source=document.source,
            day=normalise_day(document.date),
            author=author,
            locator=document.path,
        )

    def columns(self) -> dict[str, Any]:
        return {"source": self.source, "day": self.day, "author": self.author}
