"""Issue 14, item 2: cost linear in the input, and a per-document time budget.

None of these tests measures time: each counts work (text rebuilt, list cells read, texts
encoded, sentence lengths) that the super-linear versions did once per token, span or
sentence, or checks a fast path against the plain definition it replaces.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import catalogue
import numpy as np
import pytest
from click.testing import CliRunner

from unspun.cli.main import cli
from unspun.detectors.attribution import english
from unspun.detectors.loaded_vocabulary.detector import _Containing, _Disjoint
from unspun.detectors.techniques import decode, spanfeatures
from unspun.detectors.techniques.detector import _overlap_index
from unspun.errors import AnalysisTimeoutError
from unspun.model import Analysis, Document, Finding
from unspun.model.finding import Span
from unspun.pipeline import Component, Pipeline, load_config
from unspun.pipeline.registry import components
from unspun.runtime import budget
from unspun.runtime.parse import parse_sentences
from unspun.runtime.sentences import sentence_embeddings
from unspun.text.segment import MAX_SENTENCE_CHARS, split_sentences

# --- segmentation ----------------------------------------------------------------------


def _check_cover(text: str, spans: list[Span]) -> None:
    """Spans in order, not overlapping, trimmed, and together holding every non-space."""
    pos = 0
    for s in spans:
        assert pos <= s.start < s.end <= len(text)
        assert not text[pos : s.start].strip()
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        pos = s.end
    assert not text[pos:].strip()


@pytest.mark.parametrize(
    "text",
    [
        "officials said the plan would fail and " * 600,  # one line, no sentence punctuation
        "x" * 5000 + " " + "y" * 3000,  # no whitespace to cut at
        "Dr. " * 3000,  # every sentence merges into the one before (abbreviations)
        "\n".join(["officials say the plan works", "and it does"] * 800),  # hard-wrapped
    ],
)
def test_no_sentence_is_longer_than_the_cap_and_offsets_stay_exact(text: str) -> None:
    sentences = split_sentences(text, "en")
    assert max(len(s) for s in sentences) <= MAX_SENTENCE_CHARS
    _check_cover(text, sentences)


def test_a_line_over_spacys_million_characters_is_segmented() -> None:
    text = "officials said the plan " * 45_000  # 1,080,000 characters, one line
    sentences = split_sentences(text, "en")
    assert len(sentences) > 500 and max(len(s) for s in sentences) <= MAX_SENTENCE_CHARS
    _check_cover(text, sentences)


def test_normal_sentences_are_not_cut() -> None:
    text = "Officials said the plan failed. " + "It is long, " * 150 + "and it ends here."
    assert len(text) < MAX_SENTENCE_CHARS
    assert len(split_sentences(text, "en")) == 2


# --- attribution -----------------------------------------------------------------------


class _CountingDoc:
    """A parsed sentence that counts how often its text is built (a Doc joins its tokens
    on every ``.text``: once per verb and mention made a long sentence quadratic)."""

    def __init__(self, doc: Any):
        self._doc = doc
        self.text_reads = 0

    @property
    def text(self) -> str:
        self.text_reads += 1
        return str(self._doc.text)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._doc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._doc, name)


def test_attribution_builds_the_sentence_text_once_per_sentence() -> None:
    text = ", ".join(f'"it failed," official {i} said' for i in range(40)) + "."
    span = Span(start=0, end=len(text))
    (doc,) = parse_sentences(text, [span])
    counting = _CountingDoc(doc)
    mentions = english.extract_sentence(counting, 0, span)
    assert len(mentions) >= 10  # the sentence does hold many sources
    assert counting.text_reads <= 1
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)


def test_attribution_parses_no_sentence_longer_than_the_cap(monkeypatch: Any) -> None:
    from unspun.detectors.attribution import detector

    seen: list[int] = []
    real = english.extract_sentence

    def spy(sent_doc: Any, offset: int, span: Span) -> Any:
        seen.append(len(span))
        return real(sent_doc, offset, span)

    monkeypatch.setattr(english, "extract_sentence", spy)
    text = "officials said the plan would fail and experts believe it " * 200
    sentences = split_sentences(text, "en")
    results = detector.attribute_sentences(text, sentences, "en")
    assert len(results) == len(sentences) > 1
    assert seen and max(seen) <= MAX_SENTENCE_CHARS


def test_a_non_projective_subtree_never_gives_an_inverted_span() -> None:
    class Tok:
        def __init__(self, i: int, idx: int, text: str):
            self.i, self.idx, self.text = i, idx, text
            self.lower_, self.is_punct = text.lower(), False

    # a subtree listed out of text order: "sources" (token 63) before "who" (token 51)
    tokens = [Tok(63, 400, "sources"), Tok(51, 380, "who")]
    assert english._phrase_span(tokens) == (380, 407)


# --- claims, encoder -------------------------------------------------------------------


class _CountingEncoder:
    weights = "fake"
    backend = "fake"
    branch = None

    def __init__(self) -> None:
        self.encoded = 0

    def encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        self.encoded += len(texts)
        return np.asarray([[float(len(t)), float(t.count("x"))] for t in texts], np.float32)

    def token_taggers(self) -> list:
        return []


class _TaggingEncoder(_CountingEncoder):
    """Also runs a token tagger "t": one token per text, its probability the text's length."""

    class _Tagger:
        name, key = "t", "k"
        head = (np.zeros((1, 2), np.float32), np.zeros(1, np.float32))  # one channel

    def token_taggers(self) -> list:
        return [self._Tagger()]

    def encode_tagged(self, texts: list[str], *, query: bool):
        from unspun.runtime.e5_onnx import TokenProbs

        tokens = [TokenProbs(np.array([[0, len(t)]]), np.array([[float(len(t))]])) for t in texts]
        return [self.encode(texts, query=query)], {"t": tokens}


