"""The local engines: in this process, or in worker processes on this machine."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from typing import Any

from unspun.batch.analyse import Analyser, BatchResult, WorkItem, worker_config
from unspun.batch.errors import EngineError
from unspun.batch.options import BatchOptions
from unspun.errors import UnspunError
from unspun.pipeline.config import PipelineConfig
from unspun.pipeline.pipeline import Pipeline

#: Batches queued per worker beyond the one it is working on.
QUEUE_PER_WORKER = 2


class InProcessEngine:
    """Analyses batches one after another in the calling process."""

    name = "local"

    def __init__(self, options: BatchOptions, pipeline: Pipeline | None = None) -> None:
        config = worker_config(options.config, threads_per_worker(1))
        self._analyser = Analyser(config, pipeline=pipeline, include_text=options.include_text)
        self.workers = 1

    def map(self, batches: Iterable[list[WorkItem]]) -> Iterator[BatchResult]:
        for batch in batches:
            yield self._analyser(batch)

    def close(self) -> None:
        pass


_WORKER: Analyser | None = None
#: Why the worker could not build its pipeline (a missing model): sent back with each task.
_INIT_ERROR: dict[str, Any] | None = None


def _die_with_parent() -> None:
    """Ask Linux to stop this worker when the runner dies (even by SIGKILL)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: workers end when their queue closes
        pass


def threads_per_worker(workers: int) -> int:
    """The model threads of each of ``workers`` processes on this machine's cores."""
    try:
        cores = len(os.sched_getaffinity(0))  # the cores this process may use (containers)
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, cores // workers)


def _init_worker(config: dict[str, Any], include_text: bool) -> None:
    global _WORKER
    _die_with_parent()
    from unspun.cli.main import keep_torch_out

    keep_torch_out()
    try:
        _WORKER = Analyser(PipelineConfig.model_validate(config), include_text=include_text)
    except UnspunError as exc:  # said once the runner asks for work, as the typed error
        global _INIT_ERROR
        _INIT_ERROR = {
            "module": type(exc).__module__,
            "name": type(exc).__qualname__,
            "message": exc.message,
            "hint": exc.hint,
            "source": exc.source,
        }


def _analyse(batch: list[WorkItem]) -> BatchResult:
    if _INIT_ERROR is not None:
        return BatchResult([], {"init_error": _INIT_ERROR})
    assert _WORKER is not None, "worker was not initialised"
    return _WORKER(batch)


def rebuild_error(info: dict[str, Any]) -> UnspunError:
    """The typed error a worker met, rebuilt in the runner (same class, message, hint)."""
    import importlib

    cls = getattr(importlib.import_module(info["module"]), info["name"], None)
    if not (isinstance(cls, type) and issubclass(cls, UnspunError)):
        cls = EngineError
    return cls(info["message"], hint=info.get("hint"), source=info.get("source"))


class ProcessPoolEngine:
    """``workers`` processes, each with its own pipeline (loaded once per process)."""

    name = "local"

    def __init__(self, options: BatchOptions) -> None:
        self.workers = options.workers
        # spawn: a fresh interpreter per worker, no state (threads, open files) copied
        # from the runner.
        self._pool = cf.ProcessPoolExecutor(
            max_workers=options.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(
                worker_config(options.config, threads_per_worker(self.workers)).model_dump(
                    mode="json"
                ),
                options.include_text,
            ),
        )

    def map(self, batches: Iterable[list[WorkItem]]) -> Iterator[BatchResult]:
        limit = self.workers * (1 + QUEUE_PER_WORKER)
        pending: set[cf.Future[BatchResult]] = set()
        source = iter(batches)
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < limit:
                    batch = next(source, None)
                    if batch is None:
                        exhausted = True
                    else:
                        pending.add(self._pool.submit(_analyse, batch))
                if not pending:
                    return
                done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    result = future.result()
                    if "init_error" in result.worker:
                        raise rebuild_error(result.worker["init_error"])
                    yield result
        except cf.process.BrokenProcessPool as exc:
            raise EngineError(
                f"a worker process died ({exc})",
                hint="It may have run out of memory: try fewer --workers or a smaller "
                "--batch-size, then run the same command again to resume.",
            ) from None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
