"""Technique classification (TC): given a span, rank the 14 PTC techniques.

Two rankers:

- :class:`SpanClassifier` (the TC model): a MiniLM encoder (pinned base + our LoRA delta,
  ``models/techniques/span-classifier.json``, assembled into ONNX like the tagger) reads the
  span's line and its neighbours with the span's tokens marked as token type 1; a softmax
  head over ``[CLS vector, mean of the span's token vectors, hand features]``
  (``spanfeatures.py``) gives one probability per technique, temperature-calibrated.
  :func:`classify_spans` is the batch entry point over many documents.
- :func:`rank_span`: the tagger's mean token probability per channel over the span (the
  first TC baseline; kept for the detector's own ranking of decoded spans).
"""

from __future__ import annotations

import functools
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspun.detectors.techniques import spanfeatures
from unspun.runtime.sessions import onnx_session


def rank_span(
    offsets: np.ndarray,
    probs: np.ndarray,
    channels: Sequence[str],
    start: int,
    end: int,
    *,
    skip: Sequence[str] = ("ANY",),
) -> list[tuple[str, float]]:
    """``[(label, score), ...]`` best first, for the characters ``[start, end)``.

    ``offsets`` is ``(n, 2)`` token character offsets and ``probs`` ``(n, C)`` token
    probabilities. A span that covers no token (whitespace only) takes the nearest token.
    """
    if len(offsets) == 0:
        return []
    inside = (offsets[:, 0] < end) & (offsets[:, 1] > start)
    if not inside.any():
        centre = (start + end) / 2
        nearest = int(np.argmin(np.abs((offsets[:, 0] + offsets[:, 1]) / 2 - centre)))
        inside = np.zeros(len(offsets), dtype=bool)
        inside[nearest] = True
    mean = probs[inside].mean(axis=0)
    ranked = [(label, float(mean[c])) for c, label in enumerate(channels) if label not in skip]
    ranked.sort(key=lambda pair: -pair[1])
    return ranked


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass
class _DocExamples:
    """A text's token ids and, per span: context ``lo, hi``, span tokens ``a, b`` relative
    to ``lo``, hand features."""

    ids: np.ndarray
    items: list[tuple[int, int, int, int, np.ndarray]]


