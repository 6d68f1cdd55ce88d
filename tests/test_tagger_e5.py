"""The technique tagger as a branch of the shared e5 pass (``tagger_e5.py``) and the
detector's routes: English joined with the MiniLM tagger, other languages the e5 tagger
alone, with real spans."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.detectors.techniques.tagger import TokenScores
from unspun.detectors.techniques.tagger_e5 import has_e5_tagger, join, project
from unspun.model.analysis import Analysis
from unspun.model.document import Document


def _scores(offsets, probs) -> TokenScores:
    return TokenScores(np.asarray(offsets, np.int64).reshape(-1, 2), np.asarray(probs, np.float32))


def test_project_takes_the_mean_of_overlapping_tokens() -> None:
    # target tokens "Hello" (0-5), "world" (6-11), "!" (20-21, nothing under it)
    target = _scores([(0, 5), (6, 11), (20, 21)], np.zeros((3, 2)))
    source = _scores([(0, 2), (2, 5), (6, 11)], [[0.2, 1.0], [0.4, 0.0], [0.9, 0.5]])
    out, hit = project(target, source)
    np.testing.assert_allclose(out[0], [0.3, 0.5])
    np.testing.assert_allclose(out[1], [0.9, 0.5])
    assert hit.tolist() == [True, True, False]
    empty, none = project(target, _scores([], np.zeros((0, 2))))
    assert not none.any() and empty.shape == (3, 2)


def test_join_mixes_logits_and_keeps_unread_tokens() -> None:
    minilm = _scores([(0, 5), (6, 11), (20, 21)], [[0.8], [0.1], [0.7]])
    e5 = _scores([(0, 5), (6, 11)], [[0.2], [0.9]])
    half = join(minilm, e5, 0.5)
    np.testing.assert_allclose(half.probs[:2, 0], [0.5, 0.5], atol=1e-5)  # logits cancel
    assert half.probs[2, 0] == pytest.approx(0.7)  # the e5 pass did not read it
    np.testing.assert_allclose(join(minilm, e5, 0.0).probs[:, 0], [0.8, 0.1, 0.7], atol=1e-5)
    np.testing.assert_allclose(join(minilm, e5, 1.0).probs[:2, 0], [0.2, 0.9], atol=1e-5)
    assert half.offsets is minilm.offsets


RU = (
    "Киевский режим снова устроил провокацию. Нацисты из ВСУ обстреливают мирные города, "
    "а западные кураторы молчат.\n"
    "Министр сказал, что данные опубликуют во вторник.\n"
)
EN = "The corrupt, lying elites want to destroy everything we hold dear.\n"


@pytest.fixture(scope="module")
def detector(tmp_path_factory):
    pytest.importorskip("onnxruntime")
    if not has_e5_tagger():
        pytest.skip("no e5 tagger in the packaged model folder")
    mp = pytest.MonkeyPatch()
    mp.setenv("UNSPUN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    from unspun.detectors.techniques.detector import TechniqueDetector

    try:  # the e5 route and its English join with MiniLM (tests/test_tagger_mpnet.py: mpnet)
        yield TechniqueDetector(mpnet=False)
    finally:
        mp.undo()


def _run(detector, text: str, lang: str | None) -> Analysis:
    analysis = Analysis(Document(id="d", text=text, lang=lang))
    detector.pipe([analysis])
    return analysis


def test_russian_gets_spans_not_sentences(detector) -> None:
    assert detector.e5 is not None and "+" in str(detector.model_version)
    analysis = _run(detector, RU, "ru")
    found = analysis.by_kind("technique")
    assert found, "nothing flagged in an obviously loaded Russian text"
    assert analysis.sentences  # the detector segmented the document itself
    sentence_lengths = {(s.start, s.end) for s in analysis.sentences}
    for f in found:
        assert 0 <= f.start < f.end <= len(RU)
        assert RU[f.start : f.end] == RU[f.start : f.end].strip()
        assert (f.start, f.end) not in sentence_lengths  # a span, not a whole sentence
        assert 0.0 <= f.score <= 1.0 and f.explanation
    assert any("Нацист" in RU[f.start : f.end] for f in found)
    # the neutral report sentence is left alone
    neutral = RU.index("Министр")
    assert not [f for f in found if f.start >= neutral]


def test_english_joins_both_taggers(detector) -> None:
    from unspun.detectors.techniques.detector import TechniqueDetector

    joined = _run(detector, EN, "en").by_kind("technique")
    assert joined and all(0 <= f.start < f.end <= len(EN) for f in joined)
    # the same document with the e5 tagger switched off: the MiniLM tagger alone (and no
    # mpnet tagger, which is only joined with e5)
    alone = TechniqueDetector(e5_tagger=False)
    assert alone.mpnet is None
    assert alone.e5 is None and not alone.handles(Analysis(Document(id="r", text=RU, lang="ru")))
    assert _run(alone, EN, "en").by_kind("technique")


def test_empty_and_unsegmentable_documents(detector) -> None:
    for text in ("   \n", "!!!", "\u200b"):
        analysis = _run(detector, text, "ru")
        assert all(0 <= f.start < f.end <= len(text) for f in analysis.findings)
    found, minilm = detector.analyse_texts(["", EN])
    assert found[0] == [] and minilm[1] is not None


@pytest.mark.shared_data
def test_ptc_validation_si_and_flc(detector) -> None:
    """The numbers of the route without mpnet (English: MiniLM + e5), measured again: SI and
    FLC F1 on the 74 PTC validation articles (docs/model-card-techniques.md: 0.443 / 0.298).
    The default route's are tested in test_tagger_mpnet.py."""
    from tests.helpers import ptc_validation_result

    result = ptc_validation_result(detector)
    assert result["si"]["f1"] >= 0.435
    assert result["flc"]["f1"] >= 0.29


def test_hostile_text_keeps_valid_offsets(detector) -> None:
    """A sentence longer than the encoder's cut, emoji, zero-width and combining marks,
    control characters: every span lies inside the text, on its own characters."""
    long_ru = ("Киевский режим и его нацистские прихвостни " * 60).strip() + "."
    hostile = "Нацисты\u200b из ВСУ 🤡🤡 снова lügen! e\u0301\u0301 \x07 «хунта» \ufeff."
    for text, lang in ((long_ru, "ru"), (hostile, "ru"), (hostile, "en"), (long_ru, "en")):
        analysis = _run(detector, text, lang)
        for f in analysis.by_kind("technique"):
            assert 0 <= f.start < f.end <= len(text)
            assert text[f.start : f.end].strip(), (text[f.start : f.end], lang)
    # a sentence too long for one encoder row is cut into pieces by the segmenter: the
    # tagger reads all of it, not only its start
    found = _run(detector, long_ru, "ru").by_kind("technique")
    assert any(f.start > len(long_ru) // 2 for f in found)
