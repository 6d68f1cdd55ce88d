"""What the attribution extractors return, before it becomes a finding."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Source kinds, most checkable first. ``own`` and ``none`` are sentence-level answers
#: (no source phrase), used by ``sentence_label`` and the claim stage.
SOURCE_KINDS = ("named", "official", "anonymous", "vague")
SENTENCE_LABELS = (*SOURCE_KINDS, "own", "none")
#: A pejorative collective label standing where a source would stand ("the junta claims"):
#: reported as a mention so a reader sees it, but never a source one could check.
MENTION_KINDS = (*SOURCE_KINDS, "label")
#: The reason that marks a vague source as a crowd ("many believe", "люди кажуть"): the
#: report says so in plain words.
CROWD_REASON = "a crowd stands in for a source"


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
