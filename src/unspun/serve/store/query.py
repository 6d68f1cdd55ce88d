"""Filters over stored analyses, shared by the library, the API and the statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import ColumnElement, exists, select

from unspun.serve.store.tables import analyses, facets

MAX_QUERY_CHARS = 500
#: Filters that take several values (repeat the parameter: ``technique=A&technique=B``).
LIST_FIELDS = (
    "kind",
    "technique",
    "category",
    "narrative",
    "claim_type",
    "attribution",
    "source",
    "lang",
)


def like_pattern(text: str) -> str:
    """A LIKE pattern that finds ``text`` literally (``%`` and ``_`` escaped with ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Filters(BaseModel):
    """Which analyses to show. Values of one filter are alternatives (OR); different
    filters must all hold (AND). Dates are inclusive and apply to ``day`` (the publication
    day when the document gave one, else the day it was analysed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: list[str] = Field(default_factory=list)
    technique: list[str] = Field(default_factory=list)
    category: list[str] = Field(default_factory=list)
    narrative: list[str] = Field(default_factory=list)
    claim_type: list[str] = Field(default_factory=list)
    attribution: list[str] = Field(default_factory=list)
    source: list[str] = Field(default_factory=list)
    lang: list[str] = Field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str | None = Field(default=None, max_length=MAX_QUERY_CHARS)
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _clean(self) -> Filters:
        for name in LIST_FIELDS:
            values = [v.strip() for v in getattr(self, name) if v and v.strip()]
            object.__setattr__(self, name, values)
        if self.q is not None and not self.q.strip():
            object.__setattr__(self, "q", None)
        return self

    @classmethod
    def from_query(cls, params: Any) -> Filters:
        """Filters from a query string (``params.getlist``/``get``, as Starlette's
        ``QueryParams``); empty fields are ignored. Raises pydantic's ValidationError."""
        values: dict[str, Any] = {f: [v for v in params.getlist(f) if v] for f in LIST_FIELDS}
        for name in ("date_from", "date_to", "q", "min_score"):
            if params.get(name):
                values[name] = params[name]
        return cls(**values)

    def active(self) -> dict[str, Any]:
        """The filters that restrict something (for links and the page heading)."""
        return {k: v for k, v in self.model_dump().items() if v not in (None, [], 0.0)}

    def conditions(self) -> list[ColumnElement[bool]]:
        """WHERE conditions on ``analyses`` for these filters."""
        out: list[ColumnElement[bool]] = []
        for facet in ("kind", "technique", "category", "narrative", "claim_type", "attribution"):
            values = getattr(self, facet)
            if values:
                out.append(
                    exists(
                        select(facets.c.analysis_id).where(
                            facets.c.analysis_id == analyses.c.id,
                            facets.c.facet == facet,
                            facets.c.value.in_(values),
                            facets.c.max_score >= self.min_score,
                        )
                    )
                )
        if self.source:
            out.append(analyses.c.source.in_(self.source))
        if self.lang:
            out.append(analyses.c.lang.in_(self.lang))
        if self.date_from:
            out.append(analyses.c.day >= self.date_from)
        if self.date_to:
            out.append(analyses.c.day <= self.date_to)
        if self.q:
            for word in self.q.casefold().split():
                out.append(analyses.c.search.like(like_pattern(word), escape="\\"))
        return out
