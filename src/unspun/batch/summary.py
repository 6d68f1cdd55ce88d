"""The counts of a run, from its committed tables: what the manifest and the CLI report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspun.batch.journal import Journal
from unspun.batch.store import read_table


@dataclass
class BatchSummary:
    """Counts of a finished run. ``stories`` counts each near-duplicate group once."""

    run_dir: Path
    documents: int = 0
    analysed: int = 0
    failed: int = 0
    stories: int = 0
    duplicates: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    claims: int = 0
    unsourced_claims: int = 0
    seconds: float = 0.0
    session_documents: int = 0

    def counts(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "analysed": self.analysed,
            "failed": self.failed,
            "stories": self.stories,
            "duplicates": self.duplicates,
            "findings": dict(sorted(self.findings.items())),
            "claims": self.claims,
            "unsourced_claims": self.unsourced_claims,
        }


def _value_counts(table: Any, column: str) -> dict[str, int]:
    import pyarrow.compute as pc

    if table.num_rows == 0:
        return {}
    counts = pc.value_counts(table[column]).to_pylist()
    return {str(item["values"]): int(item["counts"]) for item in counts}


def summarise(run_dir: Path, journal: Journal) -> BatchSummary:
    """Count documents, stories, findings and claims of ``run_dir``."""
    statuses = journal.counts()
    docs = read_table(run_dir, "documents", ["status", "is_canonical"])
    import pyarrow.compute as pc

    analysed = docs.filter(pc.equal(docs["status"], "analysed"))
    canonical = _value_counts(analysed, "is_canonical")
    claims = read_table(run_dir, "claims", ["unsourced"])
    findings = read_table(run_dir, "findings", ["kind"])
    return BatchSummary(
        run_dir=run_dir,
        documents=sum(statuses.values()),
        analysed=statuses.get("analysed", 0),
        failed=statuses.get("failed", 0),
        stories=canonical.get("True", 0),
        duplicates=canonical.get("False", 0),
        findings=_value_counts(findings, "kind"),
        claims=claims.num_rows,
        unsourced_claims=_value_counts(claims, "unsourced").get("True", 0),
    )
