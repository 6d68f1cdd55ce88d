"""One document's report: a self-contained HTML page with highlights, filters and charts."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from markupsafe import Markup

from unspun.about import __version__
from unspun.model.record import AnalysisRecord, FindingRecord
from unspun.writers.html.article import render_article
from unspun.writers.html.chart import Bar, bar_chart
from unspun.writers.html.palette import KIND_COLOURS, OTHER_COLOUR, Palette, humanise
from unspun.writers.html.panels import PANELS, nearest_note
from unspun.writers.html.safety import (
    content_security_policy,
    json_for_script,
    new_nonce,
    plain_controls,
    safe_href,
    text_direction,
)
from unspun.writers.html.segments import build_segments
from unspun.writers.html.templating import asset, environment
from unspun.writers.html.views import FindingView

#: Longest quote shown in the findings list (the highlight in the text is complete).
QUOTE_CHARS = 300
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def _shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _finding_views(
    record: AnalysisRecord, palette: Palette, first_segment: dict[int, int]
) -> list[FindingView]:
    text = record.text
    views = []
    for i, finding in enumerate(record.findings):
        scope_text = None
        if finding.scope is not None and text is not None:
            scope_text = _shorten(text[finding.scope.start : finding.scope.end], 600)
        views.append(
            FindingView(
                index=i,
                kind=finding.kind,
                label=finding.label,
                name=palette.label_name(finding.kind, finding.label),
                swatch=palette.swatch(finding.kind, finding.label, finding.category),
                score=finding.score,
                quote=_shorten(finding.text),
                explanation=finding.explanation,
                description=palette.label_description(finding.kind, finding.label),
                scope_text=scope_text,
                start=finding.start,
                end=finding.end,
                detector=f"{finding.detector} {finding.detector_version}",
                attrs_json=_attrs_json(finding),
                segment=first_segment.get(i),
                attrs=finding.attrs,
            )
        )
    return views


def _attrs_json(finding: FindingRecord) -> str | None:
    if not finding.attrs:
        return None
    return json.dumps(finding.attrs, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def _filters(views: list[FindingView]) -> dict[str, Any]:
    kinds = Counter(v.kind for v in views)
    swatches = {v.swatch.key: v.swatch for v in views}
    per_category = Counter(v.swatch.key for v in views)
    labels: dict[str, Counter[str]] = {}
    names = {v.label: v.name for v in views}
    descriptions = {v.label: v.description for v in views}
    for view in views:
        labels.setdefault(view.swatch.key, Counter())[view.label] += 1
    categories = [
        {
            "swatch": swatches[key],
            "count": count,
            "labels": [
                {
                    "label": label,
                    "name": names[label],
                    "count": n,
                    "description": descriptions[label],
                }
                for label, n in sorted(labels[key].items(), key=lambda kv: (-kv[1], kv[0]))
            ],
        }
        for key, count in sorted(per_category.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return {
        "kinds": sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
        "categories": categories,
    }


def _charts(views: list[FindingView]) -> list[tuple[str, Markup]]:
    if not views:
        return []
    per_label: dict[str, Bar] = {}
    for view in views:
        old = per_label.get(view.label)
        count = old.count + 1 if old else 1
        per_label[view.label] = Bar(view.name, count, view.swatch.colour)
    kinds = Counter(v.kind for v in views)
    kind_bars = [Bar(humanise(k), n, KIND_COLOURS.get(k, OTHER_COLOUR)) for k, n in kinds.items()]
    return [
        ("Findings per label", bar_chart("Findings per label", list(per_label.values()))),
        ("Findings per kind", bar_chart("Findings per kind", kind_bars)),
    ]


def _script_data(views: list[FindingView]) -> Markup:
    return json_for_script(
        {
            "findings": [
                {
                    "k": v.kind,
                    "kt": v.kind_title,
                    "l": v.label,
                    "n": plain_controls(v.name),
                    "c": v.swatch.key,
                    "ct": plain_controls(v.swatch.title),
                    "col": v.swatch.colour,
                    "s": v.score,
                    "e": plain_controls(v.explanation) if v.explanation else None,
                    "g": plain_controls(v.description) if v.description else None,
                    "seg": v.segment,
                }
                for v in views
            ]
        }
    )


def report_context(record: AnalysisRecord, *, include_text: bool = True) -> dict[str, Any]:
    """Everything ``report.html.jinja`` needs for ``record``."""
    palette = Palette()
    text = record.text if include_text else None
    article = None
    first_segment: dict[int, int] = {}
    if text is not None:
        segments = build_segments(
            len(text),
            [(f.start, f.end) for f in record.findings],
            [(f.scope.start, f.scope.end) if f.scope else None for f in record.findings],
        )
        for k, seg in enumerate(segments):
            for i in seg.first_of:
                first_segment[i] = k
    views = _finding_views(record, palette, first_segment)
    if text is not None:
        article = render_article(text, segments, [v.swatch.colour for v in views])
    nonce = new_nonce()
    lang = record.lang if record.lang and _LANG_TAG.fullmatch(record.lang) else None
    panels = [
        build([v for v in views if v.kind == kind])
        for kind, build in PANELS.items()
        if any(v.kind == kind for v in views)
    ]
    if not any(p.kind == "narrative" for p in panels):
        nearest = nearest_note(record)
        if nearest is not None:
            panels.insert(0, nearest)
    return {
        "record": record,
        "title": record.title or record.id,
        "href": safe_href(record.url),
        "lang": lang,
        "direction": text_direction(lang),
        "article": article,
        "text_left_out": record.text is None or not include_text,
        "findings": views,
        "kind_counts": [
            (kind, n, KIND_COLOURS.get(kind, OTHER_COLOUR))
            for kind, n in Counter(v.kind for v in views).most_common()
        ],
        "filters": _filters(views),
        "charts": _charts(views),
        "panels": panels,
        "data": _script_data(views),
        "nonce": nonce,
        "csp": content_security_policy(nonce),
        "css": Markup(asset("style.css") + asset("report.css")),
        "js": Markup(asset("report.js")),
        "version": __version__,
    }


def render_report(record: AnalysisRecord, *, include_text: bool = True) -> str:
    """One document's report as a self-contained HTML page (inline CSS and script,
    no external requests, strict Content-Security-Policy)."""
    return (
        environment()
        .get_template("report.html.jinja")
        .render(report_context(record, include_text=include_text))
    )
