"""The English technique tagger on all-mpnet-base-v2 (``tagger_mpnet.py``): the pinned base
from its five PyPI pieces, the ONNX graph we write for MPNet against the reference model,
rows and offsets, the join, and the detector's English route with the real model."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.detectors.techniques.tagger import TokenScores
from unspun.detectors.techniques.tagger_mpnet import ROW_TOKENS, join_all
from unspun.model.analysis import Analysis
from unspun.model.document import Document
from unspun.runtime import mpnet
from unspun.runtime.graph import relative_buckets


def _scores(offsets, probs) -> TokenScores:
    return TokenScores(np.asarray(offsets, np.int64).reshape(-1, 2), np.asarray(probs, np.float32))


def test_relative_buckets_follow_distance_and_direction() -> None:
    grid = relative_buckets(300)
    assert (np.diag(grid) == 0).all()
    # keys before the query (query - key > 0): exact up to 7, then log bins, 15 at the far end
    assert [grid[20, 20 - d] for d in range(8)] == list(range(8))
    # keys after the query: the other half of the buckets
    assert [grid[20, 20 + d] for d in range(1, 8)] == [16 + d for d in range(1, 8)]
    assert grid[299, 0] == 15 and grid[0, 299] == 31
    row = grid[150, :150][::-1]  # distances 1..150 before the query
    assert (np.diff(row) >= 0).all()  # never decreasing with distance


def test_relative_buckets_match_the_reference() -> None:
    torch = pytest.importorskip("torch")
    modeling = pytest.importorskip("transformers.models.mpnet.modeling_mpnet")
    pos = torch.arange(514)
    ref = modeling.MPNetEncoder.relative_position_bucket(pos[None, :] - pos[:, None])
    assert (ref.numpy() == relative_buckets(514)).all()


def test_join_all_is_the_mean_of_logits_on_the_first_tokens() -> None:
    first = _scores([(0, 5), (6, 11), (20, 21)], [[0.8], [0.1], [0.7]])
    a = _scores([(0, 5), (6, 11)], [[0.2], [0.9]])
    b = _scores([(0, 11)], [[0.5]])
    two = join_all(first, a)
    np.testing.assert_allclose(two.probs[:2, 0], [0.5, 0.5], atol=1e-5)  # logits cancel
    assert two.probs[2, 0] == pytest.approx(0.7)  # read by the first tagger only
    three = join_all(first, a, b)  # b's 0.5 is logit 0: the mean of three logits
    z = np.log(0.8 / 0.2) + np.log(0.2 / 0.8) + 0.0
    assert three.probs[0, 0] == pytest.approx(1 / (1 + np.exp(-z / 3)), abs=1e-5)
    assert two.offsets is first.offsets
    assert join_all(_scores([], np.zeros((0, 1))), a).probs.shape == (0, 1)


def test_a_damaged_base_is_refused(tmp_path, monkeypatch) -> None:
    from unspun.errors import ChecksumError, ResourceError

    (tmp_path / "model.safetensors").write_bytes(b"not the weights")
    (tmp_path / "tokenizer.json").write_text("{}")
    monkeypatch.setenv(mpnet.ENV_DIR, str(tmp_path))
    with pytest.raises(ChecksumError) as err:
        mpnet.locate_mpnet()
    assert "unspun models install" in str(err.value.hint)
    monkeypatch.delenv(mpnet.ENV_DIR)
    monkeypatch.setenv("UNSPUN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(mpnet, "_part_path", lambda i: None)
    assert not mpnet.installed()
    with pytest.raises(ResourceError, match="not installed"):
        mpnet.locate_mpnet()


@pytest.fixture(scope="module")
def base():
    if not mpnet.installed():
        pytest.skip("all-mpnet-base-v2 is not installed (unspun models install)")
    return mpnet.locate_mpnet()


def test_the_graph_matches_the_reference_model(base) -> None:
    """Our ONNX graph of MPNet (positions, relative bias, every layer) against transformers,
    on a padded batch and on a row longer than the bias's exact range."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    import onnxruntime as ort

    from unspun.runtime.graph import BertShape, build_mpnet_tagger_graph

    weights = mpnet.read_bert_names(base.weights_path)
    rng = np.random.default_rng(0)
    weights["head.weight"] = rng.normal(0, 0.05, (3, 768)).astype(np.float32)
    weights["head.bias"] = np.zeros(3, np.float32)
    model = build_mpnet_tagger_graph(weights, BertShape(768, 12, 12, 1e-5))
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    config = transformers.MPNetConfig(  # the extracted base keeps weights and tokenizer only
        vocab_size=30527, max_position_embeddings=514, layer_norm_eps=1e-5
    )
    reference = transformers.MPNetModel.from_pretrained(
        str(base.folder), config=config, add_pooling_layer=False
    ).eval()
    long_row = rng.integers(5, 30000, (1, 300))
    long_row[0, 0], long_row[0, -1] = 0, 2
    for ids in (np.array([[0, 100, 200, 300, 2, 1, 1], [0, 5, 6, 7, 8, 9, 2]]), long_row):
        mask = (ids != 1).astype(np.int64)
        probs = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        with torch.no_grad():
            states = reference(
                input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask)
            ).last_hidden_state.numpy()
        expected = 1 / (1 + np.exp(-(states @ weights["head.weight"].T)))
        assert np.abs(probs - expected)[mask.astype(bool)].max() < 1e-4


