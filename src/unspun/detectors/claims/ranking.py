"""Which claims a checker should look at first, and why.

The rank combines how check-worthy the sentence is with how it is sourced: a number with
no source or behind a vague or anonymous source is the strongest signal; a claim a named
source made on the record is the easiest to trace. The reasons are kept, so the report
can say why a claim ranks where it does.
"""

from __future__ import annotations

from dataclasses import dataclass

#: How much each sourcing situation raises the priority of a check-worthy claim.
SOURCE_WEIGHT = {
    "label": 0.45,
    "crowd": 0.45,
    "vague": 0.45,
    "anonymous": 0.4,
    "own": 0.25,
    "none": 0.25,
    "official": 0.05,
    "named": 0.0,
}
_SOURCE_REASON = {
    "label": "a label for a group stands where a source should (name calling, no source)",
    "crowd": "a crowd stands where a source should ('many', 'people say')",
    "vague": "its source cannot be identified",
    "anonymous": "its source is unnamed",
    "own": "no source is given",
    "none": "no source is given",
    "official": "it rests on an official source (check the official record)",
    "named": "it is attributed to a named source (check the original statement)",
}

_BEHIND = {
    "vague": "a vague source",
    "anonymous": "an anonymous source",
    "label": "a label, not a source",
    "crowd": "a crowd, not a source",
}


@dataclass(frozen=True)
class Priority:
    score: float
    reasons: tuple[str, ...]


def prioritise(checkworthiness: float, source_kind: str, types: list[str]) -> Priority:
    bonus = SOURCE_WEIGHT.get(source_kind, 0.25)
    reasons = [f"check-worthiness {checkworthiness:.2f}", _SOURCE_REASON.get(source_kind, "")]
    if "statistic" in types:
        bonus += 0.3
        if source_kind in ("own", "none"):
            reasons.insert(0, "an unsourced statistic")
        elif source_kind in ("vague", "anonymous", "label", "crowd"):
            reasons.insert(0, f"a statistic behind {_BEHIND.get(source_kind, source_kind)}")
        else:
            reasons.append("it contains a number to verify")
    if "causal" in types:
        bonus += 0.1
        reasons.append("it asserts a cause")
    score = min(1.0, checkworthiness * (1.0 + bonus) / 1.75)
    return Priority(round(score, 4), tuple(r for r in reasons if r))
