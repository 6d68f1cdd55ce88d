"""``run_batch``: a corpus run that streams, resumes, groups near-duplicates and counts.

The runner reads the inputs in order and numbers every item (``seq``, its input
position); a document already committed in the journal is skipped, every other one is
grouped with its near-duplicates and sent to the engine in batches. Results are
committed in chunks (:class:`~unspun.batch.chunks.ChunkBuffer`). Killing the process at
any moment and running the same command again finishes the run with every input
position exactly once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from unspun.batch import manifest as mf
from unspun.batch.analyse import DocResult, WorkItem
from unspun.batch.chunks import ChunkBuffer, CommittedCheck
from unspun.batch.dedup import DupInfo, DuplicateGrouper
from unspun.batch.engines import make_engine
from unspun.batch.errors import RESTART_HINT, BatchOptionError, ResumeMismatchError
from unspun.batch.fingerprint import differences, digest, fingerprint
from unspun.batch.journal import Journal
from unspun.batch.metadata import DocMeta
from unspun.batch.options import BatchOptions
from unspun.batch.parts import remove_uncommitted
from unspun.batch.rundir import RunLock, prepare
from unspun.batch.summary import BatchSummary, summarise
from unspun.batch.tables import TABLES, failure_rows
from unspun.model.document import Document
from unspun.model.failure import Failure
from unspun.pipeline.pipeline import Pipeline
from unspun.readers import read_inputs
from unspun.readers.guard import check_output_not_input, excluded_outputs


def _check_inputs(options: BatchOptions) -> None:
    if "-" in options.inputs:
        raise BatchOptionError(
            "unspun batch cannot read standard input: a resumed run must read its inputs again",
            hint="Save the stream to a file (e.g. posts.jsonl) and give that file.",
        )
    check_output_not_input(options.inputs, options.run_dir, "parquet")


def _check_resume(journal: Journal, identity: dict[str, Any], run_dir: Path) -> None:
    old = journal.get("fingerprint")
    if old is None:
        journal.put("fingerprint", identity)
        journal.put("started", mf.now())
        return
    changes = differences(old, identity)
    if changes:
        listed = "; ".join(changes[:6]) + (
            f"; and {len(changes) - 6} more" if len(changes) > 6 else ""
        )
        raise ResumeMismatchError(
            f"{run_dir} holds a run started with other inputs or settings ({listed})",
            hint=RESTART_HINT,
        )


class _Feed:
    """The input stream as batches of work; reader failures and committed positions are
    handled here and never reach the engine."""

    def __init__(
        self,
        options: BatchOptions,
        check: CommittedCheck,
        buffer: ChunkBuffer,
        progress: Callable[[int], None] | None = None,
    ):
        self.progress = progress
        self.options = options
        self.check = check
        self.buffer = buffer
        self.grouper = DuplicateGrouper(options.dedup)
        self.dups: dict[int, DupInfo] = {}
        self.read = 0

    def batches(self) -> Iterator[list[WorkItem]]:
        options = self.options
        read = options.read.model_copy(
            update={"exclude": excluded_outputs(options.run_dir, "parquet")}
        )
        batch: list[WorkItem] = []
        for seq, item in enumerate(read_inputs(options.inputs, read)):
            self.read = seq + 1
            dup = None
            if isinstance(item, Document):  # every document, committed or not: the
                dup = self.grouper.assign(seq, item.id, item.text)  # groups must match
            if self.check.is_committed(seq, item.id):
                continue
            if isinstance(item, Failure):
                record = item.to_record()
                rows = failure_rows(seq, record, None)
                error = item.error.to_dict()
                self.buffer.add(
                    DocResult(seq, item.id, "failed", json.dumps(error, sort_keys=True), rows)
                )
                if self.progress is not None:
                    self.progress(1)
                continue
            assert dup is not None
            self.dups[seq] = dup
            batch.append(WorkItem(seq, item, DocMeta.of(item, options.author_field)))
            if len(batch) >= options.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def annotate(self, result: DocResult) -> DocResult:
        """Fill the near-duplicate columns of ``result``'s rows."""
        dup = self.dups.pop(result.seq, None) or DupInfo(result.seq, result.id or "", 1.0)
        columns = dup.columns(result.seq)
        for rows in result.rows.values():
            for row in rows:
                row.update(columns)
        return result


