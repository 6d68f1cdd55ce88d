"""Score technique detection on data in the PTC format: SI, FLC, TC, per technique, ECE.

The scorer takes predictions, not a model: ``DocPrediction`` per article, so the same
code scores the shipped ONNX detector, a training checkpoint, or hand-made spans in tests.
Metric definitions are in ``unspun.detectors.techniques.metrics`` (GUIDE §3).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspun.detectors.techniques.metrics import (
    expected_calibration_error,
    merge_spans,
    span_precision_share,
    span_prf,
    tc_micro_f1,
)
from unspun.errors import ConfigError, InputNotFoundError
from unspun.evaluation.ptc import LabelledSpan, article_ids


@dataclass
class DocPrediction:
    """Predicted spans ``(start, end, ptc_label, score)`` and a TC ranker for one text."""

    spans: list[tuple[int, int, str, float]] = field(default_factory=list)
    rank: Callable[[int, int], Sequence[tuple[str, float]]] | None = None


def score_techniques(
    gold: Mapping[str, Sequence[LabelledSpan]],
    predictions: Mapping[str, DocPrediction],
    *,
    labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """All technique metrics for the documents in ``predictions``."""
    docs = sorted(predictions)
    gold_flc = {d: [(s.start, s.end, s.label) for s in gold.get(d, ())] for d in docs}
    pred_flc = {d: [(s, e, lab) for s, e, lab, _ in predictions[d].spans] for d in docs}
    si = span_prf(
        {d: [(s, e) for s, e, _ in v] for d, v in pred_flc.items()},
        {d: merge_spans((s, e) for s, e, _ in v) for d, v in gold_flc.items()},
    )
    flc = span_prf(pred_flc, gold_flc, match_labels=True)
    all_labels = sorted(set(labels or ()) | {lab for v in gold_flc.values() for *_, lab in v})
    per_technique = {}
    for label in all_labels:
        score = span_prf(
            {d: [x for x in v if x[2] == label] for d, v in pred_flc.items()},
            {d: [x for x in v if x[2] == label] for d, v in gold_flc.items()},
            match_labels=True,
        )
        per_technique[label] = score.as_dict()
    gold_tc: list[str] = []
    pred_tc: list[str | None] = []
    for d in docs:
        ranker = predictions[d].rank
        for s in gold.get(d, ()):
            gold_tc.append(s.label)
            ranked = ranker(s.start, s.end) if ranker is not None else []
            pred_tc.append(ranked[0][0] if ranked else None)
    confidences: list[float] = []
    correct: list[float] = []
    for d in docs:
        for p_start, p_end, lab, sc in predictions[d].spans:
            confidences.append(sc)
            same_label = [(a, b) for a, b, g in gold_flc[d] if g == lab]
            correct.append(span_precision_share((p_start, p_end), same_label))
    return {
        "documents": len(docs),
        "gold_spans": sum(len(v) for v in gold_flc.values()),
        "predicted_spans": sum(len(v) for v in pred_flc.values()),
        "si": si.as_dict(),
        "flc": flc.as_dict(),
        "tc_micro_f1": round(tc_micro_f1(gold_tc, pred_tc), 4) if gold_tc else None,
        "ece": round(expected_calibration_error(confidences, correct), 4),
        "per_technique": per_technique,
    }


def format_table(result: Mapping[str, Any]) -> str:
    lines = [
        f"{result['documents']} documents, {result['gold_spans']} gold spans, "
        f"{result['predicted_spans']} predicted",
        f"SI  F1 {result['si']['f1']:.4f}  (P {result['si']['precision']:.4f}, "
        f"R {result['si']['recall']:.4f})",
        f"FLC F1 {result['flc']['f1']:.4f}  (P {result['flc']['precision']:.4f}, "
        f"R {result['flc']['recall']:.4f})",
        f"TC  micro-F1 {result['tc_micro_f1']}",
        f"ECE {result['ece']:.4f}",
        "",
        f"{'technique':<36}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}",
    ]
    for label, m in result["per_technique"].items():
        lines.append(
            f"{label:<36}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}"
            f"{m['n_gold']:>7}{m['n_pred']:>7}"
        )
    return "\n".join(lines)


def load_split(path: Path, split: str) -> list[str]:
    """Article ids of ``split`` in a split file like ``models/techniques/split.json``.

    The file lists ``validation`` ids; ``train`` is every other article, so it needs the
    article folder and is resolved by the caller (see :func:`select_ids`).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputNotFoundError(f"split file {str(path)!r} does not exist.") from None
    if split not in data:
        raise ConfigError(
            f"split {split!r} is not in {str(path)!r}; it has {sorted(data)}.",
            hint="Use --split validation, or give a split file that lists your split.",
        )
    return [str(x) for x in data[split]]


