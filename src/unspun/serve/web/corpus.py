"""Pages about many analyses: the library (search and filters) and the trends."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from unspun.serve.api.deps import PrincipalDep, ServiceDep
from unspun.serve.errors import InvalidRequestError
from unspun.serve.store.query import Filters
from unspun.serve.store.stats import corpus_stats
from unspun.serve.web.charts import heat_rows, line_chart, totals_chart
from unspun.serve.web.pages import render

router = APIRouter(include_in_schema=False)
#: The filters the forms show as drop-downs, with their headings.
SELECTS = (
    ("technique", "Technique"),
    ("category", "Category"),
    ("narrative", "Narrative"),
    ("claim_type", "Claim type"),
    ("attribution", "Attribution"),
    ("source", "Source"),
    ("lang", "Language"),
)
PAGE = 25


def filters_from(request: Request) -> Filters:
    """Filters from the query string (bad values are E715)."""
    try:
        return Filters.from_query(request.query_params)
    except ValidationError as exc:
        from unspun.errors import describe_validation

        raise InvalidRequestError(
            f"the filters do not fit: {describe_validation(exc, 'filters')}",
            hint="Dates are YYYY-MM-DD; the minimum score lies between 0 and 1.",
        ) from None


def _options(service: Any) -> dict[str, list[tuple[str, int]]]:
    return {name: service.store.facet_values(name) for name, _ in SELECTS}


def _query(filters: Filters, **extra: Any) -> str:
    pairs: list[tuple[str, Any]] = []
    for key, value in {**filters.active(), **extra}.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, item))
    return urlencode(pairs)


@router.get("/library")
async def library(request: Request, service: ServiceDep, who: PrincipalDep) -> Response:
    """Stored analyses, newest first, with full-text search and filters."""
    filters = filters_from(request)
    raw_page = request.query_params.get("page", "1")
    page_no = max(1, int(raw_page)) if raw_page.isdigit() else 1

    def load() -> tuple[Any, Any]:
        return service.store.search(filters, limit=PAGE, offset=(page_no - 1) * PAGE), _options(
            service
        )

    page, options = await anyio.to_thread.run_sync(load)
    pages = max(1, -(-page.total // PAGE))
    return render(
        request,
        "library.html.jinja",
        {
            "filters": filters,
            "page": page,
            "page_no": page_no,
            "pages": pages,
            "options": options,
            "selects": SELECTS,
            "query": lambda **extra: _query(filters, **extra),
            "deleted": request.query_params.get("deleted") == "1",
        },
    )


@router.get("/trends")
async def trends(request: Request, service: ServiceDep, who: PrincipalDep) -> Response:
    """Techniques (or narratives, ...) over time and by source, as server-drawn SVG."""
    filters = filters_from(request)
    facet = request.query_params.get("facet", "technique")
    by = request.query_params.get("by", "month")
    if facet not in ("technique", "category", "narrative", "claim_type", "attribution"):
        raise InvalidRequestError(f"unknown facet {facet!r}", hint="Pick one from the list.")
    if by not in ("month", "week", "day"):
        raise InvalidRequestError(f"unknown time step {by!r}", hint="Use month, week or day.")

    def load() -> tuple[Any, Any, Any]:
        engine = service.store.engine
        over_time = corpus_stats(engine, facet, by, filters, top=8)  # type: ignore[arg-type]
        by_source = corpus_stats(engine, facet, "source", filters, top=8)
        return over_time, by_source, _options(service)

    over_time, by_source, options = await anyio.to_thread.run_sync(load)
    return render(
        request,
        "trends.html.jinja",
        {
            "filters": filters,
            "facet": facet,
            "by": by,
            "options": options,
            "selects": SELECTS,
            "over_time": over_time,
            "line": line_chart(over_time, facet),
            "totals": totals_chart(over_time, facet),
            "heat": heat_rows(by_source, facet),
            "by_source": by_source,
            "query": _query(filters),
        },
    )
