"""Technique classification (TC): given a span, rank the techniques.

The tagger scores every token for every technique; a span's score for a technique is the
mean probability of the tokens it covers, which ranks the techniques for that span. This is
the SemEval-2020 TC setting when the spans are the gold ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


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
