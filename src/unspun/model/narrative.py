"""Document-level labels: which narratives a whole document advances."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from unspun.model.finding import Span


class NearestNarrative(BaseModel):
    """For an ``Other`` label: the catalogue narrative the document came closest to, so an
    analyst sees how near it was (its score is below the threshold)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: str
    name: str | None = None
    score: float = Field(ge=0.0, le=1.0, description="Calibrated probability (below threshold).")
    threshold: float = Field(ge=0.0, le=1.0, description="The score a label needs.")
    evidence: list[Span] = Field(default_factory=list, description="Its closest sentence.")


class NarrativeLabel(BaseModel):
    """One narrative or sub-narrative a document advances, or ``Other`` (none of them).

    ``Other`` labels (``"Other"`` for a document that advances no catalogue narrative,
    ``"<narrative label>: Other"`` for a narrative with no known sub-narrative) have no
    ``id``. ``evidence`` are the sentences that carry it; the ``narrative`` findings over
    them hold the same label.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(min_length=1, description="The catalogue label, or an 'Other' label.")
    level: Literal["narrative", "subnarrative"]
    id: str | None = Field(default=None, description="Catalogue id; None for 'Other' labels.")
    name: str | None = None
    parent: str | None = Field(default=None, description="Catalogue id of the parent narrative.")
    domain: str | None = None
    score: float = Field(ge=0.0, le=1.0, description="Calibrated probability on validation.")
    evidence: list[Span] = Field(default_factory=list)
    stance: Literal["advances", "distanced"] | None = Field(
        default=None,
        description="'distanced' when every evidence sentence keeps its distance from the "
        "narrative (reports, quotes or rejects it: 'so-called', 'propaganda claims'), "
        "else 'advances'. A reading aid, not a verdict.",
    )
    nearest: NearestNarrative | None = Field(
        default=None, description="For 'Other': the closest narrative and its score."
    )
