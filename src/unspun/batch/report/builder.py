"""``build_report``: a run's tables -> one self-contained HTML dashboard.

No script, no font, no image and nothing else is loaded from anywhere (the page's
content security policy forbids it); charts are SVG built on the server; every value
from the corpus is escaped by Jinja's autoescaping.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from unspun.batch.errors import ReportInputError
from unspun.batch.manifest import read_manifest
from unspun.batch.report import charts
from unspun.batch.report.stats import CorpusStats, compute
from unspun.batch.store import is_run_dir
from unspun.writers.html.chart import Bar, bar_chart
from unspun.writers.html.palette import humanise
from unspun.writers.html.safety import content_security_policy, plain_controls
from unspun.writers.html.templating import new_environment

REPORT_NAME = "report.html"
#: Columns of the heat tables and series of the time charts.
TOP_TECHNIQUES, TOP_NARRATIVES, TOP_SOURCES, TOP_SERIES = 10, 8, 15, 6
#: Longer spans are drawn by month instead of by day.
DAILY_SPAN = 92


def _inert(value: Any) -> Any:
    """Every string from the corpus with its direction controls spelled out (``[RLO]``):
    an outlet name must not be able to reverse the text around it. Autoescaping follows."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return plain_controls(value)
    return value


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = new_environment(PackageLoader("unspun.batch.report", "templates"), finalize=_inert)
    env.filters["humanise"] = humanise
    env.filters["heat"] = charts.heat_style
    return env


def _periods(stats: CorpusStats) -> tuple[list[str], dict[str, str]]:
    """The x axis (days, or months for long spans) and each day's period."""
    days = sorted(stats.days)
    if len(days) <= DAILY_SPAN:
        return days, {d: d for d in days}
    return sorted({d[:7] for d in days}), {d: d[:7] for d in days}


def _series(
    cross: dict[tuple[str, str], int],
    labels: list[str],
    axis: list[str],
    period: dict[str, str],
    totals: dict[str, int],
    *,
    technique: bool = True,
) -> dict[str, list[float]]:
    """Per label: the share (%) of each period's stories that carry it."""
    sums: dict[tuple[str, str], int] = {}
    for (day, label), n in cross.items():
        if day in period:
            key = (period[day], label)
            sums[key] = sums.get(key, 0) + n
    return {
        (humanise(label) if technique else label): [
            100.0 * sums.get((p, label), 0) / totals[p] if totals.get(p) else 0.0 for p in axis
        ]
        for label in labels
    }


def _heat(
    cross: dict[tuple[str, str], int],
    sources: list[str],
    labels: list[str],
    stories: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    rows = []
    for source in sources:
        total = stories[source]["stories"] or 1
        cells = [
            {"n": cross.get((source, label), 0), "share": cross.get((source, label), 0) / total}
            for label in labels
        ]
        rows.append({"source": source, "stories": stories[source]["stories"], "cells": cells})
    return rows


def report_context(run_dir: Path, *, top: int = 25) -> dict[str, Any]:
    """Everything the dashboard template needs (also what tests inspect)."""
    stats = compute(run_dir, top=top)
    manifest = read_manifest(run_dir) or {}
    axis, period = _periods(stats)
    totals: dict[str, int] = {}
    for day, n in stats.days.items():
        totals[period[day]] = totals.get(period[day], 0) + n
    techniques = [label for label, _, _ in stats.techniques[:TOP_TECHNIQUES]]
    narratives = [label for label, _ in stats.narratives[:TOP_NARRATIVES]]
    sources = sorted(stats.by_source, key=lambda s: (-stats.by_source[s]["stories"], s))
    tech_bars = [Bar(humanise(lbl), n, charts.SERIES[0]) for lbl, n, _ in stats.techniques]
    narr_bars = [Bar(lbl, n, charts.SERIES[2]) for lbl, n in stats.narratives]
    return {
        "title": f"Corpus report: {run_dir.resolve().name}",
        "csp": content_security_policy(None),
        "css": environment().loader.get_source(environment(), "dashboard.css")[0],  # type: ignore[union-attr]
        "manifest": manifest,
        "stats": stats,
        "o": stats.overview,
        "dedup": (manifest.get("settings") or {}).get("dedup") or {},
        "technique_chart": bar_chart("Stories per technique", tech_bars, limit=25),
        "narrative_chart": bar_chart("Stories per narrative", narr_bars, limit=25),
        "volume_chart": charts.column_chart("Stories per period", axis, [totals[p] for p in axis]),
        "technique_time": charts.line_chart(
            "Share of stories using each technique",
            axis,
            _series(stats.technique_by_day, techniques[:TOP_SERIES], axis, period, totals),
        ),
        "narrative_time": charts.line_chart(
            "Share of stories advancing each narrative",
            axis,
            _series(
                stats.narrative_by_day,
                narratives[:TOP_SERIES],
                axis,
                period,
                totals,
                technique=False,
            ),
        ),
        "techniques": techniques,
        "narratives": narratives,
        "technique_heat": _heat(
            stats.technique_by_source, sources[:TOP_SOURCES], techniques, stats.by_source
        ),
        "narrative_heat": _heat(
            stats.narrative_by_source, sources[:TOP_SOURCES], narratives, stats.by_source
        ),
        "sources": [(s, stats.by_source[s]) for s in sources],
        "monthly": len(axis) != len(stats.days),
    }


def build_report(run_dir: Path, output: Path | None = None, *, top: int = 25) -> Path:
    """Write the dashboard of ``run_dir`` to ``output`` (default ``RUN_DIR/report.html``)."""
    if not is_run_dir(run_dir):
        raise ReportInputError(
            f"{run_dir} holds no unspun run (no journal.sqlite)",
            hint="Point unspun report at the folder an 'unspun batch ... -o RUN_DIR' wrote.",
        )
    html = (
        environment()
        .get_template("dashboard.html.jinja")
        .render(**report_context(run_dir, top=top))
    )
    target = output or run_dir / REPORT_NAME
    tmp = target.with_name(target.name + ".tmp")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, target)
    return target
