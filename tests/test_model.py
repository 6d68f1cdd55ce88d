import json

import pytest
from pydantic import ValidationError

from unspun.about import SCHEMA_VERSION
from unspun.errors import OffsetError
from unspun.model import Analysis, AnalysisRecord, Document, Finding, Span
from unspun.model.record import analysis_json_schema

from .helpers import ROOT


def make_finding(start: int, end: int, **kw: object) -> Finding:
    base: dict[str, object] = dict(
        kind="technique", label="Loaded_Language", score=0.5, detector="t", detector_version="1"
    )
    base.update(kw)
    return Finding(start=start, end=end, **base)  # type: ignore[arg-type]


def test_document_is_frozen_and_owns_text() -> None:
    doc = Document(id="a", text="hello")
    with pytest.raises(ValidationError):
        doc.text = "other"  # type: ignore[misc]
    assert len(doc) == 5


def test_document_rejects_lone_surrogate_with_hint() -> None:
    with pytest.raises(ValidationError, match="repair_surrogates"):
        Document(id="a", text="bad \ud800 text")


@pytest.mark.parametrize("start,end", [(-1, 3), (3, 3), (5, 2)])
def test_span_rejects_bad_offsets(start: int, end: int) -> None:
    with pytest.raises(ValidationError):
        Span(start=start, end=end)


@pytest.mark.parametrize("score", [-0.1, 1.5])
def test_finding_score_in_unit_interval(score: float) -> None:
    with pytest.raises(ValidationError):
        make_finding(0, 2, score=score)


def test_analysis_checks_offsets_against_text() -> None:
    analysis = Analysis(Document(id="a", text="short"))
    with pytest.raises(OffsetError, match="runs past the end"):
        analysis.add(make_finding(2, 9))
    with pytest.raises(OffsetError):
        analysis.add(make_finding(0, 2, scope=Span(start=0, end=99)))
    analysis.add(make_finding(0, 5))
    assert analysis.text_of(analysis.findings[0]) == "short"


def test_findings_may_overlap_and_nest() -> None:
    analysis = Analysis(Document(id="a", text="a very loaded phrase"))
    analysis.extend([make_finding(0, 20), make_finding(2, 13), make_finding(7, 20, label="X")])
    record = AnalysisRecord.from_analysis(analysis)
    assert [f.text for f in record.findings] == [
        "a very loaded phrase",
        "very loaded",
        "loaded phrase",
    ]


def test_record_carries_schema_version_and_derived_text() -> None:
    analysis = Analysis(Document(id="a", text="Experts believe it.", title="T"))
    analysis.add(make_finding(0, 7, kind="attribution", label="vague"))
    data = json.loads(AnalysisRecord.from_analysis(analysis).model_dump_json())
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["findings"][0]["text"] == "Experts"
    assert data["length"] == len("Experts believe it.")
    no_text = AnalysisRecord.from_analysis(analysis, include_text=False)
    assert no_text.text is None and no_text.findings[0].text == "Experts"


def test_json_schema_is_versioned_and_published() -> None:
    schema = analysis_json_schema()
    assert SCHEMA_VERSION in schema["$id"]
    assert {"id", "lang", "findings"} <= set(schema["properties"])
    published = ROOT / "docs" / "schema" / f"analysis-{SCHEMA_VERSION}.json"
    assert published.exists(), "run: unspun schema > " + str(published.relative_to(ROOT))
    assert set(schema["x-finding-attrs"]) == {"technique", "attribution", "claim", "narrative"}
    assert json.loads(published.read_text(encoding="utf-8")) == schema, (
        "the published schema is stale; regenerate it with `unspun schema`"
    )


def test_detectors_build_findings_with_their_declared_attrs() -> None:
    import pydantic

    from unspun.detectors.attribution.detector import AttributionDetector
    from unspun.model.attrs import ClaimAttrs, attrs_of

    detector = AttributionDetector()
    with pytest.raises(pydantic.ValidationError):  # a detector that drops a declared key
        detector.finding(0, 3, "vague", 0.5, attrs={"construction": "verb"})
    ok = detector.finding(
        0,
        3,
        "vague",
        0.5,
        attrs={"construction": "verb", "governs_main_clause": True, "reasons": [], "lang": "en"},
    )
    assert ok.detector == "attribution" and ok.detector_version == "1.0.0"
    assert attrs_of(ok).construction == "verb"
    assert "priority" in ClaimAttrs.model_json_schema()["properties"]
