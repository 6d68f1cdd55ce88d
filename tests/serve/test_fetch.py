"""Fetching articles: a real local web server, and every refused address class.

No traffic leaves the machine: refused addresses are refused before any connection, and
the only server ever connected to is the one these tests start on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.serve_helpers import ARTICLE
from unspun.serve.documents import fetched_document
from unspun.serve.fetch import Fetcher
from unspun.serve.settings import Settings

PAGE = (
    "<html lang='en'><head><title>Local News</title><meta charset='utf-8'></head><body>"
    f"<article><h1>Local News</h1><p>{ARTICLE}</p></article></body></html>"
).encode()


@pytest.fixture
def backend() -> str:
    return "sqlite"


class Site:
    """A web server on 127.0.0.1 that records what it was asked."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                site.requests.append((self.path, self.headers.get("Host", "")))
                route = ROUTES.get(self.path.split("?")[0])
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                route(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def _send(
    handler: BaseHTTPRequestHandler,
    body: bytes,
    ctype: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
    status: int = 200,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    for k, v in (headers or {}).items():
        handler.send_header(k, v)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _redirect(target: str) -> Callable[[BaseHTTPRequestHandler], None]:
    return lambda h: _send(h, b"", headers={"Location": target}, status=302)


def _slow(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    for _ in range(30):
        h.wfile.write(b"<p>slow</p>")
        h.wfile.flush()
        time.sleep(0.1)


BOMB = gzip.compress(b"a" * 5_000_000)
ROUTES: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {
    "/article": lambda h: _send(h, PAGE),
    "/hop": _redirect("/article"),
    "/to-metadata": _redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-private": _redirect("http://10.0.0.1/admin"),
    "/to-v6-loopback": _redirect("http://[::1]/"),
    "/to-zero": _redirect("http://0.0.0.0/"),
    "/loop": _redirect("/loop"),
    "/big": lambda h: _send(h, b"<p>" + b"x" * 300_000 + b"</p>"),
    "/bomb": lambda h: _send(h, BOMB, headers={"Content-Encoding": "gzip"}),
    "/image": lambda h: _send(h, b"\x89PNG\r\n", ctype="image/png"),
    "/gone": lambda h: _send(h, b"gone", status=410),
    "/slow": _slow,
}


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.server.shutdown()


def fetcher(allow: tuple[str, ...] = ("127.0.0.1/32",), **kw: object) -> Fetcher:
    settings = Settings(
        allow_fetch=True,
        fetch_allow_networks=allow,
        fetch_max_bytes=200_000,
        fetch_timeout=2.0,
        **kw,
    )
    return Fetcher(settings)


def test_fetch_article_and_follow_redirects(site: Site) -> None:
    page = fetcher().fetch(site.url("/hop"))
    assert page.url == site.url("/article") and page.content_type == "text/html"
    doc = fetched_document(page, doc_id=None, fields={})
    assert doc.title == "Local News" and "traitors" in doc.text
    assert doc.meta["fetched_from"] == site.url("/article")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/article",
        "http://localhost:{port}/article",
        "http://2130706433:{port}/article",  # 127.0.0.1 as one decimal number
        "http://0x7f.0.0.1:{port}/article",
        "http://127.1:{port}/article",
        "http://[::1]:{port}/article",
        "http://[::ffff:127.0.0.1]:{port}/article",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://0.0.0.0:{port}/",
        "http://224.0.0.1/",
        "http://[64:ff9b::7f00:1]/",
    ],
)
def test_refused_address_classes(site: Site, url: str) -> None:
    before = len(site.requests)
    with pytest.raises(Exception) as caught:
        fetcher(allow=()).fetch(url.format(port=site.port))
    assert getattr(caught.value, "code", None) == "E721", caught.value
    assert len(site.requests) == before  # refused before connecting


@pytest.mark.parametrize("path", ["/to-metadata", "/to-private", "/to-v6-loopback", "/to-zero"])
def test_redirects_to_refused_addresses(site: Site, path: str) -> None:
    with pytest.raises(Exception) as caught:
        fetcher().fetch(site.url(path))
    assert getattr(caught.value, "code", None) == "E721"


def test_name_is_resolved_once_and_the_checked_address_is_used(site: Site) -> None:
    """DNS rebinding: the second answer would be private; it is never asked for."""
    answers = [["127.0.0.1"], ["10.0.0.1"]]
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return answers[min(len(calls) - 1, 1)]

    f = fetcher()
    f.resolve = resolve
    page = f.fetch(site.url("/article", host="news.test"))
    assert calls == ["news.test"] and page.address == "127.0.0.1"
    assert site.requests[-1] == ("/article", f"news.test:{site.port}")


def test_a_name_with_one_refused_answer_is_refused(site: Site) -> None:
    f = fetcher()
    f.resolve = lambda host, port: ["127.0.0.1", "10.9.8.7"]
    with pytest.raises(Exception) as caught:
        f.fetch(site.url("/article", host="mixed.test"))
    assert getattr(caught.value, "code", None) == "E721"


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/big", "E723"),
        ("/bomb", "E723"),
        ("/image", "E726"),
        ("/gone", "E722"),
        ("/loop", "E722"),
        ("/slow", "E724"),
    ],
)
def test_limits_and_bad_pages(site: Site, path: str, code: str) -> None:
    started = time.monotonic()
    with pytest.raises(Exception) as caught:
        fetcher().fetch(site.url(path))
    assert getattr(caught.value, "code", None) == code, caught.value
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "http://user:pw@example.org/", "notaurl"]
)
def test_only_plain_http_urls(url: str) -> None:
    with pytest.raises(Exception) as caught:
        fetcher().fetch(url)
    assert getattr(caught.value, "code", None) == "E725"


