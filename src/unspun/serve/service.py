"""The service's operations, shared by the API and the web pages (views stay thin)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import anyio.to_thread

from unspun.model.document import Document
from unspun.model.failure import Failure
from unspun.model.record import AnalysisRecord, FailureRecord
from unspun.pipeline.pipeline import Pipeline
from unspun.serve.analyser import Analyser
from unspun.serve.api.schemas import ClassifyIn, ClassifyOut, RankedTechnique
from unspun.serve.errors import FetchDisabledError, InvalidRequestError
from unspun.serve.offsets import span_to_codepoints
from unspun.serve.security import Authenticator, RateLimiter
from unspun.serve.settings import Settings
from unspun.serve.store import Store, StoredAnalysis
from unspun.serve.store.tokens import TokenStore

CLASSIFY_NOTE = (
    "The ranking says which technique the wording of this span resembles most, with "
    "calibrated scores. It is a pointer for a reader, not a verdict; the model was trained "
    "on English news."
)


@dataclass
class Result:
    """One input's outcome: a record (stored or not) or a failure."""

    record: AnalysisRecord | None = None
    stored: StoredAnalysis | None = None
    failure: FailureRecord | None = None


@dataclass
class Service:
    """Settings, store, models and guards of one running server."""

    settings: Settings
    store: Store
    analyser: Analyser
    auth: Authenticator
    limiter: RateLimiter
    fetcher: object | None = field(default=None)

    @classmethod
    def open(cls, settings: Settings, pipeline: Pipeline | None = None) -> Service:
        """Open the store (migrating it), prepare the models and the guards."""
        store = Store(settings.url, data_dir=settings.data_dir)
        tokens = TokenStore(store.engine)
        settings.check_exposure(tokens.live_count())
        fetcher = None
        if settings.allow_fetch:
            from unspun.serve.fetch import Fetcher

            fetcher = Fetcher(settings)
        return cls(
            settings=settings,
            store=store,
            analyser=Analyser(settings, pipeline),
            auth=Authenticator(settings, tokens),
            limiter=RateLimiter(settings.rate_per_minute),
            fetcher=fetcher,
        )

    async def read_upload(self, data: bytes, filename: str | None) -> list[Document | Failure]:
        """The documents of an uploaded file (a corpus file gives one per record), within
        the server's batch size and body limit; read off the event loop."""
        from unspun.serve import documents

        return await anyio.to_thread.run_sync(
            lambda: documents.upload_documents(
                data,
                filename,
                max_documents=self.settings.max_batch,
                max_bytes=self.settings.max_body_bytes,
            )
        )

    async def analyse(
        self,
        items: Sequence[Document | Failure],
        *,
        store: bool | Sequence[bool],
        created_by: str | None,
    ) -> list[Result]:
        """Analyse ``items`` (one result each, in order); each success is stored (when
        ``store``, or ``store[i]`` per item) in its own transaction, so a failure never
        leaves a partial analysis behind."""
        outcomes = await self.analyser.run(items)
        keep = [store] * len(items) if isinstance(store, bool) else list(store)
        results: list[Result] = []
        for outcome, wanted in zip(outcomes, keep, strict=True):
            if outcome.analysis is None:
                assert outcome.failure is not None
                results.append(Result(failure=outcome.failure.to_record()))
                continue
            record = AnalysisRecord.from_analysis(outcome.analysis)
            stored = None
            if wanted:
                stored = await anyio.to_thread.run_sync(self._saver(record, created_by))
            results.append(Result(record=record, stored=stored))
        return results

    def _saver(
        self, record: AnalysisRecord, created_by: str | None
    ) -> Callable[[], StoredAnalysis]:
        return lambda: self.store.save(record, created_by=created_by)

    async def analyse_one(self, doc: Document, *, store: bool, created_by: str | None) -> Result:
        """Analyse one document; its failure is raised as its typed error."""
        outcomes = await self.analyser.run([doc])
        outcome = outcomes[0]
        if outcome.failure is not None:
            raise outcome.failure.error
        assert outcome.analysis is not None
        record = AnalysisRecord.from_analysis(outcome.analysis)
        stored = None
        if store:
            stored = await anyio.to_thread.run_sync(
                lambda: self.store.save(record, created_by=created_by)
            )
        return Result(record=record, stored=stored)

    async def fetch(self, url: str) -> object:
        """Download ``url`` (E720 unless the deployment allows fetching)."""
        if self.fetcher is None:
            raise FetchDisabledError(
                "this server does not fetch URLs",
                hint="Paste the article text or upload the saved page; an administrator can "
                "start the server with --allow-fetch.",
            )
        fetcher = self.fetcher
        return await anyio.to_thread.run_sync(lambda: fetcher.fetch(url))  # type: ignore[attr-defined]

    async def classify(self, ask: ClassifyIn) -> ClassifyOut:
        """Rank the techniques for a span of a given text or of a stored analysis."""
        if (ask.text is None) == (ask.analysis_id is None):
            raise InvalidRequestError(
                "give either a text or an analysis_id, not both and not neither",
                hint="Send {'analysis_id': ..., 'start': ..., 'end': ...} for a stored text.",
            )
        if ask.text is not None:
            text = ask.text
        else:
            assert ask.analysis_id is not None
            record = self.store.get(ask.analysis_id).record
            if record.text is None:
                raise InvalidRequestError("the stored analysis holds no text")
            text = record.text
        start, end = span_to_codepoints(text, ask.start, ask.end, ask.unit)
        ranking = await self.analyser.rank(text, start, end)
        return ClassifyOut(
            start=ask.start,
            end=ask.end,
            unit=ask.unit,
            text=text[start:end],
            techniques=[_ranked(label, score) for label, score in ranking[: ask.top]],
            note=CLASSIFY_NOTE,
        )


def _ranked(ptc_label: str, score: float) -> RankedTechnique:
    from unspun import taxonomy
    from unspun.detectors.techniques.detector import semeval_label
    from unspun.writers.html.palette import Palette

    label, _ = semeval_label(ptc_label)
    category = taxonomy.category_of(label)
    return RankedTechnique(
        label=label,
        ptc_label=ptc_label,
        name=Palette().label_name("technique", label),
        category=category.id if category else None,
        category_title=category.title if category else None,
        score=round(float(score), 4),
        explanation=taxonomy.explain(label),
    )
