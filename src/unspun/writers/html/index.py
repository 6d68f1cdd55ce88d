"""The index page of a multi-document HTML run: documents, failures and run summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from unspun.about import SCHEMA_VERSION, __version__
from unspun.model.finding import KNOWN_KINDS
from unspun.model.record import AnalysisRecord, FailureRecord, RunSummary
from unspun.writers.html.palette import Palette, humanise
from unspun.writers.html.safety import content_security_policy
from unspun.writers.html.templating import asset, environment

TOP_LABELS = 3


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """What the index keeps of one document (the report itself is already on disk)."""

    id: str
    title: str | None
    lang: str | None
    filename: str
    findings: int
    kinds: dict[str, int]
    top_labels: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, record: AnalysisRecord, filename: str, palette: Palette) -> DocumentEntry:
        labels = Counter(palette.label_name(f.kind, f.label) for f in record.findings)
        return cls(
            id=record.id,
            title=record.title,
            lang=record.lang,
            filename=filename,
            findings=len(record.findings),
            kinds=dict(Counter(f.kind for f in record.findings)),
            top_labels=tuple(labels.most_common(TOP_LABELS)),
        )


def _kind_columns(entries: list[DocumentEntry], summary: RunSummary) -> list[str]:
    seen = set(summary.findings)
    for entry in entries:
        seen.update(entry.kinds)
    known = [k for k in KNOWN_KINDS if k in seen]
    return known + sorted(seen - set(known))


def render_index(
    entries: list[DocumentEntry], failures: list[FailureRecord], summary: RunSummary
) -> str:
    """The index page linking every per-document report (no script at all)."""
    return (
        environment()
        .get_template("index.html.jinja")
        .render(
            entries=entries,
            failures=failures,
            summary=summary,
            kinds=_kind_columns(entries, summary),
            humanise=humanise,
            csp=content_security_policy(None),
            css=Markup(asset("style.css") + asset("index.css")),
            version=__version__,
            schema_version=SCHEMA_VERSION,
        )
    )
