"""unspun: show where a text persuades instead of informing.

Labels rhetoric at exact character offsets; never rules on truth.
"""

from unspun.about import SCHEMA_VERSION, __version__
from unspun.api import analyze, analyze_many, load, run
from unspun.model import Analysis, AnalysisRecord, Document, Failure, Finding, Span

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "AnalysisRecord",
    "Document",
    "Failure",
    "Finding",
    "Span",
    "__version__",
    "analyze",
    "analyze_many",
    "load",
    "run",
]
