"""Write a BERT token tagger (or a bare encoder) as an ONNX graph from numpy weights.

The graph is the forward pass of a transformers ``BertModel`` (absolute positions, post
layer norm, exact GELU) followed by a linear head and a sigmoid: inputs ``input_ids`` and
``attention_mask`` (int64, ``[batch, sequence]``), output ``probs`` (float32,
``[batch, sequence, channels]``). Token types are always 0, so the type embedding is folded
into the position table. ``build_encoder_graph`` writes the encoder alone with a
``token_type_ids`` input and the last hidden state as output (the span classifier marks its
span with token type 1 and pools in numpy).

Building the graph here rather than exporting it from torch keeps torch out of the
run time and out of the repository: the user's machine assembles the model from the pinned
base weights and our small delta (``assemble.py``); ``training/check_parity.py`` checks
it against the torch model it was trained as.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Bumped whenever the graph changes, so that cached models are rebuilt.
GRAPH_VERSION = "1"
OPSET = 17


@dataclass(frozen=True)
class BertShape:
    hidden: int
    layers: int
    heads: int
    eps: float = 1e-12

    @classmethod
    def from_config(cls, config: Mapping) -> BertShape:
        return cls(
            hidden=int(config["hidden_size"]),
            layers=int(config["num_hidden_layers"]),
            heads=int(config["num_attention_heads"]),
            eps=float(config.get("layer_norm_eps", 1e-12)),
        )


class GraphBuilder:
    def __init__(self) -> None:
        from onnx import helper

        self.helper = helper
        self.nodes: list = []
        self.inits: list = []
        self._n = 0
        #: ``(prefix, layer) -> name`` of each layer's output, for branches to start from.
        self.taps: dict[tuple[str, int], str] = {}
        self.layer_constants: dict[str, str] = {}

    def init(self, name: str, array: np.ndarray) -> str:
        from onnx import numpy_helper

        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type: str, inputs: list[str], *, name: str | None = None, **attrs) -> str:
        self._n += 1
        out = f"{op_type.lower()}_{self._n}"
        node = self.helper.make_node(op_type, inputs, [out], **attrs)
        if name:
            node.name = name
        self.nodes.append(node)
        return out

    def linear(self, x: str, weights: Mapping[str, np.ndarray], prefix: str) -> str:
        """``x @ W.T + b``; the MatMul node is named ``{prefix}.matmul`` (quantisation can
        leave chosen matrices in float32 by name)."""
        w = self.init(f"{prefix}.weight_t", weights[f"{prefix}.weight"].astype(np.float32).T)
        b = self.init(f"{prefix}.bias", weights[f"{prefix}.bias"].astype(np.float32))
        return self.op("Add", [self.op("MatMul", [x, w], name=f"{prefix}.matmul"), b])

    def layer_norm(self, x: str, weights: Mapping[str, np.ndarray], prefix: str, eps: float) -> str:
        g = self.init(f"{prefix}.weight", weights[f"{prefix}.weight"].astype(np.float32))
        b = self.init(f"{prefix}.bias", weights[f"{prefix}.bias"].astype(np.float32))
        return self.op("LayerNormalization", [x, g, b], axis=-1, epsilon=eps)


def bert_encoder(
    b: GraphBuilder, weights: Mapping[str, np.ndarray], shape: BertShape, types: bool
) -> str:
    """Add the BERT encoder to ``b``; the name of its last hidden state ``[b, s, h]``.

    ``types``: read ``token_type_ids`` (int64 ``[batch, sequence]``) and add the type
    embedding; otherwise type 0 is folded into the position table.
    """
    x = bert_embeddings(b, weights, shape, types)
    return bert_layers(b, weights, shape, x, range(shape.layers))


def bert_embeddings(
    b: GraphBuilder, weights: Mapping[str, np.ndarray], shape: BertShape, types: bool
) -> str:
    """Word, position (and type) embeddings with their layer norm: ``[b, s, h]``."""
    f32 = np.float32
    word = b.init("word_embeddings", weights["embeddings.word_embeddings.weight"].astype(f32))
    if types:
        pos_table = weights["embeddings.position_embeddings.weight"].astype(f32)
        pos = b.init("position_embeddings", pos_table)
    else:
        pos_table = weights["embeddings.position_embeddings.weight"].astype(f32) + weights[
            "embeddings.token_type_embeddings.weight"
        ][0].astype(f32)
        pos = b.init("position_plus_type_embeddings", pos_table)
    zero = b.init("zero_1d", np.array([0], dtype=np.int64))
    one = b.init("one_1d", np.array([1], dtype=np.int64))
    two = b.init("two_1d", np.array([2], dtype=np.int64))
    seq_len = b.op("Slice", [b.op("Shape", ["input_ids"]), one, two])  # [sequence]
    positions = b.op("Slice", [pos, zero, seq_len, zero])  # first `sequence` rows
    x = b.op("Add", [b.op("Gather", [word, "input_ids"], axis=0), positions])
    if types:
        type_table = b.init(
            "token_type_embeddings", weights["embeddings.token_type_embeddings.weight"].astype(f32)
        )
        x = b.op("Add", [x, b.op("Gather", [type_table, "token_type_ids"], axis=0)])
    return b.layer_norm(x, weights, "embeddings.LayerNorm", shape.eps)


def relative_buckets(size: int, buckets: int = 32, max_distance: int = 128) -> np.ndarray:
    """MPNet's relative-position bucket of every (query, key) pair: ``[size, size]`` int64.

    Half the buckets for keys before the query, half after; exact distances up to a
    quarter of the buckets, logarithmic bins beyond, everything past ``max_distance`` in the
    last bin (``MPNetEncoder.relative_position_bucket``)."""
    pos = np.arange(size)
    n = pos[:, None] - pos[None, :]  # query - key
    half = buckets // 2
    out = (n < 0).astype(np.int64) * half
    n = np.abs(n)
    exact = half // 2
    # float32 arithmetic in the reference's order: the bins must match it at their edges
    f32 = np.float32
    ratio = np.log(np.maximum(n, 1).astype(f32) / f32(exact)) / f32(np.log(max_distance / exact))
    large = exact + (ratio * f32(half - exact)).astype(np.int64)
    return out + np.where(n < exact, n, np.minimum(large, half - 1))


def mpnet_embeddings(b: GraphBuilder, weights: Mapping[str, np.ndarray], shape: BertShape) -> str:
    """MPNet's word and position embeddings with their layer norm: ``[b, s, h]``.

    Positions start after the padding index (2, 3, …): rows are padded at the end only, so
    every real token gets the position the model was trained with."""
    f32 = np.float32
    word = b.init("word_embeddings", weights["embeddings.word_embeddings.weight"].astype(f32))
    pos = b.init("position_embeddings", weights["embeddings.position_embeddings.weight"][2:])
    zero = b.init("zero_1d", np.array([0], dtype=np.int64))
    one = b.init("one_1d", np.array([1], dtype=np.int64))
    two = b.init("two_1d", np.array([2], dtype=np.int64))
    seq_len = b.op("Slice", [b.op("Shape", ["input_ids"]), one, two])
    positions = b.op("Slice", [pos, zero, seq_len, zero])
    x = b.op("Add", [b.op("Gather", [word, "input_ids"], axis=0), positions])
    return b.layer_norm(x, weights, "embeddings.LayerNorm", shape.eps)


def mpnet_position_bias(b: GraphBuilder, weights: Mapping[str, np.ndarray]) -> str:
    """The relative-position bias every MPNet layer adds to its scores: ``[1, heads, s, s]``."""
    table = weights["encoder.relative_attention_bias.weight"].astype(np.float32)
    size = int(weights["embeddings.position_embeddings.weight"].shape[0])
    grid = b.init("relative_buckets", relative_buckets(size, buckets=table.shape[0]))
    zero = b.init("zero_2d", np.array([0, 0], dtype=np.int64))
    axes = b.init("axes_0_1", np.array([0, 1], dtype=np.int64))
    seq_len = b.op("Shape", ["input_ids"], start=1, end=2)
    ends = b.op("Concat", [seq_len, seq_len], axis=0)
    buckets = b.op("Slice", [grid, zero, ends, axes])  # [s, s]
    bias = b.op("Gather", [b.init("relative_attention_bias", table), buckets], axis=0)
    bias = b.op("Transpose", [bias], perm=[2, 0, 1])  # [heads, s, s]
    return b.op("Unsqueeze", [bias, b.init("axes_0", np.array([0], dtype=np.int64))])


def _layer_constants(b: GraphBuilder, shape: BertShape) -> dict[str, str]:
    """The additive attention mask and the constants every layer reads, added once."""
    from onnx import TensorProto

    if b.layer_constants:
        return b.layer_constants
    h, nh = shape.hidden, shape.heads
    f32 = np.float32
    # Additive mask [batch, 1, 1, seq]: 0 where attended, -10000 on padding.
    mask = b.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    neg = b.init("mask_scale", np.array(-10000.0, dtype=f32))
    one_f = b.init("one_f", np.array(1.0, dtype=f32))
    mask = b.op("Mul", [b.op("Sub", [one_f, mask]), neg])
    mask = b.op("Unsqueeze", [mask, b.init("axes_1_2", np.array([1, 2], dtype=np.int64))])
    consts = {
        "mask": mask,
        "one_f": one_f,
        "split_heads": b.init("shape_split_heads", np.array([0, 0, nh, h // nh], np.int64)),
        "merge_heads": b.init("shape_merge_heads", np.array([0, 0, h], dtype=np.int64)),
        "inv_sqrt": b.init("inv_sqrt_head_dim", np.array(1.0 / np.sqrt(h // nh), dtype=f32)),
        "half": b.init("half", np.array(0.5, dtype=f32)),
        "inv_sqrt2": b.init("inv_sqrt2", np.array(1.0 / np.sqrt(2.0), dtype=f32)),
    }
    b.layer_constants.update(consts)
    return consts


def bert_layers(
    b: GraphBuilder,
    weights: Mapping[str, np.ndarray],
    shape: BertShape,
    x: str,
    layers: range,
    prefix: str = "encoder.layer",
    position_bias: str | None = None,
) -> str:
    """Add the transformer layers ``layers`` (weights ``{prefix}.{i}.…``) on top of ``x``.

    Called twice on one builder, the second stack can start from a hidden state of the
    first: a fine-tuned top (a *branch*) over a shared lower stack. ``position_bias``
    (``[1, heads, s, s]``) is added to every layer's attention scores (MPNet).
    """
    c = _layer_constants(b, shape)
    for i in layers:
        p = f"{prefix}.{i}"
        q = b.linear(x, weights, f"{p}.attention.self.query")
        k = b.linear(x, weights, f"{p}.attention.self.key")
        v = b.linear(x, weights, f"{p}.attention.self.value")
        q = b.op("Transpose", [b.op("Reshape", [q, c["split_heads"]])], perm=[0, 2, 1, 3])
        k = b.op("Transpose", [b.op("Reshape", [k, c["split_heads"]])], perm=[0, 2, 3, 1])
        v = b.op("Transpose", [b.op("Reshape", [v, c["split_heads"]])], perm=[0, 2, 1, 3])
        scores = b.op("Mul", [b.op("MatMul", [q, k]), c["inv_sqrt"]])
        if position_bias is not None:
            scores = b.op("Add", [scores, position_bias])
        scores = b.op("Add", [scores, c["mask"]])
        ctx = b.op("MatMul", [b.op("Softmax", [scores], axis=-1), v])
        ctx = b.op("Reshape", [b.op("Transpose", [ctx], perm=[0, 2, 1, 3]), c["merge_heads"]])
        attn = b.linear(ctx, weights, f"{p}.attention.output.dense")
        x = b.layer_norm(
            b.op("Add", [attn, x]), weights, f"{p}.attention.output.LayerNorm", shape.eps
        )
        inter = b.linear(x, weights, f"{p}.intermediate.dense")
        erf = b.op("Erf", [b.op("Mul", [inter, c["inv_sqrt2"]])])
        gelu = b.op("Mul", [b.op("Mul", [inter, c["half"]]), b.op("Add", [erf, c["one_f"]])])
        out = b.linear(gelu, weights, f"{p}.output.dense")
        x = b.layer_norm(b.op("Add", [out, x]), weights, f"{p}.output.LayerNorm", shape.eps)
        b.taps[(prefix, i)] = x
    return x


def _inputs(types: bool) -> list:
    from onnx import TensorProto, helper

    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if types else [])
    return [
        helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "sequence"]) for n in names
    ]


def _graph(b: GraphBuilder, name: str, inputs: list, outputs: list):
    """The ``GraphProto`` of ``b``. Protobuf copies the initialisers into it, so ``b``'s own
    are dropped at once: assembling a base-size model then holds two copies of its weights at
    the peak (graph and model), not three."""
    from onnx import helper

    graph = helper.make_graph(b.nodes, name, inputs, outputs, b.inits)
    b.inits.clear()
    return graph


def _model(graph):
    from onnx import helper

    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="unspun",
        producer_version=GRAPH_VERSION,
    )
    model.ir_version = 8
    return model


def build_tagger_graph(
    weights: Mapping[str, np.ndarray], shape: BertShape, head_prefix: str = "head"
):
    """The ONNX ``ModelProto`` of encoder + ``head`` (``{head_prefix}.weight`` ``[C, H]``)."""

    b = GraphBuilder()
    x = bert_encoder(b, weights, shape, types=False)
    return _token_head_model(b, x, weights, head_prefix, "unspun_technique_tagger")


def _token_head_model(b: GraphBuilder, x: str, weights, head_prefix: str, name: str):
    """The model of ``b``'s encoder ending in ``x`` plus a sigmoid token head: ``probs``."""
    from onnx import TensorProto, helper

    logits = b.linear(x, weights, head_prefix)
    b.nodes.append(helper.make_node("Sigmoid", [logits], ["probs"]))
    n_out = int(weights[f"{head_prefix}.weight"].shape[0])
    graph = _graph(
        b,
        name,
        _inputs(False),
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", "sequence", n_out])],
    )
    return _model(graph)


