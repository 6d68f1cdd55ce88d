"""Download an article for analysis without letting the server reach what it must not.

Each hop (the URL, then every redirect) is resolved once; every address the name
resolves to must be public (:mod:`unspun.serve.addresses`), and the connection goes to
the checked address with the original ``Host`` header and TLS server name, so a second
DNS answer (rebinding) cannot redirect it. Proxies from the environment are ignored.
Size and total time are capped. Off unless the deployment turns it on.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from unspun.serve.addresses import IP, check_address, parse_networks
from unspun.serve.errors import (
    FetchContentError,
    FetchFailedError,
    FetchRefusedError,
    FetchTimeoutError,
    FetchTooLargeError,
    FetchUrlError,
)
from unspun.serve.settings import Settings

Resolver = Callable[[str, int], list[str]]
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "unspun-fetch/1 (+https://unspun.dev; article analysis for a verification desk)"


def system_resolve(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host`` (one lookup)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class FetchedPage:
    """What came back: the final URL (with the original host names), type and bytes."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    address: str


class Fetcher:
    """Fetches one URL under the deployment's limits (see the module docstring)."""

    def __init__(
        self,
        settings: Settings,
        *,
        resolve: Resolver = system_resolve,
        transport: httpx.BaseTransport | None = None,
        verify: ssl.SSLContext | bool = True,
    ):
        """``verify``: the TLS trust (default: the system's certificate authorities)."""
        self.settings = settings
        self.allowed = parse_networks(settings.fetch_allow_networks)
        self.resolve = resolve
        self.transport = transport
        self.verify = verify

    def _target(self, url: httpx.URL) -> tuple[IP, int]:
        if url.scheme not in ("http", "https") or not url.host:
            raise FetchUrlError(
                f"cannot fetch {str(url)!r}: only absolute http and https URLs are fetched",
                hint="Give the article's full address, starting with https://.",
            )
        if url.userinfo:
            raise FetchUrlError(
                "URLs with a user name or password are not fetched",
                hint="Remove the user:password@ part of the URL.",
            )
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            found = [ipaddress.ip_address(url.host)]
        except ValueError:
            try:
                found = [
                    ipaddress.ip_address(a.split("%")[0]) for a in self.resolve(url.host, port)
                ]
            except (OSError, UnicodeError, ValueError) as exc:
                raise FetchFailedError(
                    f"the name {url.host!r} does not resolve ({exc})",
                    hint="Check the URL for typing errors.",
                ) from None
        if not found:
            raise FetchFailedError(f"the name {url.host!r} has no address")
        for ip in found:  # every answer must pass: no picking the public one of a mix
            why = check_address(ip, self.allowed)
            if why:
                raise FetchRefusedError(
                    f"{url.host!r} resolves to {ip}, {why}; the server does not fetch from "
                    "such addresses",
                    hint="Fetch public web pages only; paste the text or upload the file "
                    "for anything else.",
                )
        return found[0], port

    def fetch(self, url: str) -> FetchedPage:
        """Download ``url`` following at most ``fetch_max_redirects`` checked redirects."""
        settings = self.settings
        deadline = time.monotonic() + settings.fetch_timeout
        try:
            current = httpx.URL(url.strip())
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchUrlError(f"not a URL: {exc}", hint="Give a full https:// address.") from None
        client = httpx.Client(transport=self.transport, trust_env=False, verify=self.verify)
        with client:
            for _hop in range(settings.fetch_max_redirects + 1):
                ip, port = self._target(current)
                host = f"[{ip}]" if ip.version == 6 else str(ip)
                direct = current.copy_with(host=host.strip("[]"), port=port)
                headers = {
                    "Host": current.netloc.decode("ascii"),
                    "User-Agent": USER_AGENT,
                    "Accept-Encoding": "gzip, deflate",
                }
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _timeout(settings)
                request = client.build_request(
                    "GET",
                    direct,
                    headers=headers,
                    timeout=httpx.Timeout(left),
                    extensions={"sni_hostname": current.host},
                )
                try:
                    response = client.send(request, stream=True, follow_redirects=False)
                except httpx.TimeoutException:
                    raise _timeout(settings) from None
                except httpx.HTTPError as exc:
                    raise FetchFailedError(
                        f"could not download {str(current)!r}: {type(exc).__name__}: {exc}",
                        hint="Check that the page opens in a browser; paste its text otherwise.",
                    ) from None
                try:
                    if response.is_redirect and "location" in response.headers:
                        current = current.join(response.headers["location"])
                        continue
                    return self._read(response, current, str(ip), deadline)
                finally:
                    response.close()
        raise FetchFailedError(
            f"more than {settings.fetch_max_redirects} redirects",
            hint="Give the address the page finally lives at.",
        )

    def _read(
        self, response: httpx.Response, url: httpx.URL, address: str, deadline: float
    ) -> FetchedPage:
        if response.status_code >= 400:
            raise FetchFailedError(
                f"the site answered HTTP {response.status_code} for {str(url)!r}",
                hint="Check the URL; paywalled or deleted pages cannot be fetched.",
            )
        raw_type = response.headers.get("content-type", "text/html")
        content_type = raw_type.split(";")[0].strip().lower()
        if content_type not in ACCEPTED_TYPES:
            raise FetchContentError(
                f"the page is {content_type!r}, not HTML or text",
                hint="Download the file yourself and upload it if unspun can read it.",
            )
        cap = self.settings.fetch_max_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise _too_large(cap)
        body = bytearray()
        try:
            for chunk in response.iter_raw():
                body.extend(chunk)
                if len(body) > cap:
                    raise _too_large(cap)
                if time.monotonic() > deadline:
                    raise _timeout(self.settings)
        except httpx.TimeoutException:
            raise _timeout(self.settings) from None
        except httpx.HTTPError as exc:
            raise FetchFailedError(f"the download broke off: {exc}") from None
        encoding = response.headers.get("content-encoding", "identity").lower()
        data = _decompress(bytes(body), encoding, cap)
        return FetchedPage(
            url=str(url),
            status=response.status_code,
            content_type=content_type,
            charset=response.charset_encoding,
            body=data,
            address=address,
        )


def _decompress(body: bytes, encoding: str, cap: int) -> bytes:
    """Undo gzip/deflate with the same cap (a small bomb must not become a large page)."""
    import zlib

    if encoding in ("identity", ""):
        return body
    if encoding not in ("gzip", "deflate", "x-gzip"):
        raise FetchContentError(f"the page is compressed with {encoding!r}, which is not read")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)
    try:
        out = inflater.decompress(body, cap + 1)
    except zlib.error as exc:
        raise FetchFailedError(f"the compressed page is damaged: {exc}") from None
    if len(out) > cap or inflater.unconsumed_tail:
        raise _too_large(cap)
    return out


def _too_large(cap: int) -> FetchTooLargeError:
    return FetchTooLargeError(
        f"the page is larger than {cap:,} bytes",
        hint="Save the article text and paste or upload it instead.",
    )


def _timeout(settings: Settings) -> FetchTimeoutError:
    return FetchTimeoutError(
        f"the page did not arrive within {settings.fetch_timeout:g} seconds",
        hint="Try again later, or save the page and upload it.",
    )
