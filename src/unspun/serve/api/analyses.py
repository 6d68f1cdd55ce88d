"""``/v1/analyses``: analyse (text, HTML, upload, URL, batch), read, search and delete."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Literal

import anyio.to_thread
from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import ValidationError

from unspun.errors import UnspunError, describe_validation
from unspun.model.document import Document
from unspun.model.failure import Failure
from unspun.model.record import AnalysisRecord, RunSummary
from unspun.serve import documents
from unspun.serve.api.deps import PrincipalDep, ServiceDep
from unspun.serve.api.schemas import (
    AnalysisOut,
    BatchIn,
    BatchItemOut,
    BatchOut,
    HtmlIn,
    TextIn,
    UrlIn,
    analysis_out,
)
from unspun.serve.errors import InvalidRequestError
from unspun.serve.service import Result
from unspun.serve.store.query import Filters
from unspun.serve.store.repository import Page

router = APIRouter(prefix="/v1/analyses", tags=["analyses"])
#: Most records one export returns.
MAX_EXPORT = 10_000
Unit = Literal["codepoint", "utf16"]
OffsetsQuery = Annotated[
    Unit, Query(description="Offsets in code points (Python) or UTF-16 units (JavaScript).")
]


def _out(result: Result, unit: Unit = "codepoint") -> AnalysisOut:
    assert result.record is not None
    stored = result.stored
    return analysis_out(
        result.record,
        stored_id=stored.id if stored else None,
        created_at=stored.created_at if stored else None,
        unit=unit,
    )


def _created(response: Response, result: Result) -> None:
    if result.stored is not None:
        response.status_code = 201
        response.headers["Location"] = f"/v1/analyses/{result.stored.id}"


@router.post("", response_model=AnalysisOut, summary="Analyse a text")
async def analyse_text(
    body: TextIn,
    service: ServiceDep,
    who: PrincipalDep,
    response: Response,
    offsets: OffsetsQuery = "codepoint",
) -> AnalysisOut:
    """Analyse one text; stored in the library unless ``store`` is false (201 when stored)."""
    doc = documents.text_document(body.text, doc_id=body.id, fields=body.fields())
    result = await service.analyse_one(doc, store=body.store, created_by=who.name)
    _created(response, result)
    return _out(result, offsets)


@router.post("/html", response_model=AnalysisOut, summary="Analyse an HTML page")
async def analyse_html(
    body: HtmlIn,
    service: ServiceDep,
    who: PrincipalDep,
    response: Response,
    offsets: OffsetsQuery = "codepoint",
) -> AnalysisOut:
    """Extract the article from an HTML page (trafilatura) and analyse it."""
    doc = await anyio.to_thread.run_sync(
        lambda: documents.html_document(body.html, doc_id=body.id, fields=body.fields())
    )
    result = await service.analyse_one(doc, store=body.store, created_by=who.name)
    _created(response, result)
    return _out(result, offsets)


@router.post("/url", response_model=AnalysisOut, summary="Fetch a page and analyse it")
async def analyse_url(
    body: UrlIn,
    service: ServiceDep,
    who: PrincipalDep,
    response: Response,
    offsets: OffsetsQuery = "codepoint",
) -> AnalysisOut:
    """Download a public page (only when the server runs with fetching on) and analyse it."""
    page = await service.fetch(body.fetch_url)
    doc = await anyio.to_thread.run_sync(
        lambda: documents.fetched_document(page, doc_id=body.id, fields=body.fields())
    )
    result = await service.analyse_one(doc, store=body.store, created_by=who.name)
    _created(response, result)
    return _out(result, offsets)


@router.post("/upload", response_model=BatchOut, summary="Analyse an uploaded file")
async def analyse_upload(
    service: ServiceDep,
    who: PrincipalDep,
    file: Annotated[UploadFile, File(description="txt, md, html, jsonl, json, csv, parquet")],
    store: Annotated[bool, Form()] = True,
    offsets: OffsetsQuery = "codepoint",
) -> BatchOut:
    """Analyse a file in any format ``unspun analyze`` reads; a corpus file gives one result
    per record (at most the server's batch size)."""
    items = await service.read_upload(await file.read(), file.filename)
    results = await service.analyse(items, store=store, created_by=who.name)
    return _batch(results, offsets)


@router.post("/batch", response_model=BatchOut, summary="Analyse several texts")
async def analyse_batch(
    body: BatchIn, service: ServiceDep, who: PrincipalDep, offsets: OffsetsQuery = "codepoint"
) -> BatchOut:
    """Analyse up to the server's batch size of texts; a text that fails is reported in its
    place and stores nothing, the others are stored each on its own."""
    if len(body.items) > service.settings.max_batch:
        raise InvalidRequestError(
            f"a batch holds at most {service.settings.max_batch} texts, not {len(body.items)}",
            hint="Split the batch into several requests.",
        )
    items: list[Document | Failure] = []
    for n, item in enumerate(body.items):
        try:
            items.append(
                documents.text_document(
                    item.text, doc_id=item.id or f"item-{n}", fields=item.fields()
                )
            )
        except UnspunError as exc:  # a typed reader error: reported in the item's place
            items.append(Failure(source=f"items[{n}]", error=exc, id=item.id))
    results = await service.analyse(
        items, store=[item.store for item in body.items], created_by=who.name
    )
    return _batch(results, offsets)


def _batch(results: list[Result], unit: Unit) -> BatchOut:
    out = [
        BatchItemOut(
            index=n,
            ok=r.record is not None,
            analysis=_out(r, unit) if r.record else None,
            failure=r.failure,
        )
        for n, r in enumerate(results)
    ]
    analysed = sum(1 for r in out if r.ok)
    return BatchOut(documents=len(out), analysed=analysed, failed=len(out) - analysed, results=out)


@router.get("", response_model=Page, summary="List and search stored analyses")
async def list_analyses(
    service: ServiceDep,
    who: PrincipalDep,
    technique: Annotated[list[str], Query()] = [],  # noqa: B006 (FastAPI copies defaults)
    category: Annotated[list[str], Query()] = [],  # noqa: B006
    narrative: Annotated[list[str], Query()] = [],  # noqa: B006
    claim_type: Annotated[list[str], Query()] = [],  # noqa: B006
    attribution: Annotated[list[str], Query()] = [],  # noqa: B006
    kind: Annotated[list[str], Query()] = [],  # noqa: B006
    source: Annotated[list[str], Query()] = [],  # noqa: B006
    lang: Annotated[list[str], Query()] = [],  # noqa: B006
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    q: Annotated[
        str | None, Query(max_length=500, description="Words that must all occur.")
    ] = None,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page:
    """Newest first. Repeat a filter for alternatives (``technique=A&technique=B``); different
    filters must all hold. Dates apply to the publication day, else the day analysed."""
    filters = Filters(
        technique=technique,
        category=category,
        narrative=narrative,
        claim_type=claim_type,
        attribution=attribution,
        kind=kind,
        source=source,
        lang=lang,
        date_from=date_from,
        date_to=date_to,
        q=q,
        min_score=min_score,
    )
    return await anyio.to_thread.run_sync(
        lambda: service.store.search(filters, limit=limit, offset=offset)
    )


@router.get("/export", summary="Export stored analyses as JSON lines")
async def export(
    request: Request,
    service: ServiceDep,
    who: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=MAX_EXPORT)] = MAX_EXPORT,
) -> StreamingResponse:
    """Every stored record matching the filters of ``GET /v1/analyses`` (same parameters),
    one ``AnalysisRecord`` per line: the JSONL ``unspun analyze --format jsonl`` writes."""
    try:
        filters = Filters.from_query(request.query_params)
    except ValidationError as exc:
        raise InvalidRequestError(
            f"the filters do not fit: {describe_validation(exc, 'filters')}",
            hint="Use the parameters of GET /v1/analyses.",
        ) from None
    return StreamingResponse(
        service.store.iter_records(filters, limit=limit),
        media_type="application/x-ndjson",
        headers={"content-disposition": 'attachment; filename="unspun-analyses.jsonl"'},
    )