def build_mpnet_tagger_graph(
    weights: Mapping[str, np.ndarray], shape: BertShape, head_prefix: str = "head"
):
    """:func:`build_tagger_graph` for MPNet (weights under BERT's names, as
    :func:`unspun.runtime.mpnet.read_bert_names` gives them): positions after the padding
    index and a relative-position bias in every layer."""

    b = GraphBuilder()
    x = mpnet_embeddings(b, weights, shape)
    bias = mpnet_position_bias(b, weights)
    x = bert_layers(b, weights, shape, x, range(shape.layers), position_bias=bias)
    return _token_head_model(b, x, weights, head_prefix, "unspun_technique_tagger_mpnet")


def build_mpnet_pass_graph(
    base: Mapping[str, np.ndarray],
    tops: Sequence[tuple[str, str, int, Mapping[str, np.ndarray], float]],
    shape: BertShape,
):
    """MPNet's shared lower layers and several fine-tuned tops in one graph.

    ``tops``: ``(name, kind, lower, delta, lora_scale)`` each; every top starts from the
    base's hidden state after layer ``lower - 1`` (the same ``lower`` for all), runs layers
    ``lower …`` with its delta merged (:func:`unspun.runtime.delta.apply_delta`) and ends in
    an output named ``name``: ``"tokens"``, sigmoid probabilities ``[batch, sequence, C]``;
    ``"pooled"``, the logit of the normalised mean over the attended tokens, ``[batch]``.
    A delta that touches a layer below ``lower`` is refused: that layer is shared."""
    from onnx import TensorProto, helper

    from unspun.runtime.delta import apply_delta

    lowers = {lower for _, _, lower, _, _ in tops}
    if len(lowers) != 1:
        raise ValueError(f"the tops start at different layers: {sorted(lowers)}")
    lower = lowers.pop()
    b = GraphBuilder()
    x = mpnet_embeddings(b, base, shape)
    bias = mpnet_position_bias(b, base)
    shared = bert_layers(b, base, shape, x, range(lower), position_bias=bias)
    outputs = []
    for name, kind, _, delta, scale in tops:
        for key in delta:
            parts = key.split(".")
            if key.startswith("encoder.layer.") and int(parts[2]) < lower:
                raise ValueError(f"the {name} delta changes shared layer {parts[2]} ({key})")
        top_names = [k for k in base if k.startswith("encoder.layer.")]
        merged = apply_delta({k: base[k] for k in top_names}, delta, scale)
        weights = {f"{name}.{k}": v for k, v in merged.items()}
        prefix = f"{name}.encoder.layer"
        h = bert_layers(
            b, weights, shape, shared, range(lower, shape.layers), prefix, position_bias=bias
        )
        if kind == "tokens":
            logits = b.linear(h, weights, f"{name}.head")
            b.nodes.append(helper.make_node("Sigmoid", [logits], [name]))
            n_out = int(weights[f"{name}.head.weight"].shape[0])
            dims: list[Any] = ["batch", "sequence", n_out]
        elif kind == "pooled":
            pooled = _normalised_mean(b, h)
            logit = b.linear(pooled, weights, f"{name}.head")  # [batch, 1]
            axes = b.init(f"{name}.squeeze_axes", np.array([1], dtype=np.int64))
            b.nodes.append(helper.make_node("Squeeze", [logit, axes], [name]))
            dims = ["batch"]
        else:
            raise ValueError(f"unknown kind of top {kind!r}")
        outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, dims))
    return _model(_graph(b, "unspun_mpnet_pass", _inputs(False), outputs))


