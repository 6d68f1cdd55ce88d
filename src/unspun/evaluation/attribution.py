"""Score the attribution detector against sentence-level gold annotations.

The gold format (``data/annotations/attribution/*.jsonl``) stores only ids, offsets and
labels, one JSON object per sentence::

    {"article_id": "111111111", "start": 61, "end": 240, "split": "test", "label": "named",
     "sources": [{"start": 131, "end": 161, "kind": "named", "cue_start": .., "cue_end": ..}]}

Two views are scored:
- **sentence**: the label of each annotated sentence (named, official, anonymous, vague,
  own, none) against the label the detector gives it; P/R/F1 per label;
- **source**: predicted source phrases against gold source phrases inside the annotated
  sentences; a prediction is correct when it overlaps a gold phrase of the same kind.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from unspun.detectors.attribution.detector import attribute_sentences
from unspun.detectors.attribution.mention import SENTENCE_LABELS, SOURCE_KINDS
from unspun.errors import InputNotFoundError, MalformedInputError
from unspun.evaluation.metrics import PRF
from unspun.model.finding import Span

_LINE = re.compile(r"[^\n]+")


def load_gold(path: Path, split: str | None = None) -> list[dict[str, Any]]:
    if not path.exists():
        raise InputNotFoundError(f"annotation file {str(path)!r} does not exist.")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MalformedInputError(f"line {n} is not JSON: {exc}.", source=str(path)) from None
        if split is None or row.get("split") == split:
            rows.append(row)
    return rows


def line_units(text: str) -> list[Span]:
    """Non-empty lines, trimmed: the sentence units the gold annotation uses."""
    units = []
    for m in _LINE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            units.append(Span(start=start, end=end))
    return units


def score(gold: Iterable[dict[str, Any]], articles: Path, lang: str = "en") -> dict[str, Any]:
    """Sentence-label and source-phrase P/R/F1 per kind, plus a confusion table."""
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in gold:
        by_article[str(row["article_id"])].append(row)
    sentence = {label: PRF() for label in SENTENCE_LABELS}
    source = {kind: PRF() for kind in SOURCE_KINDS}
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    n = 0
    for article_id, rows in sorted(by_article.items()):
        path = articles / f"article{article_id}.txt"
        text = path.read_text(encoding="utf-8")
        units = line_units(text)
        predicted = {
            (r.sentence.start, r.sentence.end): r for r in attribute_sentences(text, units, lang)
        }
        for row in rows:
            n += 1
            pred = predicted.get((row["start"], row["end"]))
            if pred is None:  # the gold unit is not a whole line: score what lies inside it
                inside = [
                    r for (s, e), r in predicted.items() if s >= row["start"] and e <= row["end"]
                ]
                pred_label = inside[0].label if inside else "none"
                mentions = [m for r in inside for m in r.mentions]
            else:
                pred_label = pred.label
                mentions = list(pred.mentions)
            gold_label = row["label"]
            confusion[gold_label][pred_label] += 1
            for label in SENTENCE_LABELS:
                if pred_label == label and gold_label == label:
                    sentence[label].tp += 1
                elif pred_label == label:
                    sentence[label].fp += 1
                elif gold_label == label:
                    sentence[label].fn += 1
            gold_sources = row.get("sources", [])
            matched_gold: set[int] = set()
            for m in mentions:
                hit = next(
                    (
                        i
                        for i, g in enumerate(gold_sources)
                        if i not in matched_gold
                        and g["kind"] == m.kind
                        and m.start < g["end"]
                        and g["start"] < m.end
                    ),
                    None,
                )
                if hit is None:
                    source[m.kind].fp += 1
                else:
                    matched_gold.add(hit)
                    source[m.kind].tp += 1
            for i, g in enumerate(gold_sources):
                if i not in matched_gold and g["kind"] in source:
                    source[g["kind"]].fn += 1
    micro = PRF(
        tp=sum(p.tp for p in sentence.values()),
        fp=sum(p.fp for p in sentence.values()),
        fn=sum(p.fn for p in sentence.values()),
    )
    return {
        "sentences": n,
        "articles": len(by_article),
        "sentence_accuracy": round(micro.precision, 4),
        "sentence": {k: v.as_dict() for k, v in sentence.items()},
        "source": {k: v.as_dict() for k, v in source.items()},
        "confusion": {g: dict(p) for g, p in confusion.items()},
    }


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"{result['sentences']} sentences from {result['articles']} articles; "
        f"sentence-label accuracy {result['sentence_accuracy']:.3f}",
        "",
        f"{'view':<9}{'label':<11}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}",
    ]
    for view in ("sentence", "source"):
        for label, m in result[view].items():
            lines.append(
                f"{view:<9}{label:<11}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
                f"{m['support']:>6}{m['predicted']:>6}"
            )
    return "\n".join(lines)
