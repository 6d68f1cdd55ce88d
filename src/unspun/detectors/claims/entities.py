"""People, organisations and places in a sentence, from maintained NER models.

English: spaCy ``en_core_web_sm`` (the pinned package the attribution detector uses).
Russian and Ukrainian: natasha's news NER (slovnet, trained on Russian); on Ukrainian its
types are corrected with pymorphy3's Ukrainian dictionary (a place tagged as a person is
re-typed when the dictionary knows the word as an inanimate noun).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_SPACY_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
_NATASHA_TYPES = {"PER": "person", "ORG": "organisation", "LOC": "place"}


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    type: str  # person, organisation, place, group

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "type": self.type}


def entities_from_spacy(doc: Any, offset: int) -> list[Entity]:
    return [
        Entity(offset + e.start_char, offset + e.end_char, _SPACY_TYPES[e.label_])
        for e in doc.ents
        if e.label_ in _SPACY_TYPES
    ]


@lru_cache(maxsize=1)
def _natasha() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def _uk_type(words: list[str], given: str) -> str:
    """The Ukrainian dictionary has no place-name tag; a one-word "person" that it also
    knows as an inanimate noun (Харків, Києві) is a place."""
    from unspun.detectors.attribution.slavic import _morph

    if given != "person" or len(words) != 1:
        return given
    parses = _morph("uk").parse(words[0])[:3]
    if any("inan" in {str(g) for g in p.tag.grammemes} for p in parses):
        return "place"
    return given


def entities_slavic(text: str, start: int, end: int, lang: str) -> list[Entity]:
    from natasha import Doc

    segmenter, tagger = _natasha()
    doc = Doc(text[start:end])
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    out = []
    for span in doc.spans:
        kind = _NATASHA_TYPES.get(span.type)
        if kind is None:
            continue
        if lang == "uk":
            kind = _uk_type(span.text.split(), kind)
        out.append(Entity(start + span.start, start + span.stop, kind))
    return out
