"""Spans and findings: offsets into a document's text, validated when made."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: Kinds the built-in detectors emit. Plugins may use other kinds.
KNOWN_KINDS = ("technique", "claim", "attribution", "narrative")


class Span(BaseModel):
    """A half-open character range ``[start, end)`` of a document's text."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError(f"span end ({self.end}) must be greater than start ({self.start})")
        return self

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


class Finding(Span):
    """Something a detector found at ``[start, end)``.

    A finding does not copy the text it covers: ``Analysis.text_of(finding)`` and the
    output records derive it from the document.
    """

    kind: str = Field(min_length=1, description="technique, claim, attribution, narrative, ...")
    label: str = Field(min_length=1)
    category: str | None = None
    score: float = Field(ge=0.0, le=1.0, description="Confidence in [0, 1].")
    detector: str = Field(min_length=1, description="Registered name of the detector.")
    detector_version: str = Field(min_length=1)
    explanation: str | None = None
    scope: Span | None = Field(
        default=None, description="The stretch of text the finding governs (e.g. the sentence)."
    )
    attrs: dict[str, Any] = Field(default_factory=dict, description="Detector-specific JSON data.")
