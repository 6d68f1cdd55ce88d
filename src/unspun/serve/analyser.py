"""The models behind the service: one pipeline, loaded once, shared by every request.

Analyses are CPU work: one worker thread runs them, one batch at a time
(:mod:`unspun.serve.worker`). The pipeline is not safe to run from two threads at once
(measured: the English attribution parse loses findings when two documents share it),
and on the machines we serve from a second analysis would only split the same cores. A
request waits for its turn at most ``settings.queue_timeout`` seconds (then E716); each
document has ``settings.analysis_timeout`` seconds (then E602, the document fails and the
next runs).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from unspun.model.document import Document
from unspun.model.failure import Failure
from unspun.pipeline.pipeline import Outcome, Pipeline
from unspun.serve.settings import Settings
from unspun.serve.worker import Worker

Ranking = list[tuple[str, float]]


class Analyser:
    """Runs documents and span questions through the shared pipeline, in one thread."""

    def __init__(self, settings: Settings, pipeline: Pipeline | None = None):
        self.settings = settings
        self._pipeline = pipeline
        self._load_lock = threading.Lock()
        self._technique: Any = None
        self.worker = Worker(self.run_sync, queue_timeout=settings.queue_timeout)

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline, loaded on first use (``unspun serve`` loads it at start-up)."""
        with self._load_lock:
            if self._pipeline is None:
                from unspun.api import load

                self._pipeline = load(self.settings.config)
            return self._pipeline

    def warm(self) -> None:
        """Load the models now (so that the first request does not wait for them)."""
        self.run_sync([Document(id="warm-up", text="The models are ready.")])

    def run_sync(self, items: Sequence[Document | Failure]) -> list[Outcome]:
        """Analyse ``items`` in this thread, one outcome per item, in order (the worker
        thread calls it; so do the start-up and tests, never two threads at once)."""
        nlp = self.pipeline.with_timeout(self.settings.analysis_timeout)
        return list(nlp.run(list(items)))

    async def run(self, items: Sequence[Document | Failure]) -> list[Outcome]:
        """Analyse ``items`` in the worker thread, batched with other waiting requests."""
        return await self.worker.analyse(items)

    def technique_detector(self) -> Any:
        """The pipeline's English technique detector (built apart if the pipeline has none)."""
        from unspun.detectors.techniques.detector import TechniqueDetector

        if self._technique is None:
            found = [c for _, c in self.pipeline.components if isinstance(c, TechniqueDetector)]
            self._technique = found[0] if found else TechniqueDetector()
        return self._technique

    def rank_sync(self, text: str, start: int, end: int) -> Ranking:
        """PTC techniques for ``text[start:end]``, best first, with calibrated scores."""
        detector = self.technique_detector()
        return list(detector.rank([text], [[(start, end)]])[0][0])

    async def rank(self, text: str, start: int, end: int) -> Ranking:
        """:meth:`rank_sync` in the worker thread, in turn with the analyses."""
        ranking: Ranking = await self.worker.call(lambda: self.rank_sync(text, start, end))
        return ranking
