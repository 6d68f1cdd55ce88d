"""Panels per finding kind: a section of the report that gathers one kind of finding.

A panel builder takes the report's findings of its kind and returns a ``Panel`` whose
``template`` (under ``templates/panels/``) renders it. Register a builder in ``PANELS``
to add a panel (Claims and Narratives come this way).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unspun.writers.html.views import FindingView, Group, Panel

#: Attribution labels from weakest to strongest sourcing: the weak ones are listed first.
SOURCE_ORDER = ("label", "vague", "anonymous", "official", "named")


def sources_panel(findings: list[FindingView]) -> Panel:
    by_label: dict[str, list[FindingView]] = {}
    for view in findings:
        by_label.setdefault(view.label, []).append(view)
    rank = {label: n for n, label in enumerate(SOURCE_ORDER)}
    order = sorted(by_label, key=lambda label: (rank.get(label, len(rank)), label))
    return Panel(
        kind="attribution",
        title="Sources",
        template="panels/sources.html.jinja",
        intro="Who the text says its information comes from, weakest sourcing first.",
        groups=[Group(label, by_label[label][0].name, by_label[label]) for label in order],
    )


def _priority(view: FindingView) -> float:
    value = view.attrs.get("priority", view.score)
    return float(value) if isinstance(value, int | float) else view.score


def claims_panel(findings: list[FindingView]) -> Panel:
    """Check-worthy claims, most urgent first (check-worthiness and sourcing together)."""
    ranked = sorted(findings, key=lambda v: (-_priority(v), v.start))
    return Panel(
        kind="claim",
        title="Claims to check",
        template="panels/claims.html.jinja",
        intro=(
            "Statements worth checking, most urgent first: numbers with no source or a vague "
            "one come before claims a named source made on the record."
        ),
        groups=[Group("ranked", "By priority", ranked)],
    )


def _document_score(view: FindingView) -> float:
    value = view.attrs.get("document_score", view.score)
    return float(value) if isinstance(value, int | float) else view.score


def narratives_panel(findings: list[FindingView]) -> Panel:
    """Narratives the document advances, most likely first, each sub-narrative under its
    narrative, with the sentences that carry them."""
    by_label: dict[str, list[FindingView]] = {}
    for view in findings:
        by_label.setdefault(view.label, []).append(view)
    groups = {
        label: Group(label, str(views[0].attrs.get("name") or views[0].name), views)
        for label, views in by_label.items()
    }

    def rank(label: str) -> tuple[float, str]:
        return (-_document_score(by_label[label][0]), label)

    tops = [label for label, views in by_label.items() if not views[0].attrs.get("parent")]
    ordered: list[Group] = []
    for label in sorted(tops, key=rank):
        ordered.append(groups[label])
        own_id = str(by_label[label][0].attrs.get("narrative_id"))
        kids = [k for k, v in by_label.items() if v[0].attrs.get("parent") == own_id]
        ordered.extend(groups[k] for k in sorted(kids, key=rank))
    # sub-narratives whose narrative has no finding of its own come last
    placed = {g.label for g in ordered}
    ordered.extend(groups[k] for k in sorted(by_label, key=rank) if k not in placed)
    return Panel(
        kind="narrative",
        title="Narratives",
        template="panels/narratives.html.jinja",
        intro=(
            "Known narratives this text comes close to, most likely first, with the sentences "
            "that carry them. A match says the wording resembles the catalogue's examples; "
            "read the sentences to judge whether the text advances, quotes or rebuts it."
        ),
        groups=ordered,
    )


#: Panel builders by finding kind, in the order the report shows them.
PANELS: dict[str, Callable[[list[FindingView]], Panel]] = {
    "narrative": narratives_panel,
    "claim": claims_panel,
    "attribution": sources_panel,
}


def nearest_note(record: Any) -> Panel | None:
    """For a document labelled ``Other``: a narratives panel that names the closest
    narrative, its score against the threshold, and its closest sentence."""
    other = next((n for n in record.narratives or [] if n.label == "Other" and n.nearest), None)
    if other is None:
        return None
    near = other.nearest
    note = (
        f"No catalogue narrative reached its threshold ({near.threshold:.2f}). The closest is "
        f"\u201c{near.name or near.label}\u201d at {near.score:.2f}"
    )
    if near.evidence and record.text:
        span = near.evidence[0]
        quote = " ".join(record.text[span.start : span.end].split())
        quote = quote if len(quote) <= 240 else quote[:237] + "..."
        note += f", in the sentence \u201c{quote}\u201d"
    return Panel(
        kind="narrative",
        title="Narratives",
        template="panels/narratives.html.jinja",
        intro="This text advances none of the known narratives in unspun's catalogues.",
        note=note + ".",
    )
