"""The Python API: analyse text in three lines, or run a whole job in one call.

>>> import unspun
>>> nlp = unspun.load()
>>> record = unspun.analyze("Experts believe the plan failed.", pipeline=nlp)
>>> summary = unspun.run(["articles/"], "report.html", pipeline=nlp)

:func:`run` is the read -> analyse -> write loop that ``unspun analyze`` calls; the HTTP
service and the batch runner call it too.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from unspun.model.document import Document
from unspun.model.failure import Failure
from unspun.model.record import AnalysisRecord, RunSummary
from unspun.pipeline.config import PipelineConfig, load_config
from unspun.pipeline.pipeline import Outcome, Pipeline
from unspun.readers.options import ReadOptions


def load(
    config: str | Path | None = None,
    *,
    components: list[str] | None = None,
    timeout: float | None = None,
) -> Pipeline:
    """Build a pipeline (models are loaded once, here). ``timeout``: seconds one document
    may take (default: the config's ``pipeline.timeout``, else no limit)."""
    return Pipeline.from_config(load_config(config, components=components, timeout=timeout))


def analyze(
    text: str | Document,
    *,
    id: str = "text",
    lang: str | None = None,
    pipeline: Pipeline | None = None,
) -> AnalysisRecord:
    """Analyse one text and return its record (raises a typed error if it cannot)."""
    if isinstance(text, Document):
        doc = text
    else:
        from unspun.readers.documents import build_document

        # A value the model rejects (a lone surrogate) raises MalformedInputError.
        doc = build_document(locator=id, id=id, text=text, lang=lang)
    nlp = pipeline or load()
    return AnalysisRecord.from_analysis(nlp(doc))


def analyze_many(
    items: Iterable[Document | Failure], *, pipeline: Pipeline | None = None
) -> Iterator[Outcome]:
    """Stream many documents through one pipeline, in batches."""
    nlp = pipeline or load()
    yield from nlp.run(items)


#: Failures read before the first document are held back (so that a run whose inputs are
#: all empty or unreadable says so without loading a model) up to this many.
READ_AHEAD_FAILURES = 10_000


def _read_ahead(
    items: Iterable[Document | Failure],
) -> tuple[list[Document | Failure], Iterator[Document | Failure], bool]:
    """The items up to and including the first document (or the held-back failures), the
    rest, and whether a document was found."""
    it = iter(items)
    held: list[Document | Failure] = []
    for item in it:
        held.append(item)
        if isinstance(item, Document) or len(held) >= READ_AHEAD_FAILURES:
            return held, it, True
    return held, it, False


def run(
    inputs: Sequence[str | Path] | Iterable[Document | Failure],
    output: str | Path | None = None,
    *,
    format: str | None = None,
    pipeline: Pipeline | None = None,
    config: str | Path | PipelineConfig | None = None,
    read_options: ReadOptions | None = None,
    include_text: bool = True,
    sheet: str = "findings",
    progress: Callable[[Outcome], None] | None = None,
    timeout: float | None = None,
) -> RunSummary:
    """Read ``inputs``, analyse them and write the results to ``output``; return the counts.

    ``inputs`` are paths (files, folders, ``"-"`` for stdin) or documents already built.
    ``output`` is a file, a folder (HTML reports) or None (standard output); ``format``
    defaults to what the output's suffix implies (:func:`unspun.writers.format_for_output`).
    ``progress`` is called once per input document with its outcome. Every input ends up in
    the output: as a result, or as a failure with its typed error.

    ``timeout``: seconds one document may take (None: the pipeline's own setting, by
    default no limit). A document over it is a failure with
    :class:`~unspun.errors.AnalysisTimeoutError` (E602) and the run goes on with the next
    (:class:`~unspun.pipeline.Pipeline` says how batches share the budget).

    Without ``pipeline``, one is built from ``config`` only once a document could be read:
    a run whose inputs are all empty or unreadable loads no model. An output that is an
    input, or lies inside an input folder, raises
    :class:`~unspun.errors.OutputOverlapsInputError` before anything is written.
    """
    from unspun.readers import ReadOptions, read_inputs
    from unspun.readers.guard import check_output_not_input, excluded_outputs
    from unspun.writers import format_for_output, open_writer

    path = Path(output) if output is not None else None
    fmt = format or format_for_output(path)
    items: Iterable[Document | Failure]
    if isinstance(inputs, Sequence) and all(isinstance(i, str | Path) for i in inputs):
        check_output_not_input(inputs, path, fmt)
        options = (read_options or ReadOptions()).model_copy(
            update={"exclude": excluded_outputs(path, fmt)}
        )
        items = read_inputs(tuple(str(i) for i in inputs), options)
    else:
        items = inputs  # type: ignore[assignment]
    summary = RunSummary()
    started = time.perf_counter()
    held, rest, found = _read_ahead(items)
    outcomes: Iterable[Outcome]
    if found:
        nlp = pipeline or _load(config)
        if timeout is not None:
            nlp = nlp.with_timeout(timeout)
        outcomes = nlp.run(itertools.chain(held, rest))
    else:  # nothing to analyse: no model is loaded
        outcomes = (Outcome(failure=item) for item in held if isinstance(item, Failure))
    writer = open_writer(fmt, path, include_text=include_text, sheet=sheet)
    try:
        for outcome in outcomes:
            summary.documents += 1
            if outcome.analysis is not None:
                record = AnalysisRecord.from_analysis(outcome.analysis, include_text=include_text)
                summary.analysed += 1
                for f in record.findings:
                    summary.findings[f.kind] = summary.findings.get(f.kind, 0) + 1
                writer.write(record)
            elif outcome.failure is not None:
                failure = outcome.failure.to_record()
                summary.failed += 1
                summary.failures.append(failure)
                writer.write_failure(failure)
            if progress is not None:
                progress(outcome)
    finally:
        summary.seconds = round(time.perf_counter() - started, 3)
        summary.outputs = [str(p) for p in writer.close(summary)]
    return summary


def _load(config: str | Path | PipelineConfig | None) -> Pipeline:
    if isinstance(config, PipelineConfig):
        return Pipeline.from_config(config)
    return load(config)
