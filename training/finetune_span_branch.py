"""Experiment (issue 9, TC): technique classification of given spans by a fine-tuned e5 top.

    OMP_NUM_THREADS=2 .venv/bin/python training/finetune_span_branch.py \
        --top 4 --rank 16 --epochs 4 --work-dir .cache/train/span-branch

The shipped TC (``unspun classify``: the MiniLM tagger's features plus a span head) reaches
micro-F1 0.599 on the 74 validation articles. This script asks whether the shared e5
sentence pass, with its top layers fine-tuned (the branch design of the check-worthiness
model), classifies gold spans better. Each span is read in its sentence row (the row that
holds most of it, as the pipeline segments it); its vector is the mean of the top layer's
states over the span's tokens, joined with the mean over the whole sentence; a linear
layer gives the 14 PTC techniques (softmax). Trained on PTC train minus validation;
judged by micro-F1 over the validation (span, technique) pairs with one label per span,
the protocol of ``unspun eval techniques``' TC line. Frequency-weighted loss is off by
default (``--balance`` turns it on).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

import common
import numpy as np
import torch
from finetune_checkworthy import Top, length_batches, log, lora_optimizer, lower_states, train_epoch
from finetune_tagger_branch import Rows, _tokenizer, ptc_data, sentences_of, top_arguments
from torch import nn

from unspun.detectors.techniques.tc_e5 import span_features
from unspun.runtime.e5_weights import bert_weights, read_e5
from unspun.runtime.sentences import E5_SMALL, locate_encoder

ROOT = Path(__file__).resolve().parents[1]
TECHNIQUES = common.CHANNELS[:-1]


class SpanTop(Top):
    """The top layers; a span is the mean of its tokens joined with the sentence mean."""

    def __init__(self, w: dict, lower: int, layers: int, heads: int, rank: int, alpha: float):
        super().__init__(w, lower, layers, heads, rank, alpha, outputs=len(TECHNIQUES))
        width = w["embeddings.LayerNorm.weight"].shape[0]
        self.head = nn.Linear(2 * width + N_FEATURES, len(TECHNIQUES))

    def forward(  # type: ignore[override]
        self, states: list[torch.Tensor], spans: list[list[np.ndarray]], extra: list[list]
    ) -> torch.Tensor:
        x, mask = self.hidden(states)
        sentence = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        vectors = []
        for j, masks in enumerate(spans):
            for m, f in zip(masks, extra[j], strict=True):
                t = torch.from_numpy(m.astype(np.float32))
                inside = (x[j, : len(t)] * t[:, None]).sum(0) / t.sum().clamp(min=1)
                vectors.append(torch.cat([inside, sentence[j], torch.tensor(f)]))
        return self.head(torch.stack(vectors))


#: Document features of a span (how often its words recur elsewhere in the document):
#: the run-time definition, so training and ``unspun classify`` read spans alike.
N_FEATURES = 2


def span_table(rows: Rows, spans: dict[str, list[tuple[int, int, str]]], texts: dict[str, str]):
    """Per row: the token masks of the spans it holds best, their labels and features."""
    by_doc: dict[str, list[int]] = {}
    for r, d in enumerate(rows.doc):
        by_doc.setdefault(d, []).append(r)
    masks: dict[int, list[np.ndarray]] = {}
    labels: dict[int, list[int]] = {}
    extra: dict[int, list[list[float]]] = {}
    lost = 0
    for d, items in spans.items():
        for s, e, label in items:
            best, overlap = None, 0
            for r in by_doc.get(d, []):
                o = rows.offsets[r]
                hit = (o[:, 0] >= 0) & (o[:, 0] < e) & (o[:, 1] > s)
                if hit.sum() > overlap:
                    best, overlap = (r, hit), int(hit.sum())
            if best is None:
                lost += 1
                continue
            r, hit = best
            masks.setdefault(r, []).append(hit)
            labels.setdefault(r, []).append(TECHNIQUES.index(label))
            extra.setdefault(r, []).append(span_features(texts[d], s, e))
    return masks, labels, extra, lost


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    top_arguments(ap, batch=16, work_dir="span-branch")
    ap.add_argument("--balance", action="store_true", help="inverse-sqrt-frequency weights")
    args = ap.parse_args(argv)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    texts, spans, val_ids = ptc_data(args.limit)
    rows = Rows(_tokenizer(), texts, spans, sentences_of(texts), common.CHANNELS)
    masks, labels, extra, lost = span_table(rows, spans, texts)
    log(
        f"{len(texts)} articles, {len(rows.ids)} rows, {sum(map(len, labels.values()))} spans"
        f" ({lost} not in any row)"
    )
    e5 = read_e5(locate_encoder(E5_SMALL))
    w = bert_weights(e5)
    lower = e5.layers - args.top
    cache = args.work_dir / f"lower-{lower}-{len(rows.ids)}.pt"
    span_rows = sorted(masks)
    if cache.is_file():
        states = torch.load(cache)
    else:
        states = dict(
            zip(
                span_rows,
                lower_states([rows.ids[r] for r in span_rows], w, lower, e5.heads),
                strict=True,
            )
        )
        torch.save(states, cache)
    train_rows = np.asarray([r for r in span_rows if rows.doc[r] not in val_ids])
    val_rows = [r for r in span_rows if rows.doc[r] in val_ids]
    counts = Counter(k for r in train_rows for k in labels[r])
    weight = None
    if args.balance:
        freq = np.asarray([counts.get(i, 1) for i in range(len(TECHNIQUES))], dtype=np.float64)
        weight = torch.tensor((freq.max() / freq) ** 0.5, dtype=torch.float32)
    model = SpanTop(w, lower, args.top, e5.heads, args.rank, args.alpha)
    total = math.ceil(len(train_rows) / args.batch) * args.epochs
    opt, sched = lora_optimizer(model, args.lr, args.head_lr, total)
    lengths = {r: len(states[r]) for r in span_rows}

    def loss_of(idx: np.ndarray) -> torch.Tensor:
        logits = model([states[r] for r in idx], [masks[r] for r in idx], [extra[r] for r in idx])
        target = torch.tensor([k for r in idx for k in labels[r]])
        return nn.functional.cross_entropy(logits, target, weight=weight)

    @torch.no_grad()
    def evaluate() -> dict:
        model.eval()
        right = total_pairs = 0
        per: dict[int, list[int]] = {}
        for s in range(0, len(val_rows), 32):
            idx = val_rows[s : s + 32]
            pred = model([states[r] for r in idx], [masks[r] for r in idx], [extra[r] for r in idx])
            pred = pred.argmax(-1).tolist()
            gold = [k for r in idx for k in labels[r]]
            for p, g in zip(pred, gold, strict=True):
                right += p == g
                total_pairs += 1
                per.setdefault(g, [0, 0])[0] += p == g
                per[g][1] += 1
        model.train()
        return {
            "tc_micro_f1": round(right / max(total_pairs, 1), 4),
            "pairs": total_pairs,
            "recall_per_technique": {
                TECHNIQUES[g]: round(a / b, 3) for g, (a, b) in sorted(per.items())
            },
        }

    history = []
    best = -1.0
    for epoch in range(args.epochs):
        batches = length_batches(train_rows, lengths, args.batch, rng)  # type: ignore[arg-type]
        seconds = train_epoch(batches, loss_of, opt, sched, epoch + 1)
        res = evaluate()
        history.append({"epoch": epoch + 1, **res, "seconds": round(seconds)})
        log(f"epoch {epoch + 1}: {json.dumps(res)}")
        if res["tc_micro_f1"] > best:
            best = res["tc_micro_f1"]
            torch.save(
                {"model": model.state_dict(), "epoch": epoch + 1, "res": res},
                args.work_dir / "best.pt",
            )
        (args.work_dir / "summary.json").write_text(
            json.dumps(
                {"args": {k: str(v) for k, v in vars(args).items()}, "history": history}, indent=1
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
