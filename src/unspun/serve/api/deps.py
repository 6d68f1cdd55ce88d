"""Dependencies of every endpoint: the service, and the caller (authenticated, within its
rate limit, and from the server's own pages when it rides on the login cookie)."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import Depends, Request

from unspun.serve.security import Principal, check_same_origin
from unspun.serve.service import Service


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


async def get_principal(request: Request) -> Principal:
    """The caller; raises E710/E711 (token), E718 (cross-site) or E712 (rate limit)."""
    service = get_service(request)
    headers = {k.lower(): v for k, v in request.headers.items()}
    client = request.client.host if request.client else "unknown"
    principal = await anyio.to_thread.run_sync(
        lambda: service.auth.principal(headers, dict(request.cookies), client)
    )
    check_same_origin(request.method, headers, principal, service.settings.cors_origins)
    service.limiter.take(principal.key)
    request.state.principal = principal
    return principal


ServiceDep = Annotated[Service, Depends(get_service)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
