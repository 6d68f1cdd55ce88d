"""Embeddings of a catalogue's descriptions and examples, computed once and kept.

Embedding a catalogue's few hundred sentences takes seconds on a CPU, so they are never
recomputed on every start. Vectors are looked up, in order:

1. next to a built-in catalogue (``catalogues/<id>.vectors.npz``, committed, float16);
2. in the user cache (``$UNSPUN_CACHE_DIR/narratives/`` or ``~/.cache/unspun/narratives/``);
3. else computed and written to the user cache.

Each file records the sha256 of the texts it embeds and of the encoder's weights; a file
whose shas do not match is ignored (stale), so an edited catalogue is embedded afresh.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspun.detectors.narratives.catalogue import Catalogue, builtin_path
from unspun.runtime.files import cache_root
from unspun.runtime.sentences import MAX_CHARS, WIDTH, SentenceEncoder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CatalogueVectors:
    """Unit vectors of one catalogue: ``owner[i]`` is the entry id row ``i`` belongs to
    (``@<catalogue id>`` for the catalogue's topic row), ``is_example[i]`` says whether the
    row is an example (else a description)."""

    owner: list[str]
    is_example: np.ndarray
    vectors: np.ndarray


def catalogue_texts(catalogue: Catalogue) -> tuple[list[str], list[str], list[bool]]:
    """What gets embedded, in order: the catalogue's topic, then each entry's description
    and its examples."""
    # first row: what the catalogue as a whole is about (its topic), owned by "@<id>"
    topic = f"{catalogue.name}. {catalogue.description}".strip()
    texts: list[str] = [topic[:MAX_CHARS]]
    owner: list[str] = [f"@{catalogue.id}"]
    is_example: list[bool] = [False]
    for entry in catalogue.narratives:
        texts.append(entry.description.strip()[:MAX_CHARS])
        owner.append(entry.id)
        is_example.append(False)
        for example in entry.examples:
            texts.append(example.text.strip()[:MAX_CHARS])
            owner.append(entry.id)
            is_example.append(True)
    return texts, owner, is_example


def texts_sha256(texts: list[str], owner: list[str]) -> str:
    payload = json.dumps([owner, texts], ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


def cache_dir() -> Path:
    return cache_root() / "narratives"


def _read(path: Path, texts_sha: str, encoder_sha: str) -> np.ndarray | None:
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["texts_sha256"]) != texts_sha or str(data["encoder_sha256"]) != encoder_sha:
                log.info("ignoring stale narrative vectors %s", path)
                return None
            return np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError) as exc:
        log.warning("ignoring unreadable narrative vectors %s: %s", path, exc)
        return None


def write_vectors(path: Path, vectors: np.ndarray, texts_sha: str, encoder_sha: str) -> None:
    """Write float16 vectors with the shas they were computed from (atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp.npz")
    np.savez_compressed(
        tmp,
        vectors=vectors.astype(np.float16),
        texts_sha256=np.asarray(texts_sha),
        encoder_sha256=np.asarray(encoder_sha),
    )
    os.replace(tmp, path)


def builtin_vectors_path(catalogue_id: str) -> Path:
    return builtin_path(f"{catalogue_id}.vectors.npz")


def catalogue_vectors(
    catalogue: Catalogue, encoder: SentenceEncoder, encoder_sha: str, *, builtin: bool
) -> CatalogueVectors:
    """The catalogue's vectors from the committed file, the cache, or the encoder."""
    texts, owner, is_example = catalogue_texts(catalogue)
    sha = texts_sha256(texts, owner)
    cached = f"{catalogue.id}-{sha[:16]}-{encoder_sha[:12]}.npz"
    places = [builtin_vectors_path(catalogue.id)] if builtin else []
    places.append(cache_dir() / cached)
    vectors = None
    for place in places:
        vectors = _read(place, sha, encoder_sha)
        if vectors is not None:
            break
    if vectors is None:
        log.info("embedding %d catalogue sentences of %s", len(texts), catalogue.id)
        vectors = encoder.encode(texts, query=True)
        try:
            write_vectors(cache_dir() / cached, vectors, sha, encoder_sha)
        except OSError as exc:  # a read-only home must not stop the analysis
            log.warning("cannot cache narrative vectors: %s", exc)
    vectors = vectors.reshape(-1, WIDTH)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return CatalogueVectors(
        owner=owner,
        is_example=np.asarray(is_example, dtype=bool),
        vectors=(vectors / np.maximum(norms, 1e-9)).astype(np.float32),
    )
