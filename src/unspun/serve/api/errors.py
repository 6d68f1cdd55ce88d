"""One JSON error shape for every failure: ``{"ok": false, "status", "error": {code, type,
message, hint, source}}``; web pages get the same message as an HTML page."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from unspun.errors import UnspunError
from unspun.serve.errors import InvalidRequestError, RateLimitedError, ServeError, http_status
from unspun.serve.security import error_body

log = logging.getLogger("unspun.serve")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/v1") or "application/json" in request.headers.get(
        "accept", ""
    )


def error_response(request: Request, exc: UnspunError) -> Response:
    """The answer to ``exc``: JSON for the API, an HTML page for the web UI."""
    status = http_status(exc)
    headers: dict[str, str] = {}
    if isinstance(exc, RateLimitedError):
        headers["Retry-After"] = str(max(1, round(exc.retry_after)))
    if _is_api(request):
        return JSONResponse(error_body(exc, status), status_code=status, headers=headers)
    from unspun.serve.web.pages import error_page

    return error_page(request, exc, status, headers)


def _validation_message(errors: list[Any]) -> str:
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(UnspunError)
    async def unspun_error(request: Request, exc: UnspunError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # A bug: the traceback goes to the log, the caller gets the usual shape.
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, _Unexpected())

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(
            request,
            InvalidRequestError(
                f"the request does not fit the endpoint: {_validation_message(list(exc.errors()))}",
                hint="See the endpoint's schema at /docs.",
            ),
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        # FastAPI wraps errors raised while it reads the body (our body limit) in a 400.
        cause = exc.__cause__
        if isinstance(cause, ServeError):
            return error_response(request, cause)
        message = _MESSAGES.get(exc.status_code, str(exc.detail))
        error = _HttpError(message, status=exc.status_code)
        return error_response(request, error)


_MESSAGES = {
    404: "there is nothing at this address",
    405: "this address does not accept that method",
}


class _Unexpected(ServeError):
    """An error unspun did not expect (a bug); details are in the server log."""

    code = "E700"

    def __init__(self) -> None:
        super().__init__(
            "the server ran into an unexpected error",
            hint="Retry; if it happens again, report it with the server log.",
        )


class _HttpError(ServeError):
    """A plain HTTP error (unknown path, method not allowed)."""

    code = "E715"

    def __init__(self, message: str, *, status: int):
        super().__init__(message, hint="See the API at /docs.")
        self.status = status  # type: ignore[misc]
