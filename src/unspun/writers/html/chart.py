"""Bar charts as inline SVG, built on the server: no script, no external resources."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from unspun.writers.html.safety import plain_controls

ROW_HEIGHT = 24
BAR_HEIGHT = 14
LABEL_WIDTH = 220
COUNT_WIDTH = 44
WIDTH = 620
MAX_LABEL_CHARS = 32


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    count: int
    colour: str  # ``#rrggbb``, validated by the palette


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _label(text: str) -> str:
    # SVG text cannot carry the HTML marker for direction controls: spell them out.
    return plain_controls(text)


def bar_chart(title: str, bars: list[Bar], *, limit: int = 20) -> Markup:
    """A horizontal bar chart; each bar has its label and count as text (not only colour).

    Bars beyond ``limit`` are summed into a final "N more" line.
    """
    shown = sorted(bars, key=lambda b: (-b.count, b.label))[:limit]
    rest = sum(b.count for b in bars) - sum(b.count for b in shown)
    biggest = max((b.count for b in shown), default=1) or 1
    plot = WIDTH - LABEL_WIDTH - COUNT_WIDTH
    rows = len(shown) + (1 if rest else 0)
    height = max(rows, 1) * ROW_HEIGHT + 4
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label="{escape(_label(title))}" preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(_label(title))}</title>",
    ]
    for n, bar in enumerate(shown):
        y = n * ROW_HEIGHT + 2
        width = max(2.0, plot * bar.count / biggest)
        mid = y + ROW_HEIGHT / 2
        out.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{mid}" text-anchor="end" dominant-baseline="middle" '
            f'class="chart-label">{escape(_shorten(_label(bar.label)))}<title>{escape(_label(bar.label))}</title>'
            "</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + (ROW_HEIGHT - BAR_HEIGHT) / 2}" width="{width:.1f}" '
            f'height="{BAR_HEIGHT}" rx="2" fill="{escape(bar.colour)}"></rect>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{mid}" dominant-baseline="middle" '
            f'class="chart-count">{bar.count}</text>'
        )
    if rest:
        last = len(shown) * ROW_HEIGHT + 2 + ROW_HEIGHT / 2
        more = len(bars) - len(shown)
        out.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{last}" text-anchor="end" dominant-baseline="middle" '
            f'class="chart-label chart-more">{more} more</text>'
            f'<text x="{LABEL_WIDTH}" y="{last}" dominant-baseline="middle" '
            f'class="chart-count">{rest}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
