"""``ClaimDetector``: check-worthy claims with their type, pieces and source."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from unspun.detectors.attribution.detector import (
    PRODUCT as ATTRIBUTIONS,
)
from unspun.detectors.attribution.detector import (
    SentenceAttribution,
    sentence_attributions,
)
from unspun.detectors.attribution.mention import CROWD_REASON
from unspun.detectors.claims.entities import Entity, entities_from_spacy, entities_slavic
from unspun.detectors.claims.kinds import ClaimKind, classify, primary
from unspun.detectors.claims.pieces import Pieces, find_pieces
from unspun.detectors.claims.ranking import prioritise
from unspun.model.analysis import Analysis
from unspun.model.finding import Finding, Span
from unspun.pipeline.component import Component
from unspun.runtime.parse import english_parses
from unspun.runtime.sentences import (
    MAX_CHARS,
    branch_embeddings,
    sentence_embeddings,
    sentence_texts,
)

_TYPE_NAMES = {
    "statistic": "statistic",
    "quote": "quotation",
    "causal": "causal claim",
    "comparison": "comparison",
    "prediction": "prediction",
    "law_policy": "claim about a law or policy",
    "event": "reported event",
}


class ClaimDetector(Component):
    """Scores every sentence for check-worthiness and describes those worth checking."""

    name = "claims"
    version = "1.0.0"
    requires = ("lang", "sentences", "findings:attribution", ATTRIBUTIONS)
    assigns = ("findings:claim",)
    kind = "claim"
    labels = tuple(_TYPE_NAMES)

    @property
    def model_version(self) -> str | None:
        return self.model.version

    def __init__(
        self,
        model_dir: str | None = None,
        threshold: float | None = None,
        max_sentence_chars: int = MAX_CHARS,
        threads: int = 2,
        align_languages: bool = True,
        fine_tuned_top: bool = True,
        mpnet: bool = True,
    ):
        from unspun.detectors.claims.checkworthy import CheckWorthinessModel

        self.model = CheckWorthinessModel(
            Path(model_dir) if model_dir else None,
            threads=threads,
            fine_tuned_top=fine_tuned_top,
            mpnet=mpnet,
        )
        self.threshold = self.model.threshold if threshold is None else threshold
        self._user_threshold = threshold is not None
        self.max_sentence_chars = max_sentence_chars
        self.align_languages = align_languages

    def pipe(self, analyses: Sequence[Analysis]) -> None:
        jobs = [(a, s) for a in analyses for s in a.sentences]
        if self.model.query_only and self.max_sentence_chars == MAX_CHARS:
            # the narrative detector reads the same vectors: one encoder pass per document
            vectors = sentence_embeddings(analyses, self.model.encoder, query=True)
            tops = (
                branch_embeddings(analyses, self.model.encoder, query=True)
                if self.model.branch is not None
                else [None] * len(analyses)
            )
            english = [a for a in analyses if self.model.uses_mpnet(a.lang)]
            logits = self.model.mpnet_logits(english) if english else []
            large = {id(a): z for a, z in zip(english, logits, strict=True)}
            scores = []
            for analysis, base, top in zip(analyses, vectors, tops, strict=True):
                if id(analysis) in large:  # English: the mpnet top (joined with the e5 top)
                    found = self.model.score_mpnet(large[id(analysis)], top)
                else:
                    found = self.model.score_vectors(
                        base,
                        top,
                        sentence_texts(analysis),
                        analysis.lang,
                        align_languages=self.align_languages,
                    )
                scores += [float(x) for x in found]
        else:
            texts = [
                a.text[s.start : min(s.end, s.start + self.max_sentence_chars)] for a, s in jobs
            ]
            langs = [a.lang if self.align_languages else None for a, _ in jobs]
            scores = [float(x) for x in self.model.score(texts, langs)] if texts else []
        chosen: dict[int, list[tuple[Span, float]]] = {}
        for (analysis, span), score in zip(jobs, scores, strict=True):
            if float(score) >= self._threshold(analysis.lang):
                chosen.setdefault(id(analysis), []).append((span, float(score)))
        for analysis in analyses:
            claims = chosen.get(id(analysis), [])
            entities = self._entities(analysis, [s for s, _ in claims])
            sources = _SourceIndex(analysis) if claims else None
            for (span, score), ents in zip(claims, entities, strict=True):
                analysis.add(self._finding(analysis, span, score, ents, sources))

    def _threshold(self, lang: str | None) -> float:
        """The configured threshold, else the operating point of the head scoring ``lang``."""
        return self.threshold if self._user_threshold else self.model.threshold_for(lang)

    def _entities(self, analysis: Analysis, spans: list[Span]) -> list[list[Entity]]:
        if analysis.lang in ("ru", "uk"):
            return [entities_slavic(analysis.text, s.start, s.end, analysis.lang) for s in spans]
        docs = english_parses(analysis, spans)
        return [entities_from_spacy(doc, s.start) for doc, s in zip(docs, spans, strict=True)]

    def _finding(
        self,
        analysis: Analysis,
        span: Span,
        score: float,
        entities: list[Entity],
        sources: _SourceIndex | None = None,
    ) -> Finding:
        text = analysis.text
        pieces = find_pieces(text, span.start, span.end, entities, analysis.lang or "en")
        source, source_finding = _source_of(analysis, span, sources)
        stands_in = _stands_in(source_finding)
        kinds = classify(
            text,
            span.start,
            span.end,
            has_quantity=bool(pieces.quantities),
            has_date=bool(pieces.dates),
            has_entity=bool(pieces.entities),
            attributed=source_finding is not None,
        )
        types = [k.type for k in kinds] or ["event"]
        priority = prioritise(score, stands_in or source, types)
        attrs: dict[str, Any] = {
            "types": types,
            "cues": [_cue(text, k) for k in kinds if k.cue_start is not None],
            "pieces": pieces.as_dict(text),
            "source": _source_dict(text, source, source_finding, stands_in),
            "priority": priority.score,
            "priority_reasons": list(priority.reasons),
        }
        return self.finding(
            start=span.start,
            end=span.end,
            label=primary(kinds),
            category="check_worthy",
            score=round(score, 4),
            explanation=_explain(
                text, types, pieces, stands_in or source, source_finding, priority.reasons
            ),
            scope=span,
            attrs=attrs,
        )


class _SourceIndex:
    """The attribution answers of one document by sentence, and its attribution findings by
    range (the first of each, as a scan would find): one lookup per claim instead of a scan
    of every sentence and finding, which made a document of many claims quadratic."""

    def __init__(self, analysis: Analysis):
        self.sentences: dict[tuple[int, int], SentenceAttribution] = {}
        for sa in sentence_attributions(analysis):
            self.sentences.setdefault((sa.sentence.start, sa.sentence.end), sa)
        self.findings: dict[tuple[int, int], Finding] = {}
        for f in analysis.findings:
            if f.kind == "attribution":
                self.findings.setdefault((f.start, f.end), f)


def _source_of(
    analysis: Analysis, span: Span, index: _SourceIndex | None = None
) -> tuple[str, Finding | None]:
    """The attribution that governs the sentence: its kind and its finding, if any."""
    index = index or _SourceIndex(analysis)
    sentence = index.sentences.get((span.start, span.end))
    if sentence is None:
        return "own", None
    main = next((m for m in sentence.mentions if m.main), None)
    if main is None:
        return sentence.label, None
    return sentence.label, index.findings.get((main.start, main.end))


def _stands_in(finding: Finding | None) -> str | None:
    """``label`` or ``crowd`` when what stands where the source should is a pejorative label
    ("the junta claims") or a crowd ("many believe"), else None."""
    if finding is None:
        return None
    if finding.label == "label":
        return "label"
    reasons = finding.attrs.get("reasons", [])
    return "crowd" if CROWD_REASON in reasons else None


def _source_dict(
    text: str, kind: str, finding: Finding | None, stands_in: str | None = None
) -> dict[str, Any]:
    if finding is None:
        return {"kind": kind}
    return {
        "kind": kind,
        **({"stands_in": stands_in} if stands_in else {}),
        "start": finding.start,
        "end": finding.end,
        "text": text[finding.start : finding.end],
    }


def _cue(text: str, kind: ClaimKind) -> dict[str, Any]:
    assert kind.cue_start is not None and kind.cue_end is not None
    return {
        "type": kind.type,
        "start": kind.cue_start,
        "end": kind.cue_end,
        "text": text[kind.cue_start : kind.cue_end],
    }


def _explain(
    text: str,
    types: list[str],
    pieces: Pieces,
    source: str,
    finding: Finding | None,
    reasons: Sequence[str],
) -> str:
    kinds = ", ".join(_TYPE_NAMES[t] for t in types)
    parts = [f"A check-worthy {kinds}."]
    summary = pieces.summary(text)
    if summary:
        parts.append(f"To verify: {summary}.")
    if finding is not None:
        phrase = f"\u201c{text[finding.start : finding.end]}\u201d"
        if source == "label":
            parts.append(f"{phrase} is a label for a group, not a source: the claim is unsourced.")
        elif source == "crowd":
            parts.append(f"{phrase} is a crowd, not a source: nobody is named who said it.")
        else:
            parts.append(f"Source ({source}): {phrase}.")
    elif source in ("own", "none"):
        parts.append("The text gives no source for it.")
    parts.append(f"Ranked by: {'; '.join(reasons)}.")
    return " ".join(parts)
