"""Apply our fine-tuned delta to the base encoder's weights, in numpy.

The delta (``models/techniques/tagger-delta.safetensors``) holds, under the base checkpoint's
names:

- ``<linear>.lora_A`` ``[r, in]`` and ``<linear>.lora_B`` ``[out, r]``: a low-rank update,
  merged as ``W + scale · B @ A`` (``scale = lora_alpha / r``);
- any other base name (biases, layer norms): a trained value that replaces the base one;
- names the base lacks (the head): new weights.

No unspun imports, so the training code can load this module by path.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def apply_delta(
    base: Mapping[str, np.ndarray], delta: Mapping[str, np.ndarray], lora_scale: float
) -> dict[str, np.ndarray]:
    """New weights: ``base`` with ``delta`` merged in (neither input is modified)."""
    merged = {name: arr for name, arr in base.items()}
    for name, arr in delta.items():
        if name.endswith(".lora_A"):
            stem = name[: -len(".lora_A")]
            b = delta.get(f"{stem}.lora_B")
            if b is None:
                raise ValueError(f"delta has {name} but no {stem}.lora_B")
            w = f"{stem}.weight"
            if w not in base:
                raise ValueError(f"delta adapts {w}, which the base model lacks")
            update = b.astype(np.float32) @ arr.astype(np.float32)
            if update.shape != base[w].shape:
                raise ValueError(
                    f"LoRA update of {w} has shape {update.shape}, not {base[w].shape}"
                )
            merged[w] = base[w].astype(np.float32) + np.float32(lora_scale) * update
        elif name.endswith(".lora_B"):
            if f"{name[: -len('.lora_B')]}.lora_A" not in delta:
                raise ValueError(f"delta has {name} but no matching lora_A")
        else:
            if name in base and base[name].shape != arr.shape:
                raise ValueError(f"delta {name} has shape {arr.shape}, base {base[name].shape}")
            merged[name] = arr.astype(np.float32)
    return merged
