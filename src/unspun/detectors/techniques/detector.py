"""``TechniqueDetector``: persuasion techniques at exact character offsets.

Token taggers (one probability per PTC technique per token) run through ONNX Runtime: a
tagger branch of the shared multilingual-e5 pass (``tagger_e5.py``) over every language,
and for English a base-size tagger on all-mpnet-base-v2 (``tagger_mpnet.py``), or the
MiniLM tagger when mpnet is turned off or its base is not installed. English documents get
the English tagger joined with the e5 tagger, other languages the e5 tagger alone; the
scores are decoded into spans with the per-technique rules tuned on validation for that
mode (``tagger.json``, ``tagger-e5.json``, ``tagger-mpnet.json``), scored with calibrated
confidences, labelled in the SemEval-2023 scheme.
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
from unspun.detectors.techniques.tagger_e5 import Mode, join
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
    """Flags spans that use one of the 14 PTC persuasion techniques.

    English always; other languages when the e5 tagger runs (``e5_tagger``, and an encoder
    backend that runs branches). ``languages`` restricts the languages handled.
    ``mpnet=False`` reads English with MiniLM + e5 (about twice as fast, SI F1 0.02 lower);
    with ``minilm=False`` too, English is read by the e5 tagger alone: one encoder pass less
    again, at the accuracy of the ``alone`` mode (see ``tagger-e5.json``)."""

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
        languages: Sequence[str] | None = None,
        classify_uncovered: bool = True,
        e5_tagger: bool = True,
        minilm: bool = True,
        mpnet: bool = True,
    ):
        from unspun.detectors.techniques.assemble import load_spec

        self.model_dir = str(model_dir) if model_dir else None
        self.threads = threads
        self.spec = load_spec(Path(model_dir) if model_dir else None)
        data = self.spec.data
        if quantize is None:
            quantize = bool(data.get("runtime", {}).get("quantize", False))
        self.quantize = quantize
        self.batch_tokens = batch_tokens
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
        self.minilm_mode = Mode(self.rules, self.si_rule or ChannelRule(), self.calibration)
        #: The e5 tagger branch (None: not packaged, turned off, or the backend cannot).
        self.e5: Any = None
        if e5_tagger and self.scheme == "ptc":
            from unspun.detectors.techniques.tagger_e5 import E5Tagger, has_e5_tagger

            folder = Path(model_dir) if model_dir else None
            if has_e5_tagger(folder):
                tagger = E5Tagger(folder, threads=threads)
                self.e5 = tagger if tagger.active else None
        #: The English tagger on all-mpnet-base-v2 (None: not packaged, its base not
        #: installed, turned off, or no e5 tagger to join it with).
        self.mpnet: Any = None
        if mpnet and self.e5 is not None:
            from unspun.detectors.techniques.tagger_mpnet import MpnetTagger, has_mpnet_tagger

            folder = Path(model_dir) if model_dir else None
            if has_mpnet_tagger(folder):
                self.mpnet = MpnetTagger(folder, threads=threads)
        #: Read English with the MiniLM tagger (joined with e5 when it runs, and with mpnet
        #: when its join names it).
        if self.mpnet is not None:
            self.minilm = minilm and "minilm" in self.mpnet.join
        else:
            self.minilm = minilm or self.e5 is None
        self._segmenter: Any = None
        if self.minilm:
            self.session  # noqa: B018 - load (and assemble) the MiniLM tagger up front

    @functools.cached_property
    def model_path(self) -> Path:
        """The assembled MiniLM tagger (built from the base and our delta on first use)."""
        from unspun.detectors.techniques.assemble import assemble

        return assemble(self.spec, quantize=self.quantize)

    @functools.cached_property
    def session(self) -> Any:
        """The MiniLM tagger's ONNX session, loaded on first use."""
        from unspun.detectors.techniques.tagger import TaggerSession
        from unspun.runtime.minilm import locate_base

        return TaggerSession(
            self.model_path,
            locate_base(verify=False).tokenizer_path,  # verified when the model was assembled
            n_channels=len(self.spec.channels),
            threads=self.threads,
            max_tokens=self.spec.max_tokens,
            overlap=self.spec.overlap,
            batch_tokens=self.batch_tokens,
        )

    @property
    def model_version(self) -> str | None:
        name = str(self.spec.data.get("name") or "tagger")
        parts = [name] if self.minilm else []
        parts += [t.version for t in (self.e5, self.mpnet) if t is not None]
        return "+".join(parts)

    @staticmethod
    def _english(analysis: Analysis) -> bool:
        # A document of unknown language (no language component ran) is read as English.
        return analysis.lang is None or analysis.lang == "en"

    def handles(self, analysis: Analysis) -> bool:
        """English always; other languages only through the e5 tagger."""
        if self.languages is not None and analysis.lang not in self.languages:
            return analysis.lang is None and "en" in self.languages
        return self._english(analysis) or self.e5 is not None

    def pipe(self, analyses: Sequence[Analysis]) -> None:
        mine = [a for a in analyses if self.handles(a)]
        if not mine:
            return
        found, _ = self.analyse(mine)
        for analysis, doc_found in zip(mine, found, strict=True):
            analysis.extend(doc_found)

    def analyse(self, analyses: Sequence[Analysis]) -> tuple[list[list[Finding]], list[Any]]:
        """The findings of each document, and the MiniLM token scores of each (None for a
        document not in English, or when MiniLM does not run), which the span ranking reads."""
        e5_scores: list[Any] = [None] * len(analyses)
        if self.e5 is not None:
            self._segment(analyses)
            e5_scores = self.e5.scores(analyses)
        english = [i for i, a in enumerate(analyses) if self.minilm and self._english(a)]
        minilm: list[Any] = [None] * len(analyses)
        predicted = self.session.predict([analyses[i].text for i in english]) if english else []
        for i, sc in zip(english, predicted, strict=True):
            minilm[i] = sc
        large: list[Any] = [None] * len(analyses)
        if self.mpnet is not None:
            chosen = [i for i, a in enumerate(analyses) if self._english(a)]
            found = self.mpnet.scores([analyses[i] for i in chosen]) if chosen else []
            for i, sc in zip(chosen, found, strict=True):
                large[i] = sc
        scores, modes = [], []
        for i in range(len(analyses)):
            if large[i] is not None:
                scores.append(self._join_large(large[i], e5_scores[i], minilm[i]))
                modes.append(self.mpnet.modes["joined"])
            elif minilm[i] is None:
                scores.append(e5_scores[i])
                modes.append(self.e5.modes["alone"])
            elif e5_scores[i] is not None:
                scores.append(join(minilm[i], e5_scores[i], self.e5.weight))
                modes.append(self.e5.modes["joined"])
            else:
                scores.append(minilm[i])
                modes.append(self.minilm_mode)
        texts = [a.text for a in analyses]
        return self.findings_many(texts, scores, modes, minilm), minilm

    def _join_large(self, large: Any, e5: Any, minilm: Any) -> Any:
        """The mpnet tagger's scores joined with those its config names (a tagger turned
        off, ``minilm=False``, is left out of the join)."""
        from unspun.detectors.techniques.tagger_mpnet import join_all

        others = {"e5": e5, "minilm": minilm}
        return join_all(large, *(others[n] for n in self.mpnet.join if others[n] is not None))

    def analyse_texts(self, texts: Sequence[str]) -> tuple[list[list[Finding]], list[Any]]:
        """:meth:`analyse` of plain texts (language identified, then segmented)."""
        from unspun.model import Document

        analyses = [Analysis(Document(id=str(i), text=t)) for i, t in enumerate(texts)]
        dict(self._segmenters())["language"].pipe(analyses)
        return self.analyse(analyses)

    def _segmenters(self) -> list[tuple[str, Component]]:
        if self._segmenter is None:
            from unspun.pipeline import Pipeline, load_config

            config = load_config(components=["language", "segment"])
            self._segmenter = Pipeline.from_config(config).components
        return list(self._segmenter)

    def _segment(self, analyses: Sequence[Analysis]) -> None:
        """Segment the documents no segmenter has read (the e5 pass reads sentences)."""
        todo = [a for a in analyses if not a.sentences and a.text.strip()]
        if todo:
            dict(self._segmenters())["segment"].pipe(todo)

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

    def findings_many(
        self,
        texts: Sequence[str],
        scores: Sequence[Any],
        modes: Sequence[Mode] | None = None,
        minilm: Sequence[Any] | None = None,
    ) -> list[list[Finding]]:
        """:meth:`findings` for several texts, with one span-classifier pass for all.

        ``modes``: the decoding of each text's scores (default: the MiniLM tagger's);
        ``minilm``: the MiniLM tagger's scores the span classifier reads (default:
        ``scores``; None for a text the span classifier does not read)."""
        modes = list(modes) if modes is not None else [self.minilm_mode] * len(texts)
        minilm = list(minilm) if minilm is not None else list(scores)
        found = [
            self._channel_findings(t, s, m) for t, s, m in zip(texts, scores, modes, strict=True)
        ]
        extra = self._uncovered_spans(texts, scores, found, modes, minilm)
        return [
            sorted(f + e, key=lambda x: (x.start, x.end, x.label))
            for f, e in zip(found, extra, strict=True)
        ]

    def _channel_findings(self, text: str, doc_scores: Any, mode: Mode) -> list[Finding]:
        """Spans decoded from each technique channel with its tuned rule."""
        out: list[Finding] = []
        for c, ptc_label in enumerate(self.spec.channels):
            rule = mode.rules.get(ptc_label)
            if rule is None:  # the "any technique" channel
                continue
            for start, end, raw in decode_channel(
                text, doc_scores.offsets, doc_scores.probs[:, c], rule
            ):
                finding = self._finding(start, end, ptc_label, raw, mode.calibration(raw))
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

    def _classify(
        self,
        texts: Sequence[str],
        uncovered: Sequence[Sequence[tuple[int, int, float]]],
        minilm: Sequence[Any],
        rankings: list[Any],
    ) -> None:
        """Rank the techniques of uncovered spans with a span classifier, in place: the e5
        span classifier when the model folder holds it (any language; joined with the MiniLM
        tagger's scores where a text has them), else the MiniLM span classifier (texts with
        MiniLM scores only). Texts it does not read keep the channel ranking."""
        from unspun.detectors.techniques.tc import e5_classifier
        from unspun.detectors.techniques.tc_e5 import has_tc_model

        folder = Path(self.model_dir) if self.model_dir else None
        e5 = self.e5 is not None and has_tc_model(folder)
        groups = [[i for i, u in enumerate(uncovered) if u and minilm[i] is not None]]
        if e5:
            groups.append([i for i, u in enumerate(uncovered) if u and minilm[i] is None])
        for group in groups:
            if not group:
                continue
            group_texts = [texts[i] for i in group]
            spans = [[(s, e) for s, e, _ in uncovered[i]] for i in group]
            tagger = [minilm[i] for i in group] if minilm[group[0]] is not None else None
            if e5:
                classified = e5_classifier(folder).rank(group_texts, spans, tagger)
            else:
                classified = self.rank(group_texts, spans, tagger)
            for i, doc_ranked in zip(group, classified, strict=True):
                rankings[i] = doc_ranked

    def _uncovered_spans(
        self,
        texts: Sequence[str],
        scores: Sequence[Any],
        found: Sequence[list[Finding]],
        modes: Sequence[Mode],
        minilm: Sequence[Any],
    ) -> list[list[Finding]]:
        """Per text, spans the "any technique" channel finds where no technique channel fired.

        The any channel is more sensitive than the single techniques (it pools their
        evidence); its spans that no technique span overlaps get the technique the span
        ranking puts first, so that a technique the channels missed still gets flagged.
        """
        if self.si_rule is None or self.any_channel is None:
            return [[] for _ in texts]
        from unspun.detectors.techniques.classify import rank_span

        channel = self.any_channel
        uncovered = []
        for text, sc, doc_found, mode in zip(texts, scores, found, modes, strict=True):
            overlaps = _overlap_index(doc_found)
            uncovered.append(
                [
                    (start, end, raw)
                    for start, end, raw in decode_channel(
                        text, sc.offsets, sc.probs[:, channel], mode.si_rule
                    )
                    if not overlaps(start, end)
                ]
            )
        channels = self.spec.channels
        rankings = [
            [rank_span(sc.offsets, sc.probs, channels, s, e) for s, e, _ in u]
            for sc, u in zip(scores, uncovered, strict=True)
        ]
        if self.classify_uncovered:
            self._classify(texts, uncovered, minilm, rankings)
        out: list[list[Finding]] = []
        for doc_uncovered, doc_rankings, mode in zip(uncovered, rankings, modes, strict=True):
            doc_out: list[Finding] = []
            for (start, end, raw), ranked in zip(doc_uncovered, doc_rankings, strict=True):
                if not ranked or ranked[0][0] not in self._labels:
                    continue
                score = mode.calibration(raw) * self.any_discount
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
