"""Who may call, how often, and with how much: tokens, rate limits, body limits, headers.

- Tokens: ``Authorization: Bearer <token>`` (API) or the ``unspun_token`` cookie the login
  page sets (web UI; ``HttpOnly``, ``SameSite=Strict``). Required whenever tokens exist or
  the server listens beyond loopback. Unsafe requests that ride on the cookie must come
  from the server's own pages (``Origin``/``Referer`` check).
- Rate limits: a token bucket per token (per client address when no token is needed).
- :class:`Guard` (ASGI middleware): the body limit and read timeout, the ``Host`` check that
  stops DNS rebinding against an open loopback server, and security headers on every answer.
"""

from __future__ import annotations

import asyncio
import hmac
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from unspun.serve.errors import (
    BodyTooLargeError,
    ForbiddenOriginError,
    InvalidRequestError,
    NotAuthenticatedError,
    RateLimitedError,
    ServeError,
    TokenInvalidError,
)
from unspun.serve.settings import Settings, is_loopback
from unspun.serve.store.tokens import TokenStore, digest

COOKIE = "unspun_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
#: Pages: scripts and styles from this server only; nothing from the network.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on the
    # pages' own form posts, and the origin check could not tell them from another site's.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"content-security-policy", CSP.encode()),
]


@dataclass(frozen=True)
class Principal:
    """Who is calling: a token's name, or ``local`` on an open loopback server."""

    name: str
    key: str
    via_cookie: bool = False


class Authenticator:
    """Checks tokens from the command line (hashed in memory) and from the store."""

    def __init__(self, settings: Settings, tokens: TokenStore):
        self.settings = settings
        self.tokens = tokens
        self.given = {digest(t): f"cli-{n + 1}" for n, t in enumerate(settings.tokens)}
        self._required: tuple[float, bool] = (0.0, False)

    def required(self) -> bool:
        """Whether tokens are needed now (re-read every few seconds: a token created while
        the server runs switches it on)."""
        at, value = self._required
        if time.monotonic() - at > 5.0:
            value = self.settings.tokens_required(self.tokens.live_count())
            self._required = (time.monotonic(), value)
        return value

    def check(self, secret: str) -> str | None:
        """The token's name, or None when it is unknown or revoked."""
        hashed = digest(secret)
        for known, name in self.given.items():
            if hmac.compare_digest(known, hashed):
                return name
        return self.tokens.check(secret)

    def principal(self, headers: dict[str, str], cookies: dict[str, str], client: str) -> Principal:
        """The caller of a request, or an error saying what is missing."""
        auth = headers.get("authorization", "")
        secret, via_cookie = None, False
        if auth.lower().startswith("bearer "):
            secret = auth[7:].strip()
        elif cookies.get(COOKIE):
            secret, via_cookie = cookies[COOKIE], True
        if secret is None:
            if not self.required():
                return Principal("local", f"ip:{client}")
            raise NotAuthenticatedError(
                "this server needs an API token",
                hint="Send `Authorization: Bearer <token>`; create one with "
                "`unspun serve tokens create NAME`.",
            )
        name = self.check(secret)
        if name is None:
            raise TokenInvalidError(
                "the API token is unknown or was revoked",
                hint="Ask the server's administrator for a valid token.",
            )
        return Principal(name, f"token:{name}", via_cookie)


def check_same_origin(
    method: str, headers: dict[str, str], principal: Principal, allowed: tuple[str, ...] = ()
) -> None:
    """Refuse an unsafe request from another site's page: one that rides on the login
    cookie must name this server as its origin; any other that names an origin (browsers
    always do for cross-site posts, scripts like curl do not) must name this server or an
    origin the deployment allows for CORS."""
    if method in SAFE_METHODS:
        return
    origin = headers.get("origin") or headers.get("referer")
    host = headers.get("host", "")
    if not principal.via_cookie and (not origin or origin.rstrip("/") in allowed):
        return
    if not origin or urlsplit(origin).netloc != host:
        raise ForbiddenOriginError(
            "this request came from another site",
            hint="Use the server's own pages, or call the API with an Authorization header.",
        )


class RateLimiter:
    """A token bucket per caller: ``per_minute`` requests a minute, bursts up to that."""

    def __init__(self, per_minute: int):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def take(self, key: str) -> None:
        """Spend one request of ``key``'s share, or raise :class:`RateLimitedError`."""
        now = time.monotonic()
        with self.lock:
            level, at = self.buckets.get(key, (self.capacity, now))
            level = min(self.capacity, level + (now - at) * self.rate)
            if level < 1.0:
                self.buckets[key] = (level, now)
                wait = (1.0 - level) / self.rate
                raise RateLimitedError(
                    f"too many requests: the limit is {int(self.capacity)} a minute",
                    retry_after=wait,
                    hint=f"Wait {wait:.0f} seconds; send documents in one batch request.",
                )
            self.buckets[key] = (level - 1.0, now)


def error_body(exc: ServeError | Any, status: int) -> dict[str, Any]:
    """The one JSON error shape of the service."""
    return {"ok": False, "status": status, "error": exc.to_dict()}


class Guard:
    """ASGI middleware: Host check, body limit and read timeout, security headers."""

    def __init__(self, app: Any, settings: Settings, auth: Authenticator):
        self.app = app
        self.settings = settings
        self.auth = auth
        self.read_timeout = settings.body_timeout
        self.hosts = set(LOOPBACK_HOSTS) | {settings.host.lower()}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            self._check_host(headers)
            self._check_length(headers)
        except ServeError as exc:
            await _answer(send, exc)
            return
        limit, seen, done = self.settings.max_body_bytes, 0, False

        async def limited_receive() -> Any:
            nonlocal seen, done
            if done:  # the body is in; later calls wait for a disconnect, for as long as needed
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), timeout=self.read_timeout)
            except TimeoutError:
                raise InvalidRequestError(
                    f"the request body did not arrive within {self.read_timeout:g} seconds",
                    hint="Send the body at once; check the network.",
                ) from None
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _too_large(limit)
            done = message.get("type") != "http.request" or not message.get("more_body", False)
            return message

        async def secure_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, limited_receive, secure_send)

    def _check_host(self, headers: dict[str, str]) -> None:
        if not is_loopback(self.settings.host) or self.auth.required():
            return
        host = headers.get("host", "").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name not in self.hosts:
            raise ForbiddenOriginError(
                f"this server answers only to localhost, not to {host!r}",
                hint="Open it as http://127.0.0.1:PORT/ (a page that reaches it under another "
                "name is a DNS rebinding attempt).",
            )

    def _check_length(self, headers: dict[str, str]) -> None:
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.settings.max_body_bytes:
            raise _too_large(self.settings.max_body_bytes)


def _too_large(limit: int) -> BodyTooLargeError:
    return BodyTooLargeError(
        f"the request body is larger than {limit:,} bytes",
        hint="Send a shorter text, split the batch, or raise the server's --max-body-bytes.",
    )


async def _answer(send: Any, exc: ServeError) -> None:
    import json

    body = json.dumps(error_body(exc, exc.status)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": exc.status,
            "headers": [(b"content-type", b"application/json"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})
