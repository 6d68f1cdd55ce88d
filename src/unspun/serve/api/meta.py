"""``/v1/stats``, ``/v1/facets``, ``/v1/schema``, ``/v1/health``: the corpus and the server."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Query

from unspun.about import SCHEMA_VERSION, __version__
from unspun.serve.api.deps import PrincipalDep, ServiceDep
from unspun.serve.errors import InvalidRequestError
from unspun.serve.store.query import Filters
from unspun.serve.store.stats import By, Stats, corpus_stats
from unspun.serve.store.tables import FACETS

router = APIRouter(prefix="/v1", tags=["corpus"])
FILTER_FACETS = (*FACETS, "source", "lang")


@router.get("/stats", response_model=Stats, summary="Corpus statistics")
async def stats(
    service: ServiceDep,
    who: PrincipalDep,
    facet: str = "technique",
    by: By = "month",
    top: Annotated[int, Query(ge=1, le=50)] = 12,
    technique: Annotated[list[str], Query()] = [],  # noqa: B006
    narrative: Annotated[list[str], Query()] = [],  # noqa: B006
    source: Annotated[list[str], Query()] = [],  # noqa: B006
    lang: Annotated[list[str], Query()] = [],  # noqa: B006
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
) -> Stats:
    """How many documents and findings carry each value of ``facet`` (technique, category,
    narrative, claim_type, attribution, kind), per month/week/day, per source or language,
    or overall (``by=none``), for the analyses the filters select."""
    if facet not in FACETS:
        raise InvalidRequestError(
            f"unknown facet {facet!r}", hint=f"Use one of: {', '.join(FACETS)}."
        )
    filters = Filters(
        technique=technique,
        narrative=narrative,
        source=source,
        lang=lang,
        date_from=date_from,
        date_to=date_to,
        q=q,
        min_score=min_score,
    )
    return await anyio.to_thread.run_sync(
        lambda: corpus_stats(service.store.engine, facet, by, filters, top=top)
    )


@router.get("/facets/{facet}", summary="Values of a filter in the library")
async def facet_values(facet: str, service: ServiceDep, who: PrincipalDep) -> dict[str, Any]:
    """Every value of ``facet`` in the library with its number of analyses."""
    if facet not in FILTER_FACETS:
        raise InvalidRequestError(
            f"unknown facet {facet!r}", hint=f"Use one of: {', '.join(FILTER_FACETS)}."
        )
    values = await anyio.to_thread.run_sync(lambda: service.store.facet_values(facet))
    return {"facet": facet, "values": [{"value": v, "documents": n} for v, n in values]}


@router.get("/schema", summary="JSON Schema of an analysis record")
async def schema(who: PrincipalDep) -> dict[str, Any]:
    from unspun.model.record import analysis_json_schema

    return analysis_json_schema()


@router.get("/health", summary="Is the server up?")
async def health(service: ServiceDep) -> dict[str, Any]:
    """No token needed; says nothing about the library's content."""
    return {
        "ok": True,
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "database": service.store.dialect,
        "fetch": service.fetcher is not None,
    }
