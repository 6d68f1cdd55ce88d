"""Write a tagger-branch training checkpoint as a delta the runtime loads.

    .venv/bin/python training/export_tagger_branch.py \
        --pt .cache/train/tagger-branch-run2/epoch-8.pt \
        --out training/checkpoints/techniques-e5-branch-run2.npz --about "..."

``finetune_tagger_branch.py`` saves torch state dicts; the runtime (and
``tune_tagger_e5.py --checkpoint``) reads the LoRA factors (fp16), the layer norms and the
token head under the names :func:`unspun.runtime.branch.load_branch_weights` merges, with a
card beside them (``.json``: channels, layers, rank, the training run's validation numbers).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from export_checkworthy_branch import delta_arrays


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pt", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--about", required=True)
    ap.add_argument("--lower", type=int, default=8)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32.0)
    args = ap.parse_args(argv)
    kept = torch.load(args.pt, weights_only=False)
    np.savez(args.out, **delta_arrays(kept["model"], args.lower, args.layers))
    card = {
        "about": args.about,
        "channels": list(common.CHANNELS),
        "lower": args.lower,
        "layers": args.layers,
        "rank": args.rank,
        "lora_scale": args.alpha / args.rank,
        "prefix": "query: ",
        "epoch": kept["epoch"],
        "validation": kept["res"],
    }
    args.out.with_suffix(".json").write_text(json.dumps(card, indent=1) + "\n")
    print(f"wrote {args.out} (epoch {kept['epoch']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
