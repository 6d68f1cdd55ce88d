"""Engines: where the documents of a run are analysed.

An engine maps batches of :class:`~unspun.batch.analyse.WorkItem` to
:class:`~unspun.batch.analyse.BatchResult`, in any order, keeping a bounded number of
batches in flight (memory does not grow with the corpus). Reading, near-duplicate
grouping, writing and the journal stay with the runner, so every engine writes the same
tables. ``local`` runs in this process (``workers=1``) or in worker processes; ``ray``
runs one actor per worker on a Ray cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from unspun.batch.analyse import BatchResult, WorkItem
from unspun.batch.options import BatchOptions
from unspun.pipeline.pipeline import Pipeline


class Engine(Protocol):
    """What the runner needs from an engine."""

    name: str

    def map(self, batches: Iterable[list[WorkItem]]) -> Iterator[BatchResult]:
        """Analyse every batch; yield each result once, in any order."""
        ...

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        ...


def make_engine(options: BatchOptions, pipeline: Pipeline | None = None) -> Engine:
    """The engine ``options.engine`` names, with ``options.workers`` workers.

    ``pipeline`` (an already loaded one) is used by the in-process engine only.
    """
    if options.engine == "ray":
        from unspun.batch.engines.ray_engine import RayEngine

        return RayEngine(options)
    from unspun.batch.engines.local import InProcessEngine, ProcessPoolEngine

    if options.workers == 1:
        return InProcessEngine(options, pipeline)
    return ProcessPoolEngine(options)
