"""The English technique tagger on all-mpnet-base-v2, a base-size encoder.

The model (``_models/techniques/tagger-mpnet.json`` and its delta ``tagger-mpnet.npz``)
fine-tuned the top six of the encoder's twelve layers with LoRA and a token head with the
other taggers' channels (14 PTC techniques and "any technique"), over the pipeline's
sentence rows (``training/finetune_tagger_mpnet.py``). The user's machine assembles the
ONNX model once from the pinned base (:mod:`unspun.runtime.mpnet`, from PyPI) and the delta,
and caches it, in one graph with any other top of the same base
(:mod:`unspun.runtime.mpnet_pass`: the check-worthiness model's).

It reads English only. When it is installed, English documents get its token scores
joined with the e5 tagger's (and the MiniLM tagger's, as the config's ``join`` says), decoded
with the rules of the ``joined`` mode tuned for that join on PTC validation
(``training/tune_tagger_mpnet.py``). Without the base packages the detector reads English as
before: nothing is lost but accuracy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from unspun.detectors.techniques.tagger import TokenScores
from unspun.detectors.techniques.tagger_e5 import Mode, project
from unspun.errors import ResourceError
from unspun.runtime.files import PACKAGED_MODELS, verify_file
from unspun.runtime.mpnet_pass import ROW_TOKENS, MpnetPass, Top, shared

__all__ = ["ROW_TOKENS", "MpnetTagger", "has_mpnet_tagger", "join_all"]

CONFIG_FILE = "tagger-mpnet.json"


def default_folder() -> Path:
    return PACKAGED_MODELS / "techniques"


def has_mpnet_tagger(folder: Path | None = None) -> bool:
    """The model is packaged and its base can be found."""
    from unspun.runtime import mpnet

    return ((folder or default_folder()) / CONFIG_FILE).is_file() and mpnet.installed()


class MpnetTagger:
    """Token scores of English documents from the mpnet tagger: the ``tagger`` top of the
    shared mpnet pass (:mod:`unspun.runtime.mpnet_pass`), in float32."""

    def __init__(self, folder: Path | None = None, *, threads: int = 2) -> None:
        folder = Path(folder) if folder is not None else default_folder()
        self.folder = folder
        self.config: dict[str, Any] = json.loads((folder / CONFIG_FILE).read_text("utf-8"))
        self.channels: list[str] = list(self.config["channels"])
        self.join: list[str] = list(self.config.get("join", ["e5"]))
        self.modes = {name: Mode.from_config(m) for name, m in self.config["modes"].items()}
        if str(self.config.get("quantize", "none")) != "none":
            # dynamic int8 quantises a batch with one activation scale: a document's
            # findings would depend on the documents beside it (docs/experiments.md)
            raise ResourceError(
                f"{folder / CONFIG_FILE} asks for quantize={self.config['quantize']!r}",
                hint='The mpnet tagger runs in float32 only; set "quantize": "none".',
            )
        spec = self.config["delta"]
        encoder = self.config["encoder"]
        self.top = Top(
            name="tagger",
            kind="tokens",
            delta=verify_file(folder / spec["file"], spec["sha256"], what="model delta"),
            sha256=spec["sha256"],
            lora_scale=float(spec["lora_scale"]),
            lower=int(spec["lower"]),
            encoder=tuple(sorted(encoder.items())),
        )
        self.encoder: MpnetPass = shared(threads)
        self.encoder.register(self.top)

    @property
    def version(self) -> str:
        return str(self.config.get("name", "tagger-mpnet"))

    def rows(self, text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[list, Any]]:
        """``(ids, offsets)`` rows of one document (see :meth:`MpnetPass.rows`)."""
        return [(r.ids, r.offsets) for r in self.encoder.rows(text, sentences)]

    def scores(self, analyses: Sequence[Any]) -> list[TokenScores]:
        """Each document's token scores (offsets into its text); documents segmented."""
        c = len(self.channels)
        out = []
        for found in self.encoder.outputs(analyses, self.top.name):
            if len(found.offsets) == 0:
                out.append(TokenScores(np.zeros((0, 2), np.int64), np.zeros((0, c), np.float32)))
            else:
                out.append(TokenScores(found.offsets, found.probs))
        return out


def join_all(first: TokenScores, *others: TokenScores) -> TokenScores:
    """Several taggers' token scores joined on ``first``'s tokens: the mean of their logits
    (each model weighs the same). A token another tagger did not read takes the mean of
    those that did."""
    z = _logit(first.probs.astype(np.float64))
    n = np.ones((len(z), 1))
    for other in others:
        projected, hit = project(first, other)
        z[hit] += _logit(projected[hit].astype(np.float64))
        n[hit] += 1
    return TokenScores(first.offsets, (1.0 / (1.0 + np.exp(-z / n))).astype(np.float32))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))