def _pace(first: tuple[float, int] | None, documents: int) -> float | None:
    """Documents per second after the first batch came back (model loading excluded)."""
    if first is None:
        return None
    elapsed = time.perf_counter() - first[0]
    return round((documents - first[1]) / elapsed, 3) if elapsed > 0 else None


def run_batch(
    options: BatchOptions,
    *,
    pipeline: Pipeline | None = None,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Run (or resume) the corpus job ``options`` describes; return its summary.

    ``pipeline``: an already loaded pipeline for the in-process engine (``workers=1``).
    ``on_start(n)`` is told how many documents were already committed; ``progress(n)``
    is called each time ``n`` more are analysed (they are committed with their chunk).
    """
    _check_inputs(options)
    run_dir = options.run_dir
    prepare(run_dir, restart=options.restart)
    with RunLock(run_dir):
        journal = Journal(run_dir)
        try:
            return _run(options, journal, pipeline, progress, on_start)
        finally:
            journal.close()


def _run(
    options: BatchOptions,
    journal: Journal,
    pipeline: Pipeline | None,
    progress: Callable[[int], None] | None,
    on_start: Callable[[int], None] | None,
) -> BatchSummary:
    run_dir = options.run_dir
    identity = fingerprint(options)
    _check_resume(journal, identity, run_dir)
    remove_uncommitted([run_dir / t for t in TABLES], journal.parts())
    sessions: list[dict[str, Any]] = journal.get("sessions") or []
    session: dict[str, Any] = {
        "started": mf.now(),
        "engine": options.engine,
        "workers": options.workers,
        "documents": 0,
    }
    sessions.append(session)  # recorded now: a killed session still shows in the manifest
    journal.put("sessions", sessions)
    manifest = mf.base_manifest(identity, digest(identity), journal.get("started"), sessions)
    mf.write_manifest(run_dir, manifest)
    before = sum(journal.counts().values())
    if on_start is not None:
        on_start(before)
    workers: dict[int, dict[str, Any]] = {}
    models: dict[str, str] = dict(journal.get("models") or {})

    def committed(results: list[DocResult]) -> None:
        session["documents"] += len(results)
        journal.put("sessions", sessions)

    buffer = ChunkBuffer(
        run_dir,
        journal,
        size=options.chunk_size,
        seconds=options.chunk_seconds,
        on_commit=committed,
    )
    feed = _Feed(options, CommittedCheck(journal), buffer, progress)
    started = time.perf_counter()
    first: tuple[float, int] | None = None
    engine = make_engine(options, pipeline) if not journal.get("complete") else None
    try:
        if engine is not None:
            for result in engine.map(feed.batches()):
                if first is None:  # models loaded, first batch done: the pace from here
                    first = (time.perf_counter(), len(result.results))
                workers[result.worker.get("pid", 0)] = result.worker
                for doc in result.results:
                    if not models and doc.status == "analysed":
                        models = json.loads(doc.rows["documents"][0]["detectors"])
                        journal.put("models", models)
                    buffer.add(feed.annotate(doc))
                if progress is not None:
                    progress(len(result.results))
        buffer.commit()
    except KeyboardInterrupt:  # Ctrl-C: keep what is analysed, then stop
        buffer.commit()
        raise
    finally:
        if engine is not None:
            engine.close()
    seconds = time.perf_counter() - started
    journal.put("complete", True)
    session.update(
        finished=mf.now(),
        seconds=round(seconds, 3),
        docs_per_second=round(session["documents"] / seconds, 3) if seconds > 0 else None,
        startup_seconds=round(first[0] - started, 3) if first else None,
        steady_docs_per_second=_pace(first, session["documents"]),
        workers_memory_mb={str(k): w.get("peak_rss_mb") for k, w in workers.items()},
    )
    journal.put("sessions", sessions)
    summary = summarise(run_dir, journal)
    manifest.update(
        status="complete",
        updated=mf.now(),
        finished=mf.now(),
        models=models,
        counts=summary.counts(),
        failures=journal.failures(mf.LISTED_FAILURES),
        sessions=sessions,
        dedup={"groups": summary.stories, "duplicates": summary.duplicates},
    )
    mf.write_manifest(run_dir, manifest)
    summary.seconds = round(seconds, 3)
    summary.session_documents = session["documents"]
    return summary
