"""Time-series and heat-table figures of the dashboard, as inline SVG/HTML built here.

Bar charts come from the single-report writer (:func:`unspun.writers.html.chart.bar_chart`).
Every label is escaped; colours come from a fixed palette, never from the data.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from unspun.writers.html.safety import plain_controls

#: Series colours (distinct for colour-blind readers: Okabe-Ito).
SERIES = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#000000")
WIDTH, HEIGHT, PAD_L, PAD_B, PAD_T = 760, 220, 44, 34, 10
LEGEND_CHARS = 56


def _t(text: str) -> Markup:
    return escape(plain_controls(text))


def line_chart(
    title: str, days: list[str], series: dict[str, list[float]], *, unit: str = "%"
) -> Markup:
    """One line per series over ``days``; a legend with each series' colour and name, and
    a tooltip per point with the exact value (the chart is readable without colour)."""
    if not days or not series:
        return Markup("")
    top = max((v for values in series.values() for v in values), default=0.0) or 1.0
    plot_w, plot_h = WIDTH - PAD_L - 10, HEIGHT - PAD_B - PAD_T
    step = plot_w / max(len(days) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return PAD_L + i * step, PAD_T + plot_h * (1 - v / top)

    legend_h = 18 * ((len(series) + 1) // 2)
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT + legend_h}" width="{WIDTH}" '
        f'height="{HEIGHT + legend_h}" role="img" aria-label="{_t(title)}">'
        f"<title>{_t(title)}</title>",
        f'<line x1="{PAD_L}" y1="{PAD_T + plot_h}" x2="{WIDTH - 10}" y2="{PAD_T + plot_h}" '
        'class="axis"></line>',
        f'<text x="{PAD_L - 6}" y="{PAD_T + 4}" text-anchor="end" class="tick">'
        f"{top:.0f}{escape(unit)}</text>",
        f'<text x="{PAD_L - 6}" y="{PAD_T + plot_h}" text-anchor="end" class="tick">0</text>',
    ]
    ticks = sorted({0, len(days) - 1, *range(0, len(days), max(1, len(days) // 6))})
    for i in ticks:
        x, _ = xy(i, 0)
        out.append(
            f'<text x="{x:.1f}" y="{HEIGHT - PAD_B + 16}" text-anchor="middle" class="tick">'
            f"{_t(days[i][5:] if len(days[i]) == 10 else days[i])}</text>"
        )
    for n, (name, values) in enumerate(series.items()):
        colour = SERIES[n % len(SERIES)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(values)))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2">')
        out.append(f"<title>{_t(name)}</title></polyline>")
        for i, v in enumerate(values):
            x, y = xy(i, v)
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}">'
                f"<title>{_t(name)}, {_t(days[i])}: {v:.1f}{escape(unit)}</title></circle>"
            )
        lx, ly = 10 + (n % 2) * 375, HEIGHT + 4 + 18 * (n // 2)
        short = name if len(name) <= LEGEND_CHARS else name[: LEGEND_CHARS - 1] + "…"
        out.append(
            f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour}"></rect>'
            f'<text x="{lx + 18}" y="{ly + 10}" class="legend">{_t(short)}'
            f"<title>{_t(name)}</title></text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def column_chart(title: str, days: list[str], counts: list[int]) -> Markup:
    """Stories per day as columns, each with its count in a tooltip."""
    if not days:
        return Markup("")
    top = max(counts) or 1
    plot_w, plot_h = WIDTH - PAD_L - 10, HEIGHT - PAD_B - PAD_T
    width = plot_w / len(days)
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{_t(title)}"><title>{_t(title)}</title>',
        f'<text x="{PAD_L - 6}" y="{PAD_T + 4}" text-anchor="end" class="tick">{top}</text>',
    ]
    for i, (day, count) in enumerate(zip(days, counts, strict=True)):
        h = plot_h * count / top
        x = PAD_L + i * width
        out.append(
            f'<rect x="{x + 1:.1f}" y="{PAD_T + plot_h - h:.1f}" width="{max(width - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="{SERIES[0]}"><title>{_t(day)}: {count}</title></rect>'
        )
    for i in sorted({0, len(days) - 1, *range(0, len(days), max(1, len(days) // 6))}):
        x = PAD_L + (i + 0.5) * width
        label = days[i][5:] if len(days[i]) == 10 else days[i]
        out.append(
            f'<text x="{x:.1f}" y="{HEIGHT - PAD_B + 16}" text-anchor="middle" class="tick">'
            f"{_t(label)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def heat_style(share: float) -> str:
    """The inline background of a heat-table cell for a share in [0, 1] (numbers only)."""
    alpha = max(0.0, min(1.0, share))
    return f"background: rgba(213, 94, 0, {alpha * 0.85:.2f})"
