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

import bisect
import itertools
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
    #: ASCII text only (lower-casing keeps every offset): the ``[start, end)`` of each word
    #: in ``text`` and, per word count k, the length of ``norm_text`` up to the k-th word's
    #: trailing space. They give the normalised text before a span without normalising it
    #: again for every span (which made the features quadratic in the article's length).
    word_starts: list[int] | None = None
    word_ends: list[int] | None = None
    norm_upto: list[int] | None = None

    @classmethod
    def of(cls, text: str) -> DocIndex:
        matches = list(_WORD.finditer(text.lower()))
        words = [m.group() for m in matches]
        index = cls(text, " " + " ".join(words) + " ", Counter(words))
        if text.isascii():
            index.word_starts = [m.start() for m in matches]
            index.word_ends = [m.end() for m in matches]
            index.norm_upto = list(itertools.accumulate((len(w) + 1 for w in words), initial=1))
        return index


def _count(haystack: str, needle: str, end: int | None = None) -> int:
    """Whole-word occurrences of ``needle`` in a space-joined ``haystack`` (in its first
    ``end`` characters); neighbouring copies share the space between them (``str.count``
    would miss the second)."""
    if not needle:
        return 0
    pattern = f" {needle} "
    stop = len(haystack) if end is None else end
    count, i = 0, haystack.find(pattern, 0, stop)
    while i >= 0:
        count += 1
        i = haystack.find(pattern, i + len(pattern) - 1, stop)
    return count


def _count_before(doc: DocIndex, start: int, norm: str) -> int:
    """``_count`` of ``norm`` in the normalised text before character ``start``."""
    if doc.word_starts is not None and doc.word_ends is not None and doc.norm_upto is not None:
        k = bisect.bisect_right(doc.word_ends, start)  # words that end by ``start``
        if k == len(doc.word_starts) or doc.word_starts[k] >= start:  # no word cut at start
            return _count(doc.norm_text, norm, doc.norm_upto[k]) if k else 0
    return _count(" " + _norm(doc.text[:start]) + " ", norm)


def hand_features(doc: DocIndex, start: int, end: int) -> np.ndarray:
    """``(N_FEATURES,)`` float32 features of the characters ``[start, end)`` of ``doc.text``."""
    text = doc.text
    span = text[start:end]
    norm = _norm(span)
    count = _count(doc.norm_text, norm)
    before = _count_before(doc, start, norm) if norm else 0
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


def line_index(starts: Sequence[bool]) -> list[int]:
    """The token indices that begin a line, in order (for :func:`context_window`)."""
    return [i for i, flag in enumerate(starts) if flag]


def context_window(
    starts: Sequence[bool],
    a: int,
    b: int,
    max_tokens: int = MAX_TOKENS,
    lines: Sequence[int] | None = None,
) -> tuple[int, int]:
    """Token range ``[lo, hi)`` of the context of the span tokens ``[a, b)``.

    ``starts[i]``: token ``i`` begins a line. The context is the span's own line(s), then
    the previous and the next line while the whole fits in ``max_tokens``. A span longer
    than ``max_tokens`` keeps its first ``max_tokens`` tokens; a line that does not fit is
    cut evenly around the span.

    ``lines``: :func:`line_index` of ``starts``, for many spans of one text: the line
    edges are then found by bisection, not by walking the line (a walk per span made a
    long single-line text quadratic). The result is the same.
    """
    n = len(starts)
    if b - a >= max_tokens:
        return a, a + max_tokens

    def back(i: int) -> int:  # the last line start at or before i (0 if none)
        if lines is None:
            while i > 0 and not starts[i]:
                i -= 1
            return i
        k = bisect.bisect_right(lines, i)
        return lines[k - 1] if k and i > 0 else (i if i <= 0 else 0)

    def ahead(i: int) -> int:  # the first line start at or after i (n if none)
        if lines is None:
            while i < n and not starts[i]:
                i += 1
            return i
        if i >= n:
            return i
        k = bisect.bisect_left(lines, i)
        return lines[k] if k < len(lines) else n

    lo = back(a)
    hi = ahead(b)
    if hi - lo > max_tokens:
        room = max_tokens - (b - a)
        left = min(a - lo, room // 2)
        right = min(hi - b, room - left)
        left = min(a - lo, room - right)
        return a - left, b + right
    # previous line
    if lo > 0:
        p = back(lo - 1)
        if hi - p <= max_tokens:
            lo = p
    if hi < n:
        q = ahead(hi + 1)
        if q - lo <= max_tokens:
            hi = q
    return lo, hi
