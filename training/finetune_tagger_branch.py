"""Experiment (issue 9): the technique tagger as a branch of the shared e5 sentence pass.

    OMP_NUM_THREADS=2 .venv/bin/python training/finetune_tagger_branch.py \
        --top 4 --rank 16 --epochs 4 --work-dir .cache/train/tagger-branch

The pipeline already runs multilingual-e5-small over every sentence (``query: `` prefix) for
claims and narratives, and the check-worthiness model fine-tunes the top four layers of that
pass (a *branch*, ``unspun.runtime.branch``). This script asks whether the technique tagger
can be one too: the same frozen lower layers over the same sentence rows, then ``--top``
layers with LoRA and a token head with the tagger's channels (14 PTC techniques + "any
technique"). If it tags as well as the MiniLM tagger, one encoder pass serves every
detector and the MiniLM pass (and its span classifier) can go.

Data: PTC train articles, the tagger's own split (``_models/techniques/split.json``: 74
validation articles are never trained on), cut into sentences by unspun's segmenter; each
sentence is one row, as at run time. Judged like the taggers before it (MiniLM runs 1-4,
e5 run 1): SI and FLC F1 on validation at the best single threshold with gap 1 (before any
decoding is tuned), and zero-shot token F1 on UNLP 2025 dev posts (uk, ru), never trained
on (``--unlp``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import common
import numpy as np
import torch
from finetune_checkworthy import (
    Top,
    length_batches,
    log,
    lora_optimizer,
    lower_states,
    train_epoch,
)
from torch import nn

from unspun.runtime.e5_weights import bert_weights, read_e5
from unspun.runtime.sentences import E5_SMALL, MAX_CHARS, locate_encoder

ROOT = Path(__file__).resolve().parents[1]
MAX_TOKENS = 256
PREFIX = "query: "


def sentences_of(texts: dict[str, str], langs: dict[str, str] | None = None):
    """``doc id -> [(start, end)]``: the pipeline's sentences of each text."""
    from unspun.model import Document
    from unspun.pipeline import Pipeline, load_config

    config = load_config()
    config.pipeline.components = ["language", "segment"]
    nlp = Pipeline.from_config(config)
    docs = [Document(id=k, text=t, lang=(langs or {}).get(k)) for k, t in texts.items()]
    out = {}
    for outcome in nlp.run(docs):
        a = outcome.analysis
        out[a.id] = [(s.start, min(s.end, s.start + MAX_CHARS)) for s in a.sentences]
    return out


class Rows:
    """Sentence rows of many documents: token ids with the prefix, document offsets and
    labels per token (prefix and special tokens have offset -1 and no labels)."""

    def __init__(self, tok, texts, spans, sentences, channels) -> None:
        self.ids: list[list[int]] = []
        self.offsets: list[np.ndarray] = []
        self.labels: list[np.ndarray] = []
        self.doc: list[str] = []
        index = {c: i for i, c in enumerate(channels)}
        bos, eos = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
        for doc_id, text in texts.items():
            for start, end in sentences[doc_id]:
                enc = tok.encode(PREFIX + text[start:end])
                keep = [
                    (i, (a - len(PREFIX) + start, b - len(PREFIX) + start))
                    for i, (a, b) in enumerate(enc.offsets)
                    if a >= len(PREFIX)
                ][: MAX_TOKENS - 8]
                n_prefix = sum(1 for a, _ in enc.offsets if a < len(PREFIX))
                ids = [bos, *enc.ids[:n_prefix], *(enc.ids[i] for i, _ in keep), eos]
                offsets = np.full((len(ids), 2), -1, dtype=np.int64)
                labels = np.zeros((len(ids), len(channels)), dtype=np.float32)
                for j, (_, (a, b)) in enumerate(keep):
                    offsets[1 + n_prefix + j] = (a, b)
                for s, e, label in spans.get(doc_id, []):
                    hit = (offsets[:, 0] < e) & (offsets[:, 1] > s) & (offsets[:, 0] >= 0)
                    labels[hit, index[label]] = 1
                    labels[hit, -1] = 1
                self.ids.append(ids)
                self.offsets.append(offsets)
                self.labels.append(labels)
                self.doc.append(doc_id)