@router.get("/{analysis_id}", response_model=AnalysisOut, summary="Read a stored analysis")
async def get_analysis(
    analysis_id: str, service: ServiceDep, who: PrincipalDep, offsets: OffsetsQuery = "codepoint"
) -> AnalysisOut:
    stored = await anyio.to_thread.run_sync(lambda: service.store.get(analysis_id))
    return analysis_out(
        stored.record, stored_id=stored.id, created_at=stored.created_at, unit=offsets
    )


@router.get("/{analysis_id}/report", response_class=HTMLResponse, summary="The HTML report")
async def get_report(analysis_id: str, service: ServiceDep, who: PrincipalDep) -> HTMLResponse:
    """The same self-contained report ``unspun analyze -o report.html`` writes."""
    from unspun.writers import render_report

    stored = await anyio.to_thread.run_sync(lambda: service.store.get(analysis_id))
    html = await anyio.to_thread.run_sync(lambda: render_report(stored.record))
    # The report carries its own nonce'd CSP in a meta tag; ours must not block its script.
    return HTMLResponse(html, headers={"content-security-policy": "frame-ancestors 'none'"})


@router.get(
    "/{analysis_id}/csv",
    response_class=Response,
    summary="The findings as CSV",
    responses={200: {"content": {"text/csv": {}}, "description": "One row per finding."}},
)
async def get_csv(analysis_id: str, service: ServiceDep, who: PrincipalDep) -> Response:
    """The findings table ``unspun analyze --format csv`` writes: a header, then one row per
    finding (none for a text without findings), cells escaped against spreadsheet formulas."""
    stored = await anyio.to_thread.run_sync(lambda: service.store.get(analysis_id))
    data = await anyio.to_thread.run_sync(lambda: findings_csv(stored.record))
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="unspun-{stored.id}.csv"'},
    )


def findings_csv(record: AnalysisRecord) -> bytes:
    """``record`` as the CSV writer writes it (UTF-8 bytes)."""
    from unspun.writers import open_writer

    with tempfile.TemporaryDirectory(prefix="unspun-csv-") as folder:
        path = Path(folder) / "findings.csv"
        writer = open_writer("csv", path)
        writer.write(record)
        writer.close(RunSummary(documents=1, analysed=1))
        return path.read_bytes()


@router.delete("/{analysis_id}", status_code=204, summary="Delete a stored analysis")
async def delete_analysis(analysis_id: str, service: ServiceDep, who: PrincipalDep) -> Response:
    await anyio.to_thread.run_sync(lambda: service.store.delete(analysis_id))
    return Response(status_code=204)
