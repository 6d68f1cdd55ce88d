"""The same job on every engine gives the same tables: in-process, worker processes, and a
real local Ray cluster (actors, one pipeline each)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from unspun.batch import BatchOptions, read_table, run_batch
from unspun.batch.tables import TABLES

from .test_batch_run import write_corpus

N_DOCS = 12


def _tables(run_dir: Path) -> dict[str, list[dict]]:
    out = {}
    for table in TABLES:
        rows = read_table(run_dir, table).to_pylist()
        out[table] = sorted(rows, key=lambda r: (r["seq"], r.get("start") or 0, str(r)))
    return out


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory, nlp) -> tuple[BatchOptions, dict]:
    folder = tmp_path_factory.mktemp("engines")
    corpus = folder / "feed.jsonl"
    write_corpus(corpus, N_DOCS)
    options = BatchOptions(inputs=(str(corpus),), run_dir=folder / "local", chunk_size=5)
    run_batch(options, pipeline=nlp)
    return options, _tables(options.run_dir)


def test_batch_worker_processes_give_the_same_tables(job, tmp_path: Path) -> None:
    options, expected = job
    pool = options.model_copy(update={"run_dir": tmp_path / "pool", "workers": 2, "batch_size": 2})
    summary = run_batch(pool)
    assert summary.documents == N_DOCS
    assert _tables(pool.run_dir) == expected
    sessions = json.loads((pool.run_dir / "manifest.json").read_text())["sessions"]
    pids = {int(pid) for pid in sessions[-1]["workers_memory_mb"]}
    assert pids and os.getpid() not in pids and len(pids) <= 2  # worker processes did it


def test_batch_ray_engine_gives_the_same_tables(job, tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    options, expected = job
    ray.init(
        num_cpus=2,
        object_store_memory=200 * 1024 * 1024,
        include_dashboard=False,
        log_to_driver=False,
    )
    try:
        on_ray = options.model_copy(
            update={"run_dir": tmp_path / "ray", "engine": "ray", "workers": 2, "batch_size": 3}
        )
        summary = run_batch(on_ray)
        assert summary.documents == N_DOCS and summary.analysed == N_DOCS
        assert _tables(on_ray.run_dir) == expected
        # Resuming a finished Ray run analyses nothing again.
        again = run_batch(on_ray)
        assert again.session_documents == 0
    finally:
        ray.shutdown()


def test_batch_worker_setup_error_is_the_typed_error(job, tmp_path: Path) -> None:
    from unspun.detectors.narratives.catalogue import CatalogueError
    from unspun.pipeline.config import load_config

    options, _ = job
    config = load_config(components=["language", "segment", "narratives"])
    config.set("narratives", "catalogues", [str(tmp_path / "missing.yaml")])
    broken = options.model_copy(
        update={"run_dir": tmp_path / "broken", "workers": 2, "config": config}
    )
    with pytest.raises(CatalogueError) as err:  # raised in a worker process, said here
        run_batch(broken)
    assert err.value.code == "E320" and "missing.yaml" in str(err.value)
    assert err.value.hint
