"""Pages about one analysis: paste / upload / fetch, the highlighted article, delete."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from unspun.model.document import Document
from unspun.model.failure import Failure
from unspun.serve import documents
from unspun.serve.api.deps import PrincipalDep, ServiceDep
from unspun.serve.errors import InvalidRequestError
from unspun.serve.store.query import Filters
from unspun.serve.web.pages import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


@router.get("/")
async def home(request: Request, service: ServiceDep, who: PrincipalDep) -> Response:
    recent = await anyio.to_thread.run_sync(lambda: service.store.search(_no_filters(), limit=8))
    return render(
        request,
        "home.html.jinja",
        {
            "fetch": service.fetcher is not None,
            "recent": recent.items,
            "batch": service.settings.max_batch,
        },
    )


def _no_filters() -> Filters:
    return Filters()


@router.post("/analyse")
async def analyse(
    request: Request,
    service: ServiceDep,
    who: PrincipalDep,
    text: Text = "",
    fetch_url: Text = "",
    title: Text = "",
    source: Text = "",
    date: Text = "",
    url: Text = "",
    lang: Text = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Analyse what the form holds (a file wins over a URL, a URL over pasted text) and
    show it; a corpus file shows the library filtered to what it added."""
    fields = {"title": title, "source": source, "date": date, "url": url, "lang": lang}
    fields = {k: v.strip() for k, v in fields.items()}
    items: list[Document | Failure]
    if file is not None and file.filename:
        items = await service.read_upload(await file.read(), file.filename)
        items = [_with_fields(i, fields) for i in items]
    elif fetch_url.strip():
        page = await service.fetch(fetch_url.strip())
        items = [
            await anyio.to_thread.run_sync(
                lambda: documents.fetched_document(page, doc_id=None, fields=fields)
            )
        ]
    elif text.strip():
        # Browsers send a textarea's line breaks as CR LF whatever the user pasted.
        pasted = text.replace("\r\n", "\n")
        items = [documents.text_document(pasted, doc_id=None, fields=fields)]
    else:
        raise InvalidRequestError(
            "there is nothing to analyse", hint="Paste a text, choose a file or give a URL."
        )
    if len(items) == 1 and isinstance(items[0], Document):
        result = await service.analyse_one(items[0], store=True, created_by=who.name)
        assert result.stored is not None
        return RedirectResponse(f"/a/{result.stored.id}", status_code=303)
    results = await service.analyse(items, store=True, created_by=who.name)
    failures = [r.failure for r in results if r.failure is not None]
    stored = [r.stored for r in results if r.stored is not None]
    if len(stored) == 1 and not failures:
        return RedirectResponse(f"/a/{stored[0].id}", status_code=303)
    return render(request, "batch.html.jinja", {"stored": stored, "failures": failures})


def _with_fields(item: Document | Failure, fields: dict[str, str]) -> Document | Failure:
    update = {k: v for k, v in fields.items() if v}
    return item.model_copy(update=update) if isinstance(item, Document) and update else item


@router.get("/a/{analysis_id}")
async def show(
    request: Request, analysis_id: str, service: ServiceDep, who: PrincipalDep
) -> Response:
    """The highlighted article with filters, panels, charts and select-to-classify."""
    from unspun.writers.html.report import report_context

    stored = await anyio.to_thread.run_sync(lambda: service.store.get(analysis_id))
    context = await anyio.to_thread.run_sync(lambda: report_context(stored.record))
    context.update(
        {
            "analysis_id": stored.id,
            "created_at": stored.created_at,
            "fetch": service.fetcher is not None,
        }
    )
    return render(request, "analysis.html.jinja", context)


@router.post("/a/{analysis_id}/delete")
async def delete(analysis_id: str, service: ServiceDep, who: PrincipalDep) -> Response:
    await anyio.to_thread.run_sync(lambda: service.store.delete(analysis_id))
    return RedirectResponse("/library?deleted=1", status_code=303)
