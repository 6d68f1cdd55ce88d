"""Fixtures of the service tests: both databases (SQLite, and a real PostgreSQL server),
apps over the real pipeline, clients."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serve_helpers import (
    POSTGRES_ENV,
    create_database,
    drop_database,
    postgres_bin,
    throwaway_postgres,
)

pytest.importorskip("fastapi", reason="needs the serve extra (pip install 'unspun[serve]')")

from fastapi.testclient import TestClient

from unspun.serve.app import create_app
from unspun.serve.settings import Settings


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[str]:
    """An admin URL of a real PostgreSQL server: $UNSPUN_TEST_POSTGRES_URL, else a
    throwaway cluster started here (skipped only when PostgreSQL is not installed)."""
    given = os.environ.get(POSTGRES_ENV)
    if given:
        yield given
        return
    if postgres_bin() is None:
        pytest.skip(f"PostgreSQL is not installed (no initdb) and ${POSTGRES_ENV} is not set")
    with throwaway_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None (SQLite under the data dir) or the URL of a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield None
        return
    admin = request.getfixturevalue("postgres_admin")
    url = create_database(admin)
    try:
        yield url
    finally:
        drop_database(admin, url)


@pytest.fixture
def make_settings(tmp_path: Path, database_url: str | None) -> Callable[..., Settings]:
    def make(**values: Any) -> Settings:
        return Settings(data_dir=tmp_path / "data", database_url=database_url, **values)

    return make


@pytest.fixture
def make_client(
    make_settings: Callable[..., Settings], nlp: Any
) -> Iterator[Callable[..., TestClient]]:
    """Clients of apps over the real pipeline (the session's, loaded once)."""
    clients: list[TestClient] = []

    def make(**values: Any) -> TestClient:
        app = create_app(make_settings(**values), pipeline=nlp)
        client = TestClient(app, base_url="http://127.0.0.1")
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
        client.app.state.service.store.close()  # type: ignore[attr-defined]


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()