def test_repeated_sentences_are_encoded_once() -> None:
    text = "\n".join(["x y", "!", "a", "Experts say."] * 500)
    analysis = Analysis(Document(id="d", text=text))
    analysis.set_sentences(split_sentences(text, "en"))
    encoder = _CountingEncoder()
    (vectors,) = sentence_embeddings([analysis], encoder, query=True)  # type: ignore[arg-type]
    assert encoder.encoded == 4
    assert vectors.shape == (len(analysis.sentences), 2)
    expected = encoder.encode([analysis.text_of(s) for s in analysis.sentences], query=True)
    assert np.array_equal(vectors, expected)


def test_repeated_sentences_are_tagged_once_and_placed_in_the_document() -> None:
    from unspun.runtime.sentences import token_probabilities

    text = "\n".join(["x y", "!", "a", "Experts say."] * 500)
    analysis = Analysis(Document(id="d", text=text))
    analysis.set_sentences(split_sentences(text, "en"))
    encoder = _TaggingEncoder()
    (tokens,) = token_probabilities([analysis], encoder, "t")  # type: ignore[arg-type]
    assert encoder.encoded == 4  # one pass over the distinct sentences, vectors and tags
    assert len(tokens.offsets) == len(analysis.sentences)
    for (a, b), p, s in zip(tokens.offsets, tokens.probs, analysis.sentences, strict=True):
        assert (a, b) == (s.start, s.end) and p[0] == s.end - s.start
    with pytest.raises(RuntimeError, match="no token tagger"):
        token_probabilities([analysis], encoder, "other")  # type: ignore[arg-type]


def test_a_document_without_sentences_gets_the_taggers_width() -> None:
    from unspun.runtime.sentences import token_probabilities

    empty = Analysis(Document(id="e", text="   "))
    empty.set_sentences([])
    (tokens,) = token_probabilities([empty], _TaggingEncoder(), "t")  # type: ignore[arg-type]
    assert tokens.offsets.shape == (0, 2) and tokens.probs.shape == (0, 1)


# --- span bookkeeping: bisection instead of scans, the same answers --------------------


def test_overlap_and_containment_indexes_agree_with_a_scan() -> None:
    rnd = random.Random(7)
    for _ in range(300):
        ranges = []
        for _ in range(rnd.randint(0, 12)):
            s = rnd.randint(0, 50)
            ranges.append((s, s + rnd.randint(1, 15), rnd.choice("AB")))
        findings = [
            Finding(
                start=s,
                end=e,
                kind="technique",
                label=p,
                score=0.5,
                detector="t",
                detector_version="1",
            )
            for s, e, p in ranges
        ]
        overlaps = _overlap_index(findings)
        containing = _Containing(ranges)
        disjoint, added = _Disjoint(), []
        for _ in range(20):
            s = rnd.randint(0, 60)
            e = s + rnd.randint(1, 10)
            p = rnd.choice("AB")
            assert overlaps(s, e) == any(f.start < e and s < f.end for f in findings)
            assert containing.contains(s, e, p) == any(
                a <= s and e <= b and q == p for a, b, q in ranges
            )
            hit = any(a < e and s < b for a, b in added)
            assert disjoint.overlaps(s, e) == hit
            if not hit:
                disjoint.add(s, e)
                added.append((s, e))


class _CountingList(list):  # type: ignore[type-arg]
    reads = 0

    def __getitem__(self, i: Any) -> Any:
        _CountingList.reads += 1
        return super().__getitem__(i)


def test_a_span_context_on_one_long_line_does_not_walk_the_line() -> None:
    n = 100_000
    starts = _CountingList([True] + [False] * (n - 1))
    lines = spanfeatures.line_index(list(starts))
    _CountingList.reads = 0
    window = spanfeatures.context_window(starts, 50_000, 50_003, 126, lines)
    assert _CountingList.reads < 10
    assert window == spanfeatures.context_window(list(starts), 50_000, 50_003, 126)