@pytest.fixture(scope="module")
def tagger(base, tmp_path_factory):
    from unspun.detectors.techniques.tagger_mpnet import MpnetTagger, has_mpnet_tagger

    if not has_mpnet_tagger():
        pytest.skip("no mpnet tagger in the packaged model folder")
    mp = pytest.MonkeyPatch()
    mp.setenv("UNSPUN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    try:
        yield MpnetTagger()
    finally:
        mp.undo()


def test_rows_cover_every_token_of_a_long_sentence(tagger) -> None:
    text = "  " + "The regime's lying puppets betray the nation again. " * 40
    rows = tagger.rows(text, [(0, len(text))])
    assert len(rows) > 1 and all(len(ids) <= ROW_TOKENS + 2 for ids, _ in rows)
    offsets = np.concatenate([o for _, o in rows])
    assert (offsets[:, 0] >= 2).all() and offsets[-1, 1] == len(text.rstrip())
    assert (np.diff(offsets[:, 0]) > 0).all()  # in order, none read twice
    assert tagger.rows("   ", [(0, 3)]) == []


EN = (
    "The corrupt, lying elites want to destroy everything we hold dear.\n"
    "Wake up, patriots: only a traitor would stay silent now!\n"
    "The committee will publish its report on Tuesday.\n"
)


@pytest.fixture(scope="module")
def detector(tagger):
    from unspun.detectors.techniques.detector import TechniqueDetector

    return TechniqueDetector()


def _run(detector, text: str, lang: str | None) -> Analysis:
    analysis = Analysis(Document(id="d", text=text, lang=lang))
    detector.pipe([analysis])
    return analysis


def test_english_is_read_with_the_mpnet_tagger(detector) -> None:
    assert detector.mpnet is not None
    assert detector.mpnet.version in str(detector.model_version)
    found = _run(detector, EN, "en").by_kind("technique")
    assert found and all(0 <= f.start < f.end <= len(EN) for f in found)
    loaded = EN.index("corrupt")
    assert any(f.start <= loaded < f.end for f in found)
    neutral = EN.index("The committee")
    assert not [f for f in found if f.start >= neutral]
    scores = detector.mpnet.scores([_segmented(EN)])[0]
    assert scores.probs.shape[1] == len(detector.spec.channels)
    assert (np.diff(scores.offsets[:, 0]) >= 0).all() and scores.offsets.max() <= len(EN)


def _segmented(text: str) -> Analysis:
    analysis = Analysis(Document(id="s", text=text, lang="en"))
    from unspun.pipeline import Pipeline, load_config

    Pipeline.from_config(load_config(components=["segment"])).components[0][1].pipe([analysis])
    return analysis


def test_a_documents_scores_do_not_depend_on_its_batch(tagger) -> None:
    """A document scores the same alone and beside others (the batch runner and the service
    promise the same records however documents are grouped): float32 batches differ only in
    rounding."""
    other = _segmented("Short.\nA much longer sentence about the weather in the harbour town.\n")
    alone = tagger.scores([_segmented(EN)])[0]
    together = tagger.scores([other, _segmented(EN), other])[1]
    assert np.array_equal(alone.offsets, together.offsets)
    np.testing.assert_allclose(alone.probs, together.probs, atol=1e-5)


def test_a_quantised_config_is_refused(tmp_path) -> None:
    import json
    import shutil

    from unspun.detectors.techniques.tagger_mpnet import CONFIG_FILE, MpnetTagger, default_folder
    from unspun.errors import ResourceError

    config = json.loads((default_folder() / CONFIG_FILE).read_text("utf-8"))
    config["quantize"] = "int8"
    (tmp_path / CONFIG_FILE).write_text(json.dumps(config), "utf-8")
    shutil.copy(default_folder() / config["delta"]["file"], tmp_path)
    with pytest.raises(ResourceError, match="float32"):
        MpnetTagger(tmp_path)


def test_other_languages_and_empty_documents_skip_it(detector, monkeypatch) -> None:
    calls: list[int] = []
    real = detector.mpnet.scores
    monkeypatch.setattr(detector.mpnet, "scores", lambda a: calls.append(len(a)) or real(a))
    _run(detector, "Киевский режим снова устроил провокацию.\n", "ru")
    assert calls == []
    for text in ("", "   \n", "\u200b"):
        analysis = _run(detector, text, "en")
        assert all(0 <= f.start < f.end <= len(text) for f in analysis.findings)


def test_without_the_base_english_falls_back(monkeypatch) -> None:
    from unspun.detectors.techniques.detector import TechniqueDetector

    monkeypatch.setattr(mpnet, "installed", lambda: False)
    fallback = TechniqueDetector()
    assert fallback.mpnet is None and fallback.minilm
    assert _run(fallback, EN, "en").by_kind("technique")


@pytest.mark.shared_data
def test_ptc_validation_si_and_flc(detector) -> None:
    """The default route's numbers, measured again: SI and FLC F1 on the 74 PTC validation
    articles (docs/model-card-techniques.md: 0.463 / 0.316; without mpnet 0.443 / 0.298)."""
    from tests.helpers import ptc_validation_result

    result = ptc_validation_result(detector)
    assert result["si"]["f1"] >= 0.455
    assert result["flc"]["f1"] >= 0.305
