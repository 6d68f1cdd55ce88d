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
from unspun.detectors.attribution.mention import MENTION_KINDS, SENTENCE_LABELS
from unspun.errors import InputNotFoundError, MalformedInputError
from unspun.evaluation.metrics import PRF
from unspun.model.finding import Span

_LINE = re.compile(r"[^\n]+")
_POST_BOUNDARY = re.compile(r"(?<=[.!?…])[»\"”)\]]*\s+(?=[^a-zа-яёіїєґ\s])")


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


def post_units(text: str) -> list[Span]:
    """Sentence units of a Telegram post, as the UNLP attribution set defines them: each
    line split after ``. ! ? …`` (and closing quotes) before a character that is not a
    lower-case letter; units without a letter are dropped."""
    units = []
    for m in _LINE.finditer(text):
        base, line, pos = m.start(), m.group(), 0
        pieces = []
        for b in _POST_BOUNDARY.finditer(line):
            pieces.append((base + pos, base + b.start() + len(b.group().rstrip())))
            pos = b.end()
        pieces.append((base + pos, base + len(line)))
        for s, e in pieces:
            seg = text[s:e]
            core = seg.strip()
            if core and any(ch.isalpha() for ch in core):
                s2 = s + len(seg) - len(seg.lstrip())
                units.append(Span(start=s2, end=s2 + len(core)))
    return units


def score(gold: Iterable[dict[str, Any]], articles: Path, lang: str = "en") -> dict[str, Any]:
    """Score gold rows keyed by ``article_id`` against ``article<ID>.txt`` files (PTC)."""
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in gold:
        by_article[str(row["article_id"])].append(row)
    docs = []
    for article_id, rows in sorted(by_article.items()):
        text = (articles / f"article{article_id}.txt").read_text(encoding="utf-8")
        docs.append((text, lang, line_units(text), rows))
    return score_documents(docs)


def score_posts(gold: Iterable[dict[str, Any]], posts: Path) -> dict[str, Any]:
    """Score gold rows keyed by ``post_id`` against a UNLP-style posts JSONL file."""
    from unspun.evaluation.unlp import load_posts

    by_post: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in gold:
        by_post[str(row["post_id"])].append(row)
    texts = {p["id"]: p for p in load_posts(posts) if p["id"] in by_post}
    missing = sorted(set(by_post) - set(texts))
    if missing:
        raise MalformedInputError(
            f"{len(missing)} annotated posts are not in the posts file (first: {missing[0]}).",
            source=str(posts),
        )
    docs = [
        (texts[pid]["text"], texts[pid]["lang"], post_units(texts[pid]["text"]), rows)
        for pid, rows in sorted(by_post.items())
    ]
    return score_documents(docs)


Doc = tuple[str, str, list[Span], list[dict[str, Any]]]


def score_documents(docs: Iterable[Doc]) -> dict[str, Any]:
    """Sentence-label and source-phrase P/R/F1 per kind, a confusion table, and accuracy
    per language and per error class, over ``(text, lang, units, gold rows)`` documents.

    A gold source of kind ``label`` (a pejorative label in source position) is matched by a
    predicted mention of kind ``label``."""
    sentence = {label: PRF() for label in SENTENCE_LABELS}
    source = {kind: PRF() for kind in MENTION_KINDS}
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    n = n_docs = 0
    for text, lang, units, rows in docs:
        n_docs += 1
        predicted = {
            (r.sentence.start, r.sentence.end): r for r in attribute_sentences(text, units, lang)
        }
        for row in rows:
            n += 1
            pred = predicted.get((row["start"], row["end"]))
            if pred is None:  # the gold unit is not a whole unit: score what lies inside it
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
            for key in (f"lang:{lang}", f"class:{row.get('error_class') or 'other'}"):
                groups[key][0] += pred_label == gold_label
                groups[key][1] += 1
            for label in SENTENCE_LABELS:
                if pred_label == label and gold_label == label:
                    sentence[label].tp += 1
                elif pred_label == label:
                    sentence[label].fp += 1
                elif gold_label == label:
                    sentence[label].fn += 1
            if "sources" not in row:
                continue  # a labels-only part (dev3): sentence labels, no source phrases
            gold_sources = row["sources"]
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
        "articles": n_docs,
        "sentence_accuracy": round(micro.precision, 4),
        "accuracy_by": {k: round(c / t, 4) for k, (c, t) in sorted(groups.items())},
        "support_by": {k: t for k, (c, t) in sorted(groups.items())},
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
    if result.get("accuracy_by"):
        lines.append(
            "accuracy by "
            + ", ".join(
                f"{k} {v:.3f} ({result['support_by'][k]})" for k, v in result["accuracy_by"].items()
            )
        )
        lines.append("")
    for view in ("sentence", "source"):
        if view == "source" and not any(
            m["support"] or m["predicted"] for m in result[view].values()
        ):
            lines.append("source   (the gold has no source phrases: sentence labels only)")
            continue
        for label, m in result[view].items():
            lines.append(
                f"{view:<9}{label:<11}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
                f"{m['support']:>6}{m['predicted']:>6}"
            )
    return "\n".join(lines)
