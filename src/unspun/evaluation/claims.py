"""Score the claim rules (types, numbers, dates) against sentence annotations.

Gold (``data/annotations/claims/*.jsonl``): per sentence id, the claim types, the primary
type, and the numbers and dates with offsets and normalised values. The sentences
themselves are read from the CheckThat! TSV the ids point into.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from unspun.detectors.attribution.detector import attribute_sentences
from unspun.detectors.claims.kinds import CLAIM_TYPES, classify, primary
from unspun.detectors.claims.pieces import find_pieces
from unspun.errors import InputNotFoundError
from unspun.evaluation.metrics import PRF
from unspun.model.finding import Span
from unspun.runtime.parse import parse_sentences


def read_sentences(tsv: Path) -> dict[str, str]:
    """``Sentence_id -> Text`` from a CheckThat! check-worthiness TSV."""
    if not tsv.exists():
        raise InputNotFoundError(f"{str(tsv)!r} does not exist.")
    csv.field_size_limit(sys.maxsize)
    with tsv.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        return {row["Sentence_id"]: row["Text"] for row in reader}


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["start"] < b["end"] and b["start"] < a["end"])


def score_claims(gold: list[dict[str, Any]], sentences: dict[str, str]) -> dict[str, Any]:
    types = {t: PRF() for t in CLAIM_TYPES}
    primary_right = 0
    numbers, number_values = PRF(), [0, 0]
    dates, date_values = PRF(), [0, 0]
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    texts = [sentences[row["sentence_id"]] for row in gold]
    docs = [parse_sentences(t, [Span(start=0, end=len(t))])[0] for t in texts]
    for row, text, doc in zip(gold, texts, docs, strict=True):
        span = Span(start=0, end=len(text))
        pieces = find_pieces(text, 0, len(text), [], "en")
        found_dates, found_dates_nums = pieces.dates, pieces.quantities
        attributed = any(m.main for m in attribute_sentences(text, [span], "en")[0].mentions)
        kinds = classify(
            text,
            0,
            len(text),
            has_quantity=bool(found_dates_nums),
            has_date=bool(found_dates),
            has_entity=bool(doc.ents),
            attributed=attributed,
        )
        predicted = {k.type for k in kinds}
        gold_types = set(row["types"])
        for t in CLAIM_TYPES:
            types[t].tp += t in predicted and t in gold_types
            types[t].fp += t in predicted and t not in gold_types
            types[t].fn += t not in predicted and t in gold_types
        predicted_primary = primary(kinds)
        primary_right += predicted_primary == row["primary"]
        confusion[row["primary"]][predicted_primary] += 1
        pred_numbers = [q.as_dict() for q in found_dates_nums]
        _match(pred_numbers, row.get("numbers", []), numbers, number_values, "value")
        pred_dates = [d.as_dict() for d in found_dates]
        _match(pred_dates, row.get("dates", []), dates, date_values, "iso")
    n = len(gold)
    return {
        "sentences": n,
        "primary_accuracy": round(primary_right / n, 4) if n else 0.0,
        "types": {t: m.as_dict() for t, m in types.items()},
        "numbers": {**numbers.as_dict(), "value_correct": _share(number_values)},
        "dates": {**dates.as_dict(), "iso_correct": _share(date_values)},
        "primary_confusion": {g: dict(p) for g, p in confusion.items()},
    }


def _match(
    predicted: list[dict[str, Any]],
    gold: list[dict[str, Any]],
    counts: PRF,
    values: list[int],
    key: str,
) -> None:
    """Overlap matching; ``values`` counts matched pairs whose normalised value agrees."""
    used: set[int] = set()
    for p in predicted:
        hit = next((i for i, g in enumerate(gold) if i not in used and _overlaps(p, g)), None)
        if hit is None:
            counts.fp += 1
            continue
        used.add(hit)
        counts.tp += 1
        values[1] += 1
        g = gold[hit]
        same = (
            abs(float(p[key]) - float(g[key])) < 1e-6
            if key == "value" and g.get(key) is not None
            else p.get(key) == g.get(key)
        )
        values[0] += same
    counts.fn += len(gold) - len(used)


def _share(values: list[int]) -> float | None:
    return round(values[0] / values[1], 4) if values[1] else None


def load_gold(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise InputNotFoundError(f"{str(path)!r} does not exist.")
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"{result['sentences']} sentences; primary type accuracy {result['primary_accuracy']:.3f}",
        "",
        f"{'type':<12}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}",
    ]
    for t, m in result["types"].items():
        lines.append(
            f"{t:<12}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
            f"{m['support']:>6}{m['predicted']:>6}"
        )
    for piece, extra in (("numbers", "value_correct"), ("dates", "iso_correct")):
        m = result[piece]
        lines.append(
            f"{piece:<12}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
            f"{m['support']:>6}{m['predicted']:>6}  {extra} {m[extra]}"
        )
    return "\n".join(lines)
