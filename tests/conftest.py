"""Shared fixtures. Models are loaded once per session; nothing leaks between tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun.pipeline import Pipeline, load_config

from .helpers import PTC_ARTICLES


@pytest.fixture(scope="session")
def nlp() -> Pipeline:
    """The default pipeline, built once."""
    return Pipeline.from_config(load_config())


@pytest.fixture
def ptc_articles() -> Path:
    if not PTC_ARTICLES.is_dir():
        pytest.skip(f"PTC training articles not found at {PTC_ARTICLES}")
    return PTC_ARTICLES
