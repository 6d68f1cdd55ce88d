"""Per-language offsets of the multilingual encoder (unspun.runtime.alignment)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from unspun.errors import ResourceError
from unspun.runtime.alignment import ABOUT_FILE, LanguageOffsets, shipped_offsets
from unspun.runtime.sentences import E5_SMALL, get_encoder

ROOT = Path(__file__).resolve().parents[1]
SMOKE = ROOT / "data" / "languages" / "smoke.jsonl"


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_apply_moves_only_languages_with_an_offset() -> None:
    rng = np.random.default_rng(0)
    vectors = unit(rng.normal(size=(3, 4))).astype(np.float32)
    offsets = LanguageOffsets({"pt": np.asarray([0.5, 0, 0, 0], np.float32)}, {})
    assert offsets.apply(vectors, "en") is vectors
    assert offsets.apply(vectors, None) is vectors
    moved = offsets.apply(vectors, "pt")
    assert moved is not vectors and not np.allclose(moved, vectors)
    np.testing.assert_allclose(np.linalg.norm(moved, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(moved, unit(vectors + np.asarray([0.5, 0, 0, 0])), rtol=1e-5)
    assert offsets.apply(np.zeros((0, 4), np.float32), "pt").shape == (0, 4)


def test_missing_file_means_no_offsets(tmp_path: Path) -> None:
    offsets = LanguageOffsets.load(tmp_path / "absent.npz")
    assert offsets.languages == ()


def test_unreadable_file_is_a_typed_error(tmp_path: Path) -> None:
    bad = tmp_path / "offsets.npz"
    bad.write_bytes(b"not a numpy archive")
    with pytest.raises(ResourceError, match="language offsets"):
        LanguageOffsets.load(bad)


def test_offsets_of_another_encoder_are_refused() -> None:
    offsets = LanguageOffsets({}, {"encoder_sha256": "0" * 64})
    with pytest.raises(ResourceError, match="another sentence encoder"):
        offsets.check_encoder(E5_SMALL["sha256"])


def test_shipped_offsets_match_the_shipped_encoder() -> None:
    offsets = shipped_offsets()
    about = json.loads(ABOUT_FILE.read_text("utf-8"))
    offsets.check_encoder(E5_SMALL["sha256"])
    assert set(offsets.languages) == set(about["languages"])
    assert {"pt", "de", "bg", "hi"} <= set(offsets.languages)
    # English is the target; Russian and Ukrainian keep the vectors they were validated on
    assert not {"en", "ru", "uk"} & set(offsets.languages)


def test_offsets_bring_translations_closer_to_english() -> None:
    """On sentences the offsets were not fitted on (smoke.jsonl), each language's vectors
    move towards their English originals."""
    rows = [json.loads(x) for x in SMOKE.read_text("utf-8").splitlines()]
    encoder = get_encoder(E5_SMALL)
    english = encoder.encode([r["en"] for r in rows], query=True)
    offsets = shipped_offsets()
    for lang in ("pt", "de", "bg"):
        own = encoder.encode([r[lang] for r in rows], query=True)
        before = float((unit(own) * unit(english)).sum(axis=1).mean())
        after = float((offsets.apply(own, lang) * unit(english)).sum(axis=1).mean())
        assert after > before, lang


def test_portuguese_statistic_is_a_claim(nlp) -> None:
    """The held-out failure: a Portuguese statistic scored 0.004 before the offsets."""
    from unspun.api import analyze

    text = (
        "A inflação subiu para 8,5 por cento em março de 2023. "
        "O governo gastou 2 mil milhões de euros em novas estradas no ano passado."
    )
    record = analyze(text, lang="pt", pipeline=nlp)
    claims = [f for f in record.findings if f.kind == "claim"]
    assert len(claims) == 2, [(f.text, f.score) for f in record.findings]
    for claim in claims:
        assert record.text[claim.start : claim.end] == claim.text


def test_aligned_scores_rise_for_portuguese_only_where_offsets_apply(nlp) -> None:
    from unspun.detectors.claims.checkworthy import CheckWorthinessModel

    # the frozen head (what answers when the fine-tuned top is off or cannot run)
    model = CheckWorthinessModel(fine_tuned_top=False)
    sentence = ["A inflação subiu para 8,5 por cento em março de 2023."]
    plain = float(model.score(sentence)[0])
    aligned = float(model.score(sentence, "pt")[0])
    assert aligned >= model.threshold > plain
    english = ["Inflation rose to 8.5 percent in March 2023."]
    assert float(model.score(english, "en")[0]) == pytest.approx(float(model.score(english)[0]))
    # the fine-tuned top needs no offset: the sentence scores as its English original
    tuned = CheckWorthinessModel()
    assert tuned.uses_branch("pt")
    pt, en = float(tuned.score(sentence, "pt")[0]), float(tuned.score(english, "en")[0])
    assert pt >= tuned.threshold and en >= tuned.threshold and abs(pt - en) < 0.1
