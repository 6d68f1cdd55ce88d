"""Labels from other tools as unspun findings: which kind a label is, and its canonical name.

Annotation tools and shared tasks spell technique labels their own way (``Name_Calling,
Labeling`` in PTC, ``Name_Calling-Labeling`` in SemEval-2023, ``name calling`` by hand);
every importer goes through :func:`gold_finding`, so imported gold looks exactly like what
unspun's detectors write (the same label, category and technique ``attrs``) and scores
against it like for like.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from unspun.detectors.attribution.mention import MENTION_KINDS
from unspun.detectors.claims.kinds import CLAIM_TYPES
from unspun.interop.errors import UnknownLabelError
from unspun.model.record import FindingRecord
from unspun.taxonomy import find_technique, get_category, to_ptc, to_semeval

#: Attribution labels unspun writes (``own`` is the author's own claim).
ATTRIBUTION_KINDS: tuple[str, ...] = (*MENTION_KINDS, "own")
#: Claim labels unspun writes.
CLAIM_KINDS: tuple[str, ...] = CLAIM_TYPES
_CHECKABLE = {"named", "official"}


@lru_cache(maxsize=4096)
def technique_label(label: str) -> str | None:
    """The label unspun reports for a technique spelled ``label`` in any scheme, or None.

    SemEval-2023 names stay; a PTC label becomes its SemEval-2023 name where it maps to
    one technique and keeps its PTC name where it merges several (as the detector does).
    """
    technique = find_technique(label)
    if technique is None:
        return None
    if technique.scheme == "ptc":
        targets = to_semeval(technique.name)
        return targets[0] if len(targets) == 1 else technique.name
    return technique.name


def kind_of(label: str) -> str | None:
    """``technique``, ``claim`` or ``attribution`` for a label unspun knows, else None."""
    if label in CLAIM_KINDS:
        return "claim"
    if label in ATTRIBUTION_KINDS:
        return "attribution"
    if technique_label(label) is not None:
        return "technique"
    return None


def technique_attrs(label: str, score: float) -> dict[str, Any]:
    """The ``attrs`` every technique finding carries, for a canonical technique label."""
    technique = find_technique(label)
    assert technique is not None
    if technique.scheme == "ptc":
        ptc, semeval = technique.name, list(technique.maps_to)
    else:
        mapped = to_ptc(technique.name)
        ptc, semeval = (mapped[0] if mapped else ""), [technique.name]
    return {"ptc_label": ptc, "semeval_labels": semeval, "raw_score": score}


def category_for(kind: str, label: str) -> str | None:
    """The category unspun gives a finding of this kind and label."""
    if kind == "technique":
        technique = find_technique(label)
        category = get_category(technique.category) if technique else None
        return category.id if category else None
    if kind == "claim":
        return "check_worthy"
    if kind == "attribution":
        return "verifiable_source" if label in _CHECKABLE else "unverifiable_source"
    return None


def gold_finding(
    *,
    text: str,
    start: int,
    end: int,
    label: str,
    kind: str | None,
    detector: str,
    version: str,
    score: float = 1.0,
    attrs: dict[str, Any] | None = None,
    source: str | None = None,
) -> FindingRecord:
    """A finding from another tool's label. ``kind=None``: decided from the label; an
    unknown label raises :class:`UnknownLabelError` unless ``kind`` is given."""
    if kind is None:
        kind = kind_of(label)
        if kind is None:
            raise UnknownLabelError(
                f"{label!r} is not a technique, claim type or attribution kind unspun knows.",
                hint="Run 'unspun techniques --scheme all' for technique names; claim types "
                f"are {', '.join(CLAIM_KINDS)}; attribution kinds {', '.join(ATTRIBUTION_KINDS)}.",
                source=source,
            )
    extra = dict(attrs or {})
    if kind == "technique":
        canonical = technique_label(label)
        if canonical is None:
            raise UnknownLabelError(
                f"{label!r} is not a technique of any scheme unspun knows.",
                hint="Run 'unspun techniques --scheme all' to list the known names.",
                source=source,
            )
        label = canonical
        extra = {**technique_attrs(label, score), **extra}
    return FindingRecord(
        start=start,
        end=end,
        kind=kind,
        label=label,
        category=category_for(kind, label),
        score=score,
        detector=detector,
        detector_version=version,
        attrs=extra,
        text=text[start:end],
    )
