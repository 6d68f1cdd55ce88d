"""What kind of claim a sentence makes: rules over cue words and the pieces found.

Types, in the order a checker usually handles them: ``statistic`` (a number to verify),
``quote`` (words put in someone's mouth), ``causal`` (X caused Y), ``comparison`` (more,
fewer, the biggest), ``prediction`` (what will happen), ``law_policy`` (laws, rulings,
sanctions, decrees) and ``event`` (something happened). A sentence can have several.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

CLAIM_TYPES = ("statistic", "quote", "causal", "comparison", "prediction", "law_policy", "event")

_CUES: dict[str, str] = {
    "causal": (
        r"because|due to|caused|causes|cause of|led to|leads to|lead to|result(?:ed|s)? in|"
        r"as a result|thanks to|blamed (?:on|for)|responsible for|triggered|fuel(?:led|ed|s)|"
        r"из-за|вследствие|в результате|привел\w*|приводит|вызвал\w*|благодаря|по вине|"
        r"через|внаслідок|у результаті|призвел\w*|призводить|спричинил\w*|завдяки"
    ),
    "comparison": (
        r"more than|less than|fewer than|higher than|lower than|compared (?:to|with)|"
        r"than ever|the (?:biggest|largest|highest|lowest|worst|best|most|least)|"
        r"(?:doubled|tripled|halved)|\w+er than|"
        r"больше|меньше|выше|ниже|чем|по сравнению|вдвое|самы[йем]\w*|"
        r"більше|менше|вище|нижче|ніж|порівняно|удвічі|найбільш\w*|найменш\w*|наймасштабн\w*"
    ),
    "prediction": (
        r"will|won't|shall|going to|expected to|is set to|are set to|forecast|predict\w*|"
        r"projected|by 20\d\d|next (?:year|month|week)|"
        r"будет|будут|станет|станут|ожидается|прогноз\w*|к 20\d\d|"
        r"буде|будуть|стане|стануть|очікується|прогноз\w*|до 20\d\d"
    ),
    "law_policy": (
        r"law|bill|act|legislation|regulation|decree|ban(?:ned|s)?|sanction\w*|court|ruled|"
        r"ruling|treaty|constitution|parliament|congress|referendum|tax(?:es)?|policy|"
        r"закон\w*|законопроект\w*|указ\w*|постановлени\w*|запрет\w*|санкци\w*|суд\w*|"
        r"договор\w*|конституци\w*|налог\w*|постанов\w*|заборон\w*|санкці\w*|договір\w*|"
        r"конституці\w*|податк\w*|верховна рада"
    ),
}
_COMPILED = {
    kind: re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)
    for kind, pattern in _CUES.items()
}
_QUOTE = re.compile(r"[\"“”«»„]|(?<!\w)'(?=\w)")
_PAST_EVENT = re.compile(
    r"(?<!\w)(?:\w+ed|was|were|had|happened|took place|killed|died|arrested|attacked|"
    r"announced|signed|launched|\w+ла|\w+ли|\w+лся|\w+лась|\w+лись|\w+в|\w+ла|\w+ло)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ClaimKind:
    type: str
    cue_start: int | None = None
    cue_end: int | None = None


def classify(
    text: str,
    start: int,
    end: int,
    *,
    has_quantity: bool,
    has_date: bool,
    has_entity: bool,
    attributed: bool,
) -> list[ClaimKind]:
    """The claim types of ``text[start:end]``, most specific first."""
    sentence = text[start:end]
    kinds: list[ClaimKind] = []
    if has_quantity:
        kinds.append(ClaimKind("statistic"))
    if attributed and _QUOTE.search(sentence):
        m = _QUOTE.search(sentence)
        assert m is not None
        kinds.append(ClaimKind("quote", start + m.start(), start + m.end()))
    for kind in ("causal", "comparison", "prediction", "law_policy"):
        m = _COMPILED[kind].search(sentence)
        if m:
            kinds.append(ClaimKind(kind, start + m.start(), start + m.end()))
    if not kinds and (has_date or has_entity) and _PAST_EVENT.search(sentence):
        kinds.append(ClaimKind("event"))
    return kinds


def primary(kinds: Sequence[ClaimKind]) -> str:
    return kinds[0].type if kinds else "event"
