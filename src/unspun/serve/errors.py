"""Typed errors of the service (``unspun serve``): codes E700-E729.

Each error carries the HTTP ``status`` it is answered with. The API turns every
:class:`~unspun.errors.UnspunError` into one JSON shape (see :mod:`unspun.serve.api.errors`);
the CLI turns them into a one-line message and an exit code.
"""

from __future__ import annotations

from typing import ClassVar

from unspun.errors import UnspunError


class ServeError(UnspunError):
    """Base class of the service's errors."""

    code: ClassVar[str] = "E700"
    exit_code: ClassVar[int] = 2
    status: ClassVar[int] = 500


class ServeConfigError(ServeError):
    """A setting is missing or invalid (data directory, database URL, limits)."""

    code = "E701"
    status = 500


class TokenRequiredError(ServeError):
    """The server would listen beyond loopback without any API token."""

    code = "E702"


class StoreError(ServeError):
    """The database cannot be opened, migrated or written."""

    code = "E703"
    exit_code = 4
    status = 503


class NotAuthenticatedError(ServeError):
    """No API token came with a request that needs one."""

    code = "E710"
    status = 401


class TokenInvalidError(ServeError):
    """The token given is unknown or was revoked."""

    code = "E711"
    status = 401


class RateLimitedError(ServeError):
    """The token (or client) sent more requests than its share."""

    code = "E712"
    status = 429

    def __init__(self, message: str, *, retry_after: float, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class BodyTooLargeError(ServeError):
    """The request body is larger than the server accepts."""

    code = "E713"
    status = 413


class AnalysisNotFoundError(ServeError):
    """No stored analysis has the id asked for."""

    code = "E714"
    status = 404


class InvalidRequestError(ServeError):
    """The request does not match what the endpoint expects."""

    code = "E715"
    status = 422


class BusyError(ServeError):
    """Every analysis slot stayed busy for longer than the queue wait allows."""

    code = "E716"
    status = 503


class UnknownTokenError(ServeError):
    """``unspun serve tokens revoke`` named no token."""

    code = "E717"


class ForbiddenOriginError(ServeError):
    """A browser request came from another site (cross-site request forgery)."""

    code = "E718"
    status = 403


class InvalidSpanError(ServeError):
    """The span to classify does not fit the text."""

    code = "E719"
    status = 422


class FetchDisabledError(ServeError):
    """Fetching URLs is switched off on this server."""

    code = "E720"
    status = 403


class FetchRefusedError(ServeError):
    """The URL points to an address the server must not reach (loopback, private, ...)."""

    code = "E721"
    status = 400


class FetchFailedError(ServeError):
    """The page could not be downloaded (connection error, HTTP error status)."""

    code = "E722"
    status = 502


class FetchTooLargeError(ServeError):
    """The page is larger than the download cap."""

    code = "E723"
    status = 413


class FetchTimeoutError(ServeError):
    """The page did not arrive within the download time limit."""

    code = "E724"
    status = 504


class FetchUrlError(ServeError):
    """The URL is not an absolute http(s) URL."""

    code = "E725"
    status = 422


class FetchContentError(ServeError):
    """The page is not HTML or text (an image, a PDF, a binary file)."""

    code = "E726"
    status = 415


#: HTTP status of errors from the rest of unspun (the first matching base class wins).
def http_status(exc: UnspunError) -> int:
    """The HTTP status an error is answered with."""
    from unspun.errors import (
        AnalysisTimeoutError,
        ConfigError,
        InputError,
        InputTooLargeError,
        OffsetError,
        ResourceError,
    )

    if isinstance(exc, ServeError):
        return exc.status
    for kind, status in (
        (InputTooLargeError, 413),
        (InputError, 422),
        (OffsetError, 422),
        (AnalysisTimeoutError, 422),
        (ConfigError, 400),
        (ResourceError, 500),
    ):
        if isinstance(exc, kind):
            return status
    return 500
