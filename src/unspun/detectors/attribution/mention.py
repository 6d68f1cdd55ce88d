"""What the attribution extractors return, before it becomes a finding."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Source kinds, most checkable first. ``own`` and ``none`` are sentence-level answers
#: (no source phrase), used by ``sentence_label`` and the claim stage.
SOURCE_KINDS = ("named", "official", "anonymous", "vague")
SENTENCE_LABELS = (*SOURCE_KINDS, "own", "none")


@dataclass
class SourceMention:
    """A source phrase, the cue that attributes something to it, and its kind."""

    start: int
    end: int
    kind: str
    score: float
    construction: str  # e.g. "reporting-verb", "according-to", "impersonal", "adverb"
    cue_start: int | None = None
    cue_end: int | None = None
    sentence_start: int = 0
    sentence_end: int = 0
    #: True when this mention governs the sentence's main clause.
    main: bool = False
    reasons: list[str] = field(default_factory=list)
