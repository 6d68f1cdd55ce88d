"""Trend charts as inline SVG drawn on the server (no script, nothing from the network).

Every chart has a text alternative: the trends page shows the same numbers in tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from unspun.serve.store.stats import Stats
from unspun.writers.html.chart import Bar, bar_chart
from unspun.writers.html.palette import Palette
from unspun.writers.html.safety import plain_controls

#: Line colours (colour-blind safe, Okabe-Ito), each with its own dash pattern too.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#999933")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3")
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 760, 300, 44, 210, 14, 46


def display_name(facet: str, value: str) -> str:
    """The name readers know a value by (technique names from the taxonomy)."""
    kind = {"technique": "technique", "attribution": "attribution", "narrative": "narrative"}
    if facet in kind:
        return Palette().label_name(kind[facet], value)
    return value.replace("_", " ")


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    dash: str
    points: list[int]


def series_of(stats: Stats, facet: str) -> list[Series]:
    """One series of finding counts per value, one point per bucket (0 where none)."""
    index = {b: i for i, b in enumerate(stats.buckets)}
    out = []
    for k, value in enumerate(stats.values):
        points = [0] * len(stats.buckets)
        for c in stats.counts:
            if c.value == value:
                points[index[c.bucket]] = c.findings
        out.append(Series(display_name(facet, value), COLOURS[k % 8], DASHES[k % 8], points))
    return out


def line_chart(stats: Stats, facet: str) -> Markup | None:
    """Findings per bucket, one line per value, with a legend beside it."""
    series = series_of(stats, facet)
    if not series or not stats.buckets:
        return None
    n = len(stats.buckets)
    top = max(1, max(max(s.points) for s in series))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: int) -> float:
        return TOP + plot_h - plot_h * v / top

    title = escape(f"Findings per {stats.by}, by {facet.replace('_', ' ')}")
    out = [
        f'<svg class="chart trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{title}">',
        f"<title>{title}</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        'class="axis"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" class="tick">{top}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" class="tick">0</text>',
    ]
    for i in tick_positions(n):
        out.append(
            f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
            f'class="tick">{escape(stats.buckets[i])}</text>'
        )
    for k, s in enumerate(series):
        pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.points))
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(
            f'<polyline points="{pts}" fill="none" stroke="{s.colour}" stroke-width="2.2"{dash}/>'
        )
        name = escape(plain_controls(s.name))
        for i, v in enumerate(s.points):
            out.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{s.colour}">'
                f"<title>{name}, {escape(stats.buckets[i])}: {v}</title></circle>"
            )
        ly = TOP + 8 + k * 20
        lx = WIDTH - RIGHT + 16
        out.append(
            f'<line x1="{lx}" y1="{ly}" x2="{lx + 22}" y2="{ly}" stroke="{s.colour}" '
            f'stroke-width="2.6"{dash}/>'
            f'<text x="{lx + 28}" y="{ly + 4}" class="legend">'
            f"{escape(_short(plain_controls(s.name)))}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def tick_positions(n: int, most: int = 8) -> list[int]:
    """Buckets that get a label under the axis: about ``most`` evenly spaced, always the
    last one, and never two closer than the spacing (the last replaces a regular tick
    that would crowd it)."""
    if n <= 0:
        return []
    step = max(1, -(-n // most))  # ceil: at most `most` regular labels
    ticks = list(range(0, n, step))
    if ticks[-1] != n - 1:
        if n - 1 - ticks[-1] < step and len(ticks) > 1:
            ticks[-1] = n - 1
        else:
            ticks.append(n - 1)
    return ticks


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def totals_chart(stats: Stats, facet: str) -> Markup | None:
    """Findings per value over the whole period (the report's bar chart)."""
    series = series_of(stats, facet)
    if not series:
        return None
    bars = [Bar(s.name, sum(s.points), s.colour) for s in series]
    return bar_chart(f"Findings per {facet.replace('_', ' ')}", bars)


def heat_rows(stats: Stats, facet: str) -> list[tuple[str, list[tuple[int, float]]]]:
    """Rows of (source, [(findings, shade 0..1) per value]) for the by-source table."""
    top = max((c.findings for c in stats.counts), default=0) or 1
    cells = {(c.bucket, c.value): c.findings for c in stats.counts}
    return [
        (
            bucket,
            [(cells.get((bucket, v), 0), cells.get((bucket, v), 0) / top) for v in stats.values],
        )
        for bucket in stats.buckets
    ]
