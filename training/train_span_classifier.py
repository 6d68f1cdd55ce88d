"""Train the technique span classifier (TC): given a span, which of the 14 PTC techniques.

    .venv-train/bin/python training/train_span_classifier.py [--epochs 5] [--resume]

Model: all-MiniLM-L6-v2 + LoRA on every linear layer (+ biases, LayerNorms and the token
type embeddings) over the span's context (``spanfeatures.context_window``: its line(s) and
the neighbouring lines, <= 126 tokens), the span's tokens marked with token type 1. Head:
softmax over 14 techniques from ``[CLS vector, mean of the span's token vectors, hand
features]``.

Data: the gold spans of the PTC train split minus a "tune" slice of 30 train articles
(seed 7) on which the epoch is chosen and the temperature fitted. Validation articles
(``models/techniques/split.json``) are never trained on; their accuracy is logged each
epoch for the record but chooses nothing. Checkpoints every few minutes and per epoch in
``.cache/train/span-classifier/`` (``--resume`` continues); ``best.pt`` holds the delta of
the best tune-slice epoch, and ``logits_<epoch>.npz`` the tune and validation logits.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from pathlib import Path

import common
import numpy as np
import torch
from common import PTC_LABELS, ROOT

log = logging.getLogger("train_span")
from unspun.detectors.techniques import spanfeatures  # noqa: E402

WORK_DIR = ROOT / ".cache" / "train" / "span-classifier"
TUNE_SEED, TUNE_DOCS = 7, 30


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--head-lr", type=float, default=2e-3)
    ap.add_argument("--lora-rank", type=int, default=16)
    ap.add_argument("--lora-alpha", type=float, default=32.0)
    ap.add_argument("--batch-tokens", type=int, default=2048)
    ap.add_argument("--max-batch", type=int, default=32)
    ap.add_argument("--max-tokens", type=int, default=spanfeatures.MAX_TOKENS)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--head-only-steps", type=int, default=40)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--checkpoint-every", type=float, default=300.0, help="seconds")
    ap.add_argument("--work-dir", default=str(WORK_DIR))
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--limit-docs", type=int, default=0, help="smoke test: use N train docs")
    return ap.parse_args(argv)


def tune_ids(train_ids):
    ids = sorted(train_ids)
    random.Random(TUNE_SEED).shuffle(ids)
    return sorted(ids[:TUNE_DOCS])


def make_examples(tok, raw, doc_ids, max_tokens):
    """One example per gold span: (ids, types, span mask, features, label index, key)."""
    index = {label: i for i, label in enumerate(PTC_LABELS)}
    out = []
    for d in doc_ids:
        text, spans = raw[d]
        enc = tok.encode(text, add_special_tokens=False)
        ids = np.asarray(enc.ids, dtype=np.int64)
        offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        starts = common.windows.line_starts(text, [tuple(o) for o in offsets.tolist()])
        doc = spanfeatures.DocIndex.of(text)
        for start, end, label in spans:
            a, b = spanfeatures.span_tokens(offsets, start, end)
            lo, hi = spanfeatures.context_window(starts, a, b, max_tokens)
            types = np.zeros(hi - lo, dtype=np.int64)
            types[max(a, lo) - lo : min(b, hi) - lo] = 1
            out.append(
                (
                    ids[lo:hi],
                    types,
                    spanfeatures.hand_features(doc, start, end),
                    index[label],
                    (d, start, end),
                )
            )
    return out


def make_batches(lengths, batch_tokens, max_batch, seed):
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches = []
    for p in range(0, len(order), 128):
        pool = sorted(order[p : p + 128], key=lambda i: lengths[i])
        cur: list[int] = []
        for i in pool:
            width = max([lengths[j] for j in cur] + [lengths[i]]) + 2
            if cur and (width * (len(cur) + 1) > batch_tokens or len(cur) >= max_batch):
                batches.append(cur)
                cur = []
            cur.append(i)
        if cur:
            batches.append(cur)
    rng.shuffle(batches)
    return batches


def collate(batch, examples, cls_id, sep_id):
    width = max(len(examples[i][0]) for i in batch) + 2
    ids = np.zeros((len(batch), width), dtype=np.int64)
    types = np.zeros((len(batch), width), dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=np.int64)
    feats = np.stack([examples[i][2] for i in batch])
    labels = np.array([examples[i][3] for i in batch], dtype=np.int64)
    for r, i in enumerate(batch):
        tid, ttype = examples[i][0], examples[i][1]
        n = len(tid)
        ids[r, 0], ids[r, 1 : n + 1], ids[r, n + 1] = cls_id, tid, sep_id
        types[r, 1 : n + 1] = ttype
        mask[r, : n + 2] = 1
    return [torch.from_numpy(x) for x in (ids, types, mask, feats, labels)]


def build(args, n_features):
    from torch import nn

    tagger = common.build_model(1, args.lora_rank, args.lora_alpha, dropout=args.dropout)

    class SpanClassifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = tagger.bert
            self.dropout = nn.Dropout(args.dropout)
            hidden = self.bert.config.hidden_size
            self.head = nn.Linear(2 * hidden + n_features, len(PTC_LABELS))

        def forward(self, ids, types, mask, feats):
            h = self.bert(input_ids=ids, attention_mask=mask, token_type_ids=types)
            h = h.last_hidden_state
            m = types.unsqueeze(-1).to(h.dtype)
            span = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
            x = torch.cat([self.dropout(h[:, 0]), self.dropout(span), feats], dim=-1)
            return self.head(x)

    model = SpanClassifier()
    model.bert.embeddings.token_type_embeddings.weight.requires_grad_(True)
    return model


def delta_state(model) -> dict[str, np.ndarray]:
    out = {}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        key = name.replace(".base.", ".")
        if key.startswith("bert."):
            key = key[len("bert.") :]
        out[key] = p.detach().cpu().numpy()
    return out


@torch.no_grad()
def predict(model, examples, cls_id, sep_id, batch_tokens=4096):
    model.eval()
    lengths = [len(e[0]) for e in examples]
    order = sorted(range(len(examples)), key=lambda i: lengths[i])
    logits = np.zeros((len(examples), len(PTC_LABELS)), dtype=np.float32)
    cur: list[int] = []

    def run(batch):
        ids, types, mask, feats, _ = collate(batch, examples, cls_id, sep_id)
        logits[batch] = model(ids, types, mask, feats).numpy()

    for i in order:
        if cur and (max(lengths[j] for j in [*cur, i]) + 2) * (len(cur) + 1) > batch_tokens:
            run(cur)
            cur = []
        cur.append(i)
    if cur:
        run(cur)
    model.train()
    return logits


def accuracy(logits, examples):
    gold = np.array([e[3] for e in examples])
    return float((logits.argmax(1) == gold).mean())


def save_checkpoint(path, model, optimizer, scheduler, state):
    trainable = {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}
    tmp = path.with_suffix(".tmp")
    torch.save(
        {
            "trainable": trainable,
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "state": state,
        },
        tmp,
    )
    tmp.replace(path)


def main(argv=None):
    args = parse_args(argv)
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(message)s",
        handlers=[logging.FileHandler(work / "train.log"), logging.StreamHandler()],
    )
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    log.info("args %s", json.dumps(vars(args)))

    tok = common.load_tokenizer()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    raw = common.load_ptc()
    val_ids = sorted(common.load_split())
    train_all = [d for d in sorted(raw) if d not in set(val_ids)]
    tune = tune_ids(train_all)
    train_ids = [d for d in train_all if d not in set(tune)]
    if args.limit_docs:
        train_ids, tune, val_ids = train_ids[: args.limit_docs], tune[:3], val_ids[:3]
    train = make_examples(tok, raw, train_ids, args.max_tokens)
    tune_ex = make_examples(tok, raw, tune, args.max_tokens)
    val_ex = make_examples(tok, raw, val_ids, args.max_tokens)
    log.info(
        "docs train %d tune %d validation %d; spans %d / %d / %d",
        len(train_ids),
        len(tune),
        len(val_ids),
        len(train),
        len(tune_ex),
        len(val_ex),
    )
    (work / "tune_ids.json").write_text(json.dumps(tune))

    model = build(args, spanfeatures.N_FEATURES)
    model.train()
    counts = np.bincount([e[3] for e in train], minlength=len(PTC_LABELS)).astype(np.float64)
    with torch.no_grad():
        model.head.bias.copy_(torch.tensor(np.log((counts + 1) / (counts + 1).sum())))
        model.head.weight.mul_(0.1)
    head = [p for n, p in model.named_parameters() if n.startswith("head.")]
    enc = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("head.")]
    log.info("trainable: encoder %d, head %d", sum(p.numel() for p in enc), head[0].numel())
    optimizer = torch.optim.AdamW(
        [
            {"params": enc, "lr": args.lr, "weight_decay": 0.01},
            {"params": head, "lr": args.head_lr, "weight_decay": 0.01},
        ]
    )
    lengths = [len(e[0]) for e in train]
    steps_per_epoch = len(make_batches(lengths, args.batch_tokens, args.max_batch, args.seed))
    total = steps_per_epoch * args.epochs
    warm = max(1, int(args.warmup * total))

    def schedule(s):
        return min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))

    def encoder_schedule(s):
        return 0.0 if s < args.head_only_steps else schedule(s - args.head_only_steps)

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, [encoder_schedule, schedule])
    loss_fn = torch.nn.CrossEntropyLoss()

    state = {"epoch": 0, "step": 0, "best": -1.0, "history": []}
    ckpt = work / "checkpoint.pt"
    if args.resume and ckpt.exists():
        saved = torch.load(ckpt, weights_only=False)
        params = dict(model.named_parameters())
        for n, t in saved["trainable"].items():
            params[n].data.copy_(t)
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        state = saved["state"]
        log.info("resumed at epoch %d step %d", state["epoch"], state["step"])

    last_ckpt = time.time()
    for epoch in range(state["epoch"], args.epochs):
        batches = make_batches(lengths, args.batch_tokens, args.max_batch, args.seed * 1000 + epoch)
        t0, run_loss, run_n = time.time(), 0.0, 0
        for step in range(state["step"], len(batches)):
            ids, types, mask, feats, labels = collate(batches[step], train, cls_id, sep_id)
            loss = loss_fn(model(ids, types, mask, feats), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            run_loss, run_n = run_loss + loss.item(), run_n + 1
            state["step"] = step + 1
            if (step + 1) % 20 == 0:
                log.info(
                    "epoch %d step %d/%d loss %.4f lr %.2e %.2fs/step",
                    epoch + 1,
                    step + 1,
                    len(batches),
                    run_loss / run_n,
                    scheduler.get_last_lr()[0],
                    (time.time() - t0) / (step + 1 - 0),
                )
                run_loss, run_n = 0.0, 0
            if time.time() - last_ckpt > args.checkpoint_every:
                state["epoch"] = epoch
                save_checkpoint(ckpt, model, optimizer, scheduler, state)
                last_ckpt = time.time()
        t_train = time.time() - t0
        tune_logits = predict(model, tune_ex, cls_id, sep_id)
        val_logits = predict(model, val_ex, cls_id, sep_id)
        result = {
            "epoch": epoch + 1,
            "tune_acc": round(accuracy(tune_logits, tune_ex), 4),
            "validation_acc_for_the_record": round(accuracy(val_logits, val_ex), 4),
            "train_seconds": round(t_train, 1),
        }
        log.info("EPOCH %s", json.dumps(result))
        np.savez_compressed(
            work / f"logits_{epoch + 1}.npz",
            tune=tune_logits,
            tune_gold=np.array([e[3] for e in tune_ex]),
            val=val_logits,
            val_gold=np.array([e[3] for e in val_ex]),
        )
        state["history"].append(result)
        payload = {"delta": delta_state(model), "args": vars(args), "epoch": epoch + 1}
        payload["result"] = result
        if result["tune_acc"] > state["best"]:
            state["best"] = result["tune_acc"]
            torch.save(payload, work / "best.pt")
            log.info("new best (epoch %d, tune accuracy)", epoch + 1)
        torch.save(payload, work / "last.pt")
        state["epoch"], state["step"] = epoch + 1, 0
        save_checkpoint(ckpt, model, optimizer, scheduler, state)
        last_ckpt = time.time()
    log.info("done; history %s", json.dumps(state["history"]))


if __name__ == "__main__":
    main()
