"""Agreement of a second, blind annotator with our gold sets: the ceiling a model can reach.

A model is judged against one annotator's labels. How far it can go depends on how often a
second careful annotator, labelling the same units by the same guidelines without seeing the
first labels, agrees with them. This script puts the two side by side: the second annotator
against the gold, and (``--model``) the shipped model against the gold and against the second
annotator, on the same units.

Two sets (``data/annotations/agreement/README.md`` says how each was made):

* ``checkworthy``: 320 CT24 sentences of the later debates (80 per debate) relabelled
  Yes/No. Gold: the CheckThat! 2024 labels (read from ``--data``, never copied).
* ``attribution``: 180 attribution units (PTC dev2 and test, UNLP dev2 and test) relabelled
  with the sentence label. Gold: our files in ``data/annotations/attribution``.

Prints F1(Yes) (check-worthiness) or accuracy (attribution), Cohen's kappa and a 95%
bootstrap interval (units resampled, 2,000 draws, seed 0).

Usage::

    S=scripts/annotation/agreement.py
    python $S checkworthy [--data ../shared/data/checkworthy-en] [--model]
    python $S attribution [--articles ../shared/data/ptc/train-articles]
                          [--posts ../shared/data/unlp2025-dev/unlp2025-dev.jsonl] [--model]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import cohen_kappa_score, f1_score

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "data" / "annotations" / "agreement"
GOLD_ATTRIBUTION = ROOT / "data" / "annotations" / "attribution"
SHARED = ROOT.parent / "shared" / "data"
DRAWS = 2000


def interval(
    a: Sequence[str], b: Sequence[str], measure: Callable[[np.ndarray, np.ndarray], float]
) -> tuple[float, float, float]:
    """``measure(a, b)`` and its 95% bootstrap interval over units (seed 0)."""
    x, y = np.asarray(a), np.asarray(b)
    rng = np.random.default_rng(0)
    draws = [measure(x[i], y[i]) for i in (rng.integers(0, len(x), len(x)) for _ in range(DRAWS))]
    lo, hi = np.percentile(draws, [2.5, 97.5])
    return float(measure(x, y)), float(lo), float(hi)


def f1_yes(gold: np.ndarray, other: np.ndarray) -> float:
    """F1 of the Yes class, ``gold`` as the reference."""
    return float(f1_score(gold == "Yes", other == "Yes", zero_division=0.0))


def accuracy(gold: np.ndarray, other: np.ndarray) -> float:
    return float(np.mean(gold == other))


def kappa(gold: Sequence[str], other: Sequence[str]) -> float:
    return float(cohen_kappa_score(list(gold), list(other)))


def line(name: str, gold: Sequence[str], other: Sequence[str], measure, label: str) -> str:
    value, lo, hi = interval(gold, other, measure)
    return f"{name:<34} {label} {value:.3f} [{lo:.3f}, {hi:.3f}]   kappa {kappa(gold, other):.3f}"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(s) for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]


# --- check-worthiness ------------------------------------------------------------------


def ct24_labels(data: Path) -> dict[str, tuple[str, str]]:
    """Sentence id -> (text, Yes/No) over the CT24 train and dev TSVs."""
    out: dict[str, tuple[str, str]] = {}
    for split in ("train", "dev"):
        with open(data / f"CT24_checkworthy_english_{split}.tsv", encoding="utf-8") as fh:
            rows = list(csv.reader(fh, delimiter="\t"))
        for row in rows[1:]:
            # train line 16877 holds two rows glued together ("No29286")
            if len(row) == 5 and row[2][:2] in ("No", "Ye"):
                cut = 3 if row[2].startswith("Yes") else 2
                pairs = [[row[0], row[1], row[2][:cut]], [row[2][cut:], row[3], row[4]]]
            else:
                pairs = [row]
            for sid, text, label in pairs:
                out[sid] = (text, label)
    return out


def checkworthy(args: argparse.Namespace) -> int:
    second = read_jsonl(args.second or HERE / "ct24-later-second.jsonl")
    table = ct24_labels(args.data)
    texts = [table[r["sentence_id"]][0] for r in second]
    gold = [table[r["sentence_id"]][1] for r in second]
    other = [r["label"] for r in second]
    print(f"{len(second)} sentences; Yes: gold {gold.count('Yes')}, second {other.count('Yes')}")
    print(line("second annotator vs gold", gold, other, f1_yes, "F1(Yes)"))
    by_group = defaultdict(list)
    for i, r in enumerate(second):
        by_group[r["group"]].append(i)
    for group, idx in sorted(by_group.items()):
        g, o = np.asarray(gold)[idx], np.asarray(other)[idx]
        print(f"  {group:<32} F1(Yes) {f1_yes(g, o):.3f}   n {len(idx)}")
    if args.model:
        from unspun.detectors.claims.checkworthy import CheckWorthinessModel

        model = CheckWorthinessModel()
        flags = model.score(texts, "en") >= model.threshold_for("en")
        said = ["Yes" if f else "No" for f in flags]
        print(f"model {model.version}")
        print(line("model vs gold", gold, said, f1_yes, "F1(Yes)"))
        print(line("model vs second annotator", other, said, f1_yes, "F1(Yes)"))
    return 0


# --- attribution -----------------------------------------------------------------------


def attribution_gold() -> dict[tuple[str, str, int, int], dict]:
    out = {}
    paths = [*GOLD_ATTRIBUTION.glob("ptc-*.jsonl"), *GOLD_ATTRIBUTION.glob("unlp-*.jsonl")]
    for path in sorted(paths):
        for r in read_jsonl(path):
            source = "unlp" if "post_id" in r else "ptc"
            doc = str(r.get("post_id") or r.get("article_id"))
            out[(source, doc, r["start"], r["end"])] = r
    return out


def attribution(args: argparse.Namespace) -> int:
    second = read_jsonl(args.second or HERE / "attribution-second.jsonl")
    table = attribution_gold()
    keys = [(r["source"], str(r["doc"]), r["start"], r["end"]) for r in second]
    missing = [k for k in keys if k not in table]
    if missing:
        raise SystemExit(f"{len(missing)} units are in no gold file, e.g. {missing[0]}")
    gold = [table[k]["label"] for k in keys]
    other = [r["label"] for r in second]
    said = detector_labels(keys, args) if args.model else None
    parts = defaultdict(list)
    for i, k in enumerate(keys):
        parts[f"{k[0]} {table[k]['split']}"].append(i)
    print(f"{len(keys)} units; " + ", ".join(f"{p} {len(v)}" for p, v in sorted(parts.items())))
    for name, idx in [("all", list(range(len(keys)))), *sorted(parts.items())]:
        g, o = [gold[i] for i in idx], [other[i] for i in idx]
        print(line(f"second vs gold, {name}", g, o, accuracy, "accuracy"))
        if said is not None:
            d = [said[i] for i in idx]
            print(line(f"detector vs gold, {name}", g, d, accuracy, "accuracy"))
    pairs = Counter((g, o) for g, o in zip(gold, other, strict=True) if g != o)
    listed = ", ".join(f"{g}->{o} {n}" for (g, o), n in pairs.most_common())
    print("disagreements (gold -> second):", listed)
    return 0


def detector_labels(keys: list[tuple[str, str, int, int]], args: argparse.Namespace) -> list[str]:
    """The attribution detector's sentence label for each unit, as ``unspun eval attribution``
    reads it."""
    from unspun.detectors.attribution.detector import attribute_sentences
    from unspun.evaluation.attribution import line_units, post_units
    from unspun.evaluation.unlp import load_posts

    wanted = any(k[0] == "unlp" for k in keys)
    posts = {p["id"]: p for p in load_posts(args.posts)} if wanted else {}
    found: dict[tuple[str, str], dict[tuple[int, int], str]] = {}
    out = []
    for source, doc, start, end in keys:
        if (source, doc) not in found:
            if source == "ptc":
                text = (args.articles / f"article{doc}.txt").read_text(encoding="utf-8")
                units, lang = line_units(text), "en"
            else:
                text, lang = posts[doc]["text"], posts[doc]["lang"]
                units = post_units(text)
            found[(source, doc)] = {
                (r.sentence.start, r.sentence.end): r.label
                for r in attribute_sentences(text, units, lang)
            }
        labels = found[(source, doc)]
        inside = [v for (s, e), v in labels.items() if s >= start and e <= end]
        out.append(labels.get((start, end)) or (inside[0] if inside else "none"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="set", required=True)
    cw = sub.add_parser("checkworthy", help="CT24 later debates, Yes/No")
    cw.add_argument("--data", type=Path, default=SHARED / "checkworthy-en")
    at = sub.add_parser("attribution", help="attribution sentence labels")
    at.add_argument("--articles", type=Path, default=SHARED / "ptc" / "train-articles")
    at.add_argument("--posts", type=Path, default=SHARED / "unlp2025-dev" / "unlp2025-dev.jsonl")
    for p in (cw, at):
        p.add_argument("--second", type=Path, help="the second annotator's file")
        p.add_argument("--model", action="store_true", help="score the shipped model too")
    args = parser.parse_args(argv)
    return checkworthy(args) if args.set == "checkworthy" else attribution(args)


if __name__ == "__main__":
    sys.exit(main())