def test_span_features_match_their_definition() -> None:
    rnd = random.Random(3)
    for _ in range(300):
        text = "".join(rnd.choice("ab Ab x.\n'_") for _ in range(rnd.randint(1, 60)))
        doc = spanfeatures.DocIndex.of(text)
        start = rnd.randint(0, len(text) - 1)
        norm = spanfeatures._norm(text[start : rnd.randint(start + 1, len(text))])
        prefix = " " + spanfeatures._norm(text[:start]) + " "
        assert spanfeatures._count_before(doc, start, norm) == spanfeatures._count(prefix, norm)


def test_decoding_many_runs_inside_one_long_word_walks_it_once(monkeypatch: Any) -> None:
    calls = 0
    real = decode._is_word_char

    def counting(ch: str) -> bool:
        nonlocal calls
        calls += 1
        return real(ch)

    monkeypatch.setattr(decode, "_is_word_char", counting)
    n = 20_000
    text = "a" * n  # one word, no spaces
    offsets = np.asarray([(i, i + 1) for i in range(0, n, 10)])
    probs = np.asarray([1.0 if i % 2 == 0 else 0.0 for i in range(len(offsets))])
    spans = decode.decode_channel(text, offsets, probs, decode.ChannelRule(0.5, 0, 1))
    assert spans == [(0, n, pytest.approx(1.0))]
    assert calls < 5 * n  # the old walk read the whole word for every run: ~n * runs


# --- the time budget -------------------------------------------------------------------


class Sleepy(Component):
    """Sleeps on documents that say SLOW."""

    name = "sleepy"
    version = "0.1"

    def process(self, analysis: Analysis) -> None:
        if "SLOW" in analysis.text:
            deadline = time.monotonic() + 3.0
            while time.monotonic() < deadline:  # interrupted by the alarm, or by check()
                time.sleep(0.05)
                budget.check()


@pytest.fixture
def sleepy() -> Iterator[str]:
    name = "test.sleepy.v1"
    components.register(name, func=lambda **kw: Sleepy())
    try:
        yield name
    finally:
        catalogue._remove(("unspun", "components", name))


def test_a_document_over_the_budget_fails_typed_and_the_next_is_analysed(sleepy: str) -> None:
    config = load_config(components=["segment", "sleepy"], batch_size=8, timeout=0.3)
    config.set("sleepy", "factory", sleepy)
    nlp = Pipeline.from_config(config)
    docs = [
        Document(id="a", text="A calm day."),
        Document(id="b", text="This one is SLOW."),
        Document(id="c", text="Another calm day."),
    ]
    started = time.monotonic()
    outcomes = list(nlp.run(docs))
    assert time.monotonic() - started < 2.5  # neither sleep ran to its end
    assert [o.ok for o in outcomes] == [True, False, True]
    failure = outcomes[1].failure
    assert failure is not None and isinstance(failure.error, AnalysisTimeoutError)
    assert failure.error.code == "E602" and failure.error.hint and failure.id == "b"
    assert outcomes[2].analysis is not None and outcomes[2].analysis.sentences
    # without a budget the same pipeline has none
    assert nlp.with_timeout(None).timeout is None


def test_cli_timeout_writes_a_failure_record_and_goes_on(sleepy: str, tmp_path: Path) -> None:
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(
        "\n".join(
            json.dumps({"id": i, "text": t})
            for i, t in [("a", "Calm."), ("b", "SLOW text."), ("c", "Calm again.")]
        )
        + "\n",
        encoding="utf-8",
    )
    config = tmp_path / "unspun.toml"
    config.write_text(f'[components.sleepy]\nfactory = "{sleepy}"\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        cli,
        [
            "analyze",
            str(inputs),
            "-c",
            str(config),
            "--components",
            "segment,sleepy",
            "--timeout",
            "0.3",
            "-f",
            "jsonl",
            "-o",
            str(out),
            "-q",
        ],
    )
    assert result.exit_code == 1, result.output  # some documents failed
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert "E602" in lines[1] and "E602" not in lines[0] + lines[2]
    assert '"c"' in lines[2]


def test_the_cli_documents_the_timeout() -> None:
    result = CliRunner().invoke(cli, ["analyze", "--help"])
    assert "--timeout" in result.output and "E602" in result.output


def test_a_budget_inside_a_budget_and_no_budget() -> None:
    with budget.limit(None):
        budget.check()
        assert budget.remaining() is None
    with budget.limit(10.0):
        with budget.limit(0.05):
            time.sleep(0.06)
            with pytest.raises(budget.Expired):
                budget.check()
        budget.check()  # the outer budget is not spent