class TaggerTop(Top):
    """The top layers with a token head: one logit per token and channel."""

    def __init__(
        self, w: dict, lower: int, layers: int, heads: int, rank: int, alpha: float, c: int
    ):
        super().__init__(w, lower, layers, heads, rank, alpha, outputs=c)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.constant_(self.head.bias, -2.0)

    def forward(self, states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:  # type: ignore[override]
        x, mask = self.hidden(states)
        return self.head(x), mask


@torch.no_grad()
def doc_probs(model: TaggerTop, rows: Rows, states: list[torch.Tensor]) -> dict:
    """``doc id -> (offsets [n, 2], probs [n, C])`` over the document's content tokens."""
    model.eval()
    order = sorted(range(len(states)), key=lambda r: len(states[r]))
    probs: list[np.ndarray | None] = [None] * len(states)
    for s in range(0, len(order), 64):
        idx = order[s : s + 64]
        logits, _ = model([states[r] for r in idx])
        p = torch.sigmoid(logits).numpy()
        for j, r in enumerate(idx):
            probs[r] = p[j, : len(states[r])]
    model.train()
    out: dict[str, tuple[list, list]] = {}
    for r, doc_id in enumerate(rows.doc):
        keep = rows.offsets[r][:, 0] >= 0
        o, p = out.setdefault(doc_id, ([], []))
        o.append(rows.offsets[r][keep])
        p.append(probs[r][keep])  # type: ignore[index]
    return {k: (np.concatenate(o), np.concatenate(p)) for k, (o, p) in out.items()}


def evaluate(model, rows, states, texts, spans, channels) -> dict:
    probs = doc_probs(model, rows, states)
    gold_si = {d: common.metrics.merge_spans(spans.get(d, [])) for d in texts}
    gold_flc = {d: spans.get(d, []) for d in texts}
    best_si, best_flc = (0.0, None, None), (0.0, None, None)
    for th in (0.2, 0.3, 0.4, 0.5, 0.6):
        rule = common.decode.ChannelRule(th, 1, 2)
        pred = {
            d: [
                (s, t)
                for s, t, _ in common.decode.decode_channel(texts[d], *_ch(probs[d], -1), rule)
            ]
            for d in texts
        }
        score = common.metrics.span_prf(pred, gold_si)
        if score.f1 > best_si[0]:
            best_si = (score.f1, th, score.as_dict())
    for th in (0.1, 0.2, 0.3, 0.4, 0.5):
        rule = common.decode.ChannelRule(th, 1, 2)
        pred = {}
        for d in texts:
            found = []
            for c, label in enumerate(channels[:-1]):
                found += [
                    (s, t, label)
                    for s, t, _ in common.decode.decode_channel(texts[d], *_ch(probs[d], c), rule)
                ]
            pred[d] = found
        score = common.metrics.span_prf(pred, gold_flc, match_labels=True)
        if score.f1 > best_flc[0]:
            best_flc = (score.f1, th, score.as_dict())
    return {
        "si_f1": round(best_si[0], 4),
        "si_threshold": best_si[1],
        "flc_f1": round(best_flc[0], 4),
        "flc_threshold": best_flc[1],
        "si": best_si[2],
    }


def _ch(entry, c):
    offsets, probs = entry
    return offsets, probs[:, c]


def unlp_eval(model, w_lower, e5, args, threshold: float) -> dict:
    """Zero-shot token F1 on UNLP 2025 dev posts (as ``unspun eval unlp`` counts words)."""
    from unspun.evaluation.unlp import load_posts, token_f1

    posts = [p for p in load_posts(args.unlp) if p.get("lang") in ("uk", "ru")]
    texts = {p["id"]: p["text"] for p in posts}
    langs = {p["id"]: p["lang"] for p in posts}
    rows = Rows(_tokenizer(), texts, {}, sentences_of(texts, langs), common.CHANNELS)
    states = lower_states(rows.ids, w_lower, e5.layers - args.top, e5.heads)
    probs = doc_probs(model, rows, states)
    rule = common.decode.ChannelRule(threshold, 1, 2)
    result = {}
    for lang in ("uk", "ru"):
        mine = {p["id"]: p["text"] for p in posts if p["lang"] == lang}
        gold = {p["id"]: p.get("trigger_spans") or [] for p in posts if p["lang"] == lang}
        pred = {
            d: [(a, b) for a, b, _ in common.decode.decode_channel(t, *_ch(probs[d], -1), rule)]
            for d, t in mine.items()
            if d in probs
        }
        counts = token_f1(mine, gold, pred)
        ratio = (counts.tp + counts.fp) / max(1, counts.tp + counts.fn)
        result[lang] = {"f1": round(counts.f1, 4), "ratio": round(ratio, 3), "posts": len(mine)}
    return result


def _tokenizer():
    from e5_base import E5TokenizerAdapter

    return E5TokenizerAdapter()


def top_arguments(ap: argparse.ArgumentParser, *, batch: int, work_dir: str) -> None:
    """The options every encoder-top experiment on PTC takes."""
    ap.add_argument("--top", type=int, default=4)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32.0)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--head-lr", type=float, default=2e-3)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=batch)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (smoke runs)")
    ap.add_argument("--work-dir", type=Path, default=ROOT / ".cache" / "train" / work_dir)


