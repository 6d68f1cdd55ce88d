"""Document-level labels: which narratives a whole document advances."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from unspun.model.finding import Span


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
