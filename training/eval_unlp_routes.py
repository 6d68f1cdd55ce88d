"""Experiment (issue 9): which technique route serves Russian and Ukrainian posts best.

    OMP_NUM_THREADS=2 .venv/bin/python training/eval_unlp_routes.py \
        --data ../shared/data/unlp2025-dev/unlp2025-dev.jsonl

Zero-shot token F1 on UNLP 2025 dev posts (validation only: never trained or tuned on),
as ``unspun eval unlp`` counts words, for three routes of non-English posts:

- ``sentence``: the multilingual sentence model alone (whole sentences, shipped before);
- ``e5``: the e5 tagger branch alone (real spans; its rules were tuned on PTC);
- ``union``: both, a word flagged by either counts.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    from unspun.evaluation.unlp import count_words, load_posts, token_f1
    from unspun.model import Document
    from unspun.pipeline import Pipeline, load_config

    config = load_config()
    config.pipeline.components = ["language", "segment", "techniques", "techniques_multilingual"]
    nlp = Pipeline.from_config(config)
    results = {}
    for lang in ("uk", "ru"):
        posts = load_posts(Path(args.data), lang)
        posts = posts[: args.limit] if args.limit else posts
        texts = {str(p["id"]): str(p["text"]) for p in posts}
        gold = {str(p["id"]): p.get("trigger_spans") or [] for p in posts}
        by_route: dict[str, dict[str, list]] = {"sentence": {}, "e5": {}, "union": {}}
        docs = [Document(id=d, text=t) for d, t in texts.items() if t.strip()]
        for outcome in nlp.run(docs):
            a = outcome.analysis
            if a is None:
                continue
            found = a.by_kind("technique")
            sentence = [(f.start, f.end) for f in found if f.detector == "techniques_multilingual"]
            tagged = [(f.start, f.end) for f in found if f.detector == "techniques"]
            by_route["sentence"][a.id] = sentence
            by_route["e5"][a.id] = tagged
            by_route["union"][a.id] = sentence + tagged
        words = count_words(texts)
        for route, predicted in by_route.items():
            counts = token_f1(texts, gold, predicted)
            flagged = counts.tp + counts.fp
            results[f"{lang}/{route}"] = {
                "f1": round(counts.f1, 4),
                "precision": round(counts.precision, 4),
                "recall": round(counts.recall, 4),
                "flagged_to_gold": round(flagged / max(1, counts.tp + counts.fn), 3),
                "flagged_share": round(flagged / max(1, words), 3),
                "posts": len(posts),
            }
            print(route, lang, json.dumps(results[f"{lang}/{route}"]), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
