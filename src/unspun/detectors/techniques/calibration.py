"""Platt scaling of span scores: ``p = sigmoid(a * logit(score) + b)``.

A decoded span's raw score is the mean token probability, which is not the chance that
the span is right. Fitted on validation spans against the share of each span's characters
that gold spans of the same technique cover (a fraction, so the fit uses fractional
targets). numpy only, no unspun imports (the training code loads it by path).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_EPS = 1e-6


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


@dataclass(frozen=True)
class Platt:
    a: float = 1.0
    b: float = 0.0

    def __call__(self, score: float) -> float:
        z = self.a * float(_logit(np.asarray(score))) + self.b
        return float(1.0 / (1.0 + np.exp(-z)))

    def as_dict(self) -> dict[str, float]:
        return {"a": round(self.a, 6), "b": round(self.b, 6)}


def fit_platt(scores: Sequence[float], targets: Sequence[float], iters: int = 200) -> Platt:
    """Fit ``a, b`` by Newton steps on the log loss (targets may be fractions)."""
    x = _logit(np.asarray(scores, dtype=np.float64))
    y = np.asarray(targets, dtype=np.float64)
    if x.size == 0:
        return Platt()

    def loss(a: float, b: float) -> float:
        z = a * x + b
        # log(1 + e^z) - y z, computed stably
        return float(np.sum(np.logaddexp(0.0, z) - y * z))

    a, b = 1.0, 0.0
    current = loss(a, b)
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(a * x + b, -50, 50)))
        g = np.array([np.sum((p - y) * x), np.sum(p - y)])
        w = p * (1 - p) + 1e-9
        h = np.array([[np.sum(w * x * x), np.sum(w * x)], [np.sum(w * x), np.sum(w)]])
        step = np.linalg.solve(h + np.eye(2) * 1e-6, g)
        t = 1.0
        while t > 1e-6 and loss(a - t * step[0], b - t * step[1]) > current:
            t /= 2  # damped Newton: never increase the loss
        a, b = a - t * step[0], b - t * step[1]
        new = loss(a, b)
        if current - new < 1e-12:
            break
        current = new
    return Platt(float(a), float(b))
