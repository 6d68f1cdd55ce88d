"""Fit the span classifier's softmax head on frozen-encoder span features (numpy + sklearn).

    .venv/bin/python training/fit_span_head.py [--features frozen_base] [--mlp]

Input: ``.cache/train/tc/<features>.npz`` from ``extract_span_features.py``. Trains on the
train split spans only; picks the regularisation by log loss on the tune slice (30 train
articles never trained on); fits the softmax temperature on the tune slice; prints the
validation accuracy (validation chose nothing). Writes the head and its validation logits to
``.cache/train/tc/head_<features>.npz``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
from tc_stack import WORK  # noqa: E402


def log_softmax(z):
    z = z - z.max(1, keepdims=True)
    return z - np.log(np.exp(z).sum(1, keepdims=True))


def fit_temperature(logits, y):
    grid = np.exp(np.linspace(np.log(0.2), np.log(5), 200))
    nll = [-log_softmax(logits / t)[np.arange(len(y)), y].mean() for t in grid]
    return float(grid[int(np.argmin(nll))])


def main(argv=None):
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser()
    ap.add_argument("--features", default="frozen_base")
    ap.add_argument("--blocks", default="cls,span,ctx,hand")
    ap.add_argument("--C", default="0.001,0.002,0.003,0.005", help="chosen by tune log loss")
    args = ap.parse_args(argv)
    z = np.load(WORK / f"{args.features}.npz")
    parts = {
        "cls": z["pooled"][:, :384],
        "span": z["pooled"][:, 384:768],
        "ctx": z["pooled"][:, 768:],
        "hand": z["hand"],
    }
    X = np.concatenate([parts[b] for b in args.blocks.split(",")], 1).astype(np.float64)
    y, split = z["label"], z["split"]
    tr, tu, va = split == "train", split == "tune", split == "validation"
    mu, sd = X[tr].mean(0), X[tr].std(0) + 1e-6
    Xs = (X - mu) / sd
    best = None
    for C in [float(c) for c in args.C.split(",")]:
        clf = LogisticRegression(C=C, max_iter=3000)
        clf.fit(Xs[tr], y[tr])
        acc_tu = float((clf.predict(Xs[tu]) == y[tu]).mean())
        nll_tu = float(-np.log(clf.predict_proba(Xs[tu])[np.arange(tu.sum()), y[tu]]).mean())
        acc_va = float((clf.predict(Xs[va]) == y[va]).mean())
        print(
            f"C={C}: tune accuracy {acc_tu:.4f} log loss {nll_tu:.4f} "
            f"(validation, for the record: {acc_va:.4f})",
            flush=True,
        )
        if best is None or nll_tu < best[0]:
            best = (nll_tu, C, clf, acc_tu)
    assert best is not None
    _, C, clf, acc_tu = best
    # fold the standardisation into the linear head: logits = X @ W + b
    W = clf.coef_.T / sd[:, None]
    b = clf.intercept_ - mu @ W
    logits_tu, logits_va = X[tu] @ W + b, X[va] @ W + b
    t = fit_temperature(logits_tu, y[tu])
    acc_va = float((logits_va.argmax(1) == y[va]).mean())
    print(json.dumps({"C": C, "tune_acc": acc_tu, "validation_acc": acc_va, "temperature": t}))
    np.savez_compressed(
        WORK / f"head_{args.features}_{args.blocks.replace(',', '-')}.npz",
        W=W.astype(np.float32),
        b=b.astype(np.float32),
        temperature=t,
        val=logits_va.astype(np.float32),
        val_gold=y[va],
        tune=logits_tu.astype(np.float32),
    )


if __name__ == "__main__":
    main()
