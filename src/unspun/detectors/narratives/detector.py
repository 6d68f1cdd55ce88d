"""``NarrativeDetector``: which catalogue narratives a document advances, and where.

Each document gets a list of narrative and sub-narrative labels with calibrated scores
(``analysis.narratives``; ``Other`` when none applies) and one ``narrative`` finding per
label and evidence sentence, so a reader sees exactly which sentences carry it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from unspun.detectors.narratives.catalogue import BUILTIN, Narrative, load_catalogues
from unspun.detectors.narratives.distancing import is_distanced
from unspun.detectors.narratives.matcher import (
    OTHER,
    Decision,
    DocumentScores,
    Matcher,
    MatchParams,
)
from unspun.detectors.narratives.params import load_params
from unspun.detectors.narratives.vectors import catalogue_vectors
from unspun.model.analysis import Analysis
from unspun.model.finding import Finding
from unspun.model.narrative import NarrativeLabel, NearestNarrative
from unspun.pipeline.component import Component
from unspun.runtime.alignment import align
from unspun.runtime.sentences import (
    E5_SMALL,
    WIDTH,
    get_encoder,
    sentence_embeddings,
    sentence_texts,
)


def build_matcher(
    catalogues: Sequence[str] = (),
    builtins: Sequence[str] | None = BUILTIN,
    params: MatchParams | None = None,
    threads: int = 2,
) -> Matcher:
    """A matcher over the built-in catalogues plus ``catalogues`` (paths), with cached
    catalogue vectors."""
    narrative_set = load_catalogues(catalogues, builtins=builtins)
    encoder = get_encoder(E5_SMALL, threads)
    vectors = [
        catalogue_vectors(c, encoder, E5_SMALL["sha256"], builtin=src.startswith("builtin:"))
        for c, src in zip(narrative_set.catalogues, narrative_set.sources, strict=True)
    ]
    return Matcher(narrative_set, vectors, params or load_params())


def uses_manip(params: MatchParams) -> bool:
    """Whether the tuned calibration reads the manipulation features."""
    return any(
        name in cal.weights for cal in params.calibration.values() for name in ("manip", "msim")
    )


def manipulation_scorer() -> Any:
    """Per-sentence probability that a sentence uses any persuasion technique, from the
    multilingual technique head over the same e5 vectors (no second encoder pass)."""
    from unspun.detectors.techniques_multilingual.detector import SentenceTechniqueModel

    model = SentenceTechniqueModel()
    column = model.channels.index("ANY")

    def score(vectors: np.ndarray) -> np.ndarray:
        if len(vectors) == 0:
            return np.zeros(0)
        return np.asarray(model.probabilities(vectors)[:, column], dtype=np.float64)

    return score


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for stop in (". ", "! ", "? "):
        at = text.find(stop)
        if 0 < at < 300:
            return text[: at + 1]
    return text if len(text) <= 300 else text[:299].rstrip() + "…"


class NarrativeDetector(Component):
    """Matches each document against narrative catalogues (built-in URW and CC, and the
    user's own files) with the multilingual sentence encoder."""

    name: ClassVar[str] = "narratives"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ("lang", "sentences")
    assigns: ClassVar[tuple[str, ...]] = ("findings:narrative", "narratives")
    kind: ClassVar[str | None] = "narrative"

    def __init__(
        self,
        catalogues: Sequence[str] = (),
        builtin_catalogues: Sequence[str] | None = BUILTIN,
        thresholds_file: str | None = None,
        narrative_threshold: float | None = None,
        subnarrative_threshold: float | None = None,
        min_sentence_chars: int = 25,
        threads: int = 2,
        use_anchors: bool = True,
        align_languages: bool = True,
    ):
        """
        Args:
            catalogues: paths of the user's own catalogue files, added to the built-ins.
            builtin_catalogues: which built-in catalogues to load (``urw``, ``cc``).
            thresholds_file: tuned settings to use instead of the shipped ones.
            narrative_threshold / subnarrative_threshold: override the tuned thresholds.
            min_sentence_chars: shorter sentences (datelines, captions) are not matched.
            threads: compute threads of the encoder.
            use_anchors: skip a catalogue for documents that match none of its anchors.
            align_languages: move the vectors of a language the catalogues hold no examples
                in by its offset (:mod:`unspun.runtime.alignment`) before matching.
        """
        self.use_anchors = use_anchors
        self.align_languages = align_languages
        params = load_params(thresholds_file)
        thresholds = dict(params.thresholds)
        if narrative_threshold is not None:
            thresholds["narrative"] = float(narrative_threshold)
        if subnarrative_threshold is not None:
            thresholds["subnarrative"] = float(subnarrative_threshold)
        self.thresholds = thresholds
        self.min_sentence_chars = min_sentence_chars
        self.matcher = build_matcher(
            list(catalogues), builtin_catalogues, params=params, threads=threads
        )
        self.encoder = get_encoder(E5_SMALL, threads)
        #: languages the catalogues hold examples in: matched as they are, never moved
        self.example_languages = {
            "en",
            *(e.lang for n in self.matcher.entries for e in n.examples),
        }
        self._manip = manipulation_scorer() if uses_manip(params) else None

    def pipe(self, analyses: Sequence[Analysis]) -> None:
        vectors = sentence_embeddings(analyses, self.encoder, query=True)
        for analysis, sentence_vectors in zip(analyses, vectors, strict=True):
            if self.align_languages and analysis.lang not in self.example_languages:
                sentence_vectors = align(sentence_vectors, analysis.lang)
            scores, kept = self.score(analysis, sentence_vectors)
            if self.use_anchors:
                scores.probability[self.matcher.off_topic(analysis.text)] = 0.0
            decision = self.matcher.decide(scores, self.thresholds)
            labels, findings = self._results(analysis, scores, kept, decision)
            analysis.extend(findings)
            analysis.narratives = labels

    def score(
        self, analysis: Analysis, sentence_vectors: np.ndarray
    ) -> tuple[DocumentScores, list[int]]:
        """Scores of one document; ``kept`` maps matcher rows to sentence indices."""
        texts = sentence_texts(analysis)
        kept = [i for i, t in enumerate(texts) if len(t.strip()) >= self.min_sentence_chars]
        if not kept and texts:  # a very short text: match what there is
            kept = list(range(len(texts)))
        matrix = sentence_vectors[kept] if kept else np.zeros((0, WIDTH), np.float32)
        distanced = np.asarray([is_distanced(texts[i], analysis.lang) for i in kept], dtype=bool)
        manip = self._manip(matrix) if self._manip is not None else None
        return self.matcher.score(matrix, distanced, manip), kept

    def _results(
        self, analysis: Analysis, scores: DocumentScores, kept: list[int], decision: Decision
    ) -> tuple[list[NarrativeLabel], list[Finding]]:
        entries = self.matcher.entries
        prob = scores.probability
        labels: list[NarrativeLabel] = []
        findings: list[Finding] = []
        if not decision.narratives:
            tops = np.flatnonzero(~self.matcher.level)
            best = float(prob[tops].max()) if tops.size else 0.0
            nearest = None
            # gated off-topic documents score 0 everywhere: no narrative is near them
            if tops.size and scores.sentence.shape[0] and best > 0.0:
                e = int(tops[np.argmax(prob[tops])])
                rows = self.matcher.evidence(scores, e)[:1]
                nearest = NearestNarrative(
                    id=entries[e].id,
                    label=entries[e].label,
                    name=entries[e].name,
                    score=round(float(prob[e]), 4),
                    threshold=round(float(self.thresholds["narrative"]), 4),
                    evidence=[analysis.sentences[kept[r]] for r in rows],
                )
            labels.append(
                NarrativeLabel(
                    label=OTHER, level="narrative", score=round(1.0 - best, 4), nearest=nearest
                )
            )
            return labels, findings
        texts = sentence_texts(analysis)
        chosen_subs = set(decision.subnarratives)
        for top in decision.narratives:
            subs = [c for c in self.matcher.children[top] if int(c) in chosen_subs]
            subs.sort(key=lambda c: -prob[c])
            for e in [top, *[int(c) for c in subs]]:
                entry = entries[e]
                rows = self.matcher.evidence(scores, e)
                spans = [analysis.sentences[kept[r]] for r in rows]
                distanced = bool(rows) and all(
                    is_distanced(texts[kept[r]], analysis.lang) for r in rows
                )
                stance = "distanced" if distanced else "advances"
                labels.append(_label(entry, float(prob[e]), spans, stance))
                for r, span in zip(rows, spans, strict=True):
                    findings.append(
                        self._finding(
                            entry, span, float(prob[e]), float(scores.sentence[r, e]), stance
                        )
                    )
            if not subs:
                parent = entries[top]
                labels.append(
                    NarrativeLabel(
                        label=f"{parent.label}: {OTHER}",
                        level="subnarrative",
                        parent=parent.id,
                        domain=parent.domain,
                        score=round(float(prob[top]), 4),
                    )
                )
        return labels, findings

    def _finding(
        self, entry: Narrative, span: Any, score: float, similarity: float, stance: str
    ) -> Finding:
        level = "narrative" if entry.parent is None else "subnarrative"
        return self.finding(
            start=span.start,
            end=span.end,
            label=entry.label,
            category=entry.domain,
            score=round(score, 4),
            explanation=(
                f"This sentence is close to the {level.replace('sub', 'sub-')} "
                f"\u201c{entry.name}\u201d. {_first_sentence(entry.description)}"
            ),
            scope=span,
            attrs={
                "narrative_id": entry.id,
                "name": entry.name,
                "parent": entry.parent,
                "level": level,
                "document_score": round(score, 4),
                "sentence_similarity": round(similarity, 4),
                "status": entry.status,
                "stance": stance,
            },
        )


def _label(entry: Narrative, score: float, spans: list[Any], stance: str) -> NarrativeLabel:
    return NarrativeLabel(
        stance="distanced" if stance == "distanced" else "advances",
        label=entry.label,
        level="narrative" if entry.parent is None else "subnarrative",
        id=entry.id,
        name=entry.name,
        parent=entry.parent,
        domain=entry.domain,
        score=round(score, 4),
        evidence=list(spans),
    )
