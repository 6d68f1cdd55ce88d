"""Crash durability: ``kill -9`` of a real ``unspun serve`` during a batch of writes.

A real server process (the real models) takes stored analyses from a few client threads;
it is killed with SIGKILL while requests are in flight, after a random short delay (fixed
seed), then started again on the same data. Every acknowledged analysis must be listed
and whole; nothing may be half-written; an analysis that was not acknowledged may exist
only if its request was cut off by the kill, and then it must be whole too.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from tests.serve_helpers import free_port
from unspun.model.record import AnalysisRecord
from unspun.serve.store.facets import facets_of

CLIENTS = 4
SEED = 11


def start(port: int, data: Path, database_url: str | None) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "unspun", "serve", "--port", str(port)]
    cmd += ["--data-dir", str(data), "--rate", "1000000"]
    if database_url:
        cmd += ["--database", database_url]
    proc = subprocess.Popen(
        cmd,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read().decode() if proc.stderr else "stopped")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("the server did not start within 120 s")
        time.sleep(0.3)


def text_for(marker: str) -> str:
    return f"Experts believe the corrupt traitors lied to every family again. Ticket {marker}."


def test_kill_9_during_writes_leaves_only_whole_acknowledged_analyses(
    tmp_path: Path, database_url: str | None
) -> None:
    rng = random.Random(SEED)
    port = free_port()
    data = tmp_path / "data"
    url = f"http://127.0.0.1:{port}"
    proc = start(port, data, database_url)

    acknowledged: dict[str, dict[str, Any]] = {}  # marker -> response body (201)
    cut_off: set[str] = set()  # sent, no answer: the kill took the response
    refused: set[str] = set()  # answered with an error: must store nothing
    lock = threading.Lock()
    killed = threading.Event()

    def client(n: int) -> None:
        with httpx.Client(timeout=60) as http:
            for k in range(10_000):
                if killed.is_set():
                    return
                marker = f"c{n}-r{k}"
                try:
                    answer = http.post(f"{url}/v1/analyses", json={"text": text_for(marker)})
                except httpx.HTTPError:
                    with lock:
                        cut_off.add(marker)
                    return
                with lock:
                    if answer.status_code == 201 and answer.json().get("id"):
                        acknowledged[marker] = answer.json()
                    else:
                        refused.add(marker)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    try:
        for t in threads:
            t.start()
        # Let some writes land, then kill at a random moment while requests are in flight.
        deadline = time.monotonic() + 120
        while len(acknowledged) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(acknowledged) >= 3, "the server acknowledged no writes"
        time.sleep(rng.uniform(0.05, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        killed.set()
        proc.wait(timeout=10)
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)

    print(f"acknowledged {len(acknowledged)}, cut off {len(cut_off)}")
    assert cut_off, "the kill should have cut off requests in flight"
    assert not refused, f"requests refused before the kill: {sorted(refused)}"

    if database_url is None:  # SQLite: the file itself survived whole
        with sqlite3.connect(data / "unspun.db") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    proc = start(port, data, database_url)
    try:
        with httpx.Client(base_url=url, timeout=30) as http:
            listed: dict[str, dict[str, Any]] = {}
            offset = 0
            while True:
                page = http.get("/v1/analyses", params={"limit": 200, "offset": offset}).json()
                listed.update({item["id"]: item for item in page["items"]})
                offset += page["limit"]
                if offset >= page["total"]:
                    break
            assert len(listed) == page["total"]
            print(f"listed {len(listed)}")

            by_id = {body["id"]: marker for marker, body in acknowledged.items()}
            missing = set(by_id) - set(listed)
            assert not missing, f"acknowledged but not listed: {missing}"

            for analysis_id, summary in listed.items():
                answer = http.get(f"/v1/analyses/{analysis_id}")
                assert answer.status_code == 200, answer.text
                record = AnalysisRecord.model_validate(answer.json()["record"])
                assert record.text is not None
                marker = record.text.rsplit("Ticket ", 1)[1].rstrip(".")
                assert record.text == text_for(marker)
                if analysis_id in by_id:
                    assert by_id[analysis_id] == marker
                    assert answer.json()["record"] == acknowledged[marker]["record"]
                else:  # stored, but its answer was lost in the kill
                    assert marker in cut_off, f"{marker} was stored but never acknowledged"
                # Whole: findings point into the text, the index rows match the record.
                assert record.findings
                for f in record.findings:
                    assert 0 <= f.start < f.end <= len(record.text)
                    assert record.text[f.start : f.end] == f.text
                assert summary["finding_count"] == len(record.findings)
                assert summary["length"] == record.length
                expected: dict[str, dict[str, int]] = {}
                for facet, value, n, _ in facets_of(record):
                    expected.setdefault(facet, {})[value] = n
                assert summary["facets"] == expected

            # Searches through the index find exactly the stored analyses.
            technique = next(iter(next(iter(listed.values()))["facets"]["technique"]))
            found = http.get("/v1/analyses", params={"technique": technique, "limit": 200})
            assert found.json()["total"] == len(listed)
            # And the restarted server takes writes again.
            again = http.post("/v1/analyses", json={"text": text_for("after")})
            assert again.status_code == 201
    finally:
        proc.terminate()
        proc.wait(timeout=20)
