"""The small dense heads our models put on frozen sentence vectors, loaded and run one way.

A head folder holds ``config.json`` (validated by :class:`HeadConfig`) and ``head.npz``
(dense layers ``W0, b0, W1, b1, ...`` plus any extra arrays such as input statistics),
whose sha256 the config records. :func:`load_head` checks both and returns a
:class:`DenseHead`; every detector with a head (check-worthiness, the multilingual
technique model) loads it through here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from unspun.runtime.files import verify_file

CONFIG_FILE = "config.json"
HEAD_FILE = "head.npz"
_LAYER = re.compile(r"[Wb]\d+")


class EncoderSpec(BaseModel):
    """The pinned sentence encoder a head reads (package, file and its sha256)."""

    model_config = ConfigDict(extra="allow")

    package: str
    version: str
    file: str
    sha256: str
    prefix: str = "query"
    dim: int = 384


class HeadFile(BaseModel):
    """What the config records about ``head.npz`` (its sha256; training settings besides)."""

    model_config = ConfigDict(extra="allow")

    sha256: str


class HeadConfig(BaseModel):
    """The part of a head's ``config.json`` that loading relies on; the rest is kept as is."""

    model_config = ConfigDict(extra="allow")

    version: str
    encoder: EncoderSpec
    head: HeadFile


def dense_forward(params: dict[str, np.ndarray], inputs: np.ndarray) -> np.ndarray:
    """Outputs of dense layers ``W0, b0, W1, b1, ...`` with ReLU between them."""
    hidden = inputs
    n_layers = sum(1 for key in params if key.startswith("W"))
    for i in range(n_layers):
        hidden = hidden @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers - 1:
            hidden = np.maximum(hidden, 0.0)
    return hidden


@dataclass(frozen=True)
class DenseHead:
    """A verified head: its typed config, the raw config dict and its float32 arrays."""

    folder: Path
    config: HeadConfig
    raw: dict[str, Any]
    params: dict[str, np.ndarray]

    @property
    def layers(self) -> dict[str, np.ndarray]:
        """Only the dense layers (``W0, b0, ...``)."""
        return {k: v for k, v in self.params.items() if _LAYER.fullmatch(k)}

    def forward(self, inputs: np.ndarray) -> np.ndarray:
        return dense_forward(self.layers, inputs)


def load_head(folder: Path, *, what: str, hint: str) -> DenseHead:
    """Load and verify the head in ``folder``; ``what`` names it in errors, ``hint`` says
    how to get a good copy."""
    from unspun.errors import ResourceError

    config_path = folder / CONFIG_FILE
    if not config_path.is_file():
        raise ResourceError(f"{what} file {config_path} is missing.", hint=hint)
    try:
        raw = json.loads(config_path.read_text(encoding="utf-8"))
        config = HeadConfig.model_validate(raw)
    except (ValueError, ValidationError) as exc:
        raise ResourceError(
            f"{config_path} is not a valid {what} config: {exc}", hint=hint
        ) from None
    head_path = verify_file(folder / HEAD_FILE, config.head.sha256, what=f"{what} file", hint=hint)
    with np.load(head_path, allow_pickle=False) as npz:
        params = {key: npz[key].astype(np.float32) for key in npz.files}
    return DenseHead(folder=folder, config=config, raw=raw, params=params)
