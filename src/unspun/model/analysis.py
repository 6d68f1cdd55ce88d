"""The working state of one document as it moves through the pipeline."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from unspun.errors import OffsetError
from unspun.model.document import Document
from unspun.model.finding import Finding, Span
from unspun.model.narrative import NarrativeLabel

#: The attributes :meth:`Analysis.snapshot` saves and :meth:`Analysis.restore` puts back.
_STATE = (
    "lang",
    "lang_score",
    "paragraphs",
    "sentences",
    "findings",
    "cache",
    "detectors",
    "labels",
)


class Analysis:
    """A document plus what the pipeline components have added to it.

    Components add segments (``paragraphs``, ``sentences``) and findings; the analysis
    checks every offset against the text when it is added, so an invalid span can never
    reach an output. ``cache`` holds component-private data (a parse, embeddings) that
    later components may reuse; it is never serialised.
    """

    def __init__(self, document: Document):
        self.document = document
        self.lang: str | None = document.lang
        self.lang_score: float | None = None
        self.paragraphs: list[Span] = []
        self.sentences: list[Span] = []
        self.findings: list[Finding] = []
        self.cache: dict[str, Any] = {}
        self.detectors: dict[str, str] = {}
        #: Document-level labels per kind (like spaCy's ``doc.cats``): ``labels["narrative"]``
        #: holds the narratives the whole document advances. A kind is absent until the
        #: component that labels it has run on the document.
        self.labels: dict[str, list[Any]] = {}

    @property
    def narratives(self) -> list[NarrativeLabel] | None:
        """The document's narrative labels (None when the narrative detector did not run)."""
        return self.labels.get("narrative")

    @narratives.setter
    def narratives(self, value: list[NarrativeLabel] | None) -> None:
        if value is None:
            self.labels.pop("narrative", None)
        else:
            self.labels["narrative"] = list(value)

    def snapshot(self) -> dict[str, Any]:
        """A copy of the working state, for :meth:`restore` after a component failed."""
        state = {name: getattr(self, name) for name in _STATE}
        for name in ("paragraphs", "sentences", "findings"):
            state[name] = list(state[name])
        for name in ("cache", "detectors", "labels"):
            state[name] = dict(state[name])
        return state

    def restore(self, state: dict[str, Any]) -> None:
        """Put back the state of :meth:`snapshot` (what a failed component added is gone)."""
        for name in _STATE:
            setattr(self, name, state[name])

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def id(self) -> str:
        return self.document.id

    def check_span(self, span: Span) -> None:
        if span.end > len(self.text):
            raise OffsetError(
                f"span [{span.start}, {span.end}) runs past the end of document "
                f"{self.id!r} ({len(self.text)} characters)",
                hint="A component computed offsets on a different text; map them back first.",
            )

    def text_of(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def add(self, finding: Finding) -> Finding:
        self.check_span(finding)
        if finding.scope is not None:
            self.check_span(finding.scope)
        self.findings.append(finding)
        return finding

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    def set_sentences(self, spans: Iterable[Span]) -> None:
        spans = list(spans)
        for span in spans:
            self.check_span(span)
        self.sentences = spans

    def set_paragraphs(self, spans: Iterable[Span]) -> None:
        spans = list(spans)
        for span in spans:
            self.check_span(span)
        self.paragraphs = spans

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence holding character ``offset``, if any."""
        for span in self.sentences:
            if span.start <= offset < span.end:
                return span
        return None

    def by_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]
