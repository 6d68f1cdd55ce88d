"""Load benchmark of ``unspun serve``: concurrent clients on loopback, real models.

    .venv/bin/python bench/serve_load.py [--clients 1,4,16] [--requests 24] [--json-out F]
    .venv/bin/python bench/serve_load.py --soak 180 [--clients 16] [--sample 5]

Starts ``unspun serve`` (SQLite in a temporary folder, a token, the rate limit raised),
then for each number of clients sends ``--requests`` analyses (POST /v1/analyses, stored)
from that many threads at once, and measures throughput, p50/p99 latency, errors and the
server's resident memory (current and peak). In the same run it analyses the same texts
in-process with ``unspun.analyze`` (one pipeline, sequentially: the library as a script
would call it) and prints the ratios server / library. Texts: the bundled example article
and PTC articles cut to ~250 words when ../shared/data is present.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-token-0123456789"
WORDS = 250


def texts(n: int) -> list[str]:
    """``n`` texts of about ``WORDS`` words."""
    folder = ROOT.parent / "shared" / "data" / "ptc" / "train-articles"
    pool: list[str] = []
    if folder.is_dir():
        for path in sorted(folder.glob("article*.txt"))[: n * 2]:
            words = path.read_text(encoding="utf-8").split()
            if len(words) >= WORDS // 2:
                pool.append(" ".join(words[:WORDS]))
    if not pool:
        words = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8").split()
        pool = [" ".join(words[k:] + words[:k])[: WORDS * 7] for k in range(0, len(words), 7)]
    return [pool[i % len(pool)] for i in range(n)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_kib(pid: int) -> tuple[int, int]:
    """Resident and peak resident memory of a process, in KiB (Linux)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found.get("VmRSS", 0), found.get("VmHWM", 0)


