"""The work one engine worker does: analyse a batch of documents, return table rows.

Every engine (in-process, worker processes, Ray actors) runs this same code, so the
tables are the same whichever engine ran the job. A worker builds its pipeline once and
keeps it for every batch it is sent.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from dataclasses import dataclass, field
from typing import Any

from unspun.batch.metadata import DocMeta
from unspun.batch.tables import Row, failure_rows, record_rows
from unspun.model.document import Document
from unspun.model.record import AnalysisRecord
from unspun.pipeline.config import PipelineConfig
from unspun.pipeline.pipeline import Pipeline


@dataclass(frozen=True)
class WorkItem:
    """One document to analyse, with its input position and metadata columns."""

    seq: int
    document: Document
    meta: DocMeta


@dataclass
class DocResult:
    """What came of one document: its rows in every table, and its journal entry."""

    seq: int
    id: str | None
    status: str  # "analysed" or "failed"
    error: str | None  # the error as JSON, for the journal
    rows: dict[str, list[Row]]


@dataclass
class BatchResult:
    """The results of one batch and the worker that produced them."""

    results: list[DocResult]
    worker: dict[str, Any] = field(default_factory=dict)


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (ru_maxrss is KB on Linux, B on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def worker_config(config: PipelineConfig, threads: int) -> PipelineConfig:
    """``config`` with every model component that takes ``threads`` (and was not given
    a number in the config) set to ``threads``, so that workers share the cores instead
    of each taking them all. The thread count is not part of a run's identity."""
    import inspect

    from unspun.pipeline.registry import get_factory

    tuned = config.model_copy(deep=True)
    for name in tuned.pipeline.components:
        factory = get_factory(tuned.factory_name(name))
        try:
            takes = "threads" in inspect.signature(factory).parameters
        except (TypeError, ValueError):  # a callable without a signature
            takes = False
        if takes and "threads" not in tuned.settings(name):
            tuned.set(name, "threads", threads)
    return tuned


class Analyser:
    """A pipeline and the settings that turn its analyses into rows."""

    def __init__(
        self,
        config: PipelineConfig | None = None,
        *,
        pipeline: Pipeline | None = None,
        include_text: bool = True,
    ) -> None:
        self.nlp = pipeline if pipeline is not None else Pipeline.from_config(config)
        self.include_text = include_text
        self.analysed = 0

    def __call__(self, items: list[WorkItem]) -> BatchResult:
        """Analyse ``items``; every item yields exactly one :class:`DocResult`."""
        by_id = {item.document.id: item for item in items}
        results: list[DocResult] = []
        for outcome in self.nlp.run([item.document for item in items]):
            if outcome.analysis is not None:
                item = by_id[outcome.analysis.document.id]
                record = AnalysisRecord.from_analysis(
                    outcome.analysis, include_text=self.include_text
                )
                rows = record_rows(item.seq, record, item.meta)
                results.append(DocResult(item.seq, record.id, "analysed", None, rows))
            elif outcome.failure is not None:
                item = by_id[outcome.failure.id or ""]
                failure = outcome.failure.to_record()
                rows = failure_rows(item.seq, failure, item.meta)
                error = json.dumps(failure.error, sort_keys=True)
                results.append(DocResult(item.seq, failure.id, "failed", error, rows))
        self.analysed += len(results)
        worker = {"pid": os.getpid(), "peak_rss_mb": peak_rss_mb(), "documents": self.analysed}
        return BatchResult(results, worker)
