"""Technique classification of given spans (TC) on the shared multilingual-e5-small pass.

The model (``_models/techniques/tc-e5.json`` and its delta ``tc-e5.npz``) fine-tuned the top
four encoder layers with LoRA, the way the check-worthiness model did
(``training/finetune_span_branch.py``). A span is read in its sentence, as the pipeline
segments the text: the sentence goes through the encoder with the ``query: `` prefix, the
fine-tuned top gives one state per token, and the head reads the mean state of the span's
tokens, the mean state of the sentence, and two document features (how often the span's
words recur elsewhere in the text: repetition is a property of the document). A softmax
with a temperature fitted on validation gives calibrated probabilities over the 14 PTC
techniques.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspun.runtime.files import PACKAGED_MODELS

PREFIX = "query: "
#: Token rows are cut to this many ids (as in training).
MAX_TOKENS = 256
CONFIG_FILE = "tc-e5.json"


def span_features(text: str, start: int, end: int) -> list[float]:
    """How often the words of ``text[start:end]`` recur elsewhere in ``text``: the log of
    one plus the count of other occurrences, and whether there are any (case and white
    space ignored; spans under three characters get zeros)."""
    phrase = " ".join(text[start:end].lower().split())
    if len(phrase) < 3:
        return [0.0, 0.0]
    flat = " ".join(text.lower().split())
    others = max(flat.count(phrase) - 1, 0)
    return [float(np.log1p(others)), float(others > 0)]


@dataclass
class Row:
    """One sentence as the encoder reads it: ids (with ``<s>``, the prefix and ``</s>``) and
    each id's character offsets in the document (``-1`` for the special and prefix ids)."""

    ids: list[int]
    offsets: np.ndarray  # [n, 2]


def sentence_row(tokenizer: Any, text: str, start: int, end: int) -> Row:
    ids, offsets = tokenizer.encode_with_char_offsets(PREFIX + text[start:end])
    n_prefix = sum(1 for a, _ in offsets if a < len(PREFIX))
    keep = [(i, (a, b)) for i, (a, b) in enumerate(offsets) if a >= len(PREFIX)]
    keep = keep[: MAX_TOKENS - 8]
    row_ids = [tokenizer.bos, *ids[:n_prefix], *(ids[i] for i, _ in keep), tokenizer.eos]
    where = np.full((len(row_ids), 2), -1, dtype=np.int64)
    for j, (_, (a, b)) in enumerate(keep):
        where[1 + n_prefix + j] = (a - len(PREFIX) + start, b - len(PREFIX) + start)
    return Row(row_ids, where)


def default_tc_folder() -> Path:
    return PACKAGED_MODELS / "techniques"


def has_tc_model(folder: Path | None = None) -> bool:
    return ((folder or default_tc_folder()) / CONFIG_FILE).is_file()