def start_server(port: int, data: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "unspun",
        "serve",
        "--port",
        str(port),
        "--data-dir",
        str(data),
        "--token",
        TOKEN,
        "--rate",
        "1000000",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(
                f"the server stopped: {proc.stderr.read().decode() if proc.stderr else ''}"
            )
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start within 180 s")


def load(url: str, docs: list[str], clients: int) -> dict[str, Any]:
    """Send ``docs`` from ``clients`` threads; latency per request, errors, wall time."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    queue = list(enumerate(docs))

    def client() -> None:
        with httpx.Client(timeout=600, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
            while True:
                with lock:
                    if not queue:
                        return
                    _, text = queue.pop()
                started = time.perf_counter()
                try:
                    answer = http.post(f"{url}/v1/analyses", json={"text": text})
                    ok = answer.status_code == 201
                    why = f"HTTP {answer.status_code}"
                except httpx.HTTPError as exc:
                    ok, why = False, type(exc).__name__
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    if not ok:
                        errors.append(why)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(docs),
        "seconds": round(wall, 2),
        "per_second": round(len(docs) / wall, 3),
        "p50": round(percentile(latencies, 0.5), 3),
        "p99": round(percentile(latencies, 0.99), 3),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
    }


def soak(url: str, pid: int, docs: list[str], clients: int, seconds: float, every: float) -> Any:
    """``clients`` threads send ``docs`` in turn for ``seconds``; RSS sampled every ``every``."""
    samples: list[tuple[float, float]] = []  # (seconds since start, RSS MiB)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(10**9))
    started = time.monotonic()
    deadline = started + seconds
    done = threading.Event()

    def sample() -> None:
        while True:
            samples.append((time.monotonic() - started, rss_kib(pid)[0] / 1024))
            if done.wait(every):
                return

    def client() -> None:
        with httpx.Client(timeout=600, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
            while time.monotonic() < deadline:
                with lock:
                    n = next(counter)
                t = time.perf_counter()
                try:
                    answer = http.post(
                        f"{url}/v1/analyses", json={"text": f"{docs[n % len(docs)]} ({n})"}
                    )
                    why = None if answer.status_code == 201 else f"HTTP {answer.status_code}"
                except httpx.HTTPError as exc:
                    why = type(exc).__name__
                with lock:
                    latencies.append(time.perf_counter() - t)
                    if why:
                        errors.append(why)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.monotonic() - started
    done.set()
    sampler.join()
    samples.append((time.monotonic() - started, rss_kib(pid)[0] / 1024))
    rss = [m for _, m in samples]
    half = [s for s in samples if s[0] >= seconds / 2]
    return {
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": len(latencies),
        "per_second": round(len(latencies) / wall, 3),
        "p50": round(percentile(latencies, 0.5), 3) if latencies else None,
        "p99": round(percentile(latencies, 0.99), 3) if latencies else None,
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "rss_start_mib": round(rss[0], 1),
        "rss_peak_mib": round(max(rss), 1),
        "rss_end_mib": round(rss[-1], 1),
        "peak_hwm_mib": round(rss_kib(pid)[1] / 1024, 1),
        "slope_mib_per_min": round(slope(samples), 2),
        "slope_second_half_mib_per_min": round(slope(half), 2),
        "samples": [(round(t, 1), round(m, 1)) for t, m in samples],
    }


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MiB) points, in MiB per minute (0 for < 2 points)."""
    if len(points) < 2:
        return 0.0
    mt = sum(t for t, _ in points) / len(points)
    mm = sum(m for _, m in points) / len(points)
    var = sum((t - mt) ** 2 for t, _ in points)
    if var == 0:
        return 0.0
    return 60 * sum((t - mt) * (m - mm) for t, m in points) / var


def in_process(docs: list[str]) -> dict[str, Any]:
    """The library in this process: one pipeline, the same texts, one after another."""
    import unspun

    nlp = unspun.load()
    unspun.analyze("Warm the models up.", pipeline=nlp)
    latencies = []
    started = time.perf_counter()
    for text in docs:
        t = time.perf_counter()
        unspun.analyze(text, pipeline=nlp)
        latencies.append(time.perf_counter() - t)
    wall = time.perf_counter() - started
    return {
        "requests": len(docs),
        "seconds": round(wall, 2),
        "per_second": round(len(docs) / wall, 3),
        "p50": round(percentile(latencies, 0.5), 3),
        "p99": round(percentile(latencies, 0.99), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", default="1,4,16", help="Client counts, comma-separated.")
    parser.add_argument("--requests", type=int, default=24, help="Requests per client count.")
    parser.add_argument("--json-out", type=Path, default=None)
    parser.add_argument(
        "--soak",
        type=float,
        default=None,
        metavar="SECONDS",
        help="Soak test: the clients (default 16) send for SECONDS; RSS over time.",
    )
    parser.add_argument("--sample", type=float, default=5.0, help="Soak: seconds per sample.")
    args = parser.parse_args()
    if args.soak is not None:
        run_soak(args)
        return
    levels = [int(c) for c in args.clients.split(",")]
    docs = texts(args.requests)
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    results: dict[str, Any] = {"texts": len(docs), "words": WORDS, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as data:
        proc = start_server(port, Path(data))
        try:
            url = f"http://127.0.0.1:{port}"
            load(url, docs[:2], 1)  # warm-up: first requests pay for lazy set-up
            results["server_idle_rss_mib"] = round(rss_kib(proc.pid)[0] / 1024, 1)
            results["server"] = []
            for clients in levels:
                row = load(url, docs, clients)
                rss, peak = rss_kib(proc.pid)
                row["rss_mib"], row["peak_rss_mib"] = round(rss / 1024, 1), round(peak / 1024, 1)
                results["server"].append(row)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    results["library"] = base = in_process(docs)
    print(
        f"{len(docs)} texts of ~{WORDS} words, {os.cpu_count()} CPUs, "
        "one analysis at a time in the server"
    )
    print(
        f"library in-process: {base['per_second']:.2f} docs/s, p50 {base['p50']:.2f} s, "
        f"p99 {base['p99']:.2f} s"
    )
    print(
        "clients  docs/s  p50 s  p99 s  errors  RSS MiB  peak MiB  x library docs/s  x library p50"
    )
    for row in results["server"]:
        print(
            f"{row['clients']:>7}  {row['per_second']:>6.2f}  {row['p50']:>5.2f}"
            f"  {row['p99']:>5.2f}"
            f"  {row['errors']:>6}  {row['rss_mib']:>7.0f}  {row['peak_rss_mib']:>8.0f}"
            f"  {row['per_second'] / base['per_second']:>16.2f}  {row['p50'] / base['p50']:>13.2f}"
        )
    if args.json_out:
        args.json_out.write_text(json.dumps(results, indent=2), encoding="utf-8")


def run_soak(args: argparse.Namespace) -> None:
    clients = 16 if args.clients == "1,4,16" else int(args.clients.split(",")[0])
    docs = texts(64)
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as data:
        proc = start_server(port, Path(data))
        try:
            url = f"http://127.0.0.1:{port}"
            load(url, docs[:2], 1)  # warm-up
            row = soak(url, proc.pid, docs, clients, args.soak, args.sample)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(
        f"soak: {row['clients']} clients for {row['seconds']:.0f} s, {row['requests']} requests "
        f"({row['per_second']:.2f}/s), p50 {row['p50']} s, p99 {row['p99']} s, "
        f"errors {row['errors']} {row['error_kinds'] or ''}"
    )
    print(
        f"RSS MiB: start {row['rss_start_mib']:.0f}, peak {row['rss_peak_mib']:.0f} "
        f"(high-water {row['peak_hwm_mib']:.0f}), end {row['rss_end_mib']:.0f}; "
        f"slope {row['slope_mib_per_min']:+.1f} MiB/min "
        f"(second half {row['slope_second_half_mib_per_min']:+.1f} MiB/min)"
    )
    print("samples (s, MiB):", " ".join(f"{t:.0f}:{m:.0f}" for t, m in row["samples"]))
    if args.json_out:
        args.json_out.write_text(json.dumps(row, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
