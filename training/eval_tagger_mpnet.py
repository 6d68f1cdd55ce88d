"""Experiment (issue 9): the mpnet tagger alone and joined with the shipped taggers.

    OMP_NUM_THREADS=2 .venv/bin/python training/eval_tagger_mpnet.py \
        --mpnet .cache/train/tagger-mpnet/val-scores.pkl --cache .cache/exp/tagger-e5-scores.pkl

Reads the validation token scores of ``finetune_tagger_mpnet.py`` and those of the shipped
e5 branch and MiniLM tagger (the pickle ``tune_tagger_e5.py --cache`` writes) and reports,
for each route, SI and FLC F1 with the decoding rules tuned on one half of the 74
validation articles and scored on the other (``tune_tagger_e5.tune``, as the shipped
numbers are measured). Joins are equal-weight means in logit space on the first model's
tokens; no weight is chosen on validation.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from tune_decoding import load_validation  # noqa: E402
from tune_tagger_e5 import tune  # noqa: E402

from unspun.detectors.techniques.tagger import TokenScores  # noqa: E402
from unspun.detectors.techniques.tagger_mpnet import join_all  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mpnet", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=ROOT / ".cache/exp/tagger-e5-scores.pkl")
    ap.add_argument("--routes", default="minilm+e5,mpnet,mpnet+e5,minilm+mpnet,minilm+e5+mpnet")
    args = ap.parse_args(argv)
    from common import CHANNELS

    docs = load_validation()
    e5, minilm = pickle.loads(args.cache.read_bytes())
    raw = pickle.loads(args.mpnet.read_bytes())
    mpnet = []
    for doc_id, _, _ in docs:
        offsets, probs = raw.get(doc_id, (np.zeros((0, 2), np.int64), np.zeros((0, 15))))
        order = np.argsort(offsets[:, 0], kind="stable")
        mpnet.append(TokenScores(offsets[order], probs[order]))
    models = {"minilm": minilm, "e5": e5, "mpnet": mpnet}
    out = {}
    for route in args.routes.split(","):
        names = route.split("+")
        scores = [
            join_all(*(models[n][i] for n in names)) if len(names) > 1 else models[names[0]][i]
            for i in range(len(docs))
        ]
        _, report = tune(docs, scores, CHANNELS)
        out[route] = report["cross_fitted"] | {"ece": report["ece"]}
        print(route, json.dumps(out[route]), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