def _normalised_mean(b: GraphBuilder, h: str) -> str:
    """The mean of ``h`` (``[batch, sequence, hidden]``) over attended tokens, divided by its
    length (at least 1e-12, as torch's ``normalize``): ``[batch, hidden]``."""
    from onnx import TensorProto

    mask = b.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)  # [b, s]
    axis_last = b.init("pool_axes_2", np.array([2], dtype=np.int64))
    axis_seq = b.init("pool_axes_1", np.array([1], dtype=np.int64))
    weighted = b.op("Mul", [h, b.op("Unsqueeze", [mask, axis_last])])
    total = b.op("ReduceSum", [weighted, axis_seq], keepdims=0)  # [b, h]
    count = b.op("ReduceSum", [mask, axis_seq], keepdims=1)  # [b, 1]
    mean = b.op("Div", [total, count])
    norm = b.op("Sqrt", [b.op("ReduceSum", [b.op("Mul", [mean, mean]), axis_seq], keepdims=1)])
    eps = b.init("pool_eps", np.array(1e-12, dtype=np.float32))
    return b.op("Div", [mean, b.op("Max", [norm, eps])])


def build_encoder_graph(weights: Mapping[str, np.ndarray], shape: BertShape):
    """The ONNX ``ModelProto`` of the encoder alone, with token types.

    Inputs ``input_ids``, ``attention_mask``, ``token_type_ids`` (int64 ``[batch,
    sequence]``); output ``hidden`` (float32 ``[batch, sequence, hidden]``), the last hidden
    state. Pooling and heads are the caller's (numpy): the span classifier.
    """
    from onnx import TensorProto, helper

    b = GraphBuilder()
    x = bert_encoder(b, weights, shape, types=True)
    b.nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = _graph(
        b,
        "unspun_encoder",
        _inputs(True),
        [
            helper.make_tensor_value_info(
                "hidden", TensorProto.FLOAT, ["batch", "sequence", shape.hidden]
            )
        ],
    )
    return _model(graph)
