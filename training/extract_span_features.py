"""Frozen-encoder features of every gold span of PTC train (ONNX, torch-free; analysis input).

    .venv/bin/python training/extract_span_features.py [--model-dir models/techniques]

For each gold span of the PTC train articles (train split, the tune slice of
``train_span_classifier.py`` and validation): the span's context window
(``spanfeatures.context_window``), run through an encoder, pooled as [CLS vector, mean of
the span's tokens, mean of all context tokens], plus the hand features. Without
``--model-dir`` the encoder is the pinned base all-MiniLM-L6-v2 as it ships (never trained
on PTC, so its features do not leak); with ``--model-dir`` it is the span classifier of
that folder (token type 1 on the span). Writes ``.cache/train/tc/<name>.npz``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from tc_stack import LABELS, WORK  # noqa: E402

from unspun.detectors.techniques import spanfeatures  # noqa: E402
from unspun.detectors.techniques.tagger import load_tokenizer  # noqa: E402
from unspun.detectors.techniques.windows import line_starts  # noqa: E402
from unspun.runtime import minilm as weights  # noqa: E402
from unspun.runtime.graph import BertShape, build_encoder_graph  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ptc"
TUNE_SEED, TUNE_DOCS = 7, 30


def all_docs():
    out = {}
    for path in sorted((DATA / "train-articles").glob("article*.txt")):
        doc_id = path.stem[len("article") :]
        text = path.read_text(encoding="utf-8")
        labels = DATA / "train-labels-task-flc-tc" / f"article{doc_id}.task-flc-tc.labels"
        spans = []
        for line in labels.read_text(encoding="utf-8").splitlines():
            if line.strip():
                _id, label, start, end = line.split("\t")
                spans.append((int(start), int(end), label))
        out[doc_id] = (text, spans)
    return out


def splits(doc_ids):
    import random

    val = set(
        json.loads((ROOT / "src/unspun/_models/techniques/split.json").read_text())["validation"]
    )
    train_all = sorted(d for d in doc_ids if d not in val)
    shuffled = list(train_all)
    random.Random(TUNE_SEED).shuffle(shuffled)
    tune = set(shuffled[:TUNE_DOCS])
    return {d: ("validation" if d in val else "tune" if d in tune else "train") for d in doc_ids}


def main(argv=None):
    import onnxruntime as ort

    ap = argparse.ArgumentParser()
    ap.add_argument("--name", default="frozen_base")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    base = weights.locate_base()
    w = weights.read_safetensors(base.weights_path)
    shape = BertShape(hidden=384, layers=6, heads=12)
    model = build_encoder_graph(w, shape)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = args.threads
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    tok = load_tokenizer(base.tokenizer_path)
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    docs = all_docs()
    split_of = splits(docs)
    index = {lab: i for i, lab in enumerate(LABELS)}
    examples, meta = [], []
    for d, (text, spans) in docs.items():
        enc = tok.encode(text, add_special_tokens=False)
        ids = np.asarray(enc.ids, dtype=np.int64)
        offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        starts = line_starts(text, [(int(a), int(b)) for a, b in offsets.tolist()])
        dix = spanfeatures.DocIndex.of(text)
        for s, e, lab in spans:
            a, b = spanfeatures.span_tokens(offsets, s, e)
            lo, hi = spanfeatures.context_window(starts, a, b)
            span_mask = np.zeros(hi - lo, dtype=np.float32)
            span_mask[max(a, lo) - lo : min(b, hi) - lo] = 1
            examples.append((ids[lo:hi], span_mask, spanfeatures.hand_features(dix, s, e)))
            meta.append((d, s, e, index[lab], split_of[d]))
    print(f"{len(examples)} spans", flush=True)
    pooled = np.zeros((len(examples), 3 * 384), dtype=np.float32)
    order = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
    t0 = time.time()
    batch: list[int] = []

    def run(batch):
        width = max(len(examples[i][0]) for i in batch) + 2
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        sm = np.zeros((len(batch), width), dtype=np.float32)
        for r, i in enumerate(batch):
            n = len(examples[i][0])
            ids[r, 0], ids[r, 1 : n + 1], ids[r, n + 1] = cls_id, examples[i][0], sep_id
            mask[r, : n + 2] = 1
            sm[r, 1 : n + 1] = examples[i][1]
        h = sess.run(
            ["hidden"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        m = mask[:, :, None].astype(np.float32)
        s = sm[:, :, None]
        pooled[batch] = np.concatenate(
            [h[:, 0], (h * s).sum(1) / np.maximum(s.sum(1), 1), (h * m).sum(1) / m.sum(1)], 1
        )

    for n, i in enumerate(order):
        width = len(examples[i][0]) + 2
        if batch and width * (len(batch) + 1) > 4096:
            run(batch)
            batch = []
        batch.append(i)
        if n % 1000 == 0:
            print(f"{n} spans, {time.time() - t0:.0f}s", flush=True)
    run(batch)
    WORK.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        WORK / f"{args.name}.npz",
        pooled=pooled,
        hand=np.stack([e[2] for e in examples]),
        label=np.array([m[3] for m in meta]),
        split=np.array([m[4] for m in meta]),
        doc=np.array([m[0] for m in meta]),
        start=np.array([m[1] for m in meta]),
        end=np.array([m[2] for m in meta]),
    )
    print(f"done in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
