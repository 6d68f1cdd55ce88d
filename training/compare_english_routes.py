"""Experiment (issue 9): the English technique routes side by side on any PTC-format set.

    OMP_NUM_THREADS=2 .venv/bin/python training/compare_english_routes.py \
        --articles data/stress/articles --labels data/stress/labels

Runs the technique detector twice over the same articles, as ``unspun eval techniques``
does: the default route (English: the mpnet tagger joined with the e5 tagger) and the route
without mpnet (English: MiniLM joined with e5), and prints SI, FLC and TC F1 and the
per-technique FLC of each. For sets that nothing was tuned on (the stress set: texts in
the register of the Russia-Ukraine information space, written by us).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from unspun.detectors.techniques.detector import TechniqueDetector
from unspun.evaluation.ptc import read_article, read_technique_labels
from unspun.evaluation.techniques import predict_articles, score_techniques, select_ids


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, required=True)
    ap.add_argument("--labels", type=Path, required=True)
    ap.add_argument("--split-file", type=Path, default=None)
    ap.add_argument("--split", default=None)
    args = ap.parse_args(argv)
    ids = select_ids(args.articles, args.split_file, args.split)
    texts = {i: read_article(args.articles, i) for i in ids}
    gold = read_technique_labels(args.labels)
    gold = {i: gold.get(i, []) for i in ids}
    for name, detector in (
        ("mpnet + e5 (default)", TechniqueDetector()),
        ("MiniLM + e5 (without mpnet)", TechniqueDetector(mpnet=False)),
    ):
        result = score_techniques(
            gold, predict_articles(detector, texts, gold), labels=detector.spec.channels[:-1]
        )
        per = {k: round(v["f1"], 3) for k, v in result.get("per_technique", {}).items()}
        print(
            name,
            json.dumps(
                {
                    "si": round(result["si"]["f1"], 4),
                    "flc": round(result["flc"]["f1"], 4),
                    "tc": round(result.get("tc", {}).get("f1", float("nan")), 4),
                    "ece": round(result.get("ece", float("nan")), 4),
                    "flc_per_technique": per,
                }
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
