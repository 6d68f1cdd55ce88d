"""Does a second, English encoder lift check-worthiness on the later debates?

    OMP_NUM_THREADS=1 .venv/bin/python training/eval_checkworthy_encoders.py --name N --path DIR

The shipped scorer (multilingual-e5-small with its fine-tuned top, from the runtime) is the
baseline. A frozen English sentence encoder is mean-pooled over every CT24 train+dev sentence,
a logistic head is fitted on the ``fit`` debates and scores ``later``. Both are then judged
like the shipped top (leave-one-debate-out operating point): the second encoder alone, and a
two-feature stack (e5 top logit, second head's logit) fitted leave-one-debate-out on
``later``. Nothing here is shipped; it answers whether a different encoder breaks the 0.726
ceiling of the e5 top.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_checkworthy as tc
from finetune_checkworthy import judge, load_rows

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "exp"


def embed(path: Path, texts: list[str], batch: int = 64) -> np.ndarray:
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    order = np.argsort([len(t) for t in texts])
    out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for i in range(0, len(texts), batch):
            idx = order[i : i + batch]
            enc = tok(
                [texts[j] for j in idx],
                padding=True,
                truncation=True,
                max_length=128,
                return_tensors="pt",
            )
            states = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).float()
            pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1)
            out[idx] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
            if i % (batch * 50) == 0:
                print(f"  {i}/{len(texts)}", flush=True)
    return out


def logistic(X: np.ndarray, y: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit(X, y)
    return clf.coef_[0], float(clf.intercept_[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--name", required=True)
    ap.add_argument("--path", type=Path, required=True)
    args = ap.parse_args(argv)
    d = load_rows()
    texts = d["texts"] + d["test_texts"]
    cache = CACHE / f"cw-{args.name}.npy"
    if cache.exists():
        E = np.load(cache)
    else:
        E = embed(args.path, texts)
        np.save(cache, E)
    n = len(d["texts"])
    fit, later = d["part"] == "fit", d["part"] == "later"
    y = d["y"]

    e5_cache = CACHE / "cw-e5-later.npy"
    if e5_cache.exists():
        z_e5 = np.load(e5_cache)
    else:
        from unspun.detectors.claims.checkworthy import CheckWorthinessModel

        model = CheckWorthinessModel(tc.MODEL_DIR, threads=2)
        _, top = model.encoder.encode_both(
            [d["texts"][i] for i in np.flatnonzero(later)], query=True
        )
        z_e5 = model.branch.logits(top)
        np.save(e5_cache, z_e5)
    groups = d["group"][later]
    yl = y[later]
    print("e5 top (shipped):", json.dumps(judge(z_e5, yl, groups)))
    for C in (0.1, 1.0, 10.0):
        w, b = logistic(E[:n][fit], y[fit], C)
        z2 = E[:n][later] @ w + b
        res = judge(z2, yl, groups)
        # two-feature stack, fitted leave-one-debate-out on later
        Z = np.c_[z_e5, z2]
        zs = np.zeros(len(yl))
        for g in sorted(set(groups)):
            held = groups == g
            ws, bs = logistic(Z[~held], yl[~held], 1.0)
            zs[held] = Z[held] @ ws + bs
        stack = judge(zs, yl, groups)
        avg = {
            a: judge(a * z_e5 / z_e5.std() + (1 - a) * z2 / z2.std(), yl, groups)["f1"]
            for a in (0.3, 0.5, 0.7)
        }
        print(
            f"{args.name} C={C}: alone {json.dumps(res)}\n"
            f"   stack {json.dumps(stack)}\n   avg {avg}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
