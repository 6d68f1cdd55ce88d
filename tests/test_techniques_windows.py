"""Windows, run-time batching and decoding keep exact character offsets."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from unspun.detectors.techniques.decode import (
    ChannelRule,
    decode_channel,
    snap_to_words,
    token_runs,
)
from unspun.detectors.techniques.tagger import TaggerSession
from unspun.detectors.techniques.windows import best_window, line_starts, make_windows


@pytest.mark.parametrize("n", [0, 1, 5, 17, 100, 333])
@pytest.mark.parametrize("every", [1, 3, 7, 1000])
def test_make_windows_covers_every_token_within_budget(n, every):
    starts = [i % every == 0 for i in range(n)]
    windows = make_windows(starts, max_tokens=16, overlap=4)
    covered = set()
    for w in windows:
        assert 0 < len(w) <= 16
        covered.update(range(w.start, w.end))
    assert covered == set(range(n))
    assert [w.start for w in windows] == sorted({w.start for w in windows})


def test_make_windows_prefers_line_starts():
    starts = [i % 5 == 0 for i in range(60)]  # a line every 5 tokens
    windows = make_windows(starts, max_tokens=16, overlap=4)
    for w in windows:
        assert starts[w.start]
        assert w.end == 60 or starts[w.end]


def test_best_window_prefers_context():
    windows = make_windows([True] * 40, max_tokens=16, overlap=6)
    best = best_window(windows, 40)
    for tok, (w, pos) in enumerate(best):
        win = windows[w]
        assert win.start + pos == tok

        # No other window sees the token farther from a cut edge.
        def margin(v, tok=tok):
            left = tok - v.start if v.start > 0 else 40
            right = v.end - 1 - tok if v.end < 40 else 40
            return min(left, right)

        assert all(margin(v) <= margin(win) for v in windows if v.start <= tok < v.end)


def test_line_starts():
    text = "ab cd\nef\n\ngh"
    offsets = [(0, 2), (3, 5), (6, 8), (10, 12)]
    assert line_starts(text, offsets) == [True, False, True, True]


class _EchoSession:
    """Stands in for ONNX Runtime: channel 0 returns each input id, channel 1 the position."""

    def run(self, _names, feeds):
        ids = feeds["input_ids"].astype(np.float32)
        pos = np.broadcast_to(np.arange(ids.shape[1], dtype=np.float32), ids.shape)
        return [np.stack([ids, pos], axis=-1)]


def _echo_tagger(tokenizer, max_tokens, overlap, batch_tokens=64) -> TaggerSession:
    tagger = TaggerSession.__new__(TaggerSession)
    tagger.session = _EchoSession()
    tagger.tokenizer = tokenizer
    tagger.cls_id, tagger.sep_id = 101, 102
    tagger.n_channels = 2
    tagger.max_tokens, tagger.overlap, tagger.batch_tokens = max_tokens, overlap, batch_tokens
    return tagger


class _CharTokenizer:
    """Every non-space character is a token whose id is its code point."""

    class _Enc:
        def __init__(self, text):
            self.offsets = [(i, i + 1) for i, ch in enumerate(text) if not ch.isspace()]
            self.ids = [ord(text[s]) for s, _ in self.offsets]

    def encode(self, text, add_special_tokens=False):
        return self._Enc(text)


def test_predict_maps_every_token_back_exactly_across_seams_and_documents():
    texts = [
        "Line one has words.\nA second line 🙂 with emoji.\nCafe\u0301 and naïve.\n" * 4,
        "short",
        "",
        "no newline at all " * 10,
    ]
    tagger = _echo_tagger(_CharTokenizer(), max_tokens=12, overlap=4)
    results = tagger.predict(texts)
    for text, res in zip(texts, results, strict=True):
        expected = [ord(text[s]) for s, _ in res.offsets]
        assert res.probs[:, 0].tolist() == expected
        assert all(text[s:e] and not text[s:e].isspace() for s, e in res.offsets)


def test_predict_with_real_tokenizer_offsets_are_exact():
    weights = pytest.importorskip("unspun.runtime.minilm")
    try:
        base = weights.locate_base(verify=False)
    except Exception:
        pytest.skip("base model package not installed")
    from unspun.detectors.techniques.tagger import load_tokenizer

    tokenizer = load_tokenizer(base.tokenizer_path)
    text = ("The \u201cradical\u201d élite 🙂 said: Cafe\u0301s are doomed!!\n" * 30) + "\ufeffEnd."
    tagger = _echo_tagger(tokenizer, max_tokens=24, overlap=6, batch_tokens=200)
    (res,) = tagger.predict([text])
    enc = tokenizer.encode(text, add_special_tokens=False)
    assert res.probs[:, 0].astype(int).tolist() == enc.ids
    assert [tuple(o) for o in res.offsets.tolist()] == [tuple(o) for o in enc.offsets]
    assert len(enc.ids) > 5 * 24  # several windows, so several seams
    for (s, e), tok_id in zip(enc.offsets, enc.ids, strict=True):
        piece = text[s:e]
        assert piece and not piece.isspace()
        token = tokenizer.id_to_token(tok_id)
        if token != "[UNK]":
            assert _fold(piece) == token.removeprefix("##")


def _fold(piece: str) -> str:
    """What the uncased BERT normaliser makes of a piece: lower case, accents stripped."""
    decomposed = unicodedata.normalize("NFD", piece.lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def test_token_runs_fill_short_gaps():
    pos = np.array([1, 1, 0, 1, 0, 0, 0, 1], dtype=bool)
    assert token_runs(pos, 0) == [(0, 2), (3, 4), (7, 8)]
    assert token_runs(pos, 1) == [(0, 4), (7, 8)]
    assert token_runs(pos, 3) == [(0, 8)]


def test_snap_to_words():
    text = "the scoundrels' lies"
    assert snap_to_words(text, 6, 9) == (4, 15)
    assert snap_to_words(text, 4, 15) == (4, 15)


def test_a_hyphenated_word_is_never_cut():
    text = "The pro-Kremlin media and so-called experts"
    assert snap_to_words(text, 8, 15) == (4, 15)  # not "Kremlin" alone
    assert snap_to_words(text, 4, 7) == (4, 15)
    start = text.index("called")
    assert snap_to_words(text, start, start + 6) == (text.index("so-"), start + 6)


def test_spans_of_function_words_only_are_dropped():
    text = "and the of liars"
    offsets = np.array([[0, 3], [4, 7], [8, 10], [11, 16]])
    only_function = decode_channel(
        text, offsets[:3], np.ones(3, np.float32), ChannelRule(0.5, 0, 1)
    )
    assert only_function == []
    kept = decode_channel(text, offsets, np.ones(4, np.float32), ChannelRule(0.5, 0, 1))
    assert [(s, e) for s, e, _ in kept] == [(0, 16)]


def test_decode_channel_spans_and_scores():
    text = "They are total liars and cowards."
    offsets = np.array([[0, 4], [5, 8], [9, 14], [15, 18], [18, 20], [21, 24], [25, 32], [32, 33]])
    probs = np.array([0.1, 0.1, 0.9, 0.8, 0.2, 0.3, 0.7, 0.1], dtype=np.float32)
    spans = decode_channel(text, offsets, probs, ChannelRule(0.5, 0, 1))
    assert [(s, e) for s, e, _ in spans] == [(9, 20), (25, 32)]
    assert spans[0][2] == pytest.approx(0.85)
    joined = decode_channel(text, offsets, probs, ChannelRule(0.5, 2, 1))
    assert [(s, e) for s, e, _ in joined] == [(9, 32)]
    assert text[9:32] == "total liars and cowards"
