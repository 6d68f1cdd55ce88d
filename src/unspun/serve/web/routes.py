"""Pages that are not about analyses: static files, login, the API reference."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response

from unspun.serve.api.deps import PrincipalDep, ServiceDep
from unspun.serve.security import COOKIE
from unspun.serve.web.pages import render

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parents[1] / "static"
TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


@lru_cache(maxsize=16)
def static_asset(name: str) -> str | None:
    """Our own CSS and JS, plus the report's (shared, so both show findings alike)."""
    from unspun.writers.html.templating import asset

    if name == "report.js":
        return asset("report.js")
    if name == "report.css":
        return asset("style.css") + "\n" + asset("report.css")
    path = STATIC / name
    if "/" in name or name.startswith(".") or not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


@router.get("/static/{name}")
async def static(name: str) -> Response:
    body = static_asset(name)
    if body is None:
        return Response("not found", status_code=404, media_type="text/plain")
    return Response(
        body,
        media_type=TYPES.get(Path(name).suffix, "text/plain"),
        headers={"cache-control": "public, max-age=300"},
    )


def _safe_next(target: str | None) -> str:
    """Only a path on this server (no ``//evil.example``, no scheme)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc or "\\" in target else target


@router.get("/login")
async def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html.jinja", {"next": _safe_next(next), "failed": False})


@router.post("/login")
async def login(
    request: Request,
    service: ServiceDep,
    token: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the token; on success keep it in an HttpOnly, SameSite=Strict cookie."""
    import anyio.to_thread

    client = request.client.host if request.client else "unknown"
    service.limiter.take(f"login:{client}")  # no guessing tokens at full speed
    name = await anyio.to_thread.run_sync(lambda: service.auth.check(token.strip()))
    if name is None:
        ctx = {"next": _safe_next(next), "failed": True}
        return render(request, "login.html.jinja", ctx, status=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        token.strip(),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
        max_age=12 * 3600,
    )
    return response


@router.post("/logout")
async def logout(who: PrincipalDep) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/docs")
async def api_docs(request: Request, who: PrincipalDep) -> Response:
    """The API reference from the OpenAPI document, rendered here (no CDN)."""
    from unspun.serve.web.apidocs import operations

    return render(request, "docs.html.jinja", {"operations": operations(request.app.openapi())})


def install(app: FastAPI) -> None:
    """Add the web UI's routes to ``app``."""
    from unspun.serve.web import analysis, corpus

    app.include_router(router)
    app.include_router(analysis.router)
    app.include_router(corpus.router)
