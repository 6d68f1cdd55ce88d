"""Scoring: how close each sentence and each document come to each catalogue entry.

For a sentence and an entry, the similarity is the cosine between the sentence's
multilingual-e5-small vector and the entry's closest example (the mean of the closest
``top_examples``), blended with its description. A narrative also takes the similarity of
its closest sub-narrative. Sentences that report or reject a claim instead of making it
("so-called", "a fake", "propaganda claims") are pushed down. A document's features per
entry are the best sentence, the mean of the best ``top_sentences`` sentences, and that
mean relative to the document's other entries (a war report is close to every war
narrative: only the entries it stands out on count). A logistic fit on validation data
(``thresholds.json``) turns the features into a probability, and per-level thresholds
chosen on the same data decide which labels a document gets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from unspun.detectors.narratives.catalogue import Narrative, NarrativeSet
from unspun.detectors.narratives.vectors import CatalogueVectors

OTHER = "Other"
FEATURES = (
    "top1",
    "topk",
    "rel",
    "rel_max",
    "hub",
    "domain",
    "topic",
    "distanced",
    "manip",
    "msim",
)
LEVELS = ("narrative", "subnarrative")


@dataclass(frozen=True)
class Calibration:
    """``p = sigmoid(bias + sum(weights[f] * feature f))`` for one level."""

    weights: Mapping[str, float]
    bias: float

    def __call__(self, features: Mapping[str, np.ndarray]) -> np.ndarray:
        z = np.full_like(next(iter(features.values())), self.bias, dtype=np.float64)
        for name, weight in self.weights.items():
            z = z + weight * features[name]
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -40, 40))))


@dataclass(frozen=True)
class MatchParams:
    """Everything the matcher was tuned with (``thresholds.json``)."""

    top_examples: int = 1
    top_sentences: int = 2
    description_weight: float = 0.2
    distancing_penalty: float = 0.03
    thresholds: Mapping[str, float] = field(
        default_factory=lambda: {"narrative": 0.5, "subnarrative": 0.5}
    )
    #: Cosine a sentence needs (relative to its document's best) to be shown as evidence.
    evidence_margin: float = 0.03
    max_evidence: int = 3
    max_narratives: int = 4
    calibration: Mapping[str, Calibration] = field(
        default_factory=lambda: {
            "narrative": Calibration({"rel": 40.0}, -2.0),
            "subnarrative": Calibration({"rel": 40.0}, -2.0),
        }
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchParams:
        cal = {
            level: Calibration(dict(c["weights"]), float(c["bias"]))
            for level, c in data["calibration"].items()
        }
        simple = {k: v for k, v in data.items() if k in _SIMPLE}
        return cls(**simple, calibration=cal)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in _SIMPLE}
        out["thresholds"] = dict(self.thresholds)
        out["calibration"] = {
            level: {"weights": dict(c.weights), "bias": c.bias}
            for level, c in self.calibration.items()
        }
        return out


_SIMPLE = (
    "top_examples",
    "top_sentences",
    "description_weight",
    "distancing_penalty",
    "thresholds",
    "evidence_margin",
    "max_evidence",
    "max_narratives",
)


@dataclass
class DocumentScores:
    """One document against every entry: sentence similarities, features, probabilities."""

    sentence: np.ndarray  # (sentences, entries) similarities after the distancing penalty
    features: dict[str, np.ndarray]  # name -> (entries,)
    probability: np.ndarray  # (entries,)


@dataclass(frozen=True)
class Decision:
    """A document's labels: the entries chosen, and the ``Other`` labels the matcher adds."""

    narratives: list[int]  # entry indices of chosen narratives, best first
    subnarratives: list[int]  # entry indices of chosen sub-narratives
    coarse: list[str]
    fine: list[str]


