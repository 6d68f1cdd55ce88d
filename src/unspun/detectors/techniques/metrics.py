"""Scores for technique detection, from the definitions in GUIDE §3.

- ``span_prf``: span precision/recall/F1 with partial credit (SemEval-2020 SI; FLC when
  ``match_labels`` is set). Per document, for predicted spans S and gold spans T,
  ``P = Σ_s Σ_t |s∩t| / |s|`` over ``|S|`` and ``R = Σ_t Σ_s |s∩t| / |t|`` over ``|T|``, with the
  sums and counts added over all documents before dividing.
- ``tc_micro_f1``: technique classification of given gold spans, micro-F1.
- ``expected_calibration_error``: ECE of confidences against correctness, equal-width bins.

Pure Python (no unspun imports) so that the training code can load it by path.

Spans are ``(start, end)`` or ``(start, end, label)`` tuples, end exclusive; documents are
keys of dictionaries mapping a document id to its list of spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Span = tuple  # (start, end) or (start, end, label)


@dataclass(frozen=True)
class SpanScore:
    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def merge_spans(spans: Iterable[Sequence[int]]) -> list[tuple[int, int]]:
    """Union of ``(start, end)`` spans as sorted, non-overlapping spans.

    Spans that touch (``a.end == b.start``) stay apart, as they share no character.
    """
    out: list[list[int]] = []
    for start, end in sorted((int(s[0]), int(s[1])) for s in spans if s[1] > s[0]):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def _overlap(a: Sequence[int], b: Sequence[int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def span_sums(
    predicted: Sequence[Span], gold: Sequence[Span], *, merge_predicted: bool = True
) -> tuple[float, int, float, int]:
    """``(Σ precision credit, |S|, Σ recall credit, |T|)`` of one document (labels ignored).

    The parts that ``span_prf`` adds over documents (and labels); tuning code adds them
    up itself to score many decoding choices cheaply.
    """
    ps = merge_spans(predicted) if merge_predicted else list(predicted)
    p_sum = sum(sum(_overlap(s, t) for t in gold) / (s[1] - s[0]) for s in ps)
    r_sum = sum(sum(_overlap(s, t) for s in ps) / (t[1] - t[0]) for t in gold)
    return p_sum, len(ps), r_sum, len(gold)


def f1_from_sums(p_sum: float, n_pred: int, r_sum: float, n_gold: int) -> SpanScore:
    p = p_sum / n_pred if n_pred else 0.0
    r = r_sum / n_gold if n_gold else 0.0
    return SpanScore(p, r, _f1(p, r), n_pred, n_gold)


def span_prf(
    predicted: Mapping[str, Sequence[Span]],
    gold: Mapping[str, Sequence[Span]],
    *,
    match_labels: bool = False,
    merge_predicted: bool = True,
) -> SpanScore:
    """Partial-credit span P/R/F1 over documents (SI; FLC with ``match_labels``).

    With ``match_labels`` only spans of the same label overlap. ``merge_predicted`` merges
    overlapping predicted spans first (per label when labels must match), as the SI task
    prescribes; a document missing from ``predicted`` has no predictions.
    """
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for doc in set(predicted) | set(gold):
        preds = list(predicted.get(doc, ()))
        golds = list(gold.get(doc, ()))
        if match_labels:
            by_label: dict[str, tuple[list, list]] = {}
            for s in preds:
                by_label.setdefault(s[2], ([], []))[0].append(s)
            for t in golds:
                by_label.setdefault(t[2], ([], []))[1].append(t)
            groups = list(by_label.values())
        else:
            groups = [(preds, golds)]
        for ps, gs in groups:
            a, b, c, d = span_sums(ps, gs, merge_predicted=merge_predicted)
            p_sum, n_pred, r_sum, n_gold = p_sum + a, n_pred + b, r_sum + c, n_gold + d
    return f1_from_sums(p_sum, n_pred, r_sum, n_gold)


def tc_micro_f1(gold_labels: Sequence[str], predicted_labels: Sequence[str | None]) -> float:
    """Micro-F1 of technique classification over given gold spans.

    ``predicted_labels[i]`` is the label predicted for gold span ``i`` (``None``: no
    prediction, which counts as a miss but not as a wrong prediction).
    """
    if len(gold_labels) != len(predicted_labels):
        raise ValueError("gold_labels and predicted_labels differ in length")
    tp = sum(
        1 for g, p in zip(gold_labels, predicted_labels, strict=True) if p is not None and g == p
    )
    n_pred = sum(1 for p in predicted_labels if p is not None)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / len(gold_labels) if gold_labels else 0.0
    return _f1(precision, recall)


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[float], n_bins: int = 10
) -> float:
    """ECE: Σ_bins (|bin| / N) · |mean confidence − mean correctness|, equal-width bins.

    A confidence of exactly 1.0 falls in the last bin; ``correct`` may hold fractions (the
    share of a span that is right).
    """
    if len(confidences) != len(correct):
        raise ValueError("confidences and correct differ in length")
    n = len(confidences)
    if n == 0:
        return 0.0
    bins: list[list[tuple[float, float]]] = [[] for _ in range(n_bins)]
    for c, y in zip(confidences, correct, strict=True):
        if not 0.0 <= c <= 1.0:
            raise ValueError(f"confidence {c} is outside [0, 1]")
        bins[min(int(c * n_bins), n_bins - 1)].append((c, float(y)))
    ece = 0.0
    for b in bins:
        if b:
            conf = sum(c for c, _ in b) / len(b)
            acc = sum(y for _, y in b) / len(b)
            ece += len(b) / n * abs(conf - acc)
    return ece


def span_precision_share(span: Sequence[int], gold: Iterable[Sequence[int]]) -> float:
    """Share of ``span``'s characters that fall in gold spans (merged first): its correctness."""
    covered = sum(_overlap(span, t) for t in merge_spans(gold))
    return covered / (span[1] - span[0])
