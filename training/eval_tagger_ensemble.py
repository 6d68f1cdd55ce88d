"""Experiment (issue 9): the e5 tagger branch alone and joined with the MiniLM tagger.

    OMP_NUM_THREADS=2 .venv/bin/python training/eval_tagger_ensemble.py \
        --checkpoint training/checkpoints/techniques-e5-branch-run1.npz

Scores the 74 PTC validation articles (``_models/techniques/split.json``) with the shipped
MiniLM tagger and with the e5 tagger branch run through ONNX Runtime as the pipeline would
(the pipeline's sentences, ``query: `` prefix, the branch's token states, the numpy head),
then projects the e5 probabilities onto the MiniLM tokens (mean over the e5 tokens each one
overlaps) and joins the two in logit space with weight ``w`` for e5. Decoding rules are
tuned per channel as ``tune_decoding.py`` does, and every number is **cross-fitted**: rules
tuned on one half of the articles, scored on the other, pooled.
"""

from __future__ import annotations

import argparse
import hashlib
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


def e5_tagger(checkpoint: Path, threads: int = 2):
    """``score(texts) -> [TokenScores]`` of the e5 tagger branch at ``checkpoint``."""
    from unspun.detectors.techniques.tc_e5 import E5SpanClassifier, sentence_row
    from unspun.runtime.branch import load_branch_weights
    from unspun.runtime.e5_onnx import E5OnnxEncoder
    from unspun.runtime.sentences import E5_SMALL, locate_encoder

    card = json.loads(checkpoint.with_suffix(".json").read_text())
    sha = hashlib.sha256(checkpoint.read_bytes()).hexdigest()
    weights = locate_encoder(E5_SMALL)
    branch, head = load_branch_weights(
        checkpoint, sha, weights, lower=card["lower"], lora_scale=card["lora_scale"], tokens=True
    )
    encoder = E5OnnxEncoder(weights, E5_SMALL["sha256"], threads=threads)
    encoder.set_branch(branch)
    w, b = head["head.weight"].astype(np.float32), head["head.bias"].astype(np.float32)
    segmenter = E5SpanClassifier.__new__(E5SpanClassifier)
    segmenter._segmenter = None

    def score(texts):
        sentences = E5SpanClassifier._sentences(segmenter, texts)
        out = []
        for text, sents in zip(texts, sentences, strict=True):
            rows = [sentence_row(encoder.tokenizer, text, s, e) for s, e in sents]
            states = encoder.branch_token_states([r.ids for r in rows]) if rows else []
            offs, probs = [], []
            for row, x in zip(rows, states, strict=True):
                keep = row.offsets[:, 0] >= 0
                offs.append(row.offsets[keep])
                probs.append(1 / (1 + np.exp(-(x[keep] @ w.T + b))))
            if offs:
                out.append(TokenScores(np.concatenate(offs), np.concatenate(probs)))
            else:
                out.append(TokenScores(np.zeros((0, 2), np.int64), np.zeros((0, len(b)))))
        return out

    return score


def project(target: TokenScores, source: TokenScores) -> np.ndarray:
    """``source`` probabilities on ``target``'s tokens: the mean over the source tokens each
    target token overlaps (the nearest source token when none overlaps)."""
    out = np.zeros((len(target.offsets), source.probs.shape[1]), np.float32)
    if not len(source.offsets):
        return out
    s_start, s_end = source.offsets[:, 0], source.offsets[:, 1]
    for t, (a, b) in enumerate(target.offsets):
        hit = (s_start < b) & (s_end > a)
        if hit.any():
            out[t] = source.probs[hit].mean(0)
        else:
            out[t] = source.probs[int(np.argmin(np.abs((s_start + s_end) / 2 - (a + b) / 2)))]
    return out


def logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", default="training/checkpoints/techniques-e5-branch-run1.npz")
    ap.add_argument("--cache", default=".cache/exp/tagger-ensemble.pkl")
    ap.add_argument("--weights", default="0,0.5,1")
    args = ap.parse_args(argv)
    from unspun.detectors.techniques.detector import TechniqueDetector

    docs = load_validation()
    texts = [t for _, t, _ in docs]
    cache = Path(args.cache)
    if cache.is_file():
        mini, e5 = pickle.loads(cache.read_bytes())
    else:
        det = TechniqueDetector()
        mini = []
        for i in range(0, len(texts), 8):
            mini += det.session.predict(texts[i : i + 8])
        score = e5_tagger(Path(args.checkpoint))
        e5 = []
        for i in range(0, len(texts), 8):
            e5 += score(texts[i : i + 8])
            print(f"  e5 {i + 8}/{len(texts)}", flush=True)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps((mini, e5)))
    channels = json.loads(Path(args.checkpoint).with_suffix(".json").read_text())["channels"]
    projected = [project(m, e) for m, e in zip(mini, e5, strict=True)]
    results = {}
    for w in [float(x) for x in args.weights.split(",")]:
        if w == 1.0:
            joined = e5
        else:
            joined = [
                TokenScores(
                    m.offsets,
                    1 / (1 + np.exp(-((1 - w) * logit(m.probs) + w * logit(p)))),
                )
                for m, p in zip(mini, projected, strict=True)
            ]
        _, report = tune(docs, joined, channels)
        results[w] = report["cross_fitted"]
        print(w, json.dumps(results[w]), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