class SpanClassifier:
    """The ONNX span classifier: :meth:`rank` / :meth:`predict` over spans of many texts.

    ``model_dir``: the folder of ``span-classifier.json`` and its delta (default: the
    technique model folder, ``UNSPUN_TECHNIQUES_MODEL_DIR`` overrides). The model is
    assembled from the pinned base encoder on first use and cached (``assemble.py``).
    """

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        threads: int = 2,
        batch_tokens: int = 4096,
        quantize: bool = False,
    ):
        from unspun.detectors.techniques.assemble import SPAN_CLASSIFIER_FILE, assemble, load_spec
        from unspun.detectors.techniques.tagger import load_tokenizer
        from unspun.runtime import minilm as weights

        self.spec = load_spec(Path(model_dir) if model_dir else None, SPAN_CLASSIFIER_FILE)
        data = self.spec.data
        self.labels: list[str] = list(data["labels"])
        self.max_tokens = int(data["context"]["max_tokens"])
        self.span_type = int(data["context"].get("span_token_type", 1))
        self.pooling: list[str] = list(data.get("pooling", ["cls", "span"]))
        unknown = set(self.pooling) - {"cls", "span", "ctx"}
        if unknown:
            from unspun.errors import ResourceError

            raise ResourceError(
                f"{self.spec.folder / SPAN_CLASSIFIER_FILE}: unknown pooling {sorted(unknown)}.",
                hint="Use the span-classifier files that ship with this version of unspun.",
            )
        if list(data["features"]) != list(spanfeatures.FEATURE_NAMES):
            from unspun.errors import ResourceError

            raise ResourceError(
                f"{self.spec.folder / SPAN_CLASSIFIER_FILE} was trained with other hand "
                "features than this version of unspun computes.",
                hint="Use the span-classifier files that ship with this version of unspun.",
            )
        self.temperature = float(data.get("calibration", {}).get("temperature", 1.0))
        self.model_path = assemble(self.spec, quantize=quantize)
        weights.verify_file(self.spec.delta_path, self.spec.delta_sha256)
        delta = weights.read_safetensors(self.spec.delta_path)
        self.head_w = delta["head.weight"].astype(np.float32).T  # (2H + F, C)
        self.head_b = delta["head.bias"].astype(np.float32)
        self.session = onnx_session(self.model_path, threads=threads)
        self.tokenizer = load_tokenizer(weights.locate_base(verify=False).tokenizer_path)
        self.cls_id = self.tokenizer.token_to_id("[CLS]")
        self.sep_id = self.tokenizer.token_to_id("[SEP]")
        self.batch_tokens = batch_tokens
        self._lock = threading.Lock()

    # -- inputs ---------------------------------------------------------------------------

    def _examples(self, text: str, spans: Sequence[tuple[int, int]]) -> _DocExamples:
        """The tokens of one text and, per span, its context window, span tokens and features."""
        from unspun.detectors.techniques.windows import line_starts

        enc = self.tokenizer.encode(text, add_special_tokens=False)
        ids = np.asarray(enc.ids, dtype=np.int64)
        offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        starts = line_starts(text, [(int(a), int(b)) for a, b in offsets.tolist()])
        doc = spanfeatures.DocIndex.of(text)
        lines = spanfeatures.line_index(starts)
        items = []
        for start, end in spans:
            if not 0 <= start <= end <= len(text):
                raise ValueError(
                    f"span ({start}, {end}) is outside the text of {len(text)} characters"
                )
            a, b = spanfeatures.span_tokens(offsets, start, end)
            lo, hi = spanfeatures.context_window(starts, a, b, self.max_tokens, lines)
            items.append(
                (
                    lo,
                    hi,
                    max(a, lo) - lo,
                    min(b, hi) - lo,
                    spanfeatures.hand_features(doc, start, end),
                )
            )
        return _DocExamples(ids, items)

    # -- scoring --------------------------------------------------------------------------

    def logits(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> list[np.ndarray]:
        """Uncalibrated logits ``(len(spans[i]), 14)`` per text, in the order of ``labels``.

        Spans are batched across texts. When the model reads its context unmarked
        (``span_token_type`` 0), spans that share a context window share one encoder pass.
        """
        if len(texts) != len(spans):
            raise ValueError("texts and spans differ in length")
        docs = [self._examples(t, s) for t, s in zip(texts, spans, strict=True)]
        # context key -> spans (doc, index) that read it
        contexts: dict[tuple[int, ...], list[tuple[int, int]]] = {}
        for d, doc in enumerate(docs):
            for j, (lo, hi, a, b, _) in enumerate(doc.items):
                key: tuple[int, ...] = (d, lo, hi) if self.span_type == 0 else (d, lo, hi, a, b)
                contexts.setdefault(key, []).append((d, j))
        out = [np.zeros((len(s), len(self.labels)), dtype=np.float32) for s in spans]
        order = sorted(contexts, key=lambda k: k[2] - k[1])
        batch: list[tuple[int, ...]] = []
        for ctx in order:
            width = ctx[2] - key[1] + 2  # sorted: the widest so far
            if batch and width * (len(batch) + 1) > self.batch_tokens:
                self._run(batch, contexts, docs, out)
                batch = []
            batch.append(ctx)
        if batch:
            self._run(batch, contexts, docs, out)
        return out

    def _run(self, batch, contexts, docs, out) -> None:
        width = max(k[2] - k[1] for k in batch) + 2
        ids = np.zeros((len(batch), width), dtype=np.int64)
        types = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for r, key in enumerate(batch):
            d, lo, hi = key[0], key[1], key[2]
            n = hi - lo
            ids[r, 0], ids[r, 1 : n + 1], ids[r, n + 1] = (
                self.cls_id,
                docs[d].ids[lo:hi],
                self.sep_id,
            )
            mask[r, : n + 2] = 1
            if self.span_type:
                types[r, 1 + key[3] : 1 + key[4]] = self.span_type
        with self._lock:
            hidden = self.session.run(
                ["hidden"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )[0]
        rows, where = [], []
        for r, key in enumerate(batch):
            n = key[2] - key[1]
            h = hidden[r]
            for d, j in contexts[key]:
                _, _, a, b, hand = docs[d].items[j]
                pools = {
                    "cls": h[0],
                    "span": h[1 + a : 1 + max(b, a + 1)].mean(0),
                    "ctx": h[: n + 2].mean(0),
                }
                rows.append(np.concatenate([pools[p] for p in self.pooling] + [hand]))
                where.append((d, j))
        logits = np.stack(rows) @ self.head_w + self.head_b
        for (d, j), row in zip(where, logits, strict=True):
            out[d][j] = row

    def predict(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[tuple[int, int]]],
        tagger: Sequence[Any] | None = None,
    ) -> list[np.ndarray]:
        """Calibrated probabilities ``(len(spans[i]), 14)`` per text (rows sum to 1).

        ``tagger``: optionally, the technique tagger's token scores of each text
        (``TaggerSession.predict(texts)``, objects with ``offsets`` and ``probs``); the
        log of its mean probability per technique over each span is added to the logits
        with the weight and temperature of ``span-classifier.json["ensemble"]``.
        """
        logits = self.logits(texts, spans)
        if tagger is None:
            return [softmax(x, self.temperature) for x in logits]
        ens = self.spec.data["ensemble"]
        cols = [list(ens["tagger_channels"]).index(label) for label in self.labels]
        weight, temperature = float(ens["tagger_weight"]), float(ens["temperature"])
        out = []
        for x, doc_spans, scores in zip(logits, spans, tagger, strict=True):
            out.append(softmax(x + weight * tagger_log_means(scores, doc_spans, cols), temperature))
        return out

    def rank_many(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[tuple[int, int]]],
        tagger: Sequence[Any] | None = None,
    ) -> list[list[list[tuple[str, float]]]]:
        """Per text, per span: ``[(label, probability), ...]`` best first."""
        return [
            [self._ranked(row) for row in probs] for probs in self.predict(texts, spans, tagger)
        ]

    def rank(
        self, text: str, spans: Sequence[tuple[int, int]], tagger: Any | None = None
    ) -> list[list[tuple[str, float]]]:
        """Per span of ``text``: ``[(label, probability), ...]`` best first."""
        return self.rank_many([text], [spans], None if tagger is None else [tagger])[0]

    def _ranked(self, row: np.ndarray) -> list[tuple[str, float]]:
        return ranking(self.labels, row)


