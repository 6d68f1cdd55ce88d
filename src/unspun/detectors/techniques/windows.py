"""Cut a tokenised document into model windows that keep exact character offsets.

A document is tokenised once, as a whole, by the fast tokenizer; every token carries the
``[start, end)`` character range of the text it came from. Windows are runs of those
tokens, so a token's offsets never depend on where a window starts or ends: offsets are
exact at window seams by construction.

Windows prefer to start and end at line starts (PTC articles hold one sentence per line,
and 238 of the train spans cross a newline, so a window holds several lines), and
neighbouring windows overlap so that a token near a seam is also seen with context on
both sides. ``best_window`` says which window's prediction to keep for each token: the one
in which the token sits farthest from a cut edge.

This module is pure Python (no numpy, no unspun imports) so that the training code can
load it by path and share it with the run-time path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Content tokens per window (the model adds [CLS] and [SEP]: 256 in all).
MAX_TOKENS = 254
#: Tokens that neighbouring windows share, at most (inference).
OVERLAP = 64


@dataclass(frozen=True)
class Window:
    """Tokens ``[start, end)`` of a document's token list."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


def line_starts(text: str, offsets: Sequence[tuple[int, int]]) -> list[bool]:
    """Whether each token is the first token of a line (of a non-empty stretch after ``\\n``)."""
    flags: list[bool] = []
    prev_end = 0
    for i, (start, _end) in enumerate(offsets):
        flags.append(i == 0 or "\n" in text[prev_end:start])
        prev_end = max(prev_end, _end)
    return flags


def make_windows(
    starts: Sequence[bool], max_tokens: int = MAX_TOKENS, overlap: int = OVERLAP
) -> list[Window]:
    """Cover ``len(starts)`` tokens with windows of at most ``max_tokens``.

    ``starts[i]`` says whether token ``i`` may begin a window cleanly (a line start). A
    window ends at the last clean start in its second half if there is one, else it is cut
    mid-line. The next window begins at the earliest clean start at most ``overlap`` tokens
    before the previous end, or exactly ``overlap`` tokens before it when no line starts
    there. Every token is in at least one window; windows advance by at least
    ``max_tokens // 2 - overlap`` tokens (or one token), so their number stays linear.
    """
    if max_tokens < 2:
        raise ValueError("max_tokens must be at least 2")
    overlap = max(0, min(overlap, max_tokens // 2 - 1))
    n = len(starts)
    windows: list[Window] = []
    cur = 0
    while cur < n:
        end = min(cur + max_tokens, n)
        if end < n:
            clean = [i for i in range(cur + max_tokens // 2 + 1, end + 1) if i < n and starts[i]]
            if clean:
                end = clean[-1]
        windows.append(Window(cur, end))
        if end >= n:
            break
        lo = max(cur + 1, end - overlap)
        nxt = next((i for i in range(lo, end + 1) if starts[i]), None)
        cur = nxt if nxt is not None else lo
    return windows


def best_window(windows: Sequence[Window], n_tokens: int) -> list[tuple[int, int]]:
    """For each token, ``(window index, position in that window)`` of its best view.

    The best view is the window where the token's distance to the nearer *cut* edge is
    largest; the document's own start and end are not cut edges.
    """
    best: list[tuple[int, int]] = [(-1, -1)] * n_tokens
    margin = [-1] * n_tokens
    for w, win in enumerate(windows):
        for tok in range(win.start, win.end):
            left = tok - win.start if win.start > 0 else n_tokens
            right = win.end - 1 - tok if win.end < n_tokens else n_tokens
            m = min(left, right)
            if m > margin[tok]:
                margin[tok] = m
                best[tok] = (w, tok - win.start)
    return best
