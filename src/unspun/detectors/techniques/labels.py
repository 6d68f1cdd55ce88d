"""The 14 PTC technique labels in the channel order every technique model uses.

A tagger trained with ``--scheme semeval2023`` uses the 23 SemEval-2023 techniques
instead (:func:`scheme_channels`); its ``tagger.json`` records ``scheme`` and ``channels``.

Channel ``len(PTC_LABELS)`` of the token tagger and the sentence model is "any technique"
(span identification). Training imports these, so models and run time agree on the order.
"""

from __future__ import annotations

PTC_LABELS: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)
ANY = "ANY"
CHANNELS: tuple[str, ...] = (*PTC_LABELS, ANY)

#: The label schemes a token tagger can be trained in (``tagger.json["scheme"]``).
SCHEMES: tuple[str, ...] = ("ptc", "semeval2023")


def scheme_labels(scheme: str = "ptc") -> tuple[str, ...]:
    """The technique channels of a scheme, in channel order: the 14 PTC labels, or the
    23 SemEval-2023 Task 3 techniques in the taxonomy's order."""
    if scheme == "ptc":
        return PTC_LABELS
    if scheme == "semeval2023":
        from unspun import taxonomy

        return tuple(t.name for t in taxonomy.techniques("semeval2023"))
    raise ValueError(f"unknown technique scheme {scheme!r} (use one of {', '.join(SCHEMES)})")


def scheme_channels(scheme: str = "ptc") -> tuple[str, ...]:
    """:func:`scheme_labels` plus the "any technique" channel (last)."""
    return (*scheme_labels(scheme), ANY)
