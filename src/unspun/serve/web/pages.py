"""Rendering pages: one Jinja environment over our templates and the report's partials,
so that the app and the HTML report show findings the same way."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader

from unspun.about import __version__
from unspun.errors import UnspunError
from unspun.writers.html.palette import humanise
from unspun.writers.html.templating import new_environment

NAV = (("/", "Analyse"), ("/library", "Library"), ("/trends", "Trends"), ("/docs", "API"))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Autoescaped, strict; ``serve/templates`` first, then the report's templates."""
    env = new_environment(
        ChoiceLoader(
            [
                PackageLoader("unspun.serve", "templates"),
                PackageLoader("unspun.writers", "templates"),
            ]
        )
    )
    env.globals["humanise"] = humanise
    env.globals["label_name"] = _label_name
    return env


def _label_name(facet: str, value: str) -> str:
    from unspun.serve.web.charts import display_name

    return display_name(facet, value)


def render(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    """A page: ``template`` with ``context`` plus what every page shows (nav, user)."""
    principal = getattr(request.state, "principal", None)
    base = {
        "nav": NAV,
        "path": request.url.path,
        "version": __version__,
        "user": principal.name if principal is not None else None,
        "signed_in": bool(principal is not None and principal.via_cookie),
    }
    html = environment().get_template(template).render({**base, **context})
    return HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})


def error_page(
    request: Request, exc: UnspunError, status: int, headers: dict[str, str]
) -> Response:
    """The error as a page; a missing or bad token sends the reader to the login page."""
    from urllib.parse import quote

    from unspun.serve.errors import NotAuthenticatedError, TokenInvalidError

    if isinstance(exc, NotAuthenticatedError | TokenInvalidError) and request.method == "GET":
        target = quote(request.url.path, safe="/")
        redirect = RedirectResponse(f"/login?next={target}", status_code=303)
        if isinstance(exc, TokenInvalidError):
            redirect.delete_cookie("unspun_token", path="/")
        return redirect
    response = render(request, "error.html.jinja", {"error": exc, "status": status}, status=status)
    response.headers.update(headers)
    return response
