"""Build the technique tagger's ONNX model on the user's machine, once, and cache it.

The repository ships only a small delta (LoRA factors, retrained biases and layer norms,
the head: ``models/techniques/``, GUIDE §5). The first use merges it into the pinned base
encoder, writes the ONNX graph (``graph.py``) into the cache, and records the file's
sha256 beside it; later uses check that sha256 and load the cached file.

Cache: ``$UNSPUN_CACHE_DIR/models/<key>/model.onnx`` (default ``~/.cache/unspun``), where the
key hashes everything the model is made of (base files, delta, graph version, quantisation).
Model folder: ``$UNSPUN_TECHNIQUES_MODEL_DIR``, else the folder packaged with unspun, else
``models/techniques`` of a source checkout.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspun.errors import ResourceError
from unspun.runtime import minilm as weights
from unspun.runtime.delta import apply_delta
from unspun.runtime.files import cached_build, model_folder, verify_recorded
from unspun.runtime.graph import (
    GRAPH_VERSION,
    BertShape,
    build_encoder_graph,
    build_tagger_graph,
)

log = logging.getLogger(__name__)

ENV_MODEL_DIR = "UNSPUN_TECHNIQUES_MODEL_DIR"
SPEC_FILE = "tagger.json"
SPAN_CLASSIFIER_FILE = "span-classifier.json"


@dataclass(frozen=True)
class TaggerSpec:
    """What ``tagger.json`` (or ``span-classifier.json``) says about a trained model.

    ``graph``: ``"tagger"`` (encoder + sigmoid head, the default) or ``"encoder"`` (the
    encoder with token types, hidden states out: the span classifier, whose head is numpy).
    """

    folder: Path
    data: dict[str, Any] = field(repr=False)

    @property
    def graph(self) -> str:
        return str(self.data.get("graph", "tagger"))

    @property
    def channels(self) -> list[str]:
        return list(self.data["channels"])

    @property
    def delta_path(self) -> Path:
        return self.folder / self.data["delta"]["file"]

    @property
    def delta_sha256(self) -> str:
        return str(self.data["delta"]["sha256"])

    @property
    def lora_scale(self) -> float:
        return float(self.data["delta"]["lora_scale"])

    @property
    def bert_config(self) -> dict[str, Any]:
        return dict(self.data["encoder"])

    @property
    def max_tokens(self) -> int:
        return int(self.data["windows"]["max_tokens"])

    @property
    def overlap(self) -> int:
        return int(self.data["windows"]["overlap"])


def default_model_dir() -> Path:
    return model_folder("techniques", ENV_MODEL_DIR)


def load_spec(folder: Path | None = None, file: str = SPEC_FILE) -> TaggerSpec:
    folder = folder or default_model_dir()
    path = folder / file
    if not path.is_file():
        raise ResourceError(
            f"no technique model at {folder} ({file} is missing).",
            hint=f"Set {ENV_MODEL_DIR} to the folder holding {file} and its delta file.",
        )
    return TaggerSpec(folder, json.loads(path.read_text(encoding="utf-8")))


def cache_key(spec: TaggerSpec, quantize: bool) -> str:
    parts = {
        "base": weights.PINNED_SHA256,
        "delta": spec.delta_sha256,
        "graph": GRAPH_VERSION,
        "quantize": quantize,
    }
    if spec.graph != "tagger":  # the tagger's key predates this field: keep it unchanged
        parts["kind"] = spec.graph
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:20]


def assemble(
    spec: TaggerSpec | None = None, *, quantize: bool = False, cache_dir: Path | None = None
) -> Path:
    """Path of the ready ONNX model, building (and caching) it if needed."""
    spec = spec or load_spec()
    return cached_build(
        cache_key(spec, quantize),
        lambda out: build(spec, out, quantize=quantize),
        cache_dir=cache_dir,
    )


def build(spec: TaggerSpec, target: Path, *, quantize: bool = False) -> None:
    """Merge base + delta, write the graph to ``target`` (atomically), int8 if ``quantize``."""
    weights.verify_file(spec.delta_path, spec.delta_sha256)
    base = weights.locate_base()
    merged = apply_delta(
        weights.read_safetensors(base.weights_path),
        weights.read_safetensors(spec.delta_path),
        spec.lora_scale,
    )
    shape = BertShape.from_config(spec.bert_config)
    if spec.graph == "encoder":
        model = build_encoder_graph(merged, shape)
    elif spec.graph == "tagger":
        model = build_tagger_graph(merged, shape)
    else:
        raise ResourceError(
            f"{spec.folder}: unknown graph kind {spec.graph!r}.",
            hint="Use a model folder written by this version of unspun.",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32 = Path(tmp) / "model.fp32.onnx"
        fp32.write_bytes(model.SerializeToString())
        out = fp32
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            out = Path(tmp) / "model.int8.onnx"
            quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)
        os.replace(out, target)


def verify_cached(path: Path) -> None:
    """Raise :class:`ChecksumError` if a cached model differs from its recorded sha256."""
    verify_recorded(path)
