"""Tokens, rate limits, body limits, origins, CORS, headers and untrusted text in pages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.serve_helpers import ARTICLE
from unspun.serve.app import create_app
from unspun.serve.errors import TokenRequiredError
from unspun.serve.settings import Settings
from unspun.serve.store import Store
from unspun.serve.store.tokens import TokenStore


@pytest.fixture
def backend() -> str:
    """Security does not depend on the database: SQLite only."""
    return "sqlite"


XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "</script><script>alert(3)</script>",
    "javascript:alert(4)",
]


@pytest.fixture
def token(make_settings: Callable[..., Settings]) -> Iterator[str]:
    settings = make_settings()
    store = Store(settings.url, data_dir=settings.data_dir)
    yield TokenStore(store.engine).create("desk")
    store.close()


def test_tokens_are_required_once_one_exists(
    make_client: Callable[..., TestClient], token: str
) -> None:
    client = make_client()
    missing = client.get("/v1/analyses")
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "E710"
    wrong = client.get("/v1/analyses", headers={"Authorization": "Bearer unspun_wrong"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "E711"
    right = client.get("/v1/analyses", headers={"Authorization": f"Bearer {token}"})
    assert right.status_code == 200
    assert client.get("/v1/health").status_code == 200  # health needs no token


def test_token_given_on_the_command_line(make_client: Callable[..., TestClient]) -> None:
    client = make_client(tokens=("s3cret-token-from-cli",))
    assert client.get("/v1/analyses").status_code == 401
    ok = client.get("/v1/analyses", headers={"Authorization": "Bearer s3cret-token-from-cli"})
    assert ok.status_code == 200


def test_beyond_loopback_needs_tokens(make_settings: Callable[..., Settings], nlp: object) -> None:
    with pytest.raises(TokenRequiredError) as caught:
        create_app(make_settings(host="0.0.0.0"))
    assert caught.value.code == "E702" and "tokens create" in (caught.value.hint or "")
    app = create_app(make_settings(host="0.0.0.0", tokens=("t-123456",)))
    client = TestClient(app, base_url="http://desk.example.org")
    assert client.get("/v1/analyses").status_code == 401  # any Host, but a token is needed
    assert (
        client.get("/v1/analyses", headers={"Authorization": "Bearer t-123456"}).status_code == 200
    )


def test_open_loopback_server_refuses_other_host_names(client: TestClient) -> None:
    """DNS rebinding: a page on evil.example that resolves to 127.0.0.1 gets nothing."""
    answer = client.get("/v1/analyses", headers={"Host": "evil.example:8000"})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "E718"
    assert client.get("/v1/analyses", headers={"Host": "localhost:8000"}).status_code == 200


def test_rate_limit_per_token(make_client: Callable[..., TestClient]) -> None:
    client = make_client(tokens=("token-a-000", "token-b-000"), rate_per_minute=3)
    a = {"Authorization": "Bearer token-a-000"}
    assert [client.get("/v1/analyses", headers=a).status_code for _ in range(3)] == [200] * 3
    limited = client.get("/v1/analyses", headers=a)
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "E712"
    assert int(limited.headers["retry-after"]) >= 1
    b = {"Authorization": "Bearer token-b-000"}
    assert client.get("/v1/analyses", headers=b).status_code == 200


def test_body_limit_with_and_without_length(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_body_bytes=4096)
    big = b'{"text": "' + b"a" * 10_000 + b'"}'
    declared = client.post(
        "/v1/analyses", content=big, headers={"content-type": "application/json"}
    )
    assert declared.status_code == 413 and declared.json()["error"]["code"] == "E713"

    def chunks() -> Iterator[bytes]:
        for n in range(0, len(big), 1000):
            yield big[n : n + 1000]

    streamed = client.post(
        "/v1/analyses", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413 and streamed.json()["error"]["code"] == "E713"
    assert client.get("/v1/analyses").json()["total"] == 0


def test_cors_is_off_unless_configured(make_client: Callable[..., TestClient]) -> None:
    preflight = {
        "Origin": "https://elsewhere.example",
        "Access-Control-Request-Method": "POST",
    }
    closed = make_client().options("/v1/analyses", headers=preflight)
    assert "access-control-allow-origin" not in closed.headers
    opened = make_client(cors_origins=("https://elsewhere.example",))
    answer = opened.options("/v1/analyses", headers=preflight)
    assert answer.headers["access-control-allow-origin"] == "https://elsewhere.example"


def test_login_cookie_and_cross_site_posts(
    make_client: Callable[..., TestClient], token: str
) -> None:
    client = make_client()
    first = client.get("/library", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/login?next=/library"
    bad = client.post("/login", data={"token": "nope", "next": "/library"})
    assert bad.status_code == 401
    good = client.post(
        "/login", data={"token": token, "next": "//evil.example/x"}, follow_redirects=False
    )
    assert good.status_code == 303 and good.headers["location"] == "/"  # no open redirect
    cookie = good.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/library").status_code == 200
    forged = client.post(
        "/analyse", data={"text": ARTICLE}, headers={"Origin": "https://evil.example"}
    )
    assert forged.status_code == 403 and "another site" in forged.text
    assert (
        client.get("/v1/analyses", headers={"Authorization": f"Bearer {token}"}).json()["total"]
        == 0
    )
    own = client.post(
        "/analyse",
        data={"text": ARTICLE},
        headers={"Origin": "http://127.0.0.1"},
        follow_redirects=False,
    )
    assert own.status_code == 303 and own.headers["location"].startswith("/a/")


def test_pages_escape_untrusted_text_and_load_nothing_from_outside(client: TestClient) -> None:
    text = "\n".join([ARTICLE, *XSS, "\u202eevil\u202c"])
    stored = client.post(
        "/v1/analyses",
        json={"text": text, "title": XSS[0], "source": XSS[1], "url": XSS[3], "authors": [XSS[2]]},
    ).json()
    for path in (f"/a/{stored['id']}", "/library", "/trends", "/", f"/library?q={XSS[1]}"):
        page = client.get(path)
        assert page.status_code == 200, path
        html = page.text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'href="javascript:' not in html
        assert "\u202e" not in html  # direction controls shown inert, not acting
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
        outside = re.findall(r'(?:src|href)="(?:https?:)?//[^"]*"', html)
        assert not outside, (path, outside)
    assert client.get("/static/../settings.py").status_code == 404


def test_settings_from_environment(tmp_path: Path) -> None:
    env = {
        "UNSPUN_SERVE_DATA_DIR": str(tmp_path),
        "UNSPUN_SERVE_ALLOW_FETCH": "true",
        "UNSPUN_SERVE_TOKENS": "a-token-1,a-token-2",
        "UNSPUN_SERVE_RATE_PER_MINUTE": "7",
    }
    settings = Settings.from_env(env, port=9000)
    assert settings.allow_fetch and settings.tokens == ("a-token-1", "a-token-2")
    assert settings.rate_per_minute == 7 and settings.port == 9000
    assert settings.url == f"sqlite:///{tmp_path}/unspun.db"
    pg = Settings(database_url="postgresql://u:p@db/x")
    assert pg.url == "postgresql+psycopg://u:p@db/x"
    from unspun.serve.errors import ServeConfigError

    with pytest.raises(ServeConfigError) as caught:
        Settings.from_env({"UNSPUN_SERVE_PORT": "no"})
    assert caught.value.code == "E701"


def test_a_body_that_stalls_is_cut_off(make_settings: Callable[..., Settings], nlp: object) -> None:
    """A client that sends half a body and stops (slowloris) gets an answer, not a hang."""
    import socket
    import time

    from tests.serve_helpers import LiveServer

    app = create_app(make_settings(body_timeout=0.5), pipeline=nlp)  # type: ignore[arg-type]
    with LiveServer(app) as live, socket.create_connection(("127.0.0.1", live.port)) as sock:
        sock.sendall(
            b"POST /v1/analyses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"text": "half'
        )
        started = time.monotonic()
        sock.settimeout(10)
        reply = sock.recv(4096).decode()
        assert time.monotonic() - started < 5
        head, _, body = reply.partition("\r\n\r\n")
        length = next(
            int(line.split(":", 1)[1])
            for line in head.lower().splitlines()
            if line.startswith("content-length:")
        )
        while len(body.encode()) < length:  # the body may come in a later packet
            chunk = sock.recv(4096).decode()
            if not chunk:
                break
            body += chunk
        reply = head + "\r\n\r\n" + body
    assert reply.startswith("HTTP/1.1 422") and "E715" in reply


def test_open_server_refuses_posts_from_other_sites(make_client: Callable[..., TestClient]) -> None:
    """No tokens, loopback: a page on another site cannot post to the desk's server."""
    client = make_client()
    forged = client.post(
        "/v1/analyses",
        json={"text": "x y z", "store": False},
        headers={"Origin": "https://evil.example"},
    )
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "E718"
    gone = client.post("/a/" + "0" * 32 + "/delete", headers={"Origin": "https://evil.example"})
    assert gone.status_code == 403
    allowed = make_client(cors_origins=("https://newsroom.example",))
    ok = allowed.post(
        "/v1/classify",
        json={"text": "They are traitors.", "start": 9, "end": 17},
        headers={"Origin": "https://newsroom.example"},
    )
    assert ok.status_code == 200
