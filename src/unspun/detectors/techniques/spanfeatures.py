"""What the span classifier sees of a span: a token window around it and hand features.

Shared by training (``training/train_span_classifier.py`` loads this file by path) and the
run time (``classify.py``), so that both cut contexts and compute features identically.

- :func:`context_window`: the tokens of the line(s) that hold the span, plus the previous
  and next line while they fit, at most ``max_tokens`` content tokens; a span longer than
  the budget is cut around its start. The model marks the span's tokens with token type 1.
- :func:`hand_features`: signals a sentence encoder cannot see well: how often the span's
  words recur in the whole article (Repetition), its length, whether it is a whole line,
  punctuation, quotes and capitals (Slogans, Doubt, Flag-Waving).

numpy and the standard library only; no unspun imports.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Content tokens per context (the model adds [CLS] and [SEP]).
MAX_TOKENS = 126

FEATURE_NAMES = (
    "log_count_in_article",
    "repeated",
    "log_count_before",
    "log_max_word_count",
    "log_chars",
    "log_words",
    "line_share",
    "has_exclamation",
    "has_question",
    "has_quote",
    "inside_quotes",
    "upper_share",
    "starts_upper",
    "has_digit",
)
N_FEATURES = len(FEATURE_NAMES)

_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTES = '"“”«»„'


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.lower()))


@dataclass
class DocIndex:
    """Per-article lookups that the features of all its spans share."""

    text: str
    norm_text: str
    word_counts: Counter

    @classmethod
    def of(cls, text: str) -> DocIndex:
        words = _WORD.findall(text.lower())
        return cls(text, " " + " ".join(words) + " ", Counter(words))


def _count(haystack: str, needle: str) -> int:
    """Whole-word occurrences of ``needle`` in a space-joined ``haystack``; neighbouring
    copies share the space between them (``str.count`` would miss the second)."""
    if not needle:
        return 0
    pattern = f" {needle} "
    count, i = 0, haystack.find(pattern)
    while i >= 0:
        count += 1
        i = haystack.find(pattern, i + len(pattern) - 1)
    return count


def hand_features(doc: DocIndex, start: int, end: int) -> np.ndarray:
    """``(N_FEATURES,)`` float32 features of the characters ``[start, end)`` of ``doc.text``."""
    text = doc.text
    span = text[start:end]
    norm = _norm(span)
    count = _count(doc.norm_text, norm)
    before = _count(" " + _norm(text[:start]) + " ", norm) if norm else 0
    words = norm.split()
    content = [w for w in words if len(w) >= 4] or words
    max_word = max((doc.word_counts.get(w, 0) for w in content), default=0)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line_len = max(1, len(text[line_start:line_end].strip()))
    letters = [c for c in span if c.isalpha()]
    prefix = text[line_start:start]
    stripped = span.strip()
    return np.array(
        [
            math.log1p(count),
            float(count >= 2),
            math.log1p(before),
            math.log1p(max_word) / 2.0,
            math.log1p(len(span)) / 5.0,
            math.log1p(len(words)) / 3.0,
            min(1.0, len(stripped) / line_len),
            float("!" in span),
            float("?" in span),
            float(any(q in span for q in _QUOTES)),
            float(sum(prefix.count(q) for q in _QUOTES) % 2 == 1),
            (sum(c.isupper() for c in letters) / len(letters)) if letters else 0.0,
            float(bool(stripped) and stripped[0].isupper()),
            float(any(c.isdigit() for c in span)),
        ],
        dtype=np.float32,
    )


def span_tokens(offsets: np.ndarray, start: int, end: int) -> tuple[int, int]:
    """Token range ``[a, b)`` covering the characters ``[start, end)``.

    A span that covers no token (whitespace only, or beyond the text) takes the nearest token.
    """
    n = len(offsets)
    if n == 0:
        return 0, 0
    inside = np.nonzero((offsets[:, 0] < end) & (offsets[:, 1] > start))[0]
    if len(inside):
        return int(inside[0]), int(inside[-1]) + 1
    centre = (start + end) / 2
    nearest = int(np.argmin(np.abs((offsets[:, 0] + offsets[:, 1]) / 2 - centre)))
    return nearest, nearest + 1


def context_window(
    starts: Sequence[bool], a: int, b: int, max_tokens: int = MAX_TOKENS
) -> tuple[int, int]:
    """Token range ``[lo, hi)`` of the context of the span tokens ``[a, b)``.

    ``starts[i]``: token ``i`` begins a line. The context is the span's own line(s), then
    the previous and the next line while the whole fits in ``max_tokens``. A span longer
    than ``max_tokens`` keeps its first ``max_tokens`` tokens; a line that does not fit is
    cut evenly around the span.
    """
    n = len(starts)
    if b - a >= max_tokens:
        return a, a + max_tokens
    lo = a
    while lo > 0 and not starts[lo]:
        lo -= 1
    hi = b
    while hi < n and not starts[hi]:
        hi += 1
    if hi - lo > max_tokens:
        room = max_tokens - (b - a)
        left = min(a - lo, room // 2)
        right = min(hi - b, room - left)
        left = min(a - lo, room - right)
        return a - left, b + right
    # previous line
    if lo > 0:
        p = lo - 1
        while p > 0 and not starts[p]:
            p -= 1
        if hi - p <= max_tokens:
            lo = p
    if hi < n:
        q = hi + 1
        while q < n and not starts[q]:
            q += 1
        if q - lo <= max_tokens:
            hi = q
    return lo, hi