def select_ids(articles: Path, split_file: Path | None, split: str | None) -> list[str]:
    """The article ids to score: all, or those of ``split`` (``train`` = not validation)."""
    ids = article_ids(articles)
    if split is None:
        return ids
    if split_file is None:
        raise ConfigError("--split needs --split-file.")
    if split == "train":
        held = set(load_split(split_file, "validation"))
        return [i for i in ids if i not in held]
    wanted = set(load_split(split_file, split))
    return [i for i in ids if i in wanted]


def predict_articles(
    detector: Any,
    texts: Mapping[str, str],
    gold: Mapping[str, Sequence[LabelledSpan]] | None = None,
    batch: int = 8,
) -> dict[str, DocPrediction]:
    """Run a ``TechniqueDetector`` over ``texts`` and return ``DocPrediction`` per article.

    Spans come from the detector's decoded findings (their PTC label and calibrated score).
    TC ranks the ``gold`` spans as ``unspun classify`` does: with the e5 span classifier when
    the detector's model folder holds one (the packaged folder does), else with the
    detector's own span classifier; in one batch per article up front.
    """
    from unspun.detectors.techniques.tc import rank_spans
    from unspun.detectors.techniques.tc_e5 import has_tc_model

    folder = Path(detector.model_dir) if getattr(detector, "model_dir", None) else None
    e5_ranked: dict[tuple[str, int, int], Any] = {}
    if gold and has_tc_model(folder):
        asked_all = [(d, s.start, s.end) for d in texts for s in gold.get(d, ())]
        ranked_all = rank_spans(texts, asked_all, model_dir=folder, detector=detector)
        e5_ranked = dict(zip(asked_all, ranked_all, strict=True))
    ids = list(texts)
    out: dict[str, DocPrediction] = {}
    for i in range(0, len(ids), batch):
        chunk = ids[i : i + batch]
        chunk_texts = [texts[d] for d in chunk]
        found, scores = detector.analyse_texts(chunk_texts)
        scores = [
            sc if sc is not None else detector.session.predict([t])[0]
            for sc, t in zip(scores, chunk_texts, strict=True)
        ]
        asked = [[(s.start, s.end) for s in (gold or {}).get(d, ())] for d in chunk]
        # the gold spans are ranked once, by the e5 classifier, when there is one
        ranked = detector.rank(chunk_texts, [[] for _ in asked] if e5_ranked else asked, scores)
        for d, doc_scores, doc_spans, doc_ranked, findings in zip(
            chunk, scores, asked, ranked, found, strict=True
        ):
            spans = [(f.start, f.end, str(f.attrs["ptc_label"]), f.score) for f in findings]
            if e5_ranked:
                table = {(a, b): e5_ranked[(d, a, b)] for a, b in doc_spans}
            else:
                table = dict(zip(doc_spans, doc_ranked, strict=True))
            fallback = detector.ranker(texts[d], doc_scores)

            def rank(start: int, end: int, table=table, fallback=fallback) -> Sequence[Any]:
                return table.get((start, end)) or fallback(start, end)

            out[d] = DocPrediction(spans=spans, rank=rank)
    return out