class E5SpanClassifier:
    """Ranks the 14 PTC techniques for spans of texts (see the module docstring).

    ``model_dir``: the folder of ``tc-e5.json`` and its delta (default: the packaged
    technique model folder). ``threads``: ONNX Runtime threads of its encoder.
    """

    def __init__(self, model_dir: Path | None = None, *, threads: int = 2) -> None:
        from unspun.runtime.branch import load_branch_weights
        from unspun.runtime.e5_onnx import E5OnnxEncoder
        from unspun.runtime.sentences import E5_SMALL, locate_encoder

        folder = Path(model_dir) if model_dir is not None else default_tc_folder()
        self.config: dict[str, Any] = json.loads((folder / CONFIG_FILE).read_text("utf-8"))
        spec = self.config["branch"]
        weights_path = locate_encoder(E5_SMALL)
        branch, head = load_branch_weights(
            folder / spec["file"],
            spec["sha256"],
            weights_path,
            lower=int(spec["lower"]),
            lora_scale=float(spec["lora_scale"]),
            tokens=True,
        )
        self.labels: list[str] = list(self.config["labels"])
        self.head_w = head["head.weight"].astype(np.float32)  # [C, 2H + F]
        self.head_b = head["head.bias"].astype(np.float32)
        self.temperature = float(self.config["calibration"]["temperature"])
        self.encoder = E5OnnxEncoder(
            weights_path, E5_SMALL["sha256"], precision=self.config["precision"], threads=threads
        )
        self.encoder.set_branch(branch)
        self._segmenter: Any = None
        self._lock = threading.Lock()

    def _sentences(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        """The pipeline's sentences of each text (language identification, segmenter)."""
        from unspun.model import Document
        from unspun.pipeline import Pipeline, load_config
        from unspun.runtime.sentences import MAX_CHARS

        if self._segmenter is None:
            self._segmenter = Pipeline.from_config(load_config(components=["language", "segment"]))
        docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
        out: list[list[tuple[int, int]]] = []
        for outcome in self._segmenter.run(docs):
            a = outcome.analysis  # None for a text with nothing to read (white space only)
            sentences = a.sentences if a is not None else []
            out.append([(s.start, min(s.end, s.start + MAX_CHARS)) for s in sentences])
        return out

    def logits(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> list[np.ndarray]:
        """Raw head logits ``(len(spans[i]), 14)`` per text."""
        with self._lock:
            sentences = self._sentences(texts)
        tokenizer = self.encoder.tokenizer
        rows: list[Row] = []
        first_row: list[int] = []
        for text, sents in zip(texts, sentences, strict=True):
            first_row.append(len(rows))
            rows.extend(sentence_row(tokenizer, text, s, e) for s, e in sents)
        first_row.append(len(rows))
        wanted = sorted(
            {
                r
                for k, doc_spans in enumerate(spans)
                for span in doc_spans
                for r in [self._row_of(rows, first_row[k], first_row[k + 1], *span)]
                if r is not None
            }
        )
        states = dict(
            zip(
                wanted, self.encoder.branch_token_states([rows[r].ids for r in wanted]), strict=True
            )
        )
        out = []
        for k, (text, doc_spans) in enumerate(zip(texts, spans, strict=True)):
            vectors = []
            for start, end in doc_spans:
                r = self._row_of(rows, first_row[k], first_row[k + 1], start, end)
                if r is None:  # no sentence at all: the head's prior answers
                    vectors.append(np.zeros(self.head_w.shape[1], np.float32))
                    continue
                x = states[r]
                inside = self._inside(rows[r].offsets, start, end)
                span_vec = x[inside].mean(0)
                vectors.append(
                    np.concatenate([span_vec, x.mean(0), span_features(text, start, end)])
                )
            width = self.head_w.shape[1]
            matrix = np.asarray(vectors, dtype=np.float32).reshape(len(doc_spans), width)
            out.append(matrix @ self.head_w.T + self.head_b)
        return out

    @staticmethod
    def _inside(offsets: np.ndarray, start: int, end: int) -> np.ndarray:
        hit = (offsets[:, 0] >= 0) & (offsets[:, 0] < end) & (offsets[:, 1] > start)
        if hit.any():
            return hit
        # no token inside (white space only): the content token nearest to the span
        content = np.flatnonzero(offsets[:, 0] >= 0)
        hit = np.zeros(len(offsets), dtype=bool)
        if len(content):
            centre = (start + end) / 2
            middle = (offsets[content, 0] + offsets[content, 1]) / 2
            hit[content[int(np.argmin(np.abs(middle - centre)))]] = True
        else:
            hit[:] = True
        return hit

    @staticmethod
    def _row_of(rows: list[Row], lo: int, hi: int, start: int, end: int) -> int | None:
        """The row of ``rows[lo:hi]`` holding most of the span's tokens, else the nearest."""
        best, overlap, nearest, distance = None, 0, None, None
        for r in range(lo, hi):
            o = rows[r].offsets
            hit = int(((o[:, 0] >= 0) & (o[:, 0] < end) & (o[:, 1] > start)).sum())
            if hit > overlap:
                best, overlap = r, hit
            content = o[o[:, 0] >= 0]
            if len(content):
                gap = max(int(content[0, 0]) - end, start - int(content[-1, 1]), 0)
                if distance is None or gap < distance:
                    nearest, distance = r, gap
        return best if best is not None else nearest

    def predict(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[tuple[int, int]]],
        tagger: Sequence[Any] | None = None,
    ) -> list[np.ndarray]:
        """Calibrated probabilities ``(len(spans[i]), 14)`` per text (rows sum to 1).

        ``tagger``: the technique tagger's token scores of each text (objects with
        ``offsets`` and ``probs`` in the tagger's channel order, ``TaggerSession.predict``).
        When given, the log of the tagger's mean probability per technique over each span
        joins the logits with the weight and temperature of ``tc-e5.json["ensemble"]``.
        """
        from unspun.detectors.techniques.classify import softmax

        logits = self.logits(texts, spans)
        ensemble = self.config.get("ensemble")
        if tagger is None or not ensemble:
            return [softmax(x, self.temperature) for x in logits]
        weight, temperature = float(ensemble["tagger_weight"]), float(ensemble["temperature"])
        return [
            softmax(x + weight * self.tagger_logs(scores, doc_spans), temperature)
            for x, scores, doc_spans in zip(logits, tagger, spans, strict=True)
        ]

    def tagger_logs(self, scores: Any, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """``(len(spans), 14)``: log of the tagger's mean probability of each technique over
        each span's tokens (the nearest token for a span that covers none)."""
        from unspun.detectors.techniques.classify import tagger_log_means

        channels = list(self.config["ensemble"]["tagger_channels"])
        return tagger_log_means(scores, spans, [channels.index(label) for label in self.labels])

    def rank(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[tuple[int, int]]],
        tagger: Sequence[Any] | None = None,
    ) -> list[list[list[tuple[str, float]]]]:
        """Per text, per span: ``[(label, probability), ...]`` best first."""
        from unspun.detectors.techniques.classify import ranking

        probs = self.predict(texts, spans, tagger)
        return [[ranking(self.labels, row) for row in doc] for doc in probs]


def rank_with(
    classifier: E5SpanClassifier,
    texts: Mapping[str, str],
    wanted: Mapping[str, list],
    tagger: Any | None = None,
) -> dict[tuple[str, int, int], list[tuple[str, float]]]:
    """``(doc id, start, end) -> ranking`` for the spans ``wanted`` per document id;
    ``tagger``: a ``TaggerSession`` whose token scores join the ranking (see
    :meth:`E5SpanClassifier.predict`)."""
    ids = list(wanted)
    answers: dict[tuple[str, int, int], list[tuple[str, float]]] = {}
    for i in range(0, len(ids), 16):
        chunk = ids[i : i + 16]
        chunk_texts = [texts[d] for d in chunk]
        scores = tagger.predict(chunk_texts) if tagger is not None else None
        ranked = classifier.rank(chunk_texts, [wanted[d] for d in chunk], scores)
        for doc_id, doc_ranked in zip(chunk, ranked, strict=True):
            for (start, end), ranking in zip(wanted[doc_id], doc_ranked, strict=True):
                answers[(doc_id, start, end)] = ranking
    return answers
