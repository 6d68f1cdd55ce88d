"""Request and response bodies of the API (records themselves are ``AnalysisRecord``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from unspun.model.record import AnalysisRecord, FailureRecord


class DocumentFields(BaseModel):
    """What a request may say about the document besides its text."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, max_length=512, description="Your id for the document.")
    title: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=500, description="Outlet or publisher.")
    url: str | None = Field(default=None, max_length=4000)
    date: str | None = Field(default=None, max_length=100, description="ISO 8601 if known.")
    lang: str | None = Field(
        default=None, max_length=16, description="ISO 639-1; detected if None."
    )
    authors: list[str] = Field(default_factory=list, max_length=50)
    meta: dict[str, Any] = Field(default_factory=dict)
    store: bool = Field(default=True, description="Keep the analysis in the library.")

    def fields(self) -> dict[str, Any]:
        return self.model_dump(exclude={"id", "store"})


class TextIn(DocumentFields):
    """``POST /v1/analyses``: a text to analyse."""

    text: str = Field(min_length=1)


class HtmlIn(DocumentFields):
    """``POST /v1/analyses/html``: an HTML page; the article body is extracted."""

    html: str = Field(min_length=1)


class UrlIn(DocumentFields):
    """``POST /v1/analyses/url``: a page to fetch (when the server allows fetching)."""

    fetch_url: str = Field(min_length=1, max_length=4000, description="The page to fetch.")


class BatchIn(BaseModel):
    """``POST /v1/analyses/batch``: several texts; each is stored on its own."""

    model_config = ConfigDict(extra="forbid")

    items: list[TextIn] = Field(min_length=1)


class AnalysisOut(BaseModel):
    """An analysis: its store id (None when not stored) and the record (schema 1.1)."""

    id: str | None
    created_at: dt.datetime | None
    stored: bool
    offset_unit: Literal["codepoint", "utf16"] = "codepoint"
    record: dict[str, Any] = Field(description="An AnalysisRecord (see GET /v1/schema).")


class BatchItemOut(BaseModel):
    """One item of a batch: the analysis, or why there is none."""

    index: int
    ok: bool
    analysis: AnalysisOut | None = None
    failure: FailureRecord | None = None


class BatchOut(BaseModel):
    documents: int
    analysed: int
    failed: int
    results: list[BatchItemOut]


class ClassifyIn(BaseModel):
    """``POST /v1/classify``: which technique is this span? Give a text or a stored id."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, min_length=1)
    analysis_id: str | None = Field(default=None, max_length=64)
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    unit: Literal["codepoint", "utf16", "html"] = Field(
        default="codepoint",
        description="codepoint (Python), utf16 (JavaScript strings), or html: UTF-16 units "
        "of the text as a browser parsed it from a page (CR LF counts as one).",
    )
    top: int = Field(default=5, ge=1, le=14)


class RankedTechnique(BaseModel):
    label: str = Field(
        description="SemEval-2023 label (PTC name where one PTC class merges several)."
    )
    ptc_label: str
    name: str
    category: str | None
    category_title: str | None
    score: float
    explanation: str | None


class ClassifyOut(BaseModel):
    start: int
    end: int
    unit: Literal["codepoint", "utf16", "html"]
    text: str
    techniques: list[RankedTechnique]
    note: str


def analysis_out(
    record: AnalysisRecord,
    *,
    stored_id: str | None,
    created_at: dt.datetime | None,
    unit: Literal["codepoint", "utf16"] = "codepoint",
) -> AnalysisOut:
    """The response body of one analysis, offsets in ``unit``."""
    from unspun.serve.offsets import record_json

    return AnalysisOut(
        id=stored_id,
        created_at=created_at,
        stored=stored_id is not None,
        offset_unit=unit,
        record=record_json(record, unit),
    )
