"""Score any predicted records against any imported gold records (``unspun eval records``).

Gold and predictions are both unspun records, whatever they came from (Label Studio,
doccano, PTC, SemEval, CheckThat!, or ``unspun analyze``), matched by document id. The
metrics are the project's own (GUIDE §3), computed by the scorers unspun already has:

- techniques: SI and FLC span F1 with partial credit, per technique, ECE
  (:func:`unspun.evaluation.techniques.score_techniques`), labels compared in ``scheme``;
- claims and attributions: span F1 ignoring labels and with labels (FLC-style);
- check-worthiness: F1 of the ``Yes`` class (gold from CheckThat! imports);
- narratives: F1-samples, coarse and fine (gold with narrative labels).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from unspun.detectors.techniques.metrics import merge_spans, span_prf
from unspun.evaluation.narratives import f1_samples
from unspun.evaluation.ptc import LabelledSpan
from unspun.evaluation.techniques import DocPrediction, score_techniques
from unspun.interop.errors import InteropConfigError, RegionTextMismatchError
from unspun.interop.shared_task.checkthat import checkworthy, gold_label
from unspun.interop.shared_task.ptc import ANY
from unspun.interop.shared_task.writers import ptc_label, semeval_labels
from unspun.model.record import AnalysisRecord, FindingRecord

Scheme = Literal["unspun", "ptc", "semeval2023"]


def technique_labels(finding: FindingRecord, scheme: Scheme) -> list[str]:
    """The labels a technique finding is compared under in ``scheme``."""
    if finding.label == ANY or scheme == "unspun":
        return [finding.label]
    if scheme == "ptc":
        label = ptc_label(finding)
        return [label] if label else [f"(no PTC label) {finding.label}"]
    if scheme == "semeval2023":
        return semeval_labels(finding) or [finding.label]
    raise InteropConfigError(f"unknown scheme {scheme!r}.", hint="Use unspun, ptc or semeval2023.")


def _key(doc_id: str) -> str:
    """A document id as both sides spell it (``EN_1.txt`` and ``EN_1`` are one file)."""
    return doc_id[: -len(".txt")] if doc_id.endswith(".txt") else doc_id


def _pair(
    gold: Sequence[AnalysisRecord], pred: Sequence[AnalysisRecord]
) -> tuple[list[tuple[AnalysisRecord, AnalysisRecord | None]], int]:
    by_id = {_key(r.id): r for r in pred}
    pairs = []
    for g in gold:
        p = by_id.get(_key(g.id))
        if p is not None and p.length != g.length:
            raise RegionTextMismatchError(
                f"document {g.id!r} has {g.length} characters in the gold file and "
                f"{p.length} in the predictions; their offsets cannot be compared.",
                hint="Predict on exactly the gold texts (unspun analyze over the same files).",
            )
        pairs.append((g, p))
    extra = len({_key(r.id) for r in pred} - {_key(g.id) for g in gold})
    return pairs, extra


def _kind_spans(
    pairs: list[tuple[AnalysisRecord, AnalysisRecord | None]], kind: str
) -> dict[str, Any]:
    gold = {
        g.id: [(f.start, f.end, f.label) for f in g.findings if f.kind == kind] for g, _ in pairs
    }
    pred = {
        g.id: [(f.start, f.end, f.label) for f in (p.findings if p else []) if f.kind == kind]
        for g, p in pairs
    }
    spans = span_prf(
        {d: [(s, e) for s, e, _ in v] for d, v in pred.items()},
        {d: merge_spans((s, e) for s, e, _ in v) for d, v in gold.items()},
    )
    labelled = span_prf(pred, gold, match_labels=True)
    return {"spans": spans.as_dict(), "labelled": labelled.as_dict()}


def _checkworthiness(pairs: list[tuple[AnalysisRecord, AnalysisRecord | None]]) -> dict[str, Any]:
    tp = fp = fn = 0
    for g, p in pairs:
        truth = gold_label(g) == "Yes"
        said = p is not None and checkworthy(p)
        tp += truth and said
        fp += said and not truth
        fn += truth and not said
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1_yes": round(f1, 4)}


def _narratives(pairs: list[tuple[AnalysisRecord, AnalysisRecord | None]]) -> dict[str, Any]:
    from unspun.interop.shared_task.narratives import submission_columns

    gold_c, gold_f, pred_c, pred_f = [], [], [], []
    for g, p in pairs:
        gc, gf = submission_columns(g)
        pc, pf = submission_columns(p) if p is not None else (["Other"], ["Other"])
        gold_c.append(gc)
        gold_f.append(gf)
        pred_c.append(pc)
        pred_f.append(pf)
    return {
        "coarse_f1_samples": round(f1_samples(pred_c, gold_c), 4),
        "fine_f1_samples": round(f1_samples(pred_f, gold_f), 4),
    }


def score_records(
    gold: Sequence[AnalysisRecord], pred: Sequence[AnalysisRecord], *, scheme: Scheme = "ptc"
) -> dict[str, Any]:
    """Every metric the gold supports, over the gold documents (a gold document with no
    prediction counts as predicting nothing)."""
    pairs, extra = _pair(gold, pred)
    result: dict[str, Any] = {
        "documents": len(pairs),
        "missing_predictions": sum(p is None for _, p in pairs),
        "predictions_not_in_gold": extra,
        "scheme": scheme,
    }
    if any(f.kind == "technique" for g, _ in pairs for f in g.findings):
        gold_spans = {
            g.id: [
                LabelledSpan(g.id, label, f.start, f.end)
                for f in g.findings
                if f.kind == "technique"
                for label in technique_labels(f, scheme)
            ]
            for g, _ in pairs
        }
        preds = {
            g.id: DocPrediction(
                spans=[
                    (f.start, f.end, label, f.score)
                    for f in (p.findings if p else [])
                    if f.kind == "technique"
                    for label in technique_labels(f, scheme)
                ]
            )
            for g, p in pairs
        }
        scores = score_techniques(gold_spans, preds)
        if any(s.label == ANY for v in gold_spans.values() for s in v):
            scores["flc"], scores["per_technique"] = None, {}  # SI gold has no techniques
        scores.pop("tc_micro_f1", None)
        result["technique"] = scores
    for kind in ("claim", "attribution"):
        if any(f.kind == kind for g, _ in pairs for f in g.findings):
            result[kind] = _kind_spans(pairs, kind)
    if any(gold_label(g) is not None for g, _ in pairs):
        result["checkworthiness"] = _checkworthiness(pairs)
    if any(g.narratives for g, _ in pairs):
        result["narratives"] = _narratives(pairs)
    return result


def format_result(result: dict[str, Any]) -> str:
    """The result as a few readable lines."""
    lines = [
        f"{result['documents']} gold documents ({result['missing_predictions']} without "
        f"predictions; {result['predictions_not_in_gold']} predicted documents not in gold); "
        f"technique labels compared as {result['scheme']}"
    ]
    t = result.get("technique")
    if t:
        lines.append(
            f"techniques: SI F1 {t['si']['f1']:.4f} (P {t['si']['precision']:.4f}, "
            f"R {t['si']['recall']:.4f})"
            + (f"; FLC F1 {t['flc']['f1']:.4f}" if t.get("flc") else "; FLC n/a (SI gold)")
            + f"; ECE {t['ece']:.4f}; gold {t['gold_spans']}, predicted {t['predicted_spans']}"
        )
    for kind in ("claim", "attribution"):
        if kind in result:
            s, lab = result[kind]["spans"], result[kind]["labelled"]
            lines.append(f"{kind}s: span F1 {s['f1']:.4f}; with labels F1 {lab['f1']:.4f}")
    if "checkworthiness" in result:
        lines.append(f"check-worthiness: F1(Yes) {result['checkworthiness']['f1_yes']:.4f}")
    if "narratives" in result:
        n = result["narratives"]
        lines.append(
            f"narratives: F1-samples coarse {n['coarse_f1_samples']:.4f}, "
            f"fine {n['fine_f1_samples']:.4f}"
        )
    return "\n".join(lines)
