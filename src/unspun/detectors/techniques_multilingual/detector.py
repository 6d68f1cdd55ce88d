"""``SentenceTechniqueDetector``: persuasion techniques in any language, one sentence at a time.

A small head (numpy MLP, 14 PTC techniques + "any technique") over the frozen ``query:``
multilingual-e5-small sentence vectors that the claims detector already computes and caches
per document (:func:`unspun.runtime.sentences.sentence_embeddings`), so on a pipeline that runs
the claims detector this detector adds no encoder pass. It was trained on English PTC
articles only (``training/train_sentence_techniques.py``) and reaches Russian and Ukrainian
zero-shot through the multilingual encoder; ``models/techniques-multilingual/MODEL_CARD.md``
gives its numbers on PTC validation and on UNLP-2025 (uk, ru).

A finding covers a whole sentence (``attrs["granularity"] == "sentence"``): the model says
that the sentence uses the technique, not which words do. The English token tagger
(:class:`~unspun.detectors.techniques.detector.TechniqueDetector`) is the better choice for English;
``skip_languages`` / ``languages`` or :meth:`SentenceTechniqueDetector.run` let a pipeline
route each document to one of the two.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from unspun.detectors.techniques.calibration import Platt
from unspun.detectors.techniques.detector import (
    TechniqueDetector,
    technique_finding,
)
from unspun.errors import ResourceError
from unspun.model.analysis import Analysis
from unspun.model.finding import Finding
from unspun.pipeline.component import Component
from unspun.runtime.alignment import align
from unspun.runtime.files import model_folder
from unspun.runtime.heads import dense_forward, load_head
from unspun.runtime.sentences import WIDTH, get_encoder, sentence_embeddings

__all__ = [
    "ENV_MODEL_DIR",
    "SentenceTechniqueDetector",
    "SentenceTechniqueModel",
    "default_model_dir",
    "head_probabilities",
]

#: A folder holding ``config.json`` and ``head.npz`` to use instead of the committed model.
ENV_MODEL_DIR = "UNSPUN_TECHNIQUES_MULTILINGUAL_MODEL_DIR"
_HINT = (
    "Pass the folder holding config.json and head.npz, or retrain both with "
    "training/train_sentence_techniques.py."
)


def default_model_dir() -> Path:
    """``$UNSPUN_TECHNIQUES_MULTILINGUAL_MODEL_DIR``, else the packaged copy, else the repo's."""
    return model_folder("techniques-multilingual", ENV_MODEL_DIR)


def head_probabilities(params: dict[str, np.ndarray], vectors: np.ndarray) -> np.ndarray:
    """Uncalibrated sigmoid outputs ``(n, channels)`` of the head for e5 vectors ``(n, 384)``.

    ``params``: ``in_mean``, ``in_std`` (input standardisation) and dense layers
    ``W0, b0, W1, b1, ...`` with ReLU between them. Shared with the training script.
    """
    inputs = (np.asarray(vectors, dtype=np.float32) - params["in_mean"]) / params["in_std"]
    z = np.clip(dense_forward(params, inputs).astype(np.float64), -60.0, 60.0)
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


class SentenceTechniqueModel:
    """The verified head and its settings: thresholds, calibration, channel names."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        head = load_head(self.model_dir, what="multilingual technique model", hint=_HINT)
        self.config: dict[str, Any] = head.raw
        self.params = head.params
        head_path = self.model_dir / "head.npz"
        self.channels: list[str] = list(self.config["channels"])
        self.thresholds: dict[str, float] = {
            k: float(v) for k, v in self.config["thresholds"].items()
        }
        self.calibration = Platt(**self.config["calibration"]["technique"])
        if self.params["W0"].shape[0] != WIDTH:
            raise ResourceError(f"{head_path} does not read {WIDTH}-wide e5 vectors", hint=_HINT)

    @property
    def version(self) -> str:
        return str(self.config["version"])

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Raw per-channel probabilities ``(n, len(channels))``."""
        if len(vectors) == 0:
            return np.zeros((0, len(self.channels)), dtype=np.float64)
        return head_probabilities(self.params, vectors)


class SentenceTechniqueDetector(Component):
    """Flags sentences that use one of the 14 PTC persuasion techniques (multilingual).

    Args:
        model_dir: folder with ``config.json`` and ``head.npz``; :func:`default_model_dir`
            if None.
        threads: encoder threads (only the first encoder loaded in a process sets them).
        min_score: drop findings whose calibrated score is below this.
        languages: if given, :meth:`pipe` handles only documents in these languages.
        skip_languages: :meth:`pipe` leaves documents in these languages alone (e.g.
            ``("en",)`` when the English tagger handles them).
        align_languages: move each language's vectors by its offset
            (:mod:`unspun.runtime.alignment`) before the head reads them.
    """

    name: ClassVar[str] = "techniques_multilingual"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ("lang", "sentences")
    assigns: ClassVar[tuple[str, ...]] = ("findings:technique",)
    kind: ClassVar[str | None] = "technique"
    labels: ClassVar[tuple[str, ...]] = TechniqueDetector.labels

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        threads: int = 2,
        min_score: float = 0.0,
        languages: Collection[str] | None = None,
        skip_languages: Collection[str] = (),
        align_languages: bool = True,
    ) -> None:
        self.model = SentenceTechniqueModel(model_dir)
        self.encoder = get_encoder(self.model.config["encoder"], threads)
        self.min_score = min_score
        self.languages = set(languages) if languages is not None else None
        self.skip_languages = set(skip_languages)
        self.align_languages = align_languages

    @property
    def model_version(self) -> str | None:
        return self.model.version

    def handles(self, analysis: Analysis) -> bool:
        """True when :meth:`pipe` runs on this document (by its detected language)."""
        lang = analysis.lang or ""
        if lang in self.skip_languages:
            return False
        return self.languages is None or lang in self.languages

    def pipe(self, analyses: Sequence[Analysis]) -> None:
        self.run([a for a in analyses if self.handles(a)])

    def run(self, analyses: Sequence[Analysis]) -> None:
        """Detect techniques in exactly these documents, whatever their language."""
        todo = [a for a in analyses if a.sentences]
        vectors = sentence_embeddings(todo, self.encoder, query=True)
        for analysis, doc_vectors in zip(todo, vectors, strict=True):
            if self.align_languages:  # moved to where the English-trained head learned
                doc_vectors = align(doc_vectors, analysis.lang)
            analysis.extend(self.findings(analysis, self.model.probabilities(doc_vectors)))

    def findings(self, analysis: Analysis, probs: np.ndarray) -> list[Finding]:
        """Findings of one document from its per-sentence raw probabilities."""
        out: list[Finding] = []
        for c, ptc_label in enumerate(self.model.channels):
            threshold = self.model.thresholds.get(ptc_label)
            if threshold is None:  # the "any technique" channel
                continue
            for sentence, raw in zip(analysis.sentences, probs[:, c], strict=True):
                raw = float(raw)
                if raw < threshold:
                    continue
                score = self.calibration(raw)
                if score < self.min_score:
                    continue
                out.append(
                    technique_finding(
                        self,
                        sentence.start,
                        sentence.end,
                        ptc_label,
                        score,
                        raw,
                        scope=sentence,
                        granularity="sentence",
                    )
                )
        out.sort(key=lambda f: (f.start, f.end, f.label))
        return out

    @property
    def calibration(self) -> Platt:
        return self.model.calibration
