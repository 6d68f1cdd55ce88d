"""What the narrative report tells a reader (issue 10, "the report says what the tool read"):
an ``Other`` document names the nearest narrative and how close it came; each label says
whether its evidence advances the narrative or keeps its distance from it."""

from __future__ import annotations

import pytest

from unspun.model import Document
from unspun.model.record import AnalysisRecord
from unspun.pipeline import Pipeline
from unspun.pipeline.config import load_config
from unspun.writers.html.report import render_report

WAR = (
    "Zelensky's government is a puppet of Washington and cannot decide anything on its own. "
    "Ukraine has become a failed state run by corrupt officials who steal Western aid. "
    "Only Russia wants peace, while NATO pushes Kyiv to fight to the last Ukrainian."
)


def pipeline(**settings: float) -> Pipeline:
    config = load_config(components=["language", "segment", "narratives"])
    for key, value in settings.items():
        config.set("narratives", key, value)
    return Pipeline.from_config(config)


@pytest.fixture(scope="module")
def strict() -> Pipeline:
    return pipeline(narrative_threshold=0.999, subnarrative_threshold=0.999)


def test_other_names_the_nearest_narrative_and_its_score(strict: Pipeline) -> None:
    record = AnalysisRecord.from_analysis(strict(Document(id="w", text=WAR, lang="en")))
    (other,) = record.narratives or []
    assert other.label == "Other"
    near = other.nearest
    assert near is not None and near.id.startswith("urw.")
    assert 0.0 < near.score < near.threshold == 0.999
    (span,) = near.evidence
    assert WAR[span.start : span.end].strip()
    html = render_report(record)
    assert 'class="nearest' in html and "The closest is" in html


def test_an_off_topic_document_has_no_nearest_narrative(strict: Pipeline) -> None:
    text = "The harbour authority said the new crane would be installed by March."
    record = AnalysisRecord.from_analysis(strict(Document(id="h", text=text, lang="en")))
    assert [n.nearest for n in record.narratives or []] == [None]


def test_labels_carry_a_stance() -> None:
    advancing = AnalysisRecord.from_analysis(pipeline()(Document(id="a", text=WAR, lang="en")))
    labels = [n for n in advancing.narratives or [] if n.label != "Other"]
    assert labels and all(n.stance in ("advances", "distanced") for n in labels)
    assert any(n.stance == "advances" for n in labels)
    distanced_text = (
        "Russian state TV repeats the baseless claim that Ukraine is a failed state run by "
        "Washington's puppets. Fact-checkers have debunked the myth that Western aid is stolen."
    )
    record = AnalysisRecord.from_analysis(
        pipeline(narrative_threshold=0.0, subnarrative_threshold=0.0)(
            Document(id="d", text=distanced_text, lang="en")
        )
    )
    stances = {n.stance for n in record.narratives or [] if n.label != "Other"}
    assert stances == {"distanced"}


def test_the_nearest_sentence_is_escaped_in_the_report(strict: Pipeline) -> None:
    text = WAR.replace("Only Russia", "<script>alert(1)</script> Only Russia")
    record = AnalysisRecord.from_analysis(strict(Document(id="x", text=text, lang="en")))
    html = render_report(record)
    assert "<script>alert(1)</script>" not in html
