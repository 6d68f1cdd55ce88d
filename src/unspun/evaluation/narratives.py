"""Narrative scorer: F1-samples of document label sets, coarse and fine.

For each document, F1 between the predicted and the gold label set (a document whose gold
and predicted sets are both ``["Other"]`` scores 1), averaged over documents. Coarse uses
narrative labels, fine sub-narrative labels (``"<narrative>: Other"`` included).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspun.errors import InputNotFoundError, MalformedInputError


@dataclass(frozen=True)
class GoldDocument:
    id: str
    text: str
    lang: str | None
    split: str | None
    narratives: list[str]
    subnarratives: list[str]


def f1_set(predicted: Iterable[str], gold: Iterable[str]) -> float:
    """F1 between two label sets (1.0 when both are empty)."""
    p, g = set(predicted), set(gold)
    if not p and not g:
        return 1.0
    hit = len(p & g)
    if hit == 0:
        return 0.0
    precision, recall = hit / len(p), hit / len(g)
    return 2 * precision * recall / (precision + recall)


def f1_samples(predicted: Sequence[Iterable[str]], gold: Sequence[Iterable[str]]) -> float:
    """Mean over documents of :func:`f1_set`."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold must have one label set per document")
    if not gold:
        return 0.0
    return sum(f1_set(p, g) for p, g in zip(predicted, gold, strict=True)) / len(gold)


def load_gold(path: Path, split: str | None = None) -> list[GoldDocument]:
    """Documents of a validation JSONL (``id``, ``text``, ``lang``, ``split``,
    ``narratives``, ``subnarratives``), only those of ``split`` when given."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputNotFoundError(f"{path} does not exist.") from None
    docs = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row: dict[str, Any] = json.loads(line)
            doc = GoldDocument(
                id=str(row["id"]),
                text=str(row["text"]),
                lang=row.get("lang"),
                split=row.get("split"),
                narratives=list(row["narratives"]),
                subnarratives=list(row["subnarratives"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise MalformedInputError(
                f"line {n} is not a validation record ({type(exc).__name__}: {exc}).",
                hint="Each line needs id, text, narratives and subnarratives.",
                source=str(path),
            ) from None
        if split is None or doc.split == split:
            docs.append(doc)
    return docs


def score_labels(
    docs: Sequence[GoldDocument],
    coarse: Sequence[Sequence[str]],
    fine: Sequence[Sequence[str]],
) -> dict[str, Any]:
    """F1-samples overall and per language, with the share of ``Other`` documents."""
    result: dict[str, Any] = {
        "documents": len(docs),
        "coarse_f1": round(f1_samples(coarse, [d.narratives for d in docs]), 4),
        "fine_f1": round(f1_samples(fine, [d.subnarratives for d in docs]), 4),
        "predicted_other": sum(1 for c in coarse if list(c) == ["Other"]),
        "gold_other": sum(1 for d in docs if d.narratives == ["Other"]),
        "per_language": {},
    }
    langs = sorted({d.lang or "?" for d in docs})
    for lang in langs:
        idx = [i for i, d in enumerate(docs) if (d.lang or "?") == lang]
        result["per_language"][lang] = {
            "documents": len(idx),
            "coarse_f1": round(
                f1_samples([coarse[i] for i in idx], [docs[i].narratives for i in idx]), 4
            ),
            "fine_f1": round(
                f1_samples([fine[i] for i in idx], [docs[i].subnarratives for i in idx]), 4
            ),
        }
    return result


def predicted_labels(record_narratives: Sequence[Any] | None) -> tuple[list[str], list[str]]:
    """Coarse and fine label lists from a record's ``narratives``."""
    items = list(record_narratives or [])
    coarse = [n.label for n in items if n.level == "narrative"] or ["Other"]
    fine = [n.label for n in items if n.level == "subnarrative"]
    if coarse == ["Other"]:
        fine = ["Other"]
    return coarse, fine


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"narratives F1-samples on {result['documents']} documents"
        + (f" (split {result['split']})" if result.get("split") else ""),
        f"  coarse (narratives)     {result['coarse_f1']:.3f}",
        f"  fine (sub-narratives)   {result['fine_f1']:.3f}",
        f"  'Other' documents: gold {result['gold_other']}, predicted {result['predicted_other']}",
        "",
        f"  {'lang':<6}{'docs':>6}{'coarse':>9}{'fine':>9}",
    ]
    for lang, row in result["per_language"].items():
        lines.append(
            f"  {lang:<6}{row['documents']:>6}{row['coarse_f1']:>9.3f}{row['fine_f1']:>9.3f}"
        )
    return "\n".join(lines)


def predict(docs: Sequence[GoldDocument], pipeline: Any) -> tuple[list[list[str]], list[list[str]]]:
    """Run ``pipeline`` (one with the narrative detector) over the documents."""
    from unspun.model.document import Document

    coarse: list[list[str]] = []
    fine: list[list[str]] = []
    stream = (Document(id=d.id, text=d.text, lang=d.lang) for d in docs)
    for outcome in pipeline.run(stream):
        analysis = outcome.analysis
        c, f = predicted_labels(analysis.narratives if analysis is not None else None)
        coarse.append(c)
        fine.append(f)
    return coarse, fine


def evaluate_file(
    gold: Path,
    split: str | None = "test",
    catalogues: Sequence[str] = (),
    threads: int = 1,
    batch_size: int = 16,
) -> dict[str, Any]:
    """Score the default narrative detector (plus ``catalogues``) on a validation JSONL."""
    from unspun.pipeline import Pipeline, load_config

    docs = load_gold(gold, split)
    config = load_config(components=["language", "segment", "narratives"], batch_size=batch_size)
    config.set("narratives", "threads", threads)
    if catalogues:
        config.set("narratives", "catalogues", list(catalogues))
    coarse, fine = predict(docs, Pipeline.from_config(config))
    result = score_labels(docs, coarse, fine)
    result["split"] = split
    result["gold"] = str(gold)
    return result
