"""``LoadedVocabularyDetector``: flags the loaded vocabulary of the Russia–Ukraine
information space in English, Russian, Ukrainian, Portuguese, Bulgarian, Slovene, Polish,
German, Spanish, French, Italian and Romanian, from both camps.

Each match of the packaged lexicon (:mod:`unspun.lexicons`) becomes a technique finding
with the entry's technique (mostly name calling for labels and dehumanising terms, loaded
language for euphemisms) and the entry's own explanation of why the word deserves a look.
A pejorative label that the attribution detector found standing where a source would
("the junta claims ...") is flagged as name calling too, even when the word is not in the
lexicon. A span the model-based technique detectors already flagged with the same
technique is not flagged twice.

The English token tagger learned US news of 2017–18 and misses this vocabulary; the
sentence-level multilingual model does not point at words. This channel does both, with a
fixed score per entry kind: the share of matches that annotators (PTC validation articles
and our own stress set, ``data/stress``) marked with the same technique.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from typing import ClassVar

from unspun.detectors.attribution.detector import sentence_attributions
from unspun.detectors.techniques.detector import technique_finding
from unspun.lexicons import Lexicon, loaded_vocabulary
from unspun.model.analysis import Analysis
from unspun.model.finding import Finding
from unspun.pipeline.component import Component

#: Score per entry kind: precision of the entry's technique, measured on PTC validation
#: (17 matches) and our stress set (160 matches) together; see docs/experiments.md.
KIND_SCORE = {
    "pejorative_label": 0.75,
    "dehumanising": 0.75,
    "euphemism": 0.55,
    "loaded_term": 0.4,
}
LABEL_TECHNIQUE = "Name_Calling,Labeling"
#: The languages of the lexicon's header (``languages:``); a test keeps them in step.
SUPPORTED_LANGS = ("en", "ru", "uk", "pt", "bg", "sl", "pl", "de", "es", "fr", "it", "ro")


class LoadedVocabularyDetector(Component):
    name: ClassVar[str] = "loaded_vocabulary"
    version: ClassVar[str] = "1.1.0"
    requires = ("lang",)
    assigns = ("findings:technique",)
    kind = "technique"

    def __init__(self, min_score: float = 0.0, lexicon: Lexicon | None = None):
        self.min_score = min_score
        self.lexicon = lexicon or loaded_vocabulary()

    @property
    def model_version(self) -> str | None:
        return f"{self.lexicon.name}-{self.lexicon.version}"

    def handles(self, analysis: Analysis) -> bool:
        return analysis.lang in SUPPORTED_LANGS

    def process(self, analysis: Analysis) -> None:
        if analysis.lang not in SUPPORTED_LANGS:
            return
        taken = _Containing(
            (f.start, f.end, f.attrs.get("ptc_label"))
            for f in analysis.findings
            if f.kind == "technique"
        )
        added = _Disjoint()

        def covered(start: int, end: int, ptc_label: str) -> bool:
            return taken.contains(start, end, ptc_label) or added.overlaps(start, end)

        for m in self.lexicon.matches(analysis.text, analysis.lang):
            score = KIND_SCORE.get(m.entry.kind, 0.4)
            ptc = m.entry.technique
            if score < self.min_score or covered(m.start, m.end, ptc):
                continue
            analysis.add(self._finding(m.start, m.end, ptc, score, m.entry.explanation, m.entry.id))
            added.add(m.start, m.end)
        for sa in sentence_attributions(analysis):
            for mention in sa.mentions:
                if mention.kind != "label" or covered(mention.start, mention.end, LABEL_TECHNIQUE):
                    continue
                if KIND_SCORE["pejorative_label"] < self.min_score:
                    continue
                analysis.add(
                    self._finding(
                        mention.start,
                        mention.end,
                        LABEL_TECHNIQUE,
                        KIND_SCORE["pejorative_label"],
                        "A pejorative label for a whole group stands where a source would: "
                        "it tags the group instead of naming anyone who said something.",
                        "attribution-label",
                    )
                )
                added.add(mention.start, mention.end)

    def _finding(
        self, start: int, end: int, ptc_label: str, score: float, explanation: str, entry: str
    ) -> Finding:
        return technique_finding(
            self,
            start,
            end,
            ptc_label,
            score,
            score,
            explanation=f"{explanation} (Loaded-vocabulary entry {entry}.)",
            source="lexicon",
        )


class _Containing:
    """Ranges per label, asked whether one of them contains ``[start, end)``: per label, the
    ranges sorted by start with the running maximum of their ends (a bisection per
    question, where a scan of every finding per match made the check quadratic)."""

    def __init__(self, ranges: Iterable[tuple[int, int, object]]):
        by_label: dict[object, list[tuple[int, int]]] = {}
        for s, e, p in ranges:
            by_label.setdefault(p, []).append((s, e))
        self._starts: dict[object, list[int]] = {}
        self._reach: dict[object, list[int]] = {}
        for p, spans in by_label.items():
            spans.sort()
            reach: list[int] = []
            for _, e in spans:
                reach.append(max(e, reach[-1]) if reach else e)
            self._starts[p] = [s for s, _ in spans]
            self._reach[p] = reach

    def contains(self, start: int, end: int, label: object) -> bool:
        starts = self._starts.get(label)
        if not starts:
            return False
        k = bisect_right(starts, start)  # ranges with s <= start
        return k > 0 and self._reach[label][k - 1] >= end


class _Disjoint:
    """Pairwise disjoint ranges (a range is only added when it overlaps none), sorted: a
    new range overlaps one of them exactly when it overlaps the last one starting before
    its end."""

    def __init__(self) -> None:
        self._ranges: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self._ranges, (end, -1))  # ranges with s < end
        return k > 0 and self._ranges[k - 1][1] > start

    def add(self, start: int, end: int) -> None:
        insort(self._ranges, (start, end))
