"""Typed ``attrs`` per finding kind: what each built-in detector puts in ``Finding.attrs``.

Findings keep ``attrs`` as plain JSON data (plugins may add their own kinds and keys), but
the four built-in kinds have a declared shape: :meth:`Component.finding` validates attrs
against it when a detector builds a finding, writers read them through :func:`attrs_of`,
and ``unspun schema`` publishes the shapes, so a change in a detector breaks a test, not
a report. Extra keys are allowed (a detector may add detail), the declared ones are checked.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from unspun.model.finding import Finding


class _Attrs(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class OffsetText(_Attrs):
    start: int
    end: int
    text: str | None = None


class TechniqueAttrs(_Attrs):
    ptc_label: str = Field(description="The PTC technique the model predicted.")
    semeval_labels: list[str] = Field(description="The SemEval-2023 techniques it covers.")
    raw_score: float = Field(description="The model's uncalibrated score.")
    granularity: str | None = Field(default=None, description="'sentence' for sentence spans.")
    source: str | None = Field(default=None, description="Which channel produced the span.")


class AttributionAttrs(_Attrs):
    construction: str = Field(description="verb, according_to, impersonal, adverb, ...")
    governs_main_clause: bool
    reasons: list[str]
    lang: str
    cue: OffsetText | None = Field(default=None, description="The reporting construction.")


class ClaimSource(_Attrs):
    kind: str = Field(description="named, official, anonymous, vague, own or none.")
    stands_in: str | None = Field(
        default=None,
        description="'label' when a pejorative label stands where the source should, "
        "'crowd' when a crowd does ('many believe'); the kind is then vague.",
    )
    start: int | None = None
    end: int | None = None
    text: str | None = None


class ClaimAttrs(_Attrs):
    types: list[str] = Field(description="Claim types, the first is the finding's label.")
    cues: list[dict[str, Any]]
    pieces: dict[str, list[dict[str, Any]]] = Field(
        description="quantities, dates and entities to verify, with offsets and text."
    )
    source: ClaimSource
    priority: float = Field(ge=0.0, le=1.0)
    priority_reasons: list[str]


class NarrativeAttrs(_Attrs):
    narrative_id: str
    name: str
    parent: str | None
    level: str
    document_score: float
    sentence_similarity: float
    status: str | None = None
    stance: str | None = Field(
        default=None,
        description="'distanced' when the document's evidence sentences all report, quote "
        "or reject the narrative, else 'advances'.",
    )


#: The declared attrs model of each built-in finding kind.
ATTRS_BY_KIND: dict[str, type[_Attrs]] = {
    "technique": TechniqueAttrs,
    "attribution": AttributionAttrs,
    "claim": ClaimAttrs,
    "narrative": NarrativeAttrs,
}


def check_attrs(kind: str, attrs: dict[str, Any]) -> None:
    """Raise ``pydantic.ValidationError`` if ``attrs`` do not fit the kind's declared shape."""
    model = ATTRS_BY_KIND.get(kind)
    if model is not None:
        model.model_validate(attrs)


def attrs_of(finding: Finding) -> Any:
    """The finding's attrs as its kind's typed model (a plain dict for other kinds)."""
    model = ATTRS_BY_KIND.get(finding.kind)
    return model.model_validate(finding.attrs) if model is not None else dict(finding.attrs)


def attrs_json_schemas() -> dict[str, Any]:
    """JSON Schema of the attrs of each built-in kind (published by ``unspun schema``)."""
    return {kind: model.model_json_schema() for kind, model in ATTRS_BY_KIND.items()}
