"""The Python API: analyse text in three lines.

>>> import unspun
>>> nlp = unspun.load()
>>> record = unspun.analyze("Experts believe the plan failed.", pipeline=nlp)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from unspun.model.document import Document
from unspun.model.failure import Failure
from unspun.model.record import AnalysisRecord
from unspun.pipeline.config import load_config
from unspun.pipeline.pipeline import Outcome, Pipeline


def load(config: str | Path | None = None, *, components: list[str] | None = None) -> Pipeline:
    """Build a pipeline (models are loaded once, here)."""
    return Pipeline.from_config(load_config(config, components=components))


def analyze(
    text: str | Document,
    *,
    id: str = "text",
    lang: str | None = None,
    pipeline: Pipeline | None = None,
) -> AnalysisRecord:
    """Analyse one text and return its record (raises a typed error if it cannot)."""
    doc = text if isinstance(text, Document) else Document(id=id, text=text, lang=lang)
    nlp = pipeline or load()
    return AnalysisRecord.from_analysis(nlp(doc))


def analyze_many(
    items: Iterable[Document | Failure], *, pipeline: Pipeline | None = None
) -> Iterator[Outcome]:
    """Stream many documents through one pipeline, in batches."""
    nlp = pipeline or load()
    yield from nlp.run(items)
