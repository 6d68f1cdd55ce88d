"""The article text as HTML: one element per segment, highlights styled on the server.

``report.js`` repaints the same way when filters change (``paintOf`` there mirrors
``segment_paint`` here); without script the report still shows every highlight.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from unspun.writers.html.safety import show_controls
from unspun.writers.html.segments import Segment

#: Most underlines stacked under one segment; deeper nesting shows in the tint only.
MAX_LINES = 4


def tint_alpha(depth: int) -> float:
    return round(min(0.13 + 0.07 * (depth - 1), 0.34), 2)


def segment_paint(colours: Sequence[str]) -> tuple[str, str]:
    """Depth class and inline style of a segment covered by findings with ``colours``
    (outermost first).

    The innermost finding tints the background (``--t``); each finding adds a 2px
    underline (``--c1`` lowest = outermost), drawn by the ``.d1``-``.d4`` rules in
    ``report.css``, so nesting reads as stacked lines and a deeper tint.
    """
    if not colours:
        return "", ""
    alpha = f"{round(tint_alpha(len(colours)) * 255):02x}"
    lines = colours[:MAX_LINES]
    style = ";".join(
        [f"--t:{colours[-1]}{alpha}", *(f"--c{k + 1}:{c}" for k, c in enumerate(lines))]
    )
    return f"d{len(lines)}", style


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
            depth, style = segment_paint([colours[i] for i in seg.covers])
            out.append(
                f'<mark class="seg {depth}" id="s{k}" data-f="{ids}"{scopes} tabindex="{tab}" '
                f'style="{style}">{body}</mark>'
            )
        elif seg.scopes:
            out.append(f'<span class="sc"{scopes}>{body}</span>')
        else:
            out.append(str(body))
    return Markup("".join(out))
