"""The app factory: ``create_app(settings)`` builds the whole service (API, web UI, guards).

>>> app = create_app(Settings(data_dir=Path("data")))  # doctest: +SKIP

``unspun serve`` runs it with uvicorn; tests drive it in-process through httpx.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from unspun.about import __version__
from unspun.pipeline.pipeline import Pipeline
from unspun.serve.security import Guard
from unspun.serve.service import Service
from unspun.serve.settings import Settings

DESCRIPTION = """unspun shows where a text persuades instead of informing: persuasion
techniques, check-worthy claims, their sources and known narratives, at exact character
offsets. Every flag is a pointer for a person to check, never a verdict.

Send `Authorization: Bearer <token>` when the server needs tokens. Errors have one shape:
`{"ok": false, "status": 422, "error": {"code": "E715", "message": ..., "hint": ...}}`.
Offsets are code points unless you ask for `offsets=utf16`."""


def create_app(
    settings: Settings | None = None,
    *,
    pipeline: Pipeline | None = None,
    service: Service | None = None,
) -> FastAPI:
    """The FastAPI app for ``settings`` (opens and migrates the store now).

    ``pipeline``: an already loaded pipeline to share (else loaded on first use).
    ``service``: a ready service (tests that swap a part).
    """
    settings = settings or Settings.from_env()
    service = service or Service.open(settings, pipeline)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        service.store.close()

    app = FastAPI(
        title="unspun",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # our own /docs page: Swagger UI would load from a CDN
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.service = service

    from unspun.serve.api import analyses, classify, errors, meta
    from unspun.serve.web import routes as web

    errors.install(app)
    app.include_router(analyses.router)
    app.include_router(classify.router)
    app.include_router(meta.router)
    web.install(app)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(Guard, settings=settings, auth=service.auth)
    return app
