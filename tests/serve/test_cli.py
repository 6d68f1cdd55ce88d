"""``unspun serve`` and ``unspun serve tokens`` on the command line; one real server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tests.serve_helpers import free_port
from unspun.cli.main import cli


@pytest.fixture
def backend() -> str:
    return "sqlite"


def test_tokens_create_list_revoke(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["serve", "--data-dir", str(tmp_path), "tokens", "create", "alice"])
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip()
    assert secret.startswith("unspun_")
    again = runner.invoke(cli, ["serve", "--data-dir", str(tmp_path), "tokens", "create", "alice"])
    assert again.exit_code == 2 and "E715" in again.output
    listed = runner.invoke(cli, ["serve", "--data-dir", str(tmp_path), "tokens", "list"])
    assert listed.stdout.startswith("alice\tlive") and secret not in listed.stdout
    gone = runner.invoke(cli, ["serve", "--data-dir", str(tmp_path), "tokens", "revoke", "alice"])
    assert gone.exit_code == 0
    listed = runner.invoke(cli, ["serve", "--data-dir", str(tmp_path), "tokens", "list"])
    assert "alice\trevoked" in listed.stdout
    unknown = runner.invoke(cli, ["serve", "--data-dir", str(tmp_path), "tokens", "revoke", "bob"])
    assert unknown.exit_code == 2 and "E717" in unknown.output


def test_serve_refuses_to_listen_beyond_loopback_without_tokens(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--data-dir", str(tmp_path), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "E702" in result.output and "tokens create" in result.output


def test_serve_bad_database_url(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--database", "mysql://nobody@127.0.0.1:1/x"])
    assert result.exit_code in (2, 4) and ("E701" in result.output or "E703" in result.output)


def test_serve_runs_a_real_server(tmp_path: Path) -> None:
    """`unspun serve` as a user starts it: a process, the real models, a token."""
    port = free_port()
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "unspun",
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path),
            "--token",
            "cli-token-123",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
        assert httpx.get(f"{url}/v1/analyses").status_code == 401
        answer = httpx.post(
            f"{url}/v1/analyses",
            json={"text": "Experts believe the traitors lied."},
            headers={"Authorization": "Bearer cli-token-123"},
            timeout=60,
        )
        assert answer.status_code == 201 and answer.json()["record"]["findings"]
        assert "server" not in answer.headers  # no server banner
    finally:
        proc.terminate()
        proc.wait(timeout=20)
