"""The pipeline: build components from config once, then stream documents through them."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from unspun.errors import (
    TIMEOUT_HINT,
    AnalysisTimeoutError,
    ConfigError,
    EmptyInputError,
    InputTooLargeError,
    PipelineOrderError,
    UnspunError,
)
from unspun.model.analysis import Analysis
from unspun.model.document import Document, is_blank
from unspun.model.failure import Failure
from unspun.pipeline.component import Component
from unspun.pipeline.config import PipelineConfig, load_config
from unspun.pipeline.registry import BUILTIN_PROVIDERS, get_factory
from unspun.runtime import budget

log = logging.getLogger(__name__)


class AnalysisFailedError(UnspunError):
    """A component raised an unexpected error on one document."""

    code = "E601"
    exit_code = 70


@dataclass(frozen=True)
class Outcome:
    """What the pipeline yields per input: an analysis, or the reason there is none."""

    analysis: Analysis | None = None
    failure: Failure | None = None

    @property
    def ok(self) -> bool:
        return self.analysis is not None


class Pipeline:
    """An ordered list of components, each built once from the registry.

    >>> nlp = Pipeline.from_config(load_config())
    >>> analysis = nlp(Document(id="x", text="Experts believe it is over."))

    ``timeout`` (default: the config's ``pipeline.timeout``, None for no limit) is the time
    budget of one document, in seconds: a document that takes longer is a failure with
    :class:`~unspun.errors.AnalysisTimeoutError` (E602) and the next one is analysed. A
    batch runs under one document's budget; if it runs over, each of its documents runs
    again alone under its own budget, so a document is failed only for its own time and
    a slow document costs at most twice the budget (see :mod:`unspun.runtime.budget`).
    """

    def __init__(
        self,
        components: Sequence[tuple[str, Component]],
        config: PipelineConfig,
        *,
        timeout: float | None = None,
    ):
        self.components = list(components)
        self.config = config
        self.timeout = timeout if timeout is not None else config.pipeline.timeout
        #: Seconds spent in each component since the pipeline was built (for profiling).
        self.timings: dict[str, float] = {name: 0.0 for name, _ in self.components}
        self._check_order()

    @classmethod
    def from_config(cls, config: PipelineConfig | None = None) -> Pipeline:
        config = config or load_config()
        built: list[tuple[str, Component]] = []
        for name in config.pipeline.components:
            factory = get_factory(config.factory_name(name))
            try:
                component = factory(**config.settings(name))
            except TypeError as exc:
                raise ConfigError(
                    f"component {name!r} does not accept these settings: {exc}.",
                    hint="Check the [components.<name>] table of your config.",
                ) from None
            built.append((name, component))
        return cls(built, config)

    def with_timeout(self, timeout: float | None) -> Pipeline:
        """This pipeline's components (the same objects, no model is loaded again) under
        another per-document time budget."""
        if timeout is not None and timeout <= 0:
            raise ConfigError(
                f"the timeout must be a positive number of seconds, not {timeout!r}.",
                hint="Leave it out for no limit.",
            )
        clone = Pipeline.__new__(Pipeline)
        clone.__dict__.update(self.__dict__)
        clone.timeout = timeout
        return clone

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.components]

    def _check_order(self) -> None:
        assigned: set[str] = set()
        for name, component in self.components:
            missing = [r for r in component.requires if r not in assigned]
            if missing:
                providers = [n for n, c in self.components if set(missing) & set(c.assigns)]
                if providers:
                    hint = f"Put {', '.join(providers)} before {name}."
                else:
                    known = sorted(
                        {BUILTIN_PROVIDERS[m] for m in missing if m in BUILTIN_PROVIDERS}
                    )
                    hint = (
                        f"Add the component{'s' if len(known) > 1 else ''} "
                        f"{', '.join(repr(k) for k in known)} before {name!r}."
                        if known
                        else "Add a component that assigns it before this one."
                    )
                raise PipelineOrderError(
                    f"component {name!r} needs {', '.join(missing)}, which no earlier "
                    "component assigns.",
                    hint=hint,
                )
            assigned.update(component.assigns)

    # --- running --------------------------------------------------------------------

    def __call__(self, document: Document) -> Analysis:
        """Analyse one document; raise the typed error if it cannot be analysed."""
        outcome = next(self.run([document]))
        if outcome.failure is not None:
            raise outcome.failure.error
        assert outcome.analysis is not None
        return outcome.analysis

    def run(self, items: Iterable[Document | Failure]) -> Iterator[Outcome]:
        """Analyse a stream in batches. Failures pass through; nothing is dropped."""
        batch: list[Document] = []
        size = self.config.pipeline.batch_size
        for item in items:
            if isinstance(item, Failure):
                yield from self._flush(batch)
                batch = []
                yield Outcome(failure=item)
                continue
            batch.append(item)
            if len(batch) >= size:
                yield from self._flush(batch)
                batch = []
        yield from self._flush(batch)

    def _flush(self, documents: list[Document]) -> Iterator[Outcome]:
        if not documents:
            return
        ready: list[Analysis] = []
        early: dict[int, Failure] = {}
        for i, doc in enumerate(documents):
            problem = self._check_document(doc)
            if problem is not None:
                early[i] = Failure(source=doc.path or doc.id, error=problem, id=doc.id)
            else:
                ready.append(Analysis(doc))
        failed = self._apply(ready) if self.timeout is None else self._apply_within(ready)
        it = iter(ready)
        for i in range(len(documents)):
            if i in early:
                yield Outcome(failure=early[i])
                continue
            analysis = next(it)
            if id(analysis) in failed:
                yield Outcome(failure=failed[id(analysis)])
            else:
                yield Outcome(analysis=analysis)

    def _check_document(self, doc: Document) -> UnspunError | None:
        if is_blank(doc.text):
            return EmptyInputError(
                "the document has no text to analyse.",
                hint="Check the input field or file; empty documents are reported, not analysed.",
                source=doc.path or doc.id,
            )
        limit = self.config.pipeline.max_chars
        if len(doc.text) > limit:
            return InputTooLargeError(
                f"the document has {len(doc.text):,} characters, more than the limit of {limit:,}.",
                hint="Split it, or raise the limit with --max-chars.",
                source=doc.path or doc.id,
            )
        return None

    def _apply_within(self, ready: list[Analysis]) -> dict[int, Failure]:
        """``_apply`` under the time budget: the batch gets one document's budget; if it
        runs over, each document starts again alone with its own (``ready`` then holds the
        fresh analyses)."""
        try:
            with budget.limit(self.timeout):
                return self._apply(ready)
        except budget.Expired:
            if len(ready) == 1:
                return {id(ready[0]): self._timed_out(ready[0])}
            log.info("a batch of %d ran over the time budget: one at a time", len(ready))
        failed: dict[int, Failure] = {}
        for i, old in enumerate(ready):
            analysis = ready[i] = Analysis(old.document)
            try:
                with budget.limit(self.timeout):
                    failed.update(self._apply([analysis]))
            except budget.Expired:
                failed[id(analysis)] = self._timed_out(analysis)
        return failed

    def _timed_out(self, analysis: Analysis) -> Failure:
        source = analysis.document.path or analysis.id
        error = AnalysisTimeoutError(
            f"the analysis took longer than the time budget of {self.timeout:g} s "
            f"({len(analysis.text):,} characters).",
            hint=TIMEOUT_HINT,
            source=source,
        )
        return Failure(source=source, error=error, id=analysis.id)

    def _apply(self, analyses: list[Analysis]) -> dict[int, Failure]:
        """Run every component on the batch. If a component fails on the batch, retry it
        document by document so that one bad document cannot take the others down."""
        failed: dict[int, Failure] = {}
        for name, component in self.components:
            budget.check()  # a spent budget stops here even where no timer can interrupt
            if not any(id(a) not in failed for a in analyses):
                break
            alive = [a for a in analyses if id(a) not in failed and component.handles(a)]
            if not alive:
                continue
            saved = [a.snapshot() for a in alive]
            started = time.perf_counter()
            try:
                component.pipe(alive)
            except Exception:
                for analysis, state in zip(alive, saved, strict=True):
                    analysis.restore(state)
                    try:
                        component.pipe([analysis])
                    except Exception as exc:
                        log.exception("component %s failed on %s", name, analysis.id)
                        error = (
                            exc
                            if isinstance(exc, UnspunError)
                            else AnalysisFailedError(
                                f"component {name!r} failed: {type(exc).__name__}: {exc}.",
                                hint="This is a bug in unspun or a plugin; please report it "
                                "with the document attached.",
                                source=analysis.document.path or analysis.id,
                            )
                        )
                        failed[id(analysis)] = Failure(
                            source=analysis.document.path or analysis.id,
                            error=error,
                            id=analysis.id,
                        )
            self.timings[name] += time.perf_counter() - started
            for analysis in alive:
                if id(analysis) not in failed:
                    analysis.detectors[name] = component.detector_version
        return failed
