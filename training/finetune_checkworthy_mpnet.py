"""Experiment (issue 10): check-worthiness on a larger English encoder, all-mpnet-base-v2.

    OMP_NUM_THREADS=2 .venv/bin/python training/finetune_checkworthy_mpnet.py \
        --model /path/to/all-mpnet-base-v2 --top 6 --epochs 3 --work-dir .cache/train/cw-mpnet

The shipped model fine-tunes the top four layers of multilingual-e5-small (LoRA) and stops
at F1(Yes) 0.721 on the later debates, with an in-sample ceiling near 0.726
(docs/experiments.md, sessions 6-9): the encoder is the limit. This trains the same way on
a base-size English encoder (109M parameters, PyPI parts): the lower layers frozen and
cached, LoRA on the top ``--top`` layers with trainable layer norms, a linear head on the
normalised mean-pooled vector; the ``fit`` part of the chronological split (29 earlier
debates) only. The number of epochs is fixed before the run and the last epoch is judged
(no epoch is chosen on the later debates): F1(Yes) on the later part with the operating
point cross-fitted leave-one-debate-out, as ``finetune_checkworthy.judge`` does, and CT24
dev-test (2020) with the operating point fitted on the later part. Logits go to
``logits.npz`` (later, dev-test) so that ``training/judge_checkworthy_lodo.py``-style
joins with the e5 top can be measured.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import torch
import train_checkworthy as tc
from finetune_checkworthy import (
    judge,
    length_batches,
    load_rows,
    log,
    logits_of,
    lora_optimizer,
    train_epoch,
)
from finetune_tagger_mpnet import MpnetTop, lower_states
from torch import nn
from train_checkworthy_chrono import operating_point

ROOT = Path(__file__).resolve().parents[1]
MAX_TOKENS = 128


class PooledTop(MpnetTop):
    """The top layers, mean-pooled and normalised, and one logit."""

    def __init__(self, model, lower: int, rank: int, alpha: float) -> None:
        super().__init__(model, lower, rank, alpha, channels=1)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)

    def forward(self, states: list[torch.Tensor]) -> torch.Tensor:  # type: ignore[override]
        x, mask = self.hidden(states)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        return self.head(nn.functional.normalize(pooled, dim=-1)).squeeze(-1)


def main(argv: list[str] | None = None) -> int:
    from tokenizers import Tokenizer
    from transformers import MPNetModel

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, required=True, help="all-mpnet-base-v2 folder")
    ap.add_argument("--top", type=int, default=6)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32.0)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--head-lr", type=float, default=3e-3)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work-dir", type=Path, default=ROOT / ".cache" / "train" / "cw-mpnet")
    ap.add_argument("--limit", type=int, default=0, help="smoke runs: N random sentences")
    args = ap.parse_args(argv)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    args.work_dir.mkdir(parents=True, exist_ok=True)

    d = load_rows()
    if args.limit:
        keep = np.sort(rng.choice(len(d["texts"]), args.limit, replace=False))
        d = {
            k: ([v[i] for i in keep] if k == "texts" else v[keep])
            for k, v in d.items()
            if not k.startswith("test")
        } | {"test_texts": d["test_texts"][:200], "test_y": d["test_y"][:200]}
    tok = Tokenizer.from_file(str(args.model / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    bos, eos, pad = (tok.token_to_id(t) for t in ("<s>", "</s>", "<pad>"))

    def rows_of(texts: list[str]) -> list[list[int]]:
        encs = tok.encode_batch(texts, add_special_tokens=False)
        return [[bos, *e.ids[: MAX_TOKENS - 2], eos] for e in encs]

    model = MPNetModel.from_pretrained(str(args.model), add_pooling_layer=False)
    lower = model.config.num_hidden_layers - args.top
    cache = args.work_dir / f"lower-{lower}.pt"
    if cache.is_file():
        states, test_states = torch.load(cache)
    else:
        states = lower_states(model, rows_of(d["texts"]), lower, pad)
        test_states = lower_states(model, rows_of(d["test_texts"]), lower, pad)
        torch.save((states, test_states), cache)
    fit_idx = np.flatnonzero(d["part"] == "fit")
    later_idx = np.flatnonzero(d["part"] == "later")
    top = PooledTop(model, lower, args.rank, args.alpha)
    del model
    y = torch.tensor(d["y"], dtype=torch.float32)
    total = math.ceil(len(fit_idx) / args.batch) * args.epochs
    opt, sched = lora_optimizer(top, args.lr, args.head_lr, total)
    pos = float(d["y"][fit_idx].mean())
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor((1 - pos) / pos))
    lengths = [len(x) for x in states]
    history = []
    for epoch in range(args.epochs):
        top.train()  # logits_of leaves the model in eval mode
        batches = length_batches(fit_idx, lengths, args.batch, rng)
        seconds = train_epoch(
            batches,
            lambda idx: loss_fn(top([states[i] for i in idx]), y[idx]),
            opt,
            sched,
            epoch + 1,
        )
        z = logits_of(top, [states[i] for i in later_idx])
        res = judge(z, d["y"][later_idx], d["group"][later_idx])
        history.append({"epoch": epoch + 1, "later": res, "seconds": round(seconds)})
        log(f"epoch {epoch + 1}: later {json.dumps(res)}")
    z_later = logits_of(top, [states[i] for i in later_idx])
    y_later = d["y"][later_idx]
    a, b = tc.fit_platt(z_later, y_later)
    thr = operating_point(tc.sigmoid(a * z_later + b), y_later)
    z_test = logits_of(top, test_states)
    p_test = tc.sigmoid(a * z_test + b)
    np.savez(args.work_dir / "logits.npz", later=z_later, test=z_test)
    trained = {n: p for n, p in top.state_dict().items() if "base." not in n}
    torch.save({"model": trained, "epochs": args.epochs}, args.work_dir / "last.pt")
    summary = {
        "args": {k: str(v) for k, v in vars(args).items()},
        "history": history,
        "later_crossfit": history[-1]["later"],
        "dev_test": {
            **tc.prf((p_test >= thr).astype(int), d["test_y"]),
            "ece": round(tc.ece(p_test, d["test_y"])[0], 4),
        },
    }
    (args.work_dir / "summary.json").write_text(json.dumps(summary, indent=1, default=float))
    log("last epoch " + json.dumps({k: summary[k] for k in ("later_crossfit", "dev_test")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