class Matcher:
    """Scores documents against a :class:`NarrativeSet` with its embedded vectors."""

    def __init__(
        self,
        narratives: NarrativeSet,
        vectors: Sequence[CatalogueVectors],
        params: MatchParams | None = None,
    ):
        self.narratives = narratives
        self.params = params or MatchParams()
        self.entries: list[Narrative] = narratives.entries
        index = {n.id: i for i, n in enumerate(self.entries)}
        self.rows = np.concatenate([v.vectors for v in vectors]).astype(np.float32)
        owners = [o for v in vectors for o in v.owner]
        self.owner = np.asarray([index.get(o, -1) for o in owners], dtype=np.int64)
        # each entry's catalogue topic row (what its catalogue as a whole is about)
        topic_row = {o[1:]: r for r, o in enumerate(owners) if o.startswith("@")}
        self.topic = np.asarray(
            [topic_row.get(c.id, -1) for c in narratives.catalogues for _ in c.narratives],
            dtype=np.int64,
        )
        self.is_example = np.concatenate([v.is_example for v in vectors])
        self.level = np.asarray([n.parent is not None for n in self.entries])  # True: sub
        self.parent = np.asarray(
            [index[n.parent] if n.parent is not None else -1 for n in self.entries]
        )
        self.children = [np.flatnonzero(self.parent == i) for i in range(len(self.entries))]
        domains = sorted({n.domain for n in self.entries})
        self.domain = np.asarray([domains.index(n.domain) for n in self.entries])
        self.hubness = self._hubness()
        # each catalogue's subject anchors and the entries they gate
        self.gates: list[tuple[re.Pattern[str], np.ndarray]] = []
        at = 0
        for catalogue in narratives.catalogues:
            n = len(catalogue.narratives)
            pattern = catalogue.anchor_pattern()
            if pattern is not None:
                mask = np.zeros(len(self.entries), dtype=bool)
                mask[at : at + n] = True
                self.gates.append((pattern, mask))
            at += n

    def off_topic(self, text: str) -> np.ndarray:
        """``(entries,)`` True for the entries of catalogues whose anchors ``text`` lacks
        (a story about a harbour is not matched against the war catalogue)."""
        blocked = np.zeros(len(self.entries), dtype=bool)
        for pattern, mask in self.gates:
            if pattern.search(text) is None:
                blocked |= mask
        return blocked

    def _hubness(self) -> np.ndarray:
        """How close each entry comes to the examples of *other* entries: an entry worded
        generically is close to everything, so its raw similarity means less (the
        correction of cross-domain similarity local scaling, CSLS)."""
        ex_rows = np.flatnonzero(self.is_example)
        if ex_rows.size == 0:
            return np.zeros(len(self.entries))
        sim = self.sentence_similarity(self.rows[ex_rows], np.zeros(ex_rows.size, dtype=bool))
        hub = np.zeros(len(self.entries))
        for e in range(len(self.entries)):
            related = {e, int(self.parent[e])} | {int(c) for c in self.children[e]}
            others = ~np.isin(self.owner[ex_rows], list(related))
            column = np.sort(sim[others, e])[-10:]
            hub[e] = float(column.mean()) if column.size else 0.0
        return hub

    def __len__(self) -> int:
        return len(self.entries)

    # --- scores ---------------------------------------------------------------------------

    def sentence_similarity(self, sentences: np.ndarray, distanced: np.ndarray) -> np.ndarray:
        """``(sentences, entries)``: each sentence's similarity to each entry."""
        p = self.params
        n_s, n_e = int(sentences.shape[0]), len(self.entries)
        if n_s == 0:
            return np.zeros((0, n_e), dtype=np.float32)
        unit = sentences / np.maximum(np.linalg.norm(sentences, axis=1, keepdims=True), 1e-9)
        cos = unit.astype(np.float32) @ self.rows.T  # (sentences, rows)
        own = np.zeros((n_s, n_e), dtype=np.float32)
        desc = np.zeros((n_s, n_e), dtype=np.float32)
        for e in range(n_e):
            rows = np.flatnonzero(self.owner == e)
            ex = rows[self.is_example[rows]]
            de = rows[~self.is_example[rows]]
            if ex.size:
                k = min(p.top_examples, ex.size)
                part = np.sort(cos[:, ex], axis=1)[:, -k:]
                own[:, e] = part.mean(axis=1)
            if de.size:
                desc[:, e] = cos[:, de].max(axis=1)
            else:
                desc[:, e] = own[:, e]
        sim = (1.0 - p.description_weight) * own + p.description_weight * desc
        # a narrative is advanced by its own examples or by any of its sub-narratives
        for top in np.flatnonzero(~self.level):
            kids = self.children[top]
            if kids.size:
                sim[:, top] = np.maximum(sim[:, top], sim[:, kids].max(axis=1))
        return np.asarray(sim - p.distancing_penalty * distanced[:, None].astype(np.float32))

    def topic_similarity(self, sentences: np.ndarray) -> np.ndarray:
        """``(entries,)``: how close the document's closest sentence comes to what the
        entry's catalogue as a whole is about (a harbour story is far from a war)."""
        if sentences.shape[0] == 0 or (self.topic < 0).any():
            return np.zeros(len(self.entries))
        unit = sentences / np.maximum(np.linalg.norm(sentences, axis=1, keepdims=True), 1e-9)
        cos = unit.astype(np.float32) @ self.rows[self.topic].T  # (sentences, entries)
        return np.asarray(cos.max(axis=0), dtype=np.float64)

    def features(
        self,
        sim: np.ndarray,
        distanced: np.ndarray,
        topic: np.ndarray | None = None,
        manip: np.ndarray | None = None,
    ) -> dict[str, np.ndarray]:
        """Document features per entry from the sentence similarities.

        ``manip`` (one value per sentence, optional) is how likely each sentence uses a
        persuasion technique (the multilingual technique head): a narrative is carried by
        loaded sentences, while a neutral report on the same war is close to the same
        catalogue examples but plain."""
        n_e = sim.shape[1]
        topic = np.zeros(n_e) if topic is None else topic
        share = float(distanced.mean()) if distanced.size else 0.0
        if sim.shape[0] == 0:
            zero = np.zeros(n_e)
            return {name: zero for name in FEATURES}
        k = min(self.params.top_sentences, sim.shape[0])
        top1 = sim.max(axis=0).astype(np.float64)
        topk = np.sort(sim, axis=0)[-k:].mean(axis=0).astype(np.float64)
        rel = np.zeros(n_e)
        rel_max = np.zeros(n_e)
        for level in (False, True):
            mask = self.level == level
            if mask.any():
                rel[mask] = topk[mask] - topk[mask].mean()
                rel_max[mask] = topk[mask] - topk[mask].max()
        # how far the entry's domain leads the other domains in this document
        domain = np.zeros(n_e)
        best = {d: float(topk[self.domain == d].max()) for d in np.unique(self.domain)}
        for d, value in best.items():
            others = [v for k, v in best.items() if k != d]
            domain[self.domain == d] = value - max(others) if others else 0.0
        if manip is None or manip.size != sim.shape[0]:
            manip = np.zeros(sim.shape[0])
        loaded = float(np.sort(manip)[-k:].mean())
        weighted = np.sort(sim * manip[:, None], axis=0)[-k:].mean(axis=0).astype(np.float64)
        return {
            "top1": top1,
            "topk": topk,
            "rel": rel,
            "rel_max": rel_max,
            "hub": topk - self.hubness,
            "domain": domain,
            "topic": topic,
            "distanced": np.full(n_e, share),
            "manip": np.full(n_e, loaded),
            "msim": weighted,
        }

    def score(
        self, sentences: np.ndarray, distanced: np.ndarray, manip: np.ndarray | None = None
    ) -> DocumentScores:
        sim = self.sentence_similarity(sentences, distanced)
        feats = self.features(sim, distanced, self.topic_similarity(sentences), manip)
        prob = np.zeros(len(self.entries))
        for level, is_sub in (("narrative", False), ("subnarrative", True)):
            mask = self.level == is_sub
            if mask.any():
                prob[mask] = self.params.calibration[level]({k: v[mask] for k, v in feats.items()})
        return DocumentScores(sim, feats, prob)

    # --- decisions ------------------------------------------------------------------------

    def decide(
        self, scores: DocumentScores, thresholds: Mapping[str, float] | None = None
    ) -> Decision:
        """The labels of a document: narratives over their threshold (at most
        ``max_narratives``), their sub-narratives over theirs, and the ``Other`` labels."""
        t = thresholds or self.params.thresholds
        prob = scores.probability
        tops = [int(e) for e in np.flatnonzero(~self.level) if prob[e] >= t["narrative"]]
        tops = sorted(tops, key=lambda e: -prob[e])[: self.params.max_narratives]
        subs: list[int] = []
        coarse: list[str] = []
        fine: list[str] = []
        for e in tops:
            coarse.append(self.entries[e].label)
            kids = [int(c) for c in self.children[e] if prob[c] >= t["subnarrative"]]
            kids.sort(key=lambda c: -prob[c])
            subs.extend(kids)
            fine.extend(self.entries[c].label for c in kids)
            if not kids:
                fine.append(f"{self.entries[e].label}: {OTHER}")
        if not tops:
            coarse, fine = [OTHER], [OTHER]
        return Decision(tops, subs, coarse, fine)

    def evidence(self, scores: DocumentScores, entry: int) -> list[int]:
        """Indices of the sentences that carry ``entry``: the best one, and up to
        ``max_evidence`` within ``evidence_margin`` of it."""
        column = scores.sentence[:, entry]
        if column.size == 0:
            return []
        order = np.argsort(-column, kind="stable")[: self.params.max_evidence]
        best = float(column[order[0]])
        return sorted(int(i) for i in order if column[i] >= best - self.params.evidence_margin)
