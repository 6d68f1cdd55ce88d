"""``TechniqueDetector``: persuasion techniques at exact character offsets.

A MiniLM token tagger (one probability per PTC technique per token) run through ONNX
Runtime, decoded into spans with the per-technique rules tuned on validation
(``tagger.json``), scored with calibrated confidences, labelled in the SemEval-2023 scheme.
A model trained with ``--scheme semeval2023`` (``tagger.json["scheme"]``) has one channel
per SemEval-2023 technique and labels its findings with them directly.
The model is assembled from the pinned base encoder and our delta on first use
(``assemble.py``) and cached.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from unspun.detectors.techniques.calibration import Platt
from unspun.detectors.techniques.decode import ChannelRule, decode_channel
from unspun.model.analysis import Analysis
from unspun.model.finding import Finding
from unspun.pipeline.component import Component


def semeval_label(ptc_label: str) -> tuple[str, list[str]]:
    """The finding label of a PTC technique, and the SemEval-2023 techniques it covers.

    A PTC class that merges several SemEval-2023 techniques keeps its PTC name (the
    taxonomy knows it): picking one of them would mislabel the others.
    """
    from unspun import taxonomy

    targets = list(taxonomy.to_semeval(ptc_label))
    return (targets[0] if len(targets) == 1 else ptc_label), targets


def channel_label(channel: str, scheme: str = "ptc") -> tuple[str, list[str]]:
    """:func:`semeval_label` of a tagger channel; a ``semeval2023`` channel is its own
    label."""
    return semeval_label(channel) if scheme == "ptc" else (channel, [channel])


def channel_rule(channel: str, tuned: dict[str, ChannelRule]) -> ChannelRule:
    """The decoding rule of a ``semeval2023`` channel: its own tuned rule, else that of
    the one PTC class covering it, else the default rule."""
    from unspun import taxonomy

    if channel in tuned:
        return tuned[channel]
    ptc = [p for p in taxonomy.to_ptc(channel) if p in tuned]
    return tuned[ptc[0]] if len(ptc) == 1 else ChannelRule()


def technique_finding(
    component: Component,
    start: int,
    end: int,
    ptc_label: str,
    score: float,
    raw: float,
    *,
    explanation: str | None = None,
    scope: Any = None,
    scheme: str = "ptc",
    **attrs: Any,
) -> Finding:
    """A ``technique`` finding of ``component`` for a PTC technique: the label it is
    reported as, its category, the taxonomy's explanation (unless ``explanation``), and the
    attrs every technique finding carries. ``scheme="semeval2023"``: ``ptc_label`` is a
    SemEval-2023 technique, reported as itself (``ptc_label`` attr: the PTC class that
    covers it, or "" where PTC has none)."""
    from unspun import taxonomy

    label, targets = channel_label(ptc_label, scheme)
    covering = [ptc_label] if scheme == "ptc" else taxonomy.to_ptc(label)
    category = taxonomy.category_of(label)
    return component.finding(
        start=start,
        end=end,
        label=label,
        category=category.id if category else None,
        score=round(score, 4),
        explanation=explanation or taxonomy.explain(label),
        scope=scope,
        attrs={
            "ptc_label": covering[0] if len(covering) == 1 else "",
            "semeval_labels": targets,
            "raw_score": round(raw, 4),
            **attrs,
        },
    )


class TechniqueDetector(Component):
    """Flags spans that use one of the 14 PTC persuasion techniques (English)."""

    name: ClassVar[str] = "techniques"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ("lang",)
    assigns: ClassVar[tuple[str, ...]] = ("findings:technique",)
    kind: ClassVar[str | None] = "technique"
    labels: ClassVar[tuple[str, ...]] = (
        "Appeal_to_Authority",
        "Appeal_to_Fear-Prejudice",
        "Bandwagon,Reductio_ad_hitlerum",
        "False_Dilemma-No_Choice",
        "Causal_Oversimplification",
        "Doubt",
        "Exaggeration-Minimisation",
        "Flag_Waving",
        "Loaded_Language",
        "Name_Calling-Labeling",
        "Repetition",
        "Slogans",
        "Conversation_Killer",
        "Whataboutism,Straw_Men,Red_Herring",
    )

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        threads: int = 2,
        quantize: bool | None = None,
        min_score: float = 0.0,
        batch_tokens: int = 4096,
        any_channel: bool = True,
        languages: Sequence[str] | None = ("en",),
        classify_uncovered: bool = True,
    ):
        from unspun.detectors.techniques.assemble import assemble, load_spec
        from unspun.detectors.techniques.tagger import TaggerSession
        from unspun.runtime.minilm import locate_base

        self.model_dir = str(model_dir) if model_dir else None
        self.threads = threads
        self.spec = load_spec(Path(model_dir) if model_dir else None)
        data = self.spec.data
        if quantize is None:
            quantize = bool(data.get("runtime", {}).get("quantize", False))
        self.model_path = assemble(self.spec, quantize=quantize)
        self.session = TaggerSession(
            self.model_path,
            locate_base(verify=False).tokenizer_path,  # verified when the model was assembled
            n_channels=len(self.spec.channels),
            threads=threads,
            max_tokens=self.spec.max_tokens,
            overlap=self.spec.overlap,
            batch_tokens=batch_tokens,
        )
        self.min_score = min_score
        #: Languages this detector analyses (None: all); others are left to other detectors.
        self.languages = set(languages) if languages is not None else None
        #: The channels' label scheme: "ptc" (the shipped model) or "semeval2023".
        self.scheme = str(data.get("scheme", "ptc"))
        tuned = {label: ChannelRule(**rule) for label, rule in data["decoding"]["rules"].items()}
        if self.scheme == "ptc":
            self.rules = tuned
        else:  # rules tuned for PTC classes: a technique they do not name gets a fallback
            self.rules = {c: channel_rule(c, tuned) for c in self.spec.channels if c != "ANY"}
        self.calibration = Platt(**data.get("calibration", {}).get("technique", {}))
        self._labels = {p: channel_label(p, self.scheme) for p in self.rules}
        si_rule = data["decoding"].get("si_rule")
        self.si_rule = ChannelRule(**si_rule) if si_rule and any_channel else None
        self.any_channel = self.spec.channels.index("ANY") if "ANY" in self.spec.channels else None
        #: Calibration was fitted on technique-channel spans; any-channel spans carry an
        #: unknown technique, so their score is discounted by this factor.
        self.any_discount = 0.8
        #: Label any-channel spans with the span classifier (else the tagger's channels).
        #: The span classifier ranks PTC classes from PTC channels: not for other schemes.
        self.classify_uncovered = classify_uncovered and self.scheme == "ptc"

    @property
    def model_version(self) -> str | None:
        return str(self.spec.data.get("name") or "tagger")

    def handles(self, analysis: Analysis) -> bool:
        # The tagger reads English only: other languages go to the multilingual detector.
        # A document of unknown language (no language component ran) is tried as English.
        return self.languages is None or analysis.lang is None or analysis.lang in self.languages

    def pipe(self, analyses: Sequence[Analysis]) -> None:
        mine = [a for a in analyses if self.handles(a)]
        texts = [a.text for a in mine]
        scores = self.session.predict(texts) if mine else []
        for analysis, found in zip(mine, self.findings_many(texts, scores), strict=True):
            analysis.extend(found)

    @functools.cached_property
    def span_classifier(self) -> Any:
        """The TC span classifier (``span-classifier.json``), loaded on first use."""
        from unspun.detectors.techniques.classify import default_classifier

        return default_classifier(self.model_dir, self.threads)

    def rank(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[tuple[int, int]]],
        token_scores: Sequence[Any] | None = None,
    ) -> list[list[list[tuple[str, float]]]]:
        """Per text, per given span: the PTC techniques ranked best first, with calibrated
        probabilities (the TC setting). The span classifier's logits are combined with the
        tagger's token scores over the span; pass ``token_scores`` when they are at hand."""
        if token_scores is None:
            token_scores = self.session.predict(list(texts))
        return self.span_classifier.rank_many(texts, spans, token_scores)

    def ranker(self, text: str, doc_scores: Any) -> Any:
        """A function ``(start, end) -> [(ptc_label, score), ...]`` for one text."""

        def rank(start: int, end: int) -> list[tuple[str, float]]:
            return list(self.rank([text], [[(start, end)]], [doc_scores])[0][0])

        return rank

    def findings(self, text: str, doc_scores: Any) -> list[Finding]:
        """The technique findings of one text from its token scores."""
        return self.findings_many([text], [doc_scores])[0]

    def findings_many(self, texts: Sequence[str], scores: Sequence[Any]) -> list[list[Finding]]:
        """:meth:`findings` for several texts, with one span-classifier pass for all."""
        found = [self._channel_findings(t, s) for t, s in zip(texts, scores, strict=True)]
        extra = self._uncovered_spans(texts, scores, found)
        return [
            sorted(f + e, key=lambda x: (x.start, x.end, x.label))
            for f, e in zip(found, extra, strict=True)
        ]

    def _channel_findings(self, text: str, doc_scores: Any) -> list[Finding]:
        """Spans decoded from each technique channel with its tuned rule."""
        out: list[Finding] = []
        for c, ptc_label in enumerate(self.spec.channels):
            rule = self.rules.get(ptc_label)
            if rule is None:  # the "any technique" channel
                continue
            for start, end, raw in decode_channel(
                text, doc_scores.offsets, doc_scores.probs[:, c], rule
            ):
                finding = self._finding(start, end, ptc_label, raw, self.calibration(raw))
                if finding is not None:
                    out.append(finding)
        return out

    def _finding(
        self, start: int, end: int, ptc_label: str, raw: float, score: float, **attrs: Any
    ) -> Finding | None:
        """The finding of one decoded span, or None below ``min_score``."""

        if score < self.min_score:
            return None
        return technique_finding(
            self, start, end, ptc_label, score, raw, scheme=self.scheme, **attrs
        )

    def _uncovered_spans(
        self, texts: Sequence[str], scores: Sequence[Any], found: Sequence[list[Finding]]
    ) -> list[list[Finding]]:
        """Per text, spans the "any technique" channel finds where no technique channel fired.

        The any channel is more sensitive than the single techniques (it pools their
        evidence); its spans that no technique span overlaps get the technique the span
        ranking puts first, so that a technique the channels missed still gets flagged.
        """
        if self.si_rule is None or self.any_channel is None:
            return [[] for _ in texts]
        from unspun.detectors.techniques.classify import rank_span

        rule, channel = self.si_rule, self.any_channel
        uncovered = []
        for text, sc, doc_found in zip(texts, scores, found, strict=True):
            overlaps = _overlap_index(doc_found)
            uncovered.append(
                [
                    (start, end, raw)
                    for start, end, raw in decode_channel(
                        text, sc.offsets, sc.probs[:, channel], rule
                    )
                    if not overlaps(start, end)
                ]
            )
        if self.classify_uncovered and any(uncovered):
            rankings = self.rank(texts, [[(s, e) for s, e, _ in u] for u in uncovered], scores)
        else:
            channels = self.spec.channels
            rankings = [
                [rank_span(sc.offsets, sc.probs, channels, s, e) for s, e, _ in u]
                for sc, u in zip(scores, uncovered, strict=True)
            ]
        out: list[list[Finding]] = []
        for doc_uncovered, doc_rankings in zip(uncovered, rankings, strict=True):
            doc_out: list[Finding] = []
            for (start, end, raw), ranked in zip(doc_uncovered, doc_rankings, strict=True):
                if not ranked or ranked[0][0] not in self._labels:
                    continue
                score = self.calibration(raw) * self.any_discount
                finding = self._finding(
                    start, end, ranked[0][0], raw, score, source="any-technique channel"
                )
                if finding is not None:
                    doc_out.append(finding)
            out.append(doc_out)
        return out


def _overlap_index(spans: Sequence[Finding]) -> Callable[[int, int], bool]:
    """``overlaps(start, end)``: whether any of ``spans`` overlaps ``[start, end)``. Spans
    sorted by start with the running maximum of their ends: one bisection per question
    (a scan of every finding per span made a document with many spans quadratic)."""
    ordered = sorted((f.start, f.end) for f in spans)
    starts = [s for s, _ in ordered]
    reach: list[int] = []
    for _, e in ordered:
        reach.append(max(e, reach[-1]) if reach else e)

    def overlaps(start: int, end: int) -> bool:
        k = bisect.bisect_left(starts, end)  # spans that start before ``end``
        return k > 0 and reach[k - 1] > start

    return overlaps
