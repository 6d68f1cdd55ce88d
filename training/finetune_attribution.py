"""A learned sentence-level attribution label on the top layers of multilingual-e5-small.

    OMP_NUM_THREADS=2 .venv/bin/python training/finetune_attribution.py \
        --train data/annotations/attribution/ptc-attribution-dev3.jsonl \
                data/annotations/attribution/written-ru-uk.jsonl \
        --epochs 8 --lr 1e-3 --head-lr 1e-2 --work-dir .cache/train/attribution

Tried in session 12 and not kept: it does not beat the rules on units it was not trained on
(docs/experiments.md, session 12).

The rule detector (``unspun.detectors.attribution``) reaches about 0.73 sentence accuracy on
units it was not written from, while a second annotator agrees with our gold on 0.94 of them
(``data/annotations/agreement``): the rules, not the labels, are the limit. Here the top
``--top`` layers of the encoder get LoRA adapters and a six-way linear head (named, official,
vague, anonymous, own, none) over the normalised mean-pooled vector joined with the rule
detector's own reading of the unit (its label and the kinds of the mentions it found), so the
model learns where the rules go wrong rather than attribution from scratch.

Training units (``--train``, JSONL): ``{"text", "lang", "label"}`` for a unit read on its own,
or ``{"article_id", "start", "end", "label"}`` for a PTC line read in its article. Validation:
the gold parts in ``data/annotations/attribution`` given by ``--judge`` (never trained on),
each reported beside the rules' accuracy on the same units.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from finetune_checkworthy import (
    Top,
    length_batches,
    log,
    lora_optimizer,
    lower_states,
    token_rows,
    train_epoch,
)
from torch import nn

from unspun.detectors.attribution.detector import attribute_sentences
from unspun.evaluation.attribution import line_units, load_gold, post_units
from unspun.evaluation.unlp import load_posts
from unspun.runtime.e5_weights import bert_weights, read_e5
from unspun.runtime.sentences import E5_SMALL, locate_encoder

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
GOLD = ROOT / "data" / "annotations" / "attribution"
LABELS = ("named", "official", "vague", "anonymous", "own", "none")
KINDS = ("named", "official", "vague", "anonymous", "label")
PARTS = {
    "ptc-dev": ("ptc-attribution.jsonl", "dev"),
    "ptc-dev2": ("ptc-attribution-dev2.jsonl", "dev2"),
    "ptc-test": ("ptc-attribution.jsonl", "test"),
    "unlp-dev": ("unlp-attribution.jsonl", "dev"),
    "unlp-dev2": ("unlp-attribution-dev2.jsonl", "dev2"),
    "unlp-test": ("unlp-attribution.jsonl", "test"),
}


def rule_features(label: str, mentions) -> np.ndarray:
    """The rules' reading of a unit: label one-hot, kinds of mentions, kinds of main ones."""
    f = np.zeros(len(LABELS) + 2 * len(KINDS), dtype=np.float32)
    f[LABELS.index(label)] = 1
    for m in mentions:
        f[len(LABELS) + KINDS.index(m.kind)] = 1
        if m.main:
            f[len(LABELS) + len(KINDS) + KINDS.index(m.kind)] = 1
    return f


def read_units(text: str, lang: str, spans: list[tuple[int, int]], units) -> list[tuple]:
    """``(unit text, lang, rule features)`` of each span, the rules run over the document."""
    found = {(r.sentence.start, r.sentence.end): r for r in attribute_sentences(text, units, lang)}
    out = []
    for start, end in spans:
        hit = found.get((start, end))
        inside = [hit] if hit else [r for (s, e), r in found.items() if s >= start and e <= end]
        label = inside[0].label if inside else "none"
        mentions = [m for r in inside for m in r.mentions]
        out.append((text[start:end], lang, rule_features(label, mentions)))
    return out


def load_training(paths: list[Path], articles: Path) -> tuple[list[tuple], np.ndarray]:
    units, y = [], []
    by_article: dict[str, list[dict]] = defaultdict(list)
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if "article_id" in r:
                by_article[str(r["article_id"])].append(r)
                continue
            text = r["text"].strip()
            units += read_units(text, r["lang"], [(0, len(text))], post_units(text))
            y.append(LABELS.index(r["label"]))
    for art, rows in by_article.items():
        text = (articles / f"article{art}.txt").read_text(encoding="utf-8")
        units += read_units(text, "en", [(r["start"], r["end"]) for r in rows], line_units(text))
        y += [LABELS.index(r["label"]) for r in rows]
    return units, np.asarray(y)


