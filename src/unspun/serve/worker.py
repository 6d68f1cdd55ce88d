"""One thread runs every analysis; documents that wait together are analysed together.

The pipeline must not run in two threads at once (see :mod:`unspun.serve.analyser`), so a
single worker thread takes jobs in order. When several requests are waiting, their
documents go through the pipeline as one batch (up to ``max_batch`` documents), which the
pipeline runs faster than one by one (about 1.2x on 2 cores), and each request gets its
own outcomes back. A job that waited longer than ``queue_timeout`` is answered with E716
instead of being run.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from unspun.model.document import Document
from unspun.model.failure import Failure
from unspun.pipeline.pipeline import Outcome
from unspun.serve.errors import BusyError

Items = Sequence[Document | Failure]


@dataclass
class _Job:
    items: Items | None = None
    call: Callable[[], Any] | None = None
    future: Future[Any] = field(default_factory=Future)
    queued: float = field(default_factory=time.monotonic)


class Worker:
    """The worker thread and its queue (started on first use, a daemon)."""

    def __init__(
        self,
        run_batch: Callable[[list[Document | Failure]], list[Outcome]],
        *,
        max_batch: int = 8,
        queue_timeout: float = 120.0,
    ):
        self.run_batch = run_batch
        self.max_batch = max_batch
        self.queue_timeout = queue_timeout
        self._jobs: deque[_Job] = deque()
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        #: Sizes of the batches run so far (for tests and the load benchmark).
        self.batches: list[int] = []

    def _submit(self, job: _Job) -> Future[Any]:
        with self._ready:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="unspun-worker", daemon=True
                )
                self._thread.start()
            self._jobs.append(job)
            self._ready.notify()
        return job.future

    async def analyse(self, items: Items) -> list[Outcome]:
        """The outcomes of ``items``, in order, once the worker has run them."""
        result: list[Outcome] = await asyncio.wrap_future(self._submit(_Job(items=items)))
        return result

    async def call(self, fn: Callable[[], Any]) -> Any:
        """``fn()`` run by the worker thread, in turn with the analyses."""
        return await asyncio.wrap_future(self._submit(_Job(call=fn)))

    def _take(self) -> list[_Job]:
        """The next job, and the document jobs right behind it that fit in one batch."""
        with self._ready:
            while not self._jobs:
                self._ready.wait()
            first = self._jobs.popleft()
            taken = [first]
            if first.items is None:
                return taken
            size = len(first.items)
            while self._jobs and self._jobs[0].items is not None:
                if size + len(self._jobs[0].items or ()) > self.max_batch:
                    break
                job = self._jobs.popleft()
                size += len(job.items or ())
                taken.append(job)
            return taken

    def _expired(self, job: _Job) -> bool:
        if time.monotonic() - job.queued <= self.queue_timeout:
            return False
        job.future.set_exception(
            BusyError(
                f"the analyses before this one took longer than {self.queue_timeout:g} seconds",
                hint="Retry later, or send fewer or shorter documents at once.",
            )
        )
        return True

    def _loop(self) -> None:
        while True:
            jobs = [j for j in self._take() if not self._expired(j)]
            jobs = [j for j in jobs if j.future.set_running_or_notify_cancel()]
            if not jobs:
                continue
            try:
                if jobs[0].call is not None:
                    jobs[0].future.set_result(jobs[0].call())
                    continue
                items = [item for job in jobs for item in job.items or ()]
                outcomes = self.run_batch(items)
                self.batches.append(len(items))
                start = 0
                for job in jobs:
                    end = start + len(job.items or ())
                    job.future.set_result(outcomes[start:end])
                    start = end
            except BaseException as exc:
                for job in jobs:
                    if not job.future.done():
                        job.future.set_exception(exc)
