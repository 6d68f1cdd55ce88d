"""Zero-shot languages do not fail silently (issue 10, class 5).

Every language we claim is checked with sentences we wrote and their English originals
(``data/languages/smoke.jsonl`` and ``align.jsonl``); the record and the report say how far
a language was checked, and warn where the models disagree with English.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.helpers import ROOT
from unspun.model import Document
from unspun.model.record import AnalysisRecord
from unspun.pipeline import Pipeline
from unspun.pipeline.config import load_config
from unspun.text.support import LANGUAGES_FILE, MIN_AGREEMENT, language_support
from unspun.writers.html.report import render_report

SMOKE = ROOT / "data" / "languages" / "smoke.jsonl"


def test_every_smoke_language_has_a_measured_level() -> None:
    rows = [json.loads(line) for line in SMOKE.read_text(encoding="utf-8").splitlines()]
    langs = {k for k in rows[0] if k not in ("id", "check_worthy")}
    table = json.loads(LANGUAGES_FILE.read_text(encoding="utf-8"))["languages"]
    assert langs <= set(table)
    for lang in langs - {"en", "ru", "uk"}:
        level = table[lang]["level"]
        assert level == ("checked" if table[lang]["agreement"] >= MIN_AGREEMENT else "unreliable")


def test_the_table_matches_the_shipped_model() -> None:
    """languages.json must be rewritten (training/check_languages.py) when a head or the
    language offsets change: the agreement it states is the shipped models'."""
    sys.path.insert(0, str(ROOT / "training"))
    from check_languages import Checker

    table = json.loads(LANGUAGES_FILE.read_text(encoding="utf-8"))
    checker = Checker()
    assert table["checkworthiness_model"] == checker.checkworthy.version
    for lang in ("pt", "de"):
        measured = checker.measure(lang)
        entry = table["languages"][lang]
        assert measured["pairs"] == entry["pairs"] >= 100
        assert measured["checkworthiness"] == entry["by_model"]["checkworthiness"]
        assert measured["techniques"] == entry["by_model"]["techniques"]
        assert measured["technique_spans"] == entry["by_model"]["technique_spans"]


@pytest.mark.parametrize(
    "lang,level", [("en", "trained"), ("uk", "validated"), ("xx", "unchecked"), (None, "unchecked")]
)
def test_levels(lang: str | None, level: str) -> None:
    assert language_support(lang)["level"] == level


def test_a_zero_shot_language_is_flagged_in_the_record_and_the_report() -> None:
    text = "Inflation rose to 8.5 percent in March 2023."
    pipe = Pipeline.from_config(load_config(components=["language", "segment"]))
    record = AnalysisRecord.from_analysis(pipe(Document(id="t", text=text, lang="xx")))
    assert record.language_support is not None
    assert record.language_support["level"] == "unchecked"
    html = render_report(record)
    assert 'class="lang-warning"' in html and "not checked" in html
    english = AnalysisRecord.from_analysis(pipe(Document(id="e", text=text, lang="en")))
    assert 'class="lang-warning"' not in render_report(english)
