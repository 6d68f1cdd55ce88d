"""Benchmark ``unspun batch``: documents per second for 1 and 2 local workers and for Ray
on this machine, memory per worker, scaling efficiency, and a projection to N machines.

    OMP_NUM_THREADS=1 python bench/batch.py            # 300 synthetic documents
    OMP_NUM_THREADS=1 python bench/batch.py -n 1000 --no-ray

Every configuration analyses the same deterministic corpus (bench/make_corpus.py) into a
fresh run folder. The pace is measured after the first batch came back (model loading is
reported apart, as start-up), and compared with the 1-worker run measured here, now.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from unspun.batch import BatchOptions, run_batch
from unspun.batch.analyse import worker_config
from unspun.batch.dedup import DuplicateGrouper
from unspun.batch.options import DedupOptions
from unspun.pipeline.config import load_config
from unspun.readers import read_inputs

HERE = Path(__file__).resolve().parent


def _make_corpus(path: Path, n: int) -> None:
    spec = importlib.util.spec_from_file_location("make_corpus", HERE / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    records = module.make_records(n, seed=12, dup_rate=0.15)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _driver_pace(corpus: Path) -> float:
    """Documents per second the runner alone manages (read + near-duplicate grouping):
    the ceiling of one driver, however many workers it feeds."""
    grouper = DuplicateGrouper(DedupOptions())
    started = time.perf_counter()
    n = 0
    for seq, item in enumerate(read_inputs([str(corpus)])):
        grouper.assign(seq, item.id or "", getattr(item, "text", ""))
        n += 1
    return n / (time.perf_counter() - started)


def _run(corpus: Path, root: Path, engine: str, workers: int) -> dict[str, Any]:
    run_dir = root / f"{engine}-{workers}"
    # One model thread per worker everywhere: the 1-worker run uses one core, so the
    # ratios measure what another worker (another core) adds.
    config = worker_config(load_config(), 1)
    options = BatchOptions(
        inputs=(str(corpus),),
        run_dir=run_dir,
        engine=engine,
        workers=workers,  # type: ignore[arg-type]
        chunk_size=200,
        batch_size=8,
        restart=True,
        config=config,
    )
    started = time.perf_counter()
    summary = run_batch(options)
    wall = time.perf_counter() - started
    session = json.loads((run_dir / "manifest.json").read_text())["sessions"][-1]
    memory = [m for m in session["workers_memory_mb"].values() if m]
    return {
        "engine": engine,
        "workers": workers,
        "documents": summary.documents,
        "wall_s": round(wall, 1),
        "startup_s": session["startup_seconds"],
        "docs_per_s": session["steady_docs_per_second"],
        "peak_rss_mb_per_worker": round(max(memory), 0) if memory else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="Documents in the corpus.")
    parser.add_argument("--no-ray", action="store_true", help="Skip the Ray engine.")
    parser.add_argument("--machines", type=int, nargs="*", default=[4, 16, 64])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="unspun-bench-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus.jsonl"
        _make_corpus(corpus, args.n)
        driver = _driver_pace(corpus)
        plan = [("local", 1), ("local", 2)] + ([] if args.no_ray else [("ray", 2)])
        rows = [_run(corpus, root, engine, workers) for engine, workers in plan]
    base = rows[0]["docs_per_s"]
    print(
        f"corpus: {args.n} short synthetic documents; cores: {os.cpu_count()}; "
        f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset)')}"
    )
    print(
        f"{'engine':<7}{'workers':>8}{'docs/s':>9}{'x 1-worker':>12}{'efficiency':>12}"
        f"{'start-up s':>12}{'wall s':>9}{'MB/worker':>11}"
    )
    for r in rows:
        speedup = r["docs_per_s"] / base if base else float("nan")
        print(
            f"{r['engine']:<7}{r['workers']:>8}{r['docs_per_s']:>9.2f}{speedup:>12.2f}"
            f"{speedup / r['workers']:>12.0%}{r['startup_s']:>12.1f}{r['wall_s']:>9.1f}"
            f"{r['peak_rss_mb_per_worker'] or 0:>11.0f}"
        )
    print(f"driver alone (read + near-duplicate grouping): {driver:,.0f} docs/s")
    cores = os.cpu_count() or 1
    # Several machines means Ray: project from the pace of one Ray actor measured here
    # (on a small machine Ray's own daemons share the cores, so this is a lower bound),
    # and from the pace of one local worker (the upper bound a well-sized node approaches).
    ray_rows = [r for r in rows if r["engine"] == "ray"]
    bounds = [("local worker", base)]
    if ray_rows:
        bounds.insert(0, ("Ray actor", ray_rows[0]["docs_per_s"] / ray_rows[0]["workers"]))
    memory = max(r["peak_rss_mb_per_worker"] or 0 for r in rows) / 1024
    print("projection to N machines (one worker per core; the driver caps the total):")
    for machines in args.machines:
        for per_machine in sorted({cores, 16}):
            paces = [min(machines * per_machine * pace, driver) for _, pace in bounds]
            low, high = min(paces), max(paces)
            print(
                f"  {machines:>3} machines x {per_machine:>2} workers: {low:,.0f}-{high:,.0f} "
                f"docs/s ({86400 * low / 1e6:,.1f}-{86400 * high / 1e6:,.1f} M docs/day); "
                f"{per_machine * memory:.1f} GB per machine"
                f"{'; driver-bound' if high == driver else ''}"
            )
    print("per worker: " + ", ".join(f"{name} {pace:.2f} docs/s" for name, pace in bounds))


if __name__ == "__main__":
    main()
