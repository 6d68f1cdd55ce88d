"""Helpers of the ``unspun serve`` tests: a throwaway PostgreSQL server, sample texts,
a real uvicorn server in a thread (importable, unlike conftest)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: The env var scripts/test.sh sets to a PostgreSQL URL whose user may create databases.
POSTGRES_ENV = "UNSPUN_TEST_POSTGRES_URL"

ARTICLE = (
    "🙂 The Corrupt Regime Lies Again\n\n"
    "Experts believe the corrupt regime will collapse within weeks. Millions now openly say "
    "the traitors in the capital lied to every family in the country. According to the "
    "ministry, unemployment rose by 12 percent in 2023. Only a fool would trust them now: "
    "either we act today or we lose everything we love."
)
CALM = (
    "The city council met on Tuesday to discuss the budget for road repairs. The mayor said "
    "the work would start in May and end in September, according to the published plan."
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_bin() -> Path | None:
    """The folder of PostgreSQL's server programs (initdb, pg_ctl), if installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    return None


def _as_postgres(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root: run its programs as the postgres user then.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a PostgreSQL cluster in a temporary folder on a free loopback port; yield an
    admin URL; stop and delete it afterwards."""
    bindir = postgres_bin()
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="unspun-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
        os.chmod(root, 0o755)
    port = free_port()
    run = lambda cmd: subprocess.run(_as_postgres(cmd), check=True, capture_output=True)  # noqa: E731
    try:
        run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ]
        )
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "-l",
                str(root / "log"),
                "start",
            ]
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)


def create_database(admin_url: str) -> str:
    """A fresh, empty database on the server of ``admin_url``; returns its URL."""
    import psycopg

    name = "unspun_test_" + uuid.uuid4().hex[:12]
    conninfo = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = conninfo.rpartition("/")
    return f"{base}/{name}"


def drop_database(admin_url: str, url: str) -> None:
    import psycopg

    name = url.rpartition("/")[2]
    conninfo = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class LiveServer:
    """A real uvicorn server for an app, on a free loopback port, in a thread."""

    def __init__(self, app: Any):
        import uvicorn

        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
