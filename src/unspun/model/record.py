"""Output records: what JSON, JSONL, CSV and the reports serialise.

These pydantic models *are* the published schema: ``unspun schema`` prints the JSON
Schema generated from ``AnalysisRecord`` and every output carries ``schema_version``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from unspun.about import SCHEMA_VERSION
from unspun.model.analysis import Analysis
from unspun.model.finding import Finding, Span
from unspun.model.narrative import NarrativeLabel
from unspun.text.support import language_support


class FindingRecord(Finding):
    """A finding as written out: the finding plus the text it covers."""

    text: str = Field(description="document.text[start:end], for reading convenience.")


class SegmentRecord(Span):
    text: str


class DetectorInfo(BaseModel):
    name: str
    version: str


class AnalysisRecord(BaseModel):
    """The result for one document (one JSONL line; the evaluation contract)."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str = SCHEMA_VERSION
    id: str
    lang: str | None
    lang_score: float | None = None
    language_support: dict[str, Any] | None = Field(
        default=None,
        description="How far analysis in this language was checked: level (trained, "
        "validated, checked, unreliable, unchecked), a note for the reader, and the "
        "agreement with English on translated check sentences for zero-shot languages.",
    )
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None
    authors: list[str] = Field(default_factory=list)
    path: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    text: str | None = Field(default=None, description="Present unless --no-text was given.")
    length: int = Field(description="len(text) in code points, even when text is left out.")
    detectors: list[DetectorInfo] = Field(default_factory=list)
    sentences: list[Span] | None = None
    findings: list[FindingRecord] = Field(default_factory=list)
    narratives: list[NarrativeLabel] | None = Field(
        default=None,
        description="Narratives the whole document advances (None when the narrative "
        "detector did not run; [Other] when it found none).",
    )

    @classmethod
    def from_analysis(
        cls, analysis: Analysis, *, include_text: bool = True, include_sentences: bool = False
    ) -> AnalysisRecord:
        doc = analysis.document
        findings = sorted(analysis.findings, key=lambda f: (f.start, -f.end, f.kind, f.label))
        return cls(
            id=doc.id,
            lang=analysis.lang,
            lang_score=analysis.lang_score,
            language_support=language_support(analysis.lang),
            title=doc.title,
            source=doc.source,
            url=doc.url,
            date=doc.date,
            authors=list(doc.authors),
            path=doc.path,
            meta=doc.meta,
            text=doc.text if include_text else None,
            length=len(doc.text),
            detectors=[DetectorInfo(name=n, version=v) for n, v in analysis.detectors.items()],
            sentences=list(analysis.sentences) if include_sentences else None,
            findings=[FindingRecord(**f.model_dump(), text=analysis.text_of(f)) for f in findings],
            narratives=list(analysis.narratives) if analysis.narratives is not None else None,
        )


class FailureRecord(BaseModel):
    """A document that could not be analysed: reported, counted, never dropped silently.

    In JSONL it takes the document's line, with empty ``findings`` and an ``error``, so that
    a consumer sees one line per input document.
    """

    schema_version: str = SCHEMA_VERSION
    id: str | None
    lang: str | None = None
    source: str = Field(description="Path, record number or other locator of the input.")
    findings: list[FindingRecord] = Field(default_factory=list)
    error: dict[str, str | None]


class RunSummary(BaseModel):
    """Counts for a multi-document run (printed by the CLI, written in index pages)."""

    documents: int = 0
    analysed: int = 0
    failed: int = 0
    findings: dict[str, int] = Field(default_factory=dict, description="Findings per kind.")
    seconds: float = 0.0
    failures: list[FailureRecord] = Field(default_factory=list)
    outputs: list[str] = Field(default_factory=list, description="Files the run wrote.")


def analysis_json_schema() -> dict[str, Any]:
    """The JSON Schema of one output record, with its version."""
    schema = AnalysisRecord.model_json_schema()
    schema["$id"] = f"https://unspun.dev/schema/analysis-{SCHEMA_VERSION}.json"
    schema["title"] = f"unspun analysis record (schema {SCHEMA_VERSION})"
    from unspun.model.attrs import attrs_json_schemas

    schema["x-finding-attrs"] = attrs_json_schemas()
    return schema