def load_part(name: str, articles: Path, posts: Path) -> tuple[list[tuple], np.ndarray]:
    file, split = PARTS[name]
    rows = load_gold(GOLD / file, split)
    units, y = [], []
    by: dict[str, list[dict]] = defaultdict(list)
    key = "post_id" if "post_id" in rows[0] else "article_id"
    for r in rows:
        by[str(r[key])].append(r)
    table = {p["id"]: p for p in load_posts(posts)} if key == "post_id" else {}
    for doc, rs in by.items():
        if key == "post_id":
            text, lang = table[doc]["text"], table[doc]["lang"]
            spans = post_units(text)
        else:
            text = (articles / f"article{doc}.txt").read_text(encoding="utf-8")
            lang, spans = "en", line_units(text)
        units += read_units(text, lang, [(r["start"], r["end"]) for r in rs], spans)
        y += [LABELS.index(r["label"]) for r in rs]
    return units, np.asarray(y)


class AttributionTop(Top):
    """The top layers, and a head over the pooled vector joined with the rule features."""

    def __init__(self, w: dict, lower: int, layers: int, heads: int, rank: int, alpha: float):
        super().__init__(w, lower, layers, heads, rank, alpha, outputs=len(LABELS))
        hidden = w["embeddings.LayerNorm.weight"].shape[0]
        self.head = nn.Linear(hidden + len(LABELS) + 2 * len(KINDS), len(LABELS))

    def forward(self, states: list[torch.Tensor], feats: torch.Tensor) -> torch.Tensor:  # type: ignore[override]
        return self.head(torch.cat([self.pooled(states), feats], dim=-1))


@torch.no_grad()
def predict(model: AttributionTop, states, feats: np.ndarray) -> np.ndarray:
    model.eval()
    out = np.zeros((len(states), len(LABELS)), dtype=np.float32)
    order = sorted(range(len(states)), key=lambda r: len(states[r]))
    for s in range(0, len(order), 128):
        idx = order[s : s + 128]
        out[idx] = model([states[r] for r in idx], torch.from_numpy(feats[idx])).numpy()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, nargs="+", required=True)
    ap.add_argument("--judge", nargs="+", default=["ptc-dev", "ptc-dev2", "unlp-dev", "unlp-dev2"])
    ap.add_argument("--top", type=int, default=4)
    ap.add_argument("--rank", type=int, default=8)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--head-lr", type=float, default=3e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work-dir", type=Path, default=ROOT / ".cache/train/attribution")
    ap.add_argument("--articles", type=Path, default=SHARED / "ptc" / "train-articles")
    ap.add_argument("--posts", type=Path, default=SHARED / "unlp2025-dev" / "unlp2025-dev.jsonl")
    args = ap.parse_args(argv)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    args.work_dir.mkdir(parents=True, exist_ok=True)

    train_units, y = load_training(args.train, args.articles)
    parts = {name: load_part(name, args.articles, args.posts) for name in args.judge}
    log(
        f"{len(y)} training units: "
        + ", ".join(f"{LABELS[k]} {int((y == k).sum())}" for k in range(6))
    )
    e5 = read_e5(locate_encoder(E5_SMALL))
    w = bert_weights(e5)
    lower = e5.layers - args.top
    heads = e5.heads

    def states_of(units):
        return lower_states(token_rows([u[0] for u in units]), w, lower, heads)

    S = states_of(train_units)
    F = np.stack([u[2] for u in train_units])
    judged = {n: (states_of(u), np.stack([x[2] for x in u]), yy) for n, (u, yy) in parts.items()}
    model = AttributionTop(w, lower, args.top, heads, args.rank, 2.0 * args.rank)
    steps = args.epochs * int(np.ceil(len(y) / args.batch))
    opt, sched = lora_optimizer(model, args.lr, args.head_lr, steps)
    counts = np.bincount(y, minlength=6).astype(np.float32)
    weight = torch.from_numpy((counts.sum() / (6 * np.maximum(counts, 1))) ** 0.5)
    loss_fn = nn.CrossEntropyLoss(weight=weight)
    lengths = [len(s) for s in S]
    yt = torch.from_numpy(y)

    def loss_of(idx: np.ndarray) -> torch.Tensor:
        model.train()
        return loss_fn(model([S[i] for i in idx], torch.from_numpy(F[idx])), yt[idx])

    history = []
    for epoch in range(1, args.epochs + 1):
        batches = length_batches(np.arange(len(y)), lengths, args.batch, rng)
        train_epoch(batches, loss_of, opt, sched, epoch)
        row = {"epoch": epoch}
        for name, (st, fe, yy) in judged.items():
            pred = predict(model, st, fe).argmax(1)
            rules = fe[:, :6].argmax(1)
            row[name] = {
                "model": round(float((pred == yy).mean()), 4),
                "rules": round(float((rules == yy).mean()), 4),
                "n": len(yy),
            }
        log(json.dumps(row))
        history.append(row)
        torch.save(model.state_dict(), args.work_dir / "last.pt")
    (args.work_dir / "summary.json").write_text(
        json.dumps(
            {
                "args": vars(args)
                | {
                    "train": [str(p) for p in args.train],
                    "work_dir": str(args.work_dir),
                    "articles": str(args.articles),
                    "posts": str(args.posts),
                },
                "history": history,
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
