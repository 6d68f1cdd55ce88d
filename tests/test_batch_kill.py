"""Kill a real ``unspun batch`` process (SIGKILL) at random moments, then finish it:
every input document is in the tables exactly once, with the findings of a clean run."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from unspun.batch import read_table

from .test_batch_run import write_corpus

N_DOCS = 40
KILLS = 4


def _command(corpus: Path, run_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from unspun.cli.main import main; main()",
        "batch",
        str(corpus),
        "-o",
        str(run_dir),
        "--chunk-size",
        "3",
        "--batch-size",
        "2",
        "-q",
    ]


def _committed(run_dir: Path) -> int:
    """Documents the journal lists as committed (read-only; 0 before it exists)."""
    path = run_dir / "journal.sqlite"
    if not path.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)) as db:
            return int(db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])
    except sqlite3.Error:  # created but no tables yet
        return 0


@pytest.mark.slow
def test_batch_survives_sigkill_at_random_points(tmp_path: Path, nlp) -> None:
    corpus = tmp_path / "feed.jsonl"
    records = write_corpus(corpus, N_DOCS - 1, [{"id": "blank", "text": ""}])
    run_dir = tmp_path / "run"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    seed = int(os.environ.get("UNSPUN_KILL_SEED", time.time_ns() % 10_000))
    rng = random.Random(seed)
    # One kill while the process starts (imports, models), then kills once the journal
    # holds a random number of documents, a random fraction of a second later (between
    # commits, or while a part is being written).
    targets = [0, *sorted(rng.sample(range(1, N_DOCS - 3), KILLS - 1))]
    committed: list[int] = []
    for target in targets:
        proc = subprocess.Popen(_command(corpus, run_dir), env=env, stderr=subprocess.DEVNULL)
        if target == 0:
            time.sleep(rng.uniform(0.5, 2.5))
        else:
            deadline = time.monotonic() + 120
            while _committed(run_dir) < target and proc.poll() is None:
                assert time.monotonic() < deadline, "the run made no progress"
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        committed.append(_committed(run_dir))
    assert any(0 < n < N_DOCS for n in committed), committed  # some kills were mid-run
    print(f"seed {seed}; documents committed after each kill: {committed}")
    done = subprocess.run(_command(corpus, run_dir), env=env, capture_output=True, timeout=300)
    assert done.returncode == 1, done.stderr.decode()  # one document fails on purpose
    # Parts hold chunks in commit order; rows are ordered by input position only when asked.
    docs = sorted(read_table(run_dir, "documents").to_pylist(), key=lambda d: d["seq"])
    assert [d["seq"] for d in docs] == list(range(N_DOCS)), f"seed {seed}, commits {committed}"
    assert [d["id"] for d in docs] == [r["id"] for r in records]
    assert [d["id"] for d in docs if d["status"] == "failed"] == ["blank"]
    # Exactly once in every table: the findings equal those of an uninterrupted analysis.
    from unspun.readers import read_inputs

    expected = sorted(
        (o.analysis.document.id, f.kind, f.label, f.start, f.end)
        for o in nlp.run(d for d in read_inputs([str(corpus)]) if not hasattr(d, "error"))
        if o.analysis is not None
        for f in o.analysis.findings
    )
    found = sorted(
        (f["id"], f["kind"], f["label"], f["start"], f["end"])
        for f in read_table(run_dir, "findings").to_pylist()
    )
    assert found == expected, f"seed {seed}"
    claims = read_table(run_dir, "claims", ["seq", "start"]).to_pylist()
    assert len({(c["seq"], c["start"]) for c in claims}) == len(claims)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == N_DOCS
    assert manifest["status"] == "complete"
    # Parts a killed process left behind were removed: every file left is committed.
    from unspun.batch.journal import Journal

    journal = Journal(run_dir)
    parts = journal.parts()
    journal.close()
    for table in ("documents", "findings", "claims", "narratives"):
        for path in (run_dir / table).iterdir():
            assert path.name.removesuffix(".parquet") in parts, path
