"""The verifiable pieces of a sentence: quantities, dates and named entities."""

from __future__ import annotations

from dataclasses import dataclass, field

from unspun.detectors.claims.dates import DateMention, find_dates
from unspun.detectors.claims.entities import Entity
from unspun.detectors.claims.numwords import find_word_quantities
from unspun.detectors.claims.quantities import Quantity, find_quantities


@dataclass
class Pieces:
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)

    def as_dict(self, text: str) -> dict[str, list[dict[str, object]]]:
        def with_text(item: Quantity | DateMention | Entity) -> dict[str, object]:
            return {**item.as_dict(), "text": text[item.start : item.end]}

        return {
            "quantities": [with_text(q) for q in self.quantities],
            "dates": [with_text(d) for d in self.dates],
            "entities": [with_text(e) for e in self.entities],
        }

    def summary(self, text: str, limit: int = 4) -> str:
        """A short list for explanations: "14.2 percent (unemployment); 2027"."""
        parts = []
        for q in self.quantities:
            counts = f" ({q.counts})" if q.counts else ""
            parts.append(text[q.start : q.end] + counts)
        parts += [
            f"{text[d.start : d.end]} = {d.readable}" if d.iso else text[d.start : d.end]
            for d in self.dates
        ]
        parts += [text[e.start : e.end] for e in self.entities]
        return "; ".join(parts[:limit]) + ("; ..." if len(parts) > limit else "")


def find_pieces(
    text: str, start: int, end: int, entities: list[Entity], lang: str = "en"
) -> Pieces:
    dates = find_dates(text, start, end)
    # A number inside a date ("14 March 2024") is part of the date, not a quantity.
    quantities = [
        q
        for q in find_quantities(text, start, end)
        if not any(d.start <= q.start and q.end <= d.end for d in dates)
    ]
    if lang in WORD_LANGS:
        taken = [(q.start, q.end) for q in quantities] + [(d.start, d.end) for d in dates]
        quantities += find_word_quantities(text, start, end, lang, taken)
        quantities.sort(key=lambda q: q.start)
    return Pieces(quantities=quantities, dates=dates, entities=entities)


#: Languages whose numbers in words are read ("sixty percent", "семьдесят процентов").
WORD_LANGS = ("en", "ru", "uk")
