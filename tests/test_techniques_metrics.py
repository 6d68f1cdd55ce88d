"""Technique metrics against cases computed by hand (GUIDE §3 definitions)."""

from __future__ import annotations

import pytest

from unspun.detectors.techniques.calibration import fit_platt
from unspun.detectors.techniques.metrics import (
    expected_calibration_error,
    merge_spans,
    span_precision_share,
    span_prf,
    tc_micro_f1,
)


def test_merge_spans_joins_overlaps_not_touching():
    assert merge_spans([(5, 10), (0, 3), (8, 12), (12, 14)]) == [(0, 3), (5, 12), (12, 14)]


def test_span_prf_partial_credit_single_document():
    # pred [0,10) overlaps gold [5,15) by 5: P = 5/10, R = 5/10.
    score = span_prf({"d": [(0, 10)]}, {"d": [(5, 15)]})
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(0.5)


def test_span_prf_si_merges_predictions_first():
    # Unmerged: two spans, P = (10/10 + 10/10) / 2 = 1 but R = 15/20 counts overlap twice.
    # Merged: one span [0,15) fully inside gold [0,20): P = 1, R = 15/20.
    score = span_prf({"d": [(0, 10), (5, 15)]}, {"d": [(0, 20)]})
    assert score.n_pred == 1
    assert score.precision == pytest.approx(1.0)
    assert score.recall == pytest.approx(0.75)
    assert score.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_span_prf_sums_over_documents_before_dividing():
    pred = {"a": [(0, 10)], "b": [(0, 10), (20, 30)]}
    gold = {"a": [(0, 10)], "b": [(0, 5)], "c": [(0, 4)]}
    # P: a 1.0; b 0.5 + 0 -> 1.5 / 3 spans. R: a 1.0; b 1.0; c 0 -> 2 / 3 spans.
    score = span_prf(pred, gold)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_span_prf_flc_requires_matching_labels():
    pred = {"d": [(0, 10, "Doubt"), (20, 30, "Slogans")]}
    gold = {"d": [(0, 10, "Loaded_Language"), (20, 30, "Slogans")]}
    score = span_prf(pred, gold, match_labels=True)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)
    # Without label matching both spans count.
    assert span_prf(pred, gold).f1 == pytest.approx(1.0)


def test_span_prf_empty_is_zero():
    assert span_prf({}, {"d": [(0, 3)]}).f1 == 0.0
    assert span_prf({"d": [(0, 3)]}, {}).f1 == 0.0


def test_tc_micro_f1():
    gold = ["Doubt", "Slogans", "Doubt", "Repetition"]
    assert tc_micro_f1(gold, ["Doubt", "Doubt", "Doubt", "Repetition"]) == pytest.approx(0.75)
    # One abstention: P = 2/3, R = 2/4.
    assert tc_micro_f1(gold, ["Doubt", None, "Slogans", "Repetition"]) == pytest.approx(
        2 * (2 / 3) * 0.5 / (2 / 3 + 0.5)
    )


def test_expected_calibration_error_by_hand():
    # Bin [0.2,0.3): conf 0.25, acc 0 -> gap 0.25 (2 of 4); bin [0.9,1.0]: conf 0.95 and 1.0,
    # mean 0.975, acc 1.0 -> gap 0.025 (2 of 4). ECE = 0.5 * 0.25 + 0.5 * 0.025.
    ece = expected_calibration_error([0.25, 0.25, 0.95, 1.0], [0, 0, 1, 1])
    assert ece == pytest.approx(0.1375)
    assert expected_calibration_error([], []) == 0.0


def test_span_precision_share():
    assert span_precision_share((0, 10), [(0, 4), (2, 6), (8, 20)]) == pytest.approx(0.8)


def test_platt_fit_improves_calibration():
    scores = [0.9] * 50 + [0.6] * 50
    targets = [1] * 25 + [0] * 25 + [1] * 5 + [0] * 45
    platt = fit_platt(scores, targets)
    calibrated = [platt(s) for s in scores]
    assert calibrated[0] == pytest.approx(0.5, abs=0.02)
    assert calibrated[-1] == pytest.approx(0.1, abs=0.02)
    assert expected_calibration_error(calibrated, targets) < expected_calibration_error(
        scores, targets
    )
