"""Train the span-level technique tagger (all-MiniLM-L6-v2 + LoRA + multi-label token head).

    .venv-train/bin/python training/train_techniques.py [--epochs 8] [--resume]

Channels: one sigmoid per PTC technique per token, plus one for "any technique" (span
identification); ``--scheme semeval2023`` trains the 23 SemEval-2023 Task 3 techniques
instead (data labelled with those names, as ``unspun train techniques --data`` writes
it). Windows of whole lines (``unspun.detectors.techniques.windows``), dynamic padding,
batches of about 2k tokens, AdamW with linear warm-up and decay. Validation articles
(``models/techniques/split.json``) are never trained on. Checkpoints go to
``.cache/train/techniques/`` every few minutes (``--resume`` continues from the latest);
the log, with validation SI and FLC F1 per epoch, to ``train.log`` there.
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
from common import MODEL_DIR, WORK_DIR

log = logging.getLogger("train")


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--head-lr", type=float, default=2e-3)
    ap.add_argument("--lora-rank", type=int, default=16)
    ap.add_argument("--lora-alpha", type=float, default=32.0)
    ap.add_argument("--train-top", type=int, default=0, help="train the top N layers in full")
    ap.add_argument("--batch-tokens", type=int, default=2048)
    ap.add_argument("--max-tokens", type=int, default=common.windows.MAX_TOKENS)
    ap.add_argument("--train-overlap", type=int, default=32)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--max-pos-weight", type=float, default=8.0)
    ap.add_argument(
        "--head-only-steps",
        type=int,
        default=60,
        help="train only the head first (encoder lr 0), so that the encoder is not pulled "
        "towards predicting the label priors (that collapsed run 1)",
    )
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--checkpoint-every", type=float, default=300.0, help="seconds")
    ap.add_argument("--work-dir", default=str(WORK_DIR))
    ap.add_argument("--resume", action="store_true")
    ap.add_argument(
        "--base",
        choices=("minilm", "e5"),
        default="minilm",
        help="encoder: the shipped English MiniLM, or multilingual-e5-small (issue 9: one "
        "multilingual tagger; training/e5_base.py)",
    )
    ap.add_argument(
        "--scheme",
        choices=common.SCHEMES,
        default="ptc",
        help="technique channels: the 14 PTC labels, or the 23 SemEval-2023 techniques "
        "(the data's label files must use that scheme's names)",
    )
    ap.add_argument("--limit-docs", type=int, default=0, help="smoke test: use N train docs")
    ap.add_argument(
        "--data-dir", default=str(common.DATA_DIR), help="PTC folder (train-articles, labels)"
    )
    ap.add_argument(
        "--split-file",
        default=str(MODEL_DIR / "split.json"),
        help="JSON with the held-out 'validation' ids (written with seed 2020 if missing)",
    )
    return ap.parse_args(argv)


def make_batches(examples, lengths, batch_tokens, seed):
    """Shuffle, sort within pools of 64 by length, cut into batches of <= batch_tokens."""
    rng = random.Random(seed)
    order = list(range(len(examples)))
    rng.shuffle(order)
    batches = []
    for p in range(0, len(order), 64):
        pool = sorted(order[p : p + 64], key=lambda i: lengths[i])
        cur: list[int] = []
        for i in pool:
            width = max([lengths[j] for j in cur] + [lengths[i]]) + 2
            if cur and width * (len(cur) + 1) > batch_tokens:
                batches.append(cur)
                cur = []
            cur.append(i)
        if cur:
            batches.append(cur)
    rng.shuffle(batches)
    return batches


def collate(batch, examples, docs, cls_id, sep_id):
    width = max(examples[i][2] - examples[i][1] for i in batch) + 2
    ids = np.zeros((len(batch), width), dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=np.int64)
    n_channels = docs[examples[batch[0]][0]].labels.shape[1]
    labels = np.zeros((len(batch), width, n_channels), dtype=np.float32)
    loss_mask = np.zeros((len(batch), width), dtype=np.float32)
    for r, i in enumerate(batch):
        d, a, b = examples[i]
        enc = docs[d]
        n = b - a
        ids[r, 0] = cls_id
        ids[r, 1 : n + 1] = enc.ids[a:b]
        ids[r, n + 1] = sep_id
        mask[r, : n + 2] = 1
        labels[r, 1 : n + 1] = enc.labels[a:b]
        loss_mask[r, 1 : n + 1] = 1
    return (
        torch.from_numpy(ids),
        torch.from_numpy(mask),
        torch.from_numpy(labels),
        torch.from_numpy(loss_mask),
    )


@torch.no_grad()
def predict_probs(model, enc, cls_id, sep_id, max_tokens, batch_tokens=4096):
    """Per-token probabilities (n, channels) of one document, best window per token."""
    wins = common.windows.make_windows(enc.starts, max_tokens, common.windows.OVERLAP)
    examples = [(0, w.start, w.end) for w in wins]
    out = []
    for s in range(0, len(examples), max(1, batch_tokens // (max_tokens + 2))):
        chunk = list(range(s, min(len(examples), s + max(1, batch_tokens // (max_tokens + 2)))))
        ids, mask, _, _ = collate(chunk, examples, [enc], cls_id, sep_id)
        out.extend(torch.sigmoid(model(ids, mask)).numpy())
    best = common.windows.best_window(wins, len(enc.ids))
    probs = np.zeros((len(enc.ids), enc.labels.shape[1]), dtype=np.float32)
    for t, (w, pos) in enumerate(best):
        probs[t] = out[w][pos + 1]
    return probs


def evaluate(model, val_docs, cls_id, sep_id, max_tokens, channels=common.CHANNELS):
    """SI and FLC F1 on validation, each at its best single threshold (gap 1).

    ``channels``: the technique names in channel order, "any technique" last."""
    model.eval()
    probs = {e.doc_id: predict_probs(model, e, cls_id, sep_id, max_tokens) for e in val_docs}
    model.train()
    gold_si = {e.doc_id: common.metrics.merge_spans(e.spans) for e in val_docs}
    gold_flc = {e.doc_id: e.spans for e in val_docs}
    result = {}
    best_si = (0.0, None)
    for th in (0.2, 0.3, 0.4, 0.5, 0.6):
        rule = common.decode.ChannelRule(th, 1, 2)
        pred = {
            e.doc_id: [
                (s, t)
                for s, t, _ in common.decode.decode_channel(
                    e.text, e.offsets, probs[e.doc_id][:, -1], rule
                )
            ]
            for e in val_docs
        }
        score = common.metrics.span_prf(pred, gold_si)
        if score.f1 > best_si[0]:
            best_si = (score.f1, th, score)
    best_flc = (0.0, None)
    for th in (0.1, 0.2, 0.3, 0.4, 0.5):
        rule = common.decode.ChannelRule(th, 1, 2)
        pred = {}
        for e in val_docs:
            spans = []
            for c, label in enumerate(channels[:-1]):
                spans += [
                    (s, t, label)
                    for s, t, _ in common.decode.decode_channel(
                        e.text, e.offsets, probs[e.doc_id][:, c], rule
                    )
                ]
            pred[e.doc_id] = spans
        score = common.metrics.span_prf(pred, gold_flc, match_labels=True)
        if score.f1 > best_flc[0]:
            best_flc = (score.f1, th, score)
    result["si_f1"], result["si_threshold"] = best_si[0], best_si[1]
    if best_si[1] is not None:
        result["si"] = best_si[2].as_dict()
    result["flc_f1"], result["flc_threshold"] = best_flc[0], best_flc[1]
    if best_flc[1] is not None:
        result["flc"] = best_flc[2].as_dict()
    return result, probs


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
    work = __import__("pathlib").Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(message)s",
        handlers=[logging.FileHandler(work / "train.log"), logging.StreamHandler()],
    )
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    log.info("args %s", json.dumps(vars(args)))

    if args.base == "e5":
        import e5_base

        tok = e5_base.E5TokenizerAdapter()
    else:
        tok = common.load_tokenizer()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    raw = common.load_ptc(Path(args.data_dir))
    split_path = Path(args.split_file)
    if not split_path.exists():
        split_path.parent.mkdir(parents=True, exist_ok=True)
        val_ids = common.make_split(raw)
        split_path.write_text(
            json.dumps(
                {
                    "corpus": "PTC v2 train (SemEval-2020 Task 11)",
                    "seed": 2020,
                    "fraction": 0.2,
                    "method": "sorted ids, random.Random(seed).shuffle, first round(fraction*n)",
                    "validation": val_ids,
                },
                indent=1,
            )
            + "\n"
        )
    val_ids = set(json.loads(split_path.read_text())["validation"]) & set(raw)
    train_ids = [d for d in sorted(raw) if d not in val_ids]
    if args.limit_docs:
        train_ids = train_ids[: args.limit_docs]
    channels = common.scheme_channels(args.scheme)
    docs = [common.encode_doc(tok, d, *raw[d], channels) for d in train_ids]
    val_docs = [common.encode_doc(tok, d, *raw[d], channels) for d in sorted(val_ids)]
    if args.limit_docs:
        val_docs = val_docs[: max(2, args.limit_docs // 4)]
    log.info("train docs %d, validation docs %d", len(docs), len(val_docs))

    examples = []
    for d, enc in enumerate(docs):
        for w in common.windows.make_windows(enc.starts, args.max_tokens, args.train_overlap):
            examples.append((d, w.start, w.end))
    lengths = [b - a for _, a, b in examples]
    all_labels = np.concatenate([e.labels for e in docs])
    pos = all_labels.sum(0).astype(np.float64)
    neg = len(all_labels) - pos
    pos_weight = np.clip(np.sqrt(neg / np.maximum(pos, 1)), 1.0, args.max_pos_weight)
    log.info(
        "windows %d, tokens %d, positives per channel %s",
        len(examples),
        sum(lengths),
        dict(zip(channels, pos.astype(int).tolist(), strict=True)),
    )
    log.info("pos_weight %s", np.round(pos_weight, 2).tolist())

    model = common.build_model(
        len(channels),
        args.lora_rank,
        args.lora_alpha,
        train_top=args.train_top,
        bert=__import__("e5_base").build_bert() if args.base == "e5" else None,
    )
    model.train()
    # Start the head at the loss-optimal constant (log odds of the weighted positive rate):
    # from a zero bias, the first steps pull the whole encoder towards the priors.
    prior = pos / len(all_labels)
    with torch.no_grad():
        model.head.bias.copy_(
            torch.tensor(np.log(pos_weight * prior / (1 - prior) + 1e-9), dtype=torch.float32)
        )
    head = [p for n, p in model.named_parameters() if n.startswith("head.")]
    lora = [p for n, p in model.named_parameters() if p.requires_grad and "lora_" in n]
    other = [
        p
        for n, p in model.named_parameters()
        if p.requires_grad and not n.startswith("head.") and "lora_" not in n
    ]
    log.info(
        "trainable: lora %d, bias/LN %d, head %d",
        sum(p.numel() for p in lora),
        sum(p.numel() for p in other),
        sum(p.numel() for p in head),
    )
    optimizer = torch.optim.AdamW(
        [
            {"params": lora, "lr": args.lr, "weight_decay": 0.01},
            {"params": other, "lr": args.lr, "weight_decay": 0.0},
            {"params": head, "lr": args.head_lr, "weight_decay": 0.01},
        ]
    )
    steps_per_epoch = len(make_batches(examples, lengths, args.batch_tokens, args.seed))
    total = steps_per_epoch * args.epochs
    warm = max(1, int(args.warmup * total))
    head_only = args.head_only_steps

    def schedule(s):
        return min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))

    def encoder_schedule(s):
        return 0.0 if s < head_only else schedule(s - head_only)

    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, [encoder_schedule, encoder_schedule, schedule]
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(
        reduction="none", pos_weight=torch.tensor(pos_weight, dtype=torch.float32)
    )

    state = {"epoch": 0, "step": 0, "global_step": 0, "best": -1.0, "history": []}
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
        batches = make_batches(examples, lengths, args.batch_tokens, args.seed * 1000 + epoch)
        t0, run_loss = time.time(), 0.0
        for step in range(state["step"], len(batches)):
            ids, mask, labels, lmask = collate(batches[step], examples, docs, cls_id, sep_id)
            logits = model(ids, mask)
            loss = (loss_fn(logits, labels).mean(-1) * lmask).sum() / lmask.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            run_loss += loss.item()
            state["step"], state["global_step"] = step + 1, state["global_step"] + 1
            if (step + 1) % 20 == 0:
                el = time.time() - t0
                log.info(
                    "epoch %d step %d/%d loss %.4f lr %.2e %.2fs/step",
                    epoch + 1,
                    step + 1,
                    len(batches),
                    run_loss / 20,
                    scheduler.get_last_lr()[0],
                    el / (step + 1),
                )
                run_loss = 0.0
            if time.time() - last_ckpt > args.checkpoint_every:
                state["epoch"] = epoch
                save_checkpoint(ckpt, model, optimizer, scheduler, state)
                last_ckpt = time.time()
        t_train = time.time() - t0
        result, probs = evaluate(model, val_docs, cls_id, sep_id, args.max_tokens, channels)
        result.update(
            {
                "epoch": epoch + 1,
                "train_seconds": round(t_train, 1),
                "eval_seconds": round(time.time() - t0 - t_train, 1),
            }
        )
        log.info("VALIDATION %s", json.dumps(result))
        state["history"].append(result)
        score = result["si_f1"] + result["flc_f1"]
        if score > state["best"]:
            state["best"] = score
            torch.save(
                {
                    "delta": common.delta_state(model),
                    "args": vars(args),
                    "channels": list(channels),
                    "epoch": epoch + 1,
                    "result": result,
                },
                work / "best.pt",
            )
            np.savez_compressed(work / "best_val_probs.npz", **probs)
            log.info("new best (epoch %d)", epoch + 1)
        torch.save(
            {
                "delta": common.delta_state(model),
                "args": vars(args),
                "channels": list(channels),
                "epoch": epoch + 1,
                "result": result,
            },
            work / "last.pt",
        )
        state["epoch"], state["step"] = epoch + 1, 0
        save_checkpoint(ckpt, model, optimizer, scheduler, state)
        last_ckpt = time.time()
    log.info("done; history %s", json.dumps(state["history"]))


if __name__ == "__main__":
    main()
