"""Registers the built-in components, the same way a plugin registers its own.

Kept apart from the implementations so that importing a component module has no side
effects (and to avoid import cycles). Factories import lazily: a pipeline that does not
use a component never loads its model.
"""

from __future__ import annotations

from typing import Any

from unspun.pipeline.component import Component
from unspun.pipeline.registry import components


@components.register("unspun.language.v1")
def make_language(**settings: Any) -> Component:
    from unspun.text.language import LanguageIdentifier

    return LanguageIdentifier(**settings)


@components.register("unspun.segment.v1")
def make_segment(**settings: Any) -> Component:
    from unspun.text.segmenter import Segmenter

    return Segmenter(**settings)


@components.register("unspun.attribution.v1")
def make_attribution(**settings: Any) -> Component:
    from unspun.detectors.attribution.detector import AttributionDetector

    return AttributionDetector(**settings)


@components.register("unspun.claims.v1")
def make_claims(**settings: Any) -> Component:
    from unspun.detectors.claims.detector import ClaimDetector

    return ClaimDetector(**settings)


@components.register("unspun.techniques.v1")
def make_techniques(**settings: Any) -> Component:
    from unspun.detectors.techniques.detector import TechniqueDetector

    return TechniqueDetector(**settings)


@components.register("unspun.narratives.v1")
def make_narratives(**settings: Any) -> Component:
    from unspun.detectors.narratives.detector import NarrativeDetector

    return NarrativeDetector(**settings)


@components.register("unspun.techniques_multilingual.v1")
def make_techniques_multilingual(**settings: Any) -> Component:
    from unspun.detectors.techniques_multilingual.detector import SentenceTechniqueDetector

    settings.setdefault("skip_languages", ["en"])
    return SentenceTechniqueDetector(**settings)


@components.register("unspun.loaded_vocabulary.v1")
def make_loaded_vocabulary(**settings: Any) -> Component:
    from unspun.detectors.loaded_vocabulary.detector import LoadedVocabularyDetector

    return LoadedVocabularyDetector(**settings)
