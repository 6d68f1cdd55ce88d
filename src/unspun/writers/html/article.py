"""The article text as HTML: one element per segment, highlights styled on the server.

``report.js`` repaints the same styles when filters change (``segStyle`` there mirrors
``segment_style`` here); without script the report still shows every highlight.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from unspun.writers.html.palette import rgb
from unspun.writers.html.safety import show_controls
from unspun.writers.html.segments import Segment

#: Most underlines stacked under one segment; deeper nesting shows in the tint only.
MAX_LINES = 4
LINE_STEP_PX = 3


def tint_alpha(depth: int) -> float:
    return round(min(0.13 + 0.07 * (depth - 1), 0.34), 2)


def segment_style(colours: Sequence[str]) -> str:
    """Inline style of a segment covered by findings with ``colours`` (outermost first).

    The innermost finding tints the background; each finding adds a 2px underline, the
    outermost lowest, so nesting reads as stacked lines and a deeper tint.
    """
    if not colours:
        return ""
    r, g, b = rgb(colours[-1])
    lines = list(colours[:MAX_LINES])
    images = ", ".join(f"linear-gradient({c}, {c})" for c in lines)
    sizes = ", ".join("100% 2px" for _ in lines)
    positions = ", ".join(f"0 calc(100% - {k * LINE_STEP_PX}px)" for k in range(len(lines)))
    return (
        f"background-color: rgba({r}, {g}, {b}, {tint_alpha(len(colours))}); "
        f"background-image: {images}; background-size: {sizes}; "
        f"background-position: {positions}; background-repeat: no-repeat; "
        f"padding-bottom: {2 + LINE_STEP_PX * (len(lines) - 1)}px"
    )


def render_article(text: str, segments: Sequence[Segment], colours: Sequence[str]) -> Markup:
    """HTML for ``text`` cut into ``segments``; ``colours[i]`` is finding ``i``'s colour.

    A covered segment is a ``<mark class="seg" id="s<k>" data-f="<ids>">``; a segment
    only inside some finding's scope is a ``<span class="sc" data-s="<ids>">``, so that
    the scope can be shown when its finding is selected. Segments where a finding
    begins are tab stops.
    """
    out: list[str] = []
    for k, seg in enumerate(segments):
        body = show_controls(text[seg.start : seg.end])
        scopes = f' data-s="{" ".join(map(str, seg.scopes))}"' if seg.scopes else ""
        if seg.covers:
            ids = " ".join(map(str, seg.covers))
            tab = "0" if seg.first_of else "-1"
            style = segment_style([colours[i] for i in seg.covers])
            out.append(
                f'<mark class="seg" id="s{k}" data-f="{ids}"{scopes} tabindex="{tab}" '
                f'data-depth="{len(seg.covers)}" style="{style}">{body}</mark>'
            )
        elif seg.scopes:
            out.append(f'<span class="sc"{scopes}>{body}</span>')
        else:
            out.append(str(body))
    return Markup("".join(out))
