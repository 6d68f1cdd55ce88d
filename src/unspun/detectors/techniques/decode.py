"""Turn per-token technique probabilities into character spans.

Decoding is where a token tagger wins or loses most of its span F1 (GUIDE §4: a tuned
threshold, filling short gaps and snapping to word boundaries gave about +0.02 over
argmax). For one channel (a technique, or "any technique"):

1. tokens with probability >= ``threshold`` are positive;
2. runs of positive tokens separated by at most ``gap`` negative tokens are joined;
3. each run becomes ``[start of its first token, end of its last token)`` in characters,
   widened to whole words (a span never cuts a word in two);
4. spans shorter than ``min_chars`` are dropped; a span's score is the mean probability
   of its tokens.

numpy only, no unspun imports: the training code loads this module by path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ChannelRule:
    """Decoding settings of one channel, tuned on validation."""

    threshold: float = 0.5
    gap: int = 1
    min_chars: int = 2

    def as_dict(self) -> dict[str, float | int]:
        return {"threshold": self.threshold, "gap": self.gap, "min_chars": self.min_chars}


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "'_" or ch == "\u2019"


#: A span never starts with these (a run that begins on the comma after a word) ...
_LEADING = frozenset(",.;:!?)]}\u2026")
#: ... nor ends with these.
_TRAILING = frozenset(",;:([{")


class _Words:
    """The word (run of word characters) around a position of one text, remembering the
    last two words found: many runs inside one very long word (a text with no spaces)
    then cost one walk over that word, not one each (which was quadratic)."""

    def __init__(self, text: str):
        self.text = text
        self.found: list[tuple[int, int]] = []

    def around(self, i: int) -> tuple[int, int]:
        """``[lo, hi)`` of the word holding ``text[i]`` (a word character)."""
        for lo, hi in self.found:
            if lo <= i < hi:
                return lo, hi
        text = self.text
        lo = i
        while lo > 0 and _is_word_char(text[lo - 1]):
            lo -= 1
        hi = i + 1
        while hi < len(text) and _is_word_char(text[hi]):
            hi += 1
        self.found = [(lo, hi), *self.found[:1]]
        return lo, hi


def snap_to_words(text: str, start: int, end: int, words: _Words | None = None) -> tuple[int, int]:
    """Widen ``[start, end)`` so that it neither starts nor ends inside a word, and drop
    leading and trailing spaces and stray punctuation (never all of the span).

    ``words`` (for many spans of one text) remembers the words already walked."""
    if words is None:
        while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
            start -= 1
        while end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
            end += 1
    else:
        if 0 < start < len(text) and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
            start = words.around(start)[0]
        if 0 < end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
            end = words.around(end)[1]
    # a hyphenated word is one word: never flag "Kremlin" out of "pro-Kremlin"
    while (
        start > 1
        and text[start - 1] == "-"
        and text[start - 2].isalnum()
        and text[start : start + 1].isalnum()
    ):
        start = _word_start(text, start - 2, words)
    while (
        end < len(text) - 1
        and text[end] == "-"
        and text[end + 1].isalnum()
        and text[end - 1].isalnum()
    ):
        end = _word_end(text, end + 1, words)
    while end - start > 1 and (text[start].isspace() or text[start] in _LEADING):
        start += 1
    while end - start > 1 and (text[end - 1].isspace() or text[end - 1] in _TRAILING):
        end -= 1
    return start, end


def _word_start(text: str, i: int, words: _Words | None) -> int:
    if words is not None:
        return words.around(i)[0]
    while i > 0 and _is_word_char(text[i - 1]):
        i -= 1
    return i


def _word_end(text: str, i: int, words: _Words | None) -> int:
    if words is not None:
        return words.around(i)[1]
    while i < len(text) and _is_word_char(text[i]):
        i += 1
    return i


#: Words that cannot carry a technique on their own: a span of nothing else is dropped.
FUNCTION_WORDS = frozenset(
    """
    a an the and or but nor so yet of to in on at by for with from as into onto than then
    that this these those it its is are was were be been am do does did has have had will
    would can could shall should may might must not no there here who whom whose which what
    when where why how he she they we you i me him her them us my his their our your
    """.split()
)
_TOKEN = re.compile(r"[\w'’]+")


def is_function_only(text: str) -> bool:
    """True when ``text`` holds no word outside :data:`FUNCTION_WORDS` (or no word at all)."""
    return all(w.lower() in FUNCTION_WORDS for w in _TOKEN.findall(text))


def token_runs(positive: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Runs ``[i, j)`` of positive tokens, joining runs split by at most ``gap`` negatives."""
    idx = np.flatnonzero(positive)
    if idx.size == 0:
        return []
    runs: list[list[int]] = [[int(idx[0]), int(idx[0]) + 1]]
    for i in idx[1:]:
        i = int(i)
        if i - runs[-1][1] <= gap:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    return [(a, b) for a, b in runs]


def decode_channel(
    text: str, offsets: np.ndarray, probs: np.ndarray, rule: ChannelRule
) -> list[tuple[int, int, float]]:
    """Spans ``(start, end, score)`` of one channel.

    ``offsets`` is ``(n, 2)`` (character ranges of the tokens), ``probs`` ``(n,)``.
    """
    spans: list[tuple[int, int, float]] = []
    words = _Words(text)
    for i, j in token_runs(probs >= rule.threshold, rule.gap):
        start, end = snap_to_words(text, int(offsets[i, 0]), int(offsets[j - 1, 1]), words)
        if end - start < rule.min_chars or is_function_only(text[start:end]):
            continue
        score = float(np.mean(probs[i:j]))
        if spans and start < spans[-1][1]:  # widening made two runs touch one word
            prev = spans.pop()
            start, score = prev[0], max(prev[2], score)
            end = max(end, prev[1])
        spans.append((start, end, score))
    return spans
