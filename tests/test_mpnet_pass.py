"""The shared mpnet pass (``runtime/mpnet_pass.py``): one graph, the base's lower layers read
once, a token top and a pooled top over them, against transformers with each top's delta
merged; and the pass's rows, caching and sharing on documents."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.runtime import mpnet
from unspun.runtime.delta import apply_delta


@pytest.fixture(scope="module")
def base():
    if not mpnet.installed():
        pytest.skip("all-mpnet-base-v2 is not installed (unspun models install)")
    return mpnet.locate_mpnet()


def _delta(rng: np.random.Generator, lower: int, channels: int) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for i in range(lower, 12):
        for m in ("attention.self.query", "attention.output.dense", "output.dense"):
            width = 3072 if m == "output.dense" else 768
            out[f"encoder.layer.{i}.{m}.lora_A"] = rng.normal(0, 0.05, (4, width)).astype(
                np.float16
            )
            out[f"encoder.layer.{i}.{m}.lora_B"] = rng.normal(0, 0.05, (768, 4)).astype(np.float16)
        out[f"encoder.layer.{i}.output.LayerNorm.weight"] = (1 + rng.normal(0, 0.05, 768)).astype(
            np.float32
        )
    out["head.weight"] = rng.normal(0, 0.05, (channels, 768)).astype(np.float32)
    out["head.bias"] = rng.normal(0, 0.05, channels).astype(np.float32)
    return out


def _reference_hidden(base, weights, ids, mask):
    """transformers' MPNet with ``weights`` (BERT names) loaded: the last hidden state."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    config = transformers.MPNetConfig(
        vocab_size=30527, max_position_embeddings=514, layer_norm_eps=1e-5
    )
    model = transformers.MPNetModel(config, add_pooling_layer=False).eval()
    state = {}
    for name, arr in weights.items():
        if name.startswith("head."):
            continue
        for old, new in mpnet._RENAME.items():
            name = name.replace(new, old)
        state[name] = torch.tensor(arr)
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected and all("position_ids" in m for m in missing), (missing, unexpected)
    with torch.no_grad():
        out = model(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask))
    return out.last_hidden_state.numpy()


def test_the_pass_graph_matches_each_top_run_alone(base) -> None:
    import onnxruntime as ort

    from unspun.runtime.graph import BertShape, build_mpnet_pass_graph

    weights = mpnet.read_bert_names(base.weights_path)
    rng = np.random.default_rng(1)
    lower, scale = 6, 2.0
    tok, cw = _delta(rng, lower, 3), _delta(rng, lower, 1)
    model = build_mpnet_pass_graph(
        weights,
        [("tok", "tokens", lower, tok, scale), ("cw", "pooled", lower, cw, scale)],
        BertShape(768, 12, 12, 1e-5),
    )
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    ids = np.array([[0, 100, 200, 300, 2, 1, 1], [0, 5, 6, 7, 8, 9, 2]])
    mask = (ids != 1).astype(np.int64)
    probs, pooled = session.run(["tok", "cw"], {"input_ids": ids, "attention_mask": mask})
    assert probs.shape == (2, 7, 3) and pooled.shape == (2,)

    h = _reference_hidden(base, apply_delta(weights, tok, scale), ids, mask)
    expected = 1 / (1 + np.exp(-(h @ tok["head.weight"].T + tok["head.bias"])))
    assert np.abs(probs - expected)[mask.astype(bool)].max() < 1e-4

    h = _reference_hidden(base, apply_delta(weights, cw, scale), ids, mask)
    mean = (h * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    mean /= np.linalg.norm(mean, axis=1, keepdims=True)
    np.testing.assert_allclose(pooled, mean @ cw["head.weight"][0] + cw["head.bias"][0], atol=1e-4)


def test_a_delta_that_touches_a_shared_layer_is_refused(base) -> None:
    from unspun.runtime.graph import BertShape, build_mpnet_pass_graph

    weights = mpnet.read_bert_names(base.weights_path)
    bad = {"encoder.layer.2.output.LayerNorm.bias": np.zeros(768, np.float32)}
    bad |= {"head.weight": np.zeros((1, 768), np.float32), "head.bias": np.zeros(1, np.float32)}
    with pytest.raises(ValueError, match="shared layer 2"):
        build_mpnet_pass_graph(weights, [("cw", "pooled", 6, bad, 2.0)], BertShape(768, 12, 12))


def test_tops_with_different_lower_layers_are_refused(tmp_path) -> None:
    from unspun.errors import ResourceError
    from unspun.runtime.mpnet_pass import MpnetPass, Top

    encoder = (("hidden_size", 768), ("num_attention_heads", 12), ("num_hidden_layers", 12))
    one = MpnetPass()
    one.register(Top("a", "tokens", tmp_path / "a.npz", "0" * 64, 2.0, 6, encoder))
    with pytest.raises(ResourceError, match="different layers"):
        one.register(Top("b", "pooled", tmp_path / "b.npz", "0" * 64, 2.0, 8, encoder))
    with pytest.raises(ResourceError, match="unknown kind"):
        one.register(Top("c", "spans", tmp_path / "c.npz", "0" * 64, 2.0, 6, encoder))
