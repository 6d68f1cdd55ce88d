"""The Ray engine: one actor per worker on a Ray cluster, each loading the models once.

The runner (the Ray *driver*) reads the inputs, groups near-duplicates, writes the part
files and the journal in its own run folder; actors only analyse. So the run folder needs
to be on the driver's disk only, and a resumed run may use another cluster, or the local
engine, and still produce the same tables.

``ray_address=None`` starts a private local cluster (``workers`` CPUs, no dashboard) and
stops it at the end; ``"auto"`` or ``"ray://head:10001"`` joins an existing cluster
(every node needs unspun and its models installed: ``pip install 'unspun[ray]'`` and
``unspun models install``) and leaves it running. If Ray is already initialised in this
process (a notebook, a test), that connection is used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from unspun.batch.analyse import Analyser, BatchResult, WorkItem, worker_config
from unspun.batch.engines.local import QUEUE_PER_WORKER, rebuild_error
from unspun.batch.errors import EngineError, RayUnavailableError
from unspun.batch.options import BatchOptions
from unspun.errors import UnspunError
from unspun.pipeline.config import PipelineConfig


class _Actor:
    """Holds one pipeline for the actor's life (made a Ray actor in :class:`RayEngine`)."""

    def __init__(self, config: dict[str, Any], include_text: bool) -> None:
        self._analyser: Analyser | None = None
        self._error: dict[str, Any] | None = None
        try:
            self._analyser = Analyser(
                PipelineConfig.model_validate(config), include_text=include_text
            )
        except UnspunError as exc:  # a node without the models: said as the typed error
            self._error = {
                "module": type(exc).__module__,
                "name": type(exc).__qualname__,
                "message": exc.message,
                "hint": exc.hint,
                "source": exc.source,
            }

    def analyse(self, batch: list[WorkItem]) -> BatchResult:
        if self._analyser is None:
            return BatchResult([], {"init_error": self._error})
        return self._analyser(batch)


class RayEngine:
    """Sends batches to ``workers`` actors, a bounded number in flight."""

    name = "ray"

    def __init__(self, options: BatchOptions) -> None:
        try:
            import ray
        except ImportError:
            raise RayUnavailableError(
                "--engine ray needs Ray, which is not installed",
                hint="Install it with: pip install 'unspun[ray]'",
            ) from None
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            try:
                if options.ray_address:
                    ray.init(address=options.ray_address, log_to_driver=False)
                else:
                    ray.init(num_cpus=options.workers, include_dashboard=False, log_to_driver=False)
                    self._started = True
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise RayUnavailableError(
                    f"could not connect to the Ray cluster at {options.ray_address!r}: {exc}",
                    hint="Check --ray-address (e.g. 'auto' on a cluster node, or "
                    "ray://HEAD:10001), or leave it out to start a local cluster.",
                ) from None
        self.workers = options.workers
        actor_cls = ray.remote(num_cpus=1)(_Actor)
        # One CPU reserved per actor, so one model thread each (Ray schedules by CPU).
        config = worker_config(options.config, 1).model_dump(mode="json")
        self._actors: list[Any] = [
            actor_cls.remote(config, options.include_text) for _ in range(options.workers)
        ]

    def map(self, batches: Iterable[list[WorkItem]]) -> Iterator[BatchResult]:
        ray = self._ray
        limit = 1 + QUEUE_PER_WORKER
        load = {n: 0 for n in range(len(self._actors))}
        pending: dict[Any, int] = {}
        source = iter(batches)
        exhausted = False
        while True:
            while not exhausted and min(load.values()) < limit:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                n = min(load, key=lambda k: load[k])
                pending[self._actors[n].analyse.remote(batch)] = n
                load[n] += 1
            if not pending:
                return
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                load[pending.pop(ref)] -= 1
                try:
                    result = ray.get(ref)
                except ray.exceptions.RayError as exc:
                    raise _engine_error(exc) from None
                if "init_error" in result.worker:
                    raise rebuild_error(result.worker["init_error"])
                yield result

    def close(self) -> None:
        ray = self._ray
        for actor in getattr(self, "_actors", []):
            ray.kill(actor)
        self._actors = []
        if self._started and ray.is_initialized():
            ray.shutdown()
            self._started = False


def _engine_error(exc: Exception) -> EngineError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return EngineError(
        f"a Ray worker failed: {first}",
        hint="Check that every node has unspun and its models installed; run the same "
        "command again to resume from the last committed chunk.",
    )
