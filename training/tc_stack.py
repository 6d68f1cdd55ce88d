"""TC experiments by stacking, cross-fitted on the validation articles (analysis only).

    .venv/bin/python training/tc_stack.py --score      # tagger over validation (ONNX), cached
    .venv/bin/python training/tc_stack.py [--span-logits .cache/train/tc/val_logits.npz]

The tagger (``models/techniques/tagger.json``) was trained on the train split, so its
outputs on train articles are over-confident and cannot train a head. This script scores
the validation articles with it (torch-free run-time path), builds per-span features
(mean / max of each technique channel over the span, the "any" channel, the hand features
of ``spanfeatures.py``, optionally the span classifier's logits), and fits a multinomial
logistic regression by 5-fold cross-fitting **by article on validation**: each span is
predicted by a head that never saw its article. The numbers it prints are cross-fitted
validation numbers, and say so; nothing here is shipped.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from unspun.detectors.techniques import spanfeatures
from unspun.detectors.techniques.labels import PTC_LABELS
from unspun.runtime.files import PACKAGED_MODELS

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".cache" / "train" / "tc"
LABELS = list(PTC_LABELS)


def load_validation():
    data = ROOT.parent / "shared" / "data" / "ptc"
    ids = json.loads((PACKAGED_MODELS / "techniques" / "split.json").read_text())["validation"]
    docs = []
    for doc_id in ids:
        text = (data / "train-articles" / f"article{doc_id}.txt").read_text(encoding="utf-8")
        labels = data / "train-labels-task-flc-tc" / f"article{doc_id}.task-flc-tc.labels"
        spans = []
        for line in labels.read_text(encoding="utf-8").splitlines():
            if line.strip():
                _id, label, start, end = line.split("\t")
                spans.append((int(start), int(end), label))
        docs.append((doc_id, text, spans))
    return docs


def tagger_scores(docs):
    path = WORK / "tagger_val.npz"
    if path.exists():
        z = np.load(path)
        return [(z[f"o{i}"], z[f"p{i}"]) for i in range(len(docs))]
    # run time path (needs the run-time venv: `.venv/bin/python training/tc_stack.py --score`)
    from unspun.detectors.techniques.assemble import assemble, load_spec
    from unspun.detectors.techniques.tagger import TaggerSession
    from unspun.runtime.minilm import locate_base

    spec = load_spec()
    sess = TaggerSession(
        assemble(spec),
        locate_base().tokenizer_path,
        n_channels=len(spec.channels),
        max_tokens=spec.max_tokens,
        overlap=spec.overlap,
    )
    out = []
    for i in range(0, len(docs), 8):
        out += sess.predict([t for _, t, _ in docs[i : i + 8]])
    WORK.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for i, sc in enumerate(out):
        arrays[f"o{i}"], arrays[f"p{i}"] = sc.offsets, sc.probs
    np.savez_compressed(path, **arrays)
    return [(sc.offsets, sc.probs) for sc in out]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--span-logits", default="")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--score", action="store_true", help="only score validation with the tagger")
    args = ap.parse_args(argv)
    if args.score:
        tagger_scores(load_validation())
        return
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    docs = load_validation()
    scores = tagger_scores(docs)
    labels = LABELS
    index = {lab: i for i, lab in enumerate(labels)}
    blocks: dict[str, list] = {"tagger": [], "hand": []}
    y, doc_of = [], []
    for d, ((_, text, gold), (offsets, probs)) in enumerate(zip(docs, scores, strict=True)):
        dix = spanfeatures.DocIndex.of(text)
        for s, e, lab in gold:
            a, b = spanfeatures.span_tokens(offsets, s, e)
            p = probs[a:b]
            blocks["tagger"].append(np.concatenate([p.mean(0), p.max(0), p[0], p[-1]]))
            blocks["hand"].append(spanfeatures.hand_features(dix, s, e))
            y.append(index[lab])
            doc_of.append(d)
    y, doc_of = np.array(y), np.array(doc_of)
    X = {k: np.array(v) for k, v in blocks.items()}
    if args.span_logits:
        X["span"] = np.load(args.span_logits)["val"]
        assert len(X["span"]) == len(y)
    base = float((X["tagger"][:, :14].argmax(1) == y).mean())
    print(f"spans {len(y)}; tagger mean-prob argmax (rank_span) accuracy {base:.4f}")
    if "span" in X:
        print(f"span classifier alone accuracy {float((X['span'].argmax(1) == y).mean()):.4f}")

    fold = doc_of % args.folds
    results = {}
    combos = [("tagger",), ("tagger", "hand")]
    if "span" in X:
        combos += [("span",), ("span", "hand"), ("span", "tagger"), ("span", "tagger", "hand")]
    for combo in combos:
        feats = np.concatenate([X[k] for k in combo], axis=1)
        pred = np.zeros(len(y), dtype=int)
        for f in range(args.folds):
            tr, te = fold != f, fold == f
            sc = StandardScaler().fit(feats[tr])
            clf = LogisticRegression(C=args.C, max_iter=2000)
            clf.fit(sc.transform(feats[tr]), y[tr])
            pred[te] = clf.classes_[clf.predict_proba(sc.transform(feats[te])).argmax(1)]
        acc = float((pred == y).mean())
        results["+".join(combo)] = round(acc, 4)
        print(f"cross-fitted ({args.folds} folds by article) {'+'.join(combo)}: {acc:.4f}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
