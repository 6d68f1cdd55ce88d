"""Technique and UNLP scorers against hand-computed cases; the PTC file formats."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspun.detectors.techniques.classify import rank_span
from unspun.errors import MalformedInputError
from unspun.evaluation.ptc import LabelledSpan, read_article, read_technique_labels
from unspun.evaluation.techniques import DocPrediction, score_techniques
from unspun.evaluation.unlp import token_f1


def test_score_techniques_by_hand() -> None:
    gold = {
        "a": [LabelledSpan("a", "Doubt", 0, 10), LabelledSpan("a", "Slogans", 20, 30)],
        "b": [LabelledSpan("b", "Doubt", 5, 15)],
    }
    preds = {
        # half of the Doubt span, labelled right; 5 chars of Slogans labelled Doubt
        "a": DocPrediction(
            spans=[(0, 5, "Doubt", 0.9), (25, 35, "Doubt", 0.2)],
            rank=lambda s, e: [("Doubt", 0.8)] if s == 0 else [("Repetition", 0.6)],
        ),
        "b": DocPrediction(spans=[], rank=lambda s, e: [("Doubt", 0.7)]),
    }
    result = score_techniques(gold, preds)
    # SI: P = (5/5 + 5/10) / 2 = 0.75; R = (5/10 + 5/10 + 0/10) / 3 = 1/3
    assert result["si"]["precision"] == pytest.approx(0.75)
    assert result["si"]["recall"] == pytest.approx(1 / 3, abs=1e-4)
    # FLC: only (0,5,Doubt) overlaps a same-label gold span: P = 1/2, R = (0.5+0+0)/3
    assert result["flc"]["precision"] == pytest.approx(0.5)
    assert result["flc"]["recall"] == pytest.approx(1 / 6, abs=1e-4)
    # TC: 2 of 3 gold spans right
    assert result["tc_micro_f1"] == pytest.approx(2 / 3, abs=1e-4)
    # ECE: confidences 0.9 (correct 1.0) and 0.2 (correct 0.0), one bin each
    assert result["ece"] == pytest.approx((0.1 + 0.2) / 2)
    assert result["per_technique"]["Slogans"]["recall"] == 0.0


def test_rank_span_means_token_probabilities() -> None:
    offsets = np.array([[0, 4], [5, 9], [12, 16]])
    probs = np.array([[0.1, 0.9, 0.5], [0.3, 0.7, 0.5], [0.9, 0.1, 0.5]])
    ranked = rank_span(offsets, probs, ["Doubt", "Slogans", "ANY"], 0, 9)
    assert [label for label, _ in ranked] == ["Slogans", "Doubt"]
    assert ranked[0][1] == pytest.approx(0.8)
    # whitespace between tokens: falls back to the nearest token
    assert rank_span(offsets, probs, ["Doubt", "Slogans", "ANY"], 11, 12)[0][0] == "Doubt"


def test_unlp_token_f1_by_hand() -> None:
    texts = {"p": "Вороги знову брешуть про все"}
    gold = {"p": [[7, 20]]}  # "знову брешуть"
    predicted = {"p": [[14, 28]]}  # "брешуть про в..." overlapping 3 tokens
    counts = token_f1(texts, gold, predicted)
    assert (counts.tp, counts.fp, counts.fn) == (1, 2, 1)
    assert counts.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_ptc_formats(tmp_path: Path) -> None:
    (tmp_path / "article1.txt").write_text("\ufeffTitle\r\n\nBody", encoding="utf-8")
    assert read_article(tmp_path, "1")[0] == "\ufeff"  # BOM kept: gold offsets count it
    assert "\r\n" in read_article(tmp_path, "1")
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "article1.task-flc-tc.labels").write_text("1\tDoubt\t1\t6\n", encoding="utf-8")
    assert read_technique_labels(labels) == {"1": [LabelledSpan("1", "Doubt", 1, 6)]}
    bad = tmp_path / "bad.labels"
    bad.write_text("1\tDoubt\tx\t6\n", encoding="utf-8")
    with pytest.raises(MalformedInputError, match="integers"):
        read_technique_labels(bad)
