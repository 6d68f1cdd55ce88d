"""Paths the tests share (importable, unlike conftest)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "article.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"
PTC_ARTICLES = SHARED_DATA / "ptc" / "train-articles"


#: A short article with obvious techniques, for the technique classifiers' tests.
TECHNIQUE_TEXT = (
    "Traitors Are Selling Out Our Great Nation\n"
    "\n"
    "The corrupt, lying elites in Washington want to destroy everything we hold dear.\n"
    'He told reporters: "These people are thugs and criminals!"\n'
    "Is this really what the voters wanted?\n"
    "The minister said the figures would be published on Tuesday.\n"
    "Make America great again. Make America great again.\n"
)


def span_of(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def ptc_validation_result(detector) -> dict:
    """SI / FLC / TC scores of ``detector`` on the 74 PTC validation articles (split.json),
    as ``unspun eval techniques --split validation`` computes them; skips without PTC."""
    import pytest

    from unspun.evaluation.ptc import read_article, read_technique_labels
    from unspun.evaluation.techniques import predict_articles, score_techniques, select_ids

    ptc = SHARED_DATA / "ptc"
    if not ptc.exists():
        pytest.skip("PTC is not in ../shared/data")
    articles = ptc / "train-articles"
    ids = select_ids(articles, ROOT / "src/unspun/_models/techniques/split.json", "validation")
    texts = {i: read_article(articles, i) for i in ids}
    gold = read_technique_labels(ptc / "train-labels-task-flc-tc")
    return score_techniques(
        gold, predict_articles(detector, texts, None), labels=detector.spec.channels[:-1]
    )
