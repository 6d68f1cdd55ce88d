"""Cut a text into the atomic segments between all finding (and scope) boundaries.

Overlapping, nested and crossing findings cannot be nested HTML elements. Instead the
text is cut at every boundary; each piece knows which findings cover it. All of this
happens here, in Python code points, so that the browser (which counts UTF-16 units)
never does offset arithmetic.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

SpanLike = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Segment:
    """``text[start:end]`` and the findings around it (indices into the findings list)."""

    start: int
    end: int
    #: Findings covering the segment, outermost (longest) first, innermost last.
    covers: tuple[int, ...] = ()
    #: Findings whose scope covers the segment.
    scopes: tuple[int, ...] = ()
    #: Findings that begin with this segment.
    first_of: tuple[int, ...] = ()


def _clip(span: SpanLike | None, length: int) -> SpanLike | None:
    if span is None:
        return None
    start, end = max(0, span[0]), min(length, span[1])
    return (start, end) if start < end else None


def build_segments(
    length: int,
    spans: Sequence[SpanLike],
    scopes: Sequence[SpanLike | None] | None = None,
) -> list[Segment]:
    """Segments covering ``[0, length)`` without gaps, cut at every span boundary.

    Args:
        length: length of the text in code points.
        spans: ``(start, end)`` of each finding; index ``i`` names finding ``i``.
        scopes: optional ``(start, end)`` or None per finding (the governed sentence).

    Spans reaching past the text are clipped and empty ones ignored, so a damaged record
    still renders. Returns an empty list for an empty text.
    """
    clipped = [_clip(span, length) for span in spans]
    clipped_scopes = [_clip(span, length) for span in (scopes or ())]
    cuts = {0, length}
    for span in (*clipped, *clipped_scopes):
        if span is not None:
            cuts.update(span)
    bounds = sorted(cuts)
    count = len(bounds) - 1
    covers: list[list[int]] = [[] for _ in range(count)]
    in_scope: list[list[int]] = [[] for _ in range(count)]
    first_of: list[list[int]] = [[] for _ in range(count)]

    valid = {i: span for i, span in enumerate(clipped) if span is not None}
    outermost_first = sorted(valid, key=lambda i: (valid[i][0] - valid[i][1], valid[i][0], i))
    for i in outermost_first:
        start, end = valid[i]
        first = bisect_left(bounds, start)
        first_of[first].append(i)
        for k in range(first, bisect_left(bounds, end)):
            covers[k].append(i)
    for i, span in enumerate(clipped_scopes):
        if span is not None:
            for k in range(bisect_left(bounds, span[0]), bisect_left(bounds, span[1])):
                in_scope[k].append(i)

    return [
        Segment(
            start=bounds[k],
            end=bounds[k + 1],
            covers=tuple(covers[k]),
            scopes=tuple(in_scope[k]),
            first_of=tuple(sorted(first_of[k])),
        )
        for k in range(count)
    ]