def ranking(labels: Sequence[str], row: np.ndarray) -> list[tuple[str, float]]:
    """``[(label, probability), ...]`` of one row of probabilities, best first."""
    order = np.argsort(-row, kind="stable")
    return [(labels[c], float(row[c])) for c in order]


def tagger_log_means(
    scores: Any, spans: Sequence[tuple[int, int]], cols: Sequence[int]
) -> np.ndarray:
    """``(len(spans), len(cols))``: log of the tagger's mean token probability of channels
    ``cols`` over each span (the nearest token for a span that covers none); zeros where a
    text has no tokens. ``scores``: ``TaggerSession.predict`` output for the text."""
    out = np.zeros((len(spans), len(cols)), dtype=np.float32)
    for j, (start, end) in enumerate(spans):
        a, b = spanfeatures.span_tokens(scores.offsets, start, end)
        if b > a:
            out[j] = np.log(np.clip(scores.probs[a:b][:, cols].mean(0), 1e-6, 1.0))
    return out


@functools.lru_cache(maxsize=2)
def default_classifier(model_dir: str | None = None, threads: int = 2) -> SpanClassifier:
    """A shared :class:`SpanClassifier` (built once per model folder and thread count)."""
    return SpanClassifier(model_dir, threads=threads)


def classify_spans(
    texts: Mapping[str, str],
    spans: Sequence[tuple[str, int, int]],
    *,
    classifier: SpanClassifier | None = None,
    distinct_duplicates: bool = False,
    token_scores: Mapping[str, Any] | None = None,
) -> list[tuple[str, int, int, str, float]]:
    """The technique of each given span: ``[(doc_id, start, end, ptc_label, probability)]``.

    ``texts`` maps document ids to texts; ``spans`` lists ``(doc_id, start, end)`` character
    offsets (any order, many documents); the result is in the order of ``spans``, with the
    PTC label (``models/techniques/span-classifier.json["labels"]``) and its calibrated
    probability. ``distinct_duplicates``: when the same span is listed k times (PTC marks
    a span with several techniques that way), its i-th listing gets the i-th ranked label,
    so that the copies are not all given the same one (off by default: on validation it
    changed 14 duplicated spans' labels for -0.0007 TC micro-F1). ``token_scores``: the
    technique tagger's token scores per document id (``TaggerSession.predict``), when the
    caller has them: combined with the span classifier (validation TC micro-F1 0.598 instead
    of 0.577; see ``SpanClassifier.predict``). Every document must then have its scores.
    """
    clf = classifier or default_classifier()
    doc_ids = list(dict.fromkeys(doc for doc, _, _ in spans))
    missing = [d for d in doc_ids if d not in texts]
    if missing:
        raise KeyError(f"no text for document(s) {missing[:5]}")
    per_doc: dict[str, list[int]] = {d: [] for d in doc_ids}
    for i, (doc, _, _) in enumerate(spans):
        per_doc[doc].append(i)
    ranked = clf.rank_many(
        [texts[d] for d in doc_ids],
        [[(spans[i][1], spans[i][2]) for i in per_doc[d]] for d in doc_ids],
        None if token_scores is None else [token_scores[d] for d in doc_ids],
    )
    out: list[tuple[str, int, int, str, float] | None] = [None] * len(spans)
    seen: Counter = Counter()
    for d, doc_ranked in zip(doc_ids, ranked, strict=True):
        for i, ranking in zip(per_doc[d], doc_ranked, strict=True):
            doc, start, end = spans[i]
            k = 0
            if distinct_duplicates:
                k = min(seen[(doc, start, end)], len(ranking) - 1)
                seen[(doc, start, end)] += 1
            label, prob = ranking[k]
            out[i] = (doc, start, end, label, prob)
    return [x for x in out if x is not None]
