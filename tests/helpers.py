"""Paths the tests share (importable, unlike conftest)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "article.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"
PTC_ARTICLES = SHARED_DATA / "ptc" / "train-articles"
