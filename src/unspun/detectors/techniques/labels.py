"""The 14 PTC technique labels in the channel order every technique model uses.

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
