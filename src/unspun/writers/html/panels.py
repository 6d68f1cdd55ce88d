"""Panels per finding kind: a section of the report that gathers one kind of finding.

A panel builder takes the report's findings of its kind and returns a ``Panel`` whose
``template`` (under ``templates/panels/``) renders it. Register a builder in ``PANELS``
to add a panel (Claims and Narratives come this way).
"""

from __future__ import annotations

from collections.abc import Callable

from unspun.writers.html.views import FindingView, Group, Panel

#: Attribution labels from weakest to strongest sourcing: the weak ones are listed first.
SOURCE_ORDER = ("vague", "anonymous", "official", "named")


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


#: Panel builders by finding kind. Claims and narratives get theirs the same way.
PANELS: dict[str, Callable[[list[FindingView]], Panel]] = {"attribution": sources_panel}
