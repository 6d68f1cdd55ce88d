"""Shared pieces of the technique-model training code: data, split, encoding, model.

Needs torch (the training extra, installed beside unspun: ``pip install -e '.[train]'``).
Training is a consumer of the installed package: the label list, windows, metrics,
decoding and the pinned base model come from ``unspun`` itself, so that training and
inference cut and decode documents the same way.
"""

from __future__ import annotations

import json
import math
import os
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from unspun.detectors.techniques import decode, metrics, windows
from unspun.detectors.techniques.labels import (
    CHANNELS,
    PTC_LABELS,
    SCHEMES,
    scheme_channels,
)
from unspun.runtime.files import PACKAGED_MODELS
from unspun.runtime.minilm import locate_base

__all__ = [
    "CHANNELS",
    "PTC_LABELS",
    "SCHEMES",
    "decode",
    "metrics",
    "scheme_channels",
    "windows",
]

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("UNSPUN_DATA_DIR", ROOT.parent / "shared" / "data")) / "ptc"
MODEL_DIR = PACKAGED_MODELS / "techniques"
WORK_DIR = ROOT / ".cache" / "train" / "techniques"


def base_model_dir() -> Path:
    """The verified pinned MiniLM folder (``UNSPUN_BASE_MODEL_DIR`` or the weights package)."""
    return locate_base().folder


def load_tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def load_ptc(data_dir: Path = DATA_DIR) -> dict[str, tuple[str, list[tuple[int, int, str]]]]:
    """Article id -> (text, [(start, end, label)]); text read as utf-8 (a BOM is char 0)."""
    docs = {}
    for path in sorted((data_dir / "train-articles").glob("article*.txt")):
        doc_id = path.stem[len("article") :]
        text = path.read_text(encoding="utf-8")
        spans = []
        labels = data_dir / "train-labels-task-flc-tc" / f"article{doc_id}.task-flc-tc.labels"
        if labels.exists():
            for line in labels.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    _id, label, start, end = line.split("\t")
                    spans.append((int(start), int(end), label))
        docs[doc_id] = (text, spans)
    return docs


def make_split(ids, seed: int = 2020, fraction: float = 0.2) -> list[str]:
    ids = sorted(ids)
    rng = random.Random(seed)
    rng.shuffle(ids)
    return sorted(ids[: round(fraction * len(ids))])


def load_split() -> list[str]:
    return json.loads((MODEL_DIR / "split.json").read_text())["validation"]


@dataclass
class Encoded:
    doc_id: str
    text: str
    ids: np.ndarray  # (n,) int64
    offsets: np.ndarray  # (n, 2) int64
    labels: np.ndarray  # (n, channels) uint8
    starts: list[bool]
    spans: list[tuple[int, int, str]]


def encode_doc(tok, doc_id: str, text: str, spans, channels=CHANNELS) -> Encoded:
    """Tokens and per-token labels of one document; ``channels``: the technique names in
    channel order, "any technique" last (``scheme_channels(scheme)``)."""
    enc = tok.encode(text, add_special_tokens=False)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    labels = np.zeros((len(ids), len(channels)), dtype=np.uint8)
    index = {label: i for i, label in enumerate(channels)}
    for start, end, label in spans:
        hit = (offsets[:, 0] < end) & (offsets[:, 1] > start) & (offsets[:, 1] > offsets[:, 0])
        labels[hit, index[label]] = 1
        labels[hit, -1] = 1
    starts = windows.line_starts(text, [tuple(o) for o in offsets.tolist()])
    return Encoded(doc_id, text, ids, offsets, labels, starts, list(spans))


# --- model -------------------------------------------------------------------------------

LORA_TARGETS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


def build_model(
    n_out: int,
    lora_rank: int = 16,
    lora_alpha: float = 32.0,
    dropout: float = 0.1,
    train_top: int = 0,
    bert=None,
):
    """Encoder + linear head. ``lora_rank > 0``: LoRA on every linear layer plus trained
    biases and layer norms; ``train_top = k``: the top ``k`` layers trained in full instead.
    ``bert``: another encoder to start from (default: the pinned MiniLM)."""
    import torch
    from torch import nn
    from transformers import BertModel

    class LoRALinear(nn.Module):
        def __init__(self, base: nn.Linear, r: int, alpha: float):
            super().__init__()
            self.base = base
            base.weight.requires_grad_(False)
            self.lora_A = nn.Parameter(torch.empty(r, base.in_features))
            nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
            self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))
            self.scale = alpha / r

        def forward(self, x):
            return self.base(x) + (x @ self.lora_A.t() @ self.lora_B.t()) * self.scale

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = bert or BertModel.from_pretrained(
                str(base_model_dir()), add_pooling_layer=False, local_files_only=True
            )
            self.dropout = nn.Dropout(dropout)
            self.head = nn.Linear(self.bert.config.hidden_size, n_out)

        def forward(self, input_ids, attention_mask):
            h = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            return self.head(self.dropout(h))

    model = Tagger()
    for p in model.bert.parameters():
        p.requires_grad_(False)
    if lora_rank > 0:
        for layer in model.bert.encoder.layer:
            for target in LORA_TARGETS:
                parent_name, _, leaf = target.rpartition(".")
                parent = layer.get_submodule(parent_name)
                setattr(parent, leaf, LoRALinear(getattr(parent, leaf), lora_rank, lora_alpha))
    if lora_rank > 0:
        # Train LayerNorms and biases of the encoder layers too (BitFit-style, ~25k values).
        for name, p in model.bert.encoder.named_parameters():
            if name.endswith(".bias") or "LayerNorm" in name or "lora_" in name:
                p.requires_grad_(True)
    for layer in model.bert.encoder.layer[len(model.bert.encoder.layer) - train_top :]:
        for p in layer.parameters():
            p.requires_grad_(True)
    return model


def delta_state(model) -> dict[str, np.ndarray]:
    """The trained values, keyed by base-checkpoint names (``lora_A``/``lora_B`` suffixed)."""
    out = {}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        key = name.replace(".base.", ".")
        if key.startswith("bert."):
            key = key[len("bert.") :]
        out[key] = p.detach().cpu().numpy()
    return out