def test_api_fetch_is_off_by_default(client: TestClient) -> None:
    answer = client.post("/v1/analyses/url", json={"fetch_url": "https://example.org/"})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "E720"


def test_api_fetches_and_analyses(make_client: Callable[..., TestClient], site: Site) -> None:
    client = make_client(allow_fetch=True, fetch_allow_networks=("127.0.0.1/32",))
    answer = client.post("/v1/analyses/url", json={"fetch_url": site.url("/article")})
    assert answer.status_code == 201, answer.text
    record = answer.json()["record"]
    assert record["title"] == "Local News" and record["url"] == site.url("/article")
    for f in record["findings"]:
        assert record["text"][f["start"] : f["end"]] == f["text"]
    refused = client.post("/v1/analyses/url", json={"fetch_url": "http://169.254.169.254/"})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "E721"


def _certificates(folder: Path, name: str) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for ``name`` it signed (openssl)."""
    run = lambda *a: subprocess.run(a, check=True, capture_output=True, cwd=folder)  # noqa: E731
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=unspun test CA",
    )
    run(
        "openssl",
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "srv.key",
        "-out",
        "srv.csr",
        "-subj",
        f"/CN={name}",
    )
    (folder / "ext.cnf").write_text(f"subjectAltName=DNS:{name}\n")
    run(
        "openssl",
        "x509",
        "-req",
        "-in",
        "srv.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "srv.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    )
    return folder / "ca.pem", folder / "srv.pem", folder / "srv.key"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_https_goes_to_the_checked_address_and_verifies_the_name(tmp_path: Path) -> None:
    """TLS to the resolved 127.0.0.1 still checks the certificate against the URL's name."""
    ca, cert, key = _certificates(tmp_path, "news.test")
    site = Site()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    site.server.socket = context.wrap_socket(site.server.socket, server_side=True)
    trust = ssl.create_default_context(cafile=str(ca))
    try:
        f = fetcher()
        f.verify = trust
        f.resolve = lambda host, port: ["127.0.0.1"]
        page = f.fetch(f"https://news.test:{site.port}/article")
        assert page.url == f"https://news.test:{site.port}/article" and b"traitors" in page.body
        with pytest.raises(Exception) as caught:  # the certificate names news.test only
            f.fetch(f"https://other.test:{site.port}/article")
        assert getattr(caught.value, "code", None) == "E722"
    finally:
        site.server.shutdown()
