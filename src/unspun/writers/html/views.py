"""What the report template shows: findings, and panels that gather findings of one kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from unspun.writers.html.palette import Swatch, humanise


@dataclass(frozen=True)
class FindingView:
    """A finding as the report shows it."""

    index: int
    kind: str
    label: str
    name: str
    swatch: Swatch
    score: float
    quote: str
    explanation: str | None
    #: The taxonomy's general explanation of the label (used when ``explanation`` is None).
    description: str | None
    scope_text: str | None
    start: int
    end: int
    detector: str
    attrs_json: str | None
    segment: int | None
    #: The finding's detector-specific data, for panels that show it (claims).
    attrs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def kind_title(self) -> str:
        return humanise(self.kind)


@dataclass
class Group:
    label: str
    name: str
    findings: list[FindingView]


@dataclass
class Panel:
    """A section about one kind of finding; ``template`` lives in ``templates/panels/``."""

    kind: str
    title: str
    template: str
    intro: str
    groups: list[Group] = field(default_factory=list)
    #: A line shown under the intro (for narratives: how close an 'Other' document came).
    note: str | None = None
