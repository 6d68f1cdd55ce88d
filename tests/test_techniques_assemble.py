"""Assembling the ONNX tagger from base weights + delta, without torch, on a tiny random BERT.

The tiny model has the real model's names and structure (2 layers, hidden size 8); a numpy
forward pass written here is the reference the ONNX graph must match.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
pytest.importorskip("safetensors")
pytest.importorskip("tokenizers")

from safetensors.numpy import save_file  # noqa: E402

from unspun.detectors.techniques import assemble as assemble_mod  # noqa: E402
from unspun.detectors.techniques.labels import PTC_LABELS  # noqa: E402
from unspun.errors import ChecksumError, ResourceError  # noqa: E402
from unspun.model.analysis import Analysis  # noqa: E402
from unspun.model.document import Document  # noqa: E402
from unspun.runtime import minilm as weights  # noqa: E402
from unspun.runtime.delta import apply_delta  # noqa: E402
from unspun.runtime.graph import BertShape, build_tagger_graph  # noqa: E402

H, LAYERS, HEADS, INTER, MAX_POS = 8, 2, 2, 16, 64
WORDS = ["they", "are", "liars", "and", "cowards", "our", "great", "nation", "the", "."]
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", *WORDS, "##s"]
PTC = list(PTC_LABELS)
CHANNELS = [*PTC, "ANY"]


def tiny_base(rng: np.random.Generator) -> dict[str, np.ndarray]:
    def r(*shape):
        return (rng.standard_normal(shape) * 0.3).astype(np.float32)

    w = {
        "embeddings.word_embeddings.weight": r(len(VOCAB), H),
        "embeddings.position_embeddings.weight": r(MAX_POS, H),
        "embeddings.token_type_embeddings.weight": r(2, H),
        "embeddings.LayerNorm.weight": 1 + r(H),
        "embeddings.LayerNorm.bias": r(H),
        "embeddings.position_ids": np.arange(MAX_POS, dtype=np.int64)[None],
    }
    for i in range(LAYERS):
        p = f"encoder.layer.{i}"
        for name, (out, inp) in {
            "attention.self.query": (H, H),
            "attention.self.key": (H, H),
            "attention.self.value": (H, H),
            "attention.output.dense": (H, H),
            "intermediate.dense": (INTER, H),
            "output.dense": (H, INTER),
        }.items():
            w[f"{p}.{name}.weight"], w[f"{p}.{name}.bias"] = r(out, inp), r(out)
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[f"{p}.{ln}.weight"], w[f"{p}.{ln}.bias"] = 1 + r(H), r(H)
    return w


def tiny_delta(rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {
        "encoder.layer.0.attention.self.query.lora_A": rng.standard_normal((4, H)).astype(
            np.float16
        ),
        "encoder.layer.0.attention.self.query.lora_B": rng.standard_normal((H, 4)).astype(
            np.float16
        ),
        "encoder.layer.1.output.dense.bias": rng.standard_normal(H).astype(np.float32),
        "head.weight": rng.standard_normal((len(CHANNELS), H)).astype(np.float32),
        "head.bias": rng.standard_normal(len(CHANNELS)).astype(np.float32),
    }


def reference_forward(w, ids, mask, eps=1e-12):
    """numpy BERT (post-LN, exact GELU) + head + sigmoid."""
    from math import erf, sqrt

    def ln(x, p):
        mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * w[f"{p}.weight"] + w[f"{p}.bias"]

    def lin(x, p):
        return x @ w[f"{p}.weight"].T + w[f"{p}.bias"]

    t = ids.shape[1]
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:t]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = ln(x, "embeddings.LayerNorm")
    add = (1.0 - mask[:, None, None, :]) * -10000.0
    hd = H // HEADS
    gelu = np.vectorize(lambda v: 0.5 * v * (1 + erf(v / sqrt(2))))
    for i in range(LAYERS):
        p = f"encoder.layer.{i}"

        def heads(v):
            return v.reshape(v.shape[0], t, HEADS, hd).transpose(0, 2, 1, 3)

        q, k, v = (heads(lin(x, f"{p}.attention.self.{n}")) for n in ("query", "key", "value"))
        s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd) + add
        s = np.exp(s - s.max(-1, keepdims=True))
        ctx = (s / s.sum(-1, keepdims=True)) @ v
        ctx = ctx.transpose(0, 2, 1, 3).reshape(x.shape)
        x = ln(lin(ctx, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
        y = lin(gelu(lin(x, f"{p}.intermediate.dense")), f"{p}.output.dense")
        x = ln(y + x, f"{p}.output.LayerNorm")
    return 1 / (1 + np.exp(-(x @ w["head.weight"].T + w["head.bias"])))


def write_tokenizer(path: Path) -> None:
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    tok = Tokenizer(models.WordPiece({t: i for i, t in enumerate(VOCAB)}, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.enable_truncation(8)  # like the real file: the run time must switch it off
    tok.save(str(path))


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """A tiny base folder + model folder, pinned, with a private cache."""
    rng = np.random.default_rng(0)
    base_dir, model_dir = tmp_path / "base", tmp_path / "model"
    base_dir.mkdir()
    model_dir.mkdir()
    base = tiny_base(rng)
    save_file(base, str(base_dir / "model.safetensors"))
    write_tokenizer(base_dir / "tokenizer.json")
    delta = tiny_delta(rng)
    save_file(delta, str(model_dir / "tagger-delta.safetensors"))
    rules = {label: {"threshold": 1.01, "gap": 1, "min_chars": 1} for label in PTC}  # never
    rules["Loaded_Language"]["threshold"] = 0.0  # fires on every token
    spec = {
        "channels": CHANNELS,
        "encoder": {
            "hidden_size": H,
            "num_hidden_layers": LAYERS,
            "num_attention_heads": HEADS,
            "layer_norm_eps": 1e-12,
        },
        "delta": {
            "file": "tagger-delta.safetensors",
            "lora_scale": 2.0,
            "sha256": weights.sha256_file(model_dir / "tagger-delta.safetensors"),
        },
        "windows": {"max_tokens": 6, "overlap": 2},
        "decoding": {"rules": rules},
        "calibration": {"technique": {"a": 1.0, "b": 0.0}},
    }
    (model_dir / "tagger.json").write_text(json.dumps(spec))
    monkeypatch.setenv("UNSPUN_BASE_MODEL_DIR", str(base_dir))
    monkeypatch.setenv("UNSPUN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(
        weights,
        "PINNED_SHA256",
        {
            "model.safetensors": weights.sha256_file(base_dir / "model.safetensors"),
            "tokenizer.json": weights.sha256_file(base_dir / "tokenizer.json"),
        },
    )
    return {"base": base, "delta": delta, "base_dir": base_dir, "model_dir": model_dir}


def test_apply_delta_merges_lora_and_replaces_values(tiny):
    merged = apply_delta(tiny["base"], tiny["delta"], 2.0)
    a = tiny["delta"]["encoder.layer.0.attention.self.query.lora_A"].astype(np.float32)
    b = tiny["delta"]["encoder.layer.0.attention.self.query.lora_B"].astype(np.float32)
    q = "encoder.layer.0.attention.self.query.weight"
    np.testing.assert_allclose(merged[q], tiny["base"][q] + 2.0 * b @ a, rtol=1e-6)
    assert merged["head.bias"].dtype == np.float32
    assert "encoder.layer.0.attention.self.query.lora_A" not in merged
    np.testing.assert_array_equal(
        merged["encoder.layer.1.output.dense.bias"],
        tiny["delta"]["encoder.layer.1.output.dense.bias"],
    )


def test_apply_delta_rejects_mismatched_shapes(tiny):
    bad = dict(tiny["delta"])
    bad["encoder.layer.1.output.dense.bias"] = np.zeros(H + 1, dtype=np.float32)
    with pytest.raises(ValueError, match="shape"):
        apply_delta(tiny["base"], bad, 2.0)


def test_graph_matches_numpy_reference_with_padding(tiny):
    merged = apply_delta(tiny["base"], tiny["delta"], 2.0)
    model = build_tagger_graph(merged, BertShape(H, LAYERS, HEADS))
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    ids = np.array([[2, 4, 5, 6, 7, 3], [2, 8, 9, 3, 0, 0]], dtype=np.int64)
    mask = (np.arange(6)[None] < np.array([[6], [4]])).astype(np.int64)
    got = sess.run(["probs"], {"input_ids": ids, "attention_mask": mask})[0]
    want = reference_forward(merged, ids, mask.astype(np.float32))
    assert got.shape == (2, 6, len(CHANNELS))
    np.testing.assert_allclose(got[mask.astype(bool)], want[mask.astype(bool)], atol=1e-5)


def test_assemble_builds_once_then_reuses_the_verified_cache(tiny, monkeypatch):
    spec = assemble_mod.load_spec(tiny["model_dir"])
    path = assemble_mod.assemble(spec)
    assert path.is_file() and path.with_name("model.onnx.sha256").is_file()
    assemble_mod.verify_cached(path)

    def no_build(*_args, **_kwargs):
        raise AssertionError("rebuilt a valid cached model")

    monkeypatch.setattr(assemble_mod, "build", no_build)
    assert assemble_mod.assemble(spec) == path
    monkeypatch.undo()


def test_assemble_rebuilds_a_corrupted_cache(tiny):
    spec = assemble_mod.load_spec(tiny["model_dir"])
    path = assemble_mod.assemble(spec)
    good = path.read_bytes()
    path.write_bytes(good[:-10] + b"0123456789")
    with pytest.raises(ChecksumError):
        assemble_mod.verify_cached(path)
    assert assemble_mod.assemble(spec) == path
    assert path.read_bytes() == good


def test_base_checksum_mismatch_is_a_clear_error(tiny, monkeypatch):
    monkeypatch.setattr(
        weights, "PINNED_SHA256", {"model.safetensors": "0" * 64, "tokenizer.json": "0" * 64}
    )
    with pytest.raises(ChecksumError) as err:
        weights.locate_base()
    message = str(err.value)
    assert "[E402]" in message and "model.safetensors" in message
    assert "expected " + "0" * 64 in message
    assert "UNSPUN_BASE_MODEL_DIR" in message  # the hint says how to fix it


def test_delta_checksum_mismatch_is_a_clear_error(tiny):
    path = tiny["model_dir"] / "tagger-delta.safetensors"
    path.write_bytes(path.read_bytes() + b" ")
    with pytest.raises(ChecksumError, match=r"tagger-delta\.safetensors"):
        assemble_mod.assemble(assemble_mod.load_spec(tiny["model_dir"]))


def test_missing_base_is_a_resource_error(tmp_path, monkeypatch):
    monkeypatch.setenv("UNSPUN_BASE_MODEL_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(ResourceError, match="missing"):
        weights.locate_base()


def test_int8_quantised_model_runs(tiny):
    spec = assemble_mod.load_spec(tiny["model_dir"])
    fp32, int8 = assemble_mod.assemble(spec), assemble_mod.assemble(spec, quantize=True)
    assert fp32 != int8 and int8.is_file()
    sess = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"])
    ids = np.array([[2, 4, 5, 3]], dtype=np.int64)
    out = sess.run(["probs"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0]
    assert out.shape == (1, 4, len(CHANNELS)) and np.all((out >= 0) & (out <= 1))


def test_detector_end_to_end_on_the_tiny_model(tiny):
    from unspun.detectors.techniques.detector import TechniqueDetector

    detector = TechniqueDetector(tiny["model_dir"])
    texts = ["They are liars and cowards.\nOur great nation!", "", "the the the " * 5]
    analyses = [Analysis(Document(id=str(i), text=t)) for i, t in enumerate(texts)]
    detector.pipe(analyses)
    first = analyses[0].by_kind("technique")
    assert first, "a zero threshold must flag the text"
    for f in first:
        assert f.label == "Loaded_Language" and f.attrs["ptc_label"] == "Loaded_Language"
        assert f.category == "manipulative_wording" and f.explanation
        assert 0.0 <= f.score <= 1.0 and f.detector == "techniques"
    # Gap filling joins the whole first line; spans never start or end inside a word.
    text = texts[0]
    for f in first:
        assert f.start == 0 or not text[f.start - 1].isalnum()
        assert f.end == len(text) or not text[f.end].isalnum()
    assert analyses[1].findings == []
    # a span of nothing but function words ("the the the ...") is no use to a reader
    assert analyses[2].by_kind("technique") == []
    # Only the pipeline lists detectors; every finding carries code and model version.
    assert analyses[0].detectors == {}
    assert {f.detector_version for f in first} == {detector.detector_version}
    assert detector.detector_version.startswith("1.0.0+")


def test_detector_labels_follow_the_taxonomy():
    from unspun.detectors.techniques.detector import TechniqueDetector, semeval_label

    assert TechniqueDetector.labels == tuple(semeval_label(p)[0] for p in PTC)