def ptc_data(limit: int = 0) -> tuple[dict[str, str], dict[str, list], set[str]]:
    """PTC train texts, gold spans per article, and the validation ids of the tagger split
    (the first ``limit`` articles only when ``limit``)."""
    docs = common.load_ptc()
    if limit:
        docs = dict(list(docs.items())[:limit])
    val_ids = set(common.load_split()) & set(docs)
    texts = {d: t for d, (t, _) in docs.items()}
    spans = {d: s for d, (_, s) in docs.items()}
    return texts, spans, val_ids


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    top_arguments(ap, batch=32, work_dir="tagger-branch")
    ap.add_argument("--unlp", type=Path, default=None, help="UNLP 2025 dev posts (zero-shot)")
    ap.add_argument(
        "--rare-weight",
        type=float,
        default=0.0,
        help="weight the positives of channel c by (median count / count_c) ** this, in [1, 4]"
        " (0: plain BCE, as run 1)",
    )
    ap.add_argument("--keep-every", action="store_true", help="also save epoch-N.pt each epoch")
    args = ap.parse_args(argv)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    texts, spans, val_ids = ptc_data(args.limit)
    channels = common.CHANNELS
    log(f"{len(texts)} articles, {len(val_ids)} validation")
    tok = _tokenizer()
    rows = Rows(tok, texts, spans, sentences_of(texts), channels)
    log(f"{len(rows.ids)} sentence rows")
    e5 = read_e5(locate_encoder(E5_SMALL))
    w = bert_weights(e5)
    lower = e5.layers - args.top
    cache = args.work_dir / f"lower-{lower}.pt"
    if cache.is_file():
        states = torch.load(cache)
    else:
        states = lower_states(rows.ids, w, lower, e5.heads)
        torch.save(states, cache)
    train_idx = np.asarray([i for i, d in enumerate(rows.doc) if d not in val_ids])
    val_texts = {d: texts[d] for d in val_ids}
    val_rows_idx = [i for i, d in enumerate(rows.doc) if d in val_ids]
    val_rows = Rows.__new__(Rows)
    val_rows.ids = [rows.ids[i] for i in val_rows_idx]
    val_rows.offsets = [rows.offsets[i] for i in val_rows_idx]
    val_rows.labels = [rows.labels[i] for i in val_rows_idx]
    val_rows.doc = [rows.doc[i] for i in val_rows_idx]
    val_states = [states[i] for i in val_rows_idx]

    model = TaggerTop(w, lower, args.top, e5.heads, args.rank, args.alpha, len(channels))
    total = math.ceil(len(train_idx) / args.batch) * args.epochs
    opt, sched = lora_optimizer(model, args.lr, args.head_lr, total)
    lengths = [len(x) for x in states]
    counts = sum(rows.labels[i].sum(0) for i in train_idx)
    pos_weight = torch.ones(len(channels))
    if args.rare_weight:
        ratio = np.median(counts[:-1]) / np.maximum(counts, 1)
        pos_weight = torch.from_numpy(np.clip(ratio**args.rare_weight, 1.0, 4.0)).float()
        pos_weight[-1] = 1.0
        log(
            "positive weights "
            + json.dumps(dict(zip(channels, pos_weight.round(decimals=2).tolist(), strict=True)))
        )

    def loss_of(idx: np.ndarray) -> torch.Tensor:
        logits, mask = model([states[i] for i in idx])
        target = torch.zeros_like(logits)
        valid = torch.zeros(mask.shape)
        for j, i in enumerate(idx):
            n = len(rows.ids[i])
            target[j, :n] = torch.from_numpy(rows.labels[i])
            valid[j, :n] = torch.from_numpy((rows.offsets[i][:, 0] >= 0).astype(np.float32))
        loss = nn.functional.binary_cross_entropy_with_logits(
            logits, target, reduction="none", pos_weight=pos_weight
        )
        return (loss.mean(-1) * valid).sum() / valid.sum().clamp(min=1)

    history = []
    best = -1.0
    for epoch in range(args.epochs):
        batches = length_batches(train_idx, lengths, args.batch, rng)
        seconds = train_epoch(batches, loss_of, opt, sched, epoch + 1)
        res = evaluate(model, val_rows, val_states, val_texts, spans, channels)
        history.append({"epoch": epoch + 1, **res, "seconds": round(seconds)})
        log(f"epoch {epoch + 1}: {json.dumps(res)}")
        if args.keep_every:
            torch.save(
                {"model": model.state_dict(), "epoch": epoch + 1, "res": res},
                args.work_dir / f"epoch-{epoch + 1}.pt",
            )
        if res["si_f1"] + res["flc_f1"] > best:
            best = res["si_f1"] + res["flc_f1"]
            torch.save(
                {"model": model.state_dict(), "epoch": epoch + 1, "res": res},
                args.work_dir / "best.pt",
            )
    summary = {"args": {k: str(v) for k, v in vars(args).items()}, "history": history}
    if args.unlp:
        kept = torch.load(args.work_dir / "best.pt")
        model.load_state_dict(kept["model"])
        summary["unlp"] = unlp_eval(model, w, e5, args, kept["res"]["si_threshold"] or 0.4)
        log("UNLP zero-shot " + json.dumps(summary["unlp"]))
    (args.work_dir / "summary.json").write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
