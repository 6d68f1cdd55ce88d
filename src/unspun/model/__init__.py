"""The data model every part of unspun shares: documents, spans, findings, results."""

from unspun.model.analysis import Analysis
from unspun.model.document import Document
from unspun.model.failure import Failure
from unspun.model.finding import KNOWN_KINDS, Finding, Span
from unspun.model.narrative import NarrativeLabel
from unspun.model.record import (
    AnalysisRecord,
    DetectorInfo,
    FailureRecord,
    FindingRecord,
    RunSummary,
)

__all__ = [
    "KNOWN_KINDS",
    "Analysis",
    "AnalysisRecord",
    "DetectorInfo",
    "Document",
    "Failure",
    "FailureRecord",
    "Finding",
    "FindingRecord",
    "NarrativeLabel",
    "RunSummary",
    "Span",
]
