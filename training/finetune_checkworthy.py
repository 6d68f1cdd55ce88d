"""Check-worthiness with the top layers of multilingual-e5-small fine-tuned (issue 10).

    OMP_NUM_THREADS=2 .venv/bin/python training/finetune_checkworthy.py \
        --top 4 --rank 16 --epochs 3 --work-dir .cache/train/checkworthy-ft

The frozen-encoder heads of ``train_checkworthy_chrono.py`` stop at AP ~0.78 on the later
debates. Here the top ``--top`` layers of the encoder get LoRA adapters (rank ``--rank`` on
the six matrices of each layer) and are trained with a linear head on the normalised
mean-pooled vector, on the ``fit`` part of the chronological split (29 earlier debates).
The layers below are frozen, so their output is computed once and cached
(``<work-dir>/lower-<L>.pt``): an epoch costs the top layers only. At run time the lower
stack stays shared with the base vectors that the other detectors read.

Each epoch is judged like the frozen heads: F1(Yes) on the ``later`` part (4 later debates)
with the operating point (Platt scaling and threshold, recall >= 0.7 at precision >= 0.8)
cross-fitted leave-one-debate-out; the best epoch is kept (``best.pt``, with its numbers in
``best.json``). CT24 dev-test (2020) is scored once, for the kept epoch, at the end.
Checkpoints after every epoch (``last.pt``) let ``--resume`` continue a stopped run.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import train_checkworthy as tc
from torch import nn
from train_checkworthy_chrono import SPLIT_FILE, operating_point

from unspun.runtime.e5_tokenizer import E5Tokenizer
from unspun.runtime.e5_weights import bert_weights, read_e5
from unspun.runtime.sentences import E5_SMALL, locate_encoder

ROOT = Path(__file__).resolve().parents[1]
MAX_TOKENS = 128  # CheckThat! sentences are short; 99.9 % fit


def log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


# --- data -------------------------------------------------------------------------------


def load_rows() -> dict:
    parts = {}
    for line in SPLIT_FILE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        parts[row["sentence_id"]] = row
    texts, y, part, group = [], [], [], []
    for split in ("train", "dev"):
        ids, t, labels = tc.read_split(split)
        for sid, text, label in zip(ids, t, labels, strict=True):
            texts.append(text)
            y.append(int(label))
            part.append(parts[sid]["part"])
            group.append(parts[sid]["group"])
    _, t_test, y_test = tc.read_split("dev-test")
    return {
        "texts": texts,
        "y": np.asarray(y),
        "part": np.asarray(part),
        "group": np.asarray(group),
        "test_texts": t_test,
        "test_y": np.asarray(y_test, dtype=int),
    }


def token_rows(texts: list[str]) -> list[list[int]]:
    e5 = read_e5(locate_encoder(E5_SMALL))
    tok = E5Tokenizer.from_e5(e5)
    content = tok.encode_batch(["query: " + t for t in texts])
    return [[tok.bos, *ids[: MAX_TOKENS - 2], tok.eos] for ids in content]


# --- the encoder in torch ---------------------------------------------------------------

_MATS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "o": "attention.output.dense",
    "i": "intermediate.dense",
    "f": "output.dense",
}


class LoRALinear(nn.Module):
    def __init__(self, weight: np.ndarray, bias: np.ndarray, rank: int, alpha: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.from_numpy(weight.astype(np.float32)), False)
        self.bias = nn.Parameter(torch.from_numpy(bias.astype(np.float32)), False)
        self.rank = rank
        if rank:
            out_dim, in_dim = weight.shape
            self.a = nn.Parameter(torch.randn(rank, in_dim) / math.sqrt(in_dim))
            self.b = nn.Parameter(torch.zeros(out_dim, rank))
            self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = nn.functional.linear(x, self.weight, self.bias)
        if self.rank:
            y = y + (x @ self.a.T @ self.b.T) * self.scale
        return y

    def merged(self) -> np.ndarray:
        w = self.weight.detach()
        if self.rank:
            w = w + (self.b @ self.a).detach() * self.scale
        return w.numpy()


class Layer(nn.Module):
    """One post-LN BERT layer, as ``unspun.runtime.graph.bert_encoder`` writes it."""

    def __init__(self, w: dict, i: int, heads: int, rank: int, alpha: float) -> None:
        super().__init__()
        p = f"encoder.layer.{i}."
        self.lin = nn.ModuleDict(
            {
                k: LoRALinear(w[p + name + ".weight"], w[p + name + ".bias"], rank, alpha)
                for k, name in _MATS.items()
            }
        )
        hidden = w[p + "attention.self.query.weight"].shape[0]
        self.ln1 = nn.LayerNorm(hidden, eps=1e-12)
        self.ln2 = nn.LayerNorm(hidden, eps=1e-12)
        for ln, name in ((self.ln1, "attention.output.LayerNorm"), (self.ln2, "output.LayerNorm")):
            ln.weight.data = torch.from_numpy(w[p + name + ".weight"].astype(np.float32))
            ln.bias.data = torch.from_numpy(w[p + name + ".bias"].astype(np.float32))
            ln.weight.requires_grad_(rank > 0)
            ln.bias.requires_grad_(rank > 0)
        self.heads = heads

    def forward(self, x: torch.Tensor, add_mask: torch.Tensor) -> torch.Tensor:
        b, s, h = x.shape
        hd = h // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, s, self.heads, hd).transpose(1, 2)

        q, k, v = (split(self.lin[n](x)) for n in "qkv")
        scores = q @ k.transpose(-1, -2) / math.sqrt(hd) + add_mask
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, s, h)
        x = self.ln1(self.lin["o"](ctx) + x)
        inter = nn.functional.gelu(self.lin["i"](x))
        return self.ln2(self.lin["f"](inter) + x)


class Embeddings(nn.Module):
    def __init__(self, w: dict) -> None:
        super().__init__()
        self.word = torch.from_numpy(w["embeddings.word_embeddings.weight"].astype(np.float32))
        pos = w["embeddings.position_embeddings.weight"]
        pos = pos + w["embeddings.token_type_embeddings.weight"][0]
        self.pos = torch.from_numpy(pos.astype(np.float32))
        self.ln = nn.LayerNorm(self.word.shape[1], eps=1e-12)
        self.ln.weight.data = torch.from_numpy(w["embeddings.LayerNorm.weight"].astype(np.float32))
        self.ln.bias.data = torch.from_numpy(w["embeddings.LayerNorm.bias"].astype(np.float32))

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.ln(self.word[ids] + self.pos[: ids.shape[1]])


def padded(rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.float32)
    for j, r in enumerate(rows):
        ids[j, : len(r)] = torch.tensor(r)
        mask[j, : len(r)] = 1
    return ids, mask


def additive(mask: torch.Tensor) -> torch.Tensor:
    return ((1.0 - mask) * -10000.0)[:, None, None, :]


@torch.no_grad()
def lower_states(rows: list[list[int]], w: dict, lower: int, heads: int) -> list[torch.Tensor]:
    """Hidden states after the frozen lower layers, one ``[len, 384]`` fp16 tensor per row."""
    emb = Embeddings(w)
    layers = [Layer(w, i, heads, 0, 1.0) for i in range(lower)]
    out: list[torch.Tensor | None] = [None] * len(rows)
    order = sorted(range(len(rows)), key=lambda r: len(rows[r]))
    for start in range(0, len(order), 128):
        batch = order[start : start + 128]
        ids, mask = padded([rows[r] for r in batch])
        x = emb(ids)
        am = additive(mask)
        for layer in layers:
            x = layer(x, am)
        for j, r in enumerate(batch):
            out[r] = x[j, : len(rows[r])].to(torch.float16).clone()
        if start % 2560 == 0:
            log(f"lower states {start}/{len(rows)}")
    return out  # type: ignore[return-value]


class Top(nn.Module):
    """The fine-tuned top layers and a linear head with ``outputs`` logits."""

    def __init__(
        self,
        w: dict,
        lower: int,
        layers: int,
        heads: int,
        rank: int,
        alpha: float,
        outputs: int = 1,
    ):
        super().__init__()
        self.layers = nn.ModuleList(
            Layer(w, i, heads, rank, alpha) for i in range(lower, lower + layers)
        )
        self.head = nn.Linear(w["embeddings.LayerNorm.weight"].shape[0], outputs)

    def hidden(self, states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        """The top layers over padded lower states: ``[b, s, h]`` and the ``[b, s]`` mask."""
        width = max(len(s) for s in states)
        x = torch.zeros((len(states), width, states[0].shape[1]))
        mask = torch.zeros((len(states), width))
        for j, s in enumerate(states):
            x[j, : len(s)] = s.float()
            mask[j, : len(s)] = 1
        am = additive(mask)
        for layer in self.layers:
            x = layer(x, am)
        return x, mask

    def pooled(self, states: list[torch.Tensor]) -> torch.Tensor:
        x, mask = self.hidden(states)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        return nn.functional.normalize(pooled, dim=-1)

    def forward(self, states: list[torch.Tensor]) -> torch.Tensor:
        return self.head(self.pooled(states)).squeeze(-1)


# --- the training loop both encoder-top scripts share ------------------------------------


def lora_optimizer(
    model: nn.Module, lr: float, head_lr: float, total_steps: int
) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LambdaLR]:
    """AdamW over the LoRA factors and layer norms (``lr``, decay 0.01) and the ``head``
    (``head_lr``), with 100 warm-up steps and a linear decay to 0 at ``total_steps``."""
    top = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("head")]
    head = [p for n, p in model.named_parameters() if n.startswith("head")]
    opt = torch.optim.AdamW(
        [
            {"params": top, "lr": lr, "weight_decay": 0.01},
            {"params": head, "lr": head_lr, "weight_decay": 0.0},
        ]
    )
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 100) * max(0.0, 1 - s / total_steps)
    )
    return opt, sched


def length_batches(
    indices: np.ndarray, lengths: list[int], batch: int, rng: np.random.Generator
) -> list[np.ndarray]:
    """Batches of rows of similar length (a little noise in the order), in random order."""
    order = indices[np.argsort([lengths[i] + rng.random() * 8 for i in indices])]
    batches = [order[i : i + batch] for i in range(0, len(order), batch)]
    rng.shuffle(batches)
    return batches


def train_epoch(
    batches: list[np.ndarray],
    loss_of: Callable[[np.ndarray], torch.Tensor],
    opt: torch.optim.Optimizer,
    sched: torch.optim.lr_scheduler.LambdaLR,
    epoch: int,
) -> float:
    """One pass over ``batches``; logs a running loss every 100 steps; returns seconds."""
    t0, running = time.time(), 0.0
    for step, idx in enumerate(batches):
        loss = loss_of(idx)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        value = float(loss.detach())
        running = 0.98 * running + 0.02 * value if step else value
        if step % 100 == 0:
            log(
                f"epoch {epoch} step {step}/{len(batches)} loss {running:.4f} "
                f"({(time.time() - t0) / (step + 1):.2f} s/step)"
            )
    return time.time() - t0


@torch.no_grad()
def logits_of(model: Top, states: list[torch.Tensor], batch: int = 128) -> np.ndarray:
    model.eval()
    order = sorted(range(len(states)), key=lambda r: len(states[r]))
    out = np.zeros(len(states), dtype=np.float64)
    for start in range(0, len(order), batch):
        idx = order[start : start + batch]
        out[idx] = model([states[r] for r in idx]).numpy()
    return out


def judge(z: np.ndarray, y: np.ndarray, groups: np.ndarray) -> dict:
    """F1(Yes) on later with a leave-one-debate-out operating point, plus AP."""
    pred = np.zeros(len(y), dtype=int)
    for g in sorted(set(groups)):
        held = groups == g
        a, b = tc.fit_platt(z[~held], y[~held])
        thr = operating_point(tc.sigmoid(a * z[~held] + b), y[~held])
        pred[held] = (tc.sigmoid(a * z[held] + b) >= thr).astype(int)
    return {**tc.prf(pred, y.astype(int)), "ap": round(tc.average_precision(z, y), 4)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=4, help="layers fine-tuned (from the top)")
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32.0)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--head-lr", type=float, default=3e-3)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work-dir", type=Path, default=ROOT / ".cache" / "train" / "checkworthy-ft")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument(
        "--train-later-except",
        default=None,
        metavar="DEBATE",
        help="also train on the later debates but this one (its date); the epochs' logits on"
        " it are written to held-out.npz, so four runs give every later debate a score from a"
        " model that never saw it. 'all': train on every debate; the last epoch is kept (its"
        " operating point comes from the four held-out runs, export_checkworthy_branch.py"
        " --operating-point-from)",
    )
    args = ap.parse_args(argv)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    args.work_dir.mkdir(parents=True, exist_ok=True)

    d = load_rows()
    e5 = read_e5(locate_encoder(E5_SMALL))
    w = bert_weights(e5)
    lower = e5.layers - args.top
    cache = args.work_dir / f"lower-{lower}.pt"
    if cache.is_file():
        states, test_states = torch.load(cache)
        log(f"read {cache}")
    else:
        log("tokenising")
        rows = token_rows(d["texts"])
        test_rows = token_rows(d["test_texts"])
        states = lower_states(rows, w, lower, e5.heads)
        test_states = lower_states(test_rows, w, lower, e5.heads)
        torch.save((states, test_states), cache)
        log(f"wrote {cache}")

    fit_idx = np.flatnonzero(d["part"] == "fit")
    later_idx = np.flatnonzero(d["part"] == "later")
    held_idx = None
    every = args.train_later_except == "all"
    if every:
        fit_idx = np.concatenate([fit_idx, later_idx])
    elif args.train_later_except:
        held = d["group"] == args.train_later_except
        if not (held & (d["part"] == "later")).any():
            raise SystemExit(f"no later debate {args.train_later_except}")
        fit_idx = np.flatnonzero((d["part"] == "fit") | ((d["part"] == "later") & ~held))
        held_idx = np.flatnonzero(held)
        held_logits: dict[str, np.ndarray] = {"y": d["y"][held_idx]}
    y = torch.tensor(d["y"], dtype=torch.float32)
    model = Top(w, lower, args.top, e5.heads, args.rank, args.alpha)
    del w
    total = math.ceil(len(fit_idx) / args.batch) * args.epochs
    opt, sched = lora_optimizer(model, args.lr, args.head_lr, total)
    pos = float(d["y"][fit_idx].mean())
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor((1 - pos) / pos))
    history: list[dict] = []
    start_epoch = 0
    if args.resume and (args.work_dir / "last.pt").is_file():
        ckpt = torch.load(args.work_dir / "last.pt")
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["opt"])
        sched.load_state_dict(ckpt["sched"])
        history, start_epoch = ckpt["history"], ckpt["epoch"]
        log(f"resumed after epoch {start_epoch}")
    best = max((h["later"]["f1"] for h in history), default=-1.0)
    for epoch in range(start_epoch, args.epochs):
        model.train()
        lengths = [len(x) for x in states]
        batches = length_batches(fit_idx, lengths, args.batch, rng)
        seconds = train_epoch(
            batches,
            lambda idx: loss_fn(model([states[i] for i in idx]), y[idx]),
            opt,
            sched,
            epoch + 1,
        )
        if every:
            history.append({"epoch": epoch + 1, "seconds": round(seconds)})
            torch.save({"model": model.state_dict(), "epoch": epoch + 1}, args.work_dir / "best.pt")
            continue
        if held_idx is not None:
            held_logits[f"epoch{epoch + 1}"] = logits_of(model, [states[i] for i in held_idx])
            np.savez(args.work_dir / "held-out.npz", **held_logits)
            log(f"epoch {epoch + 1}: held-out logits written")
            continue
        z = logits_of(model, [states[i] for i in later_idx])
        res = judge(z, d["y"][later_idx], d["group"][later_idx])
        history.append({"epoch": epoch + 1, "later": res, "seconds": round(seconds)})
        log(f"epoch {epoch + 1}: later {json.dumps(res)}")
        torch.save(
            {
                "model": model.state_dict(),
                "opt": opt.state_dict(),
                "sched": sched.state_dict(),
                "history": history,
                "epoch": epoch + 1,
            },
            args.work_dir / "last.pt",
        )
        if res["f1"] > best:
            best = res["f1"]
            torch.save({"model": model.state_dict(), "epoch": epoch + 1}, args.work_dir / "best.pt")

    if held_idx is not None:
        return 0
    if every:
        summary = {"args": vars(args) | {"work_dir": str(args.work_dir)}, "history": history}
        (args.work_dir / "best.json").write_text(json.dumps(summary, indent=1, default=float))
        return 0
    kept = torch.load(args.work_dir / "best.pt")
    model.load_state_dict(kept["model"])
    z_later = logits_of(model, [states[i] for i in later_idx])
    y_later = d["y"][later_idx]
    a, b = tc.fit_platt(z_later, y_later)
    thr = operating_point(tc.sigmoid(a * z_later + b), y_later)
    p_test = tc.sigmoid(a * logits_of(model, test_states) + b)
    summary = {
        "args": vars(args) | {"work_dir": str(args.work_dir)},
        "history": history,
        "kept_epoch": kept["epoch"],
        "platt": [a, b],
        "threshold": thr,
        "later_crossfit": judge(z_later, y_later, d["group"][later_idx]),
        "dev_test": {
            **tc.prf((p_test >= thr).astype(int), d["test_y"]),
            "ece": round(tc.ece(p_test, d["test_y"])[0], 4),
        },
    }
    (args.work_dir / "best.json").write_text(json.dumps(summary, indent=1, default=float))
    log("kept " + json.dumps({k: summary[k] for k in ("kept_epoch", "later_crossfit", "dev_test")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
