"""How far unspun's analysis of a language has been checked, so that the report can say it.

The models are trained on English; Russian and Ukrainian have their own rules and real
validation sets; every other language runs zero-shot through the multilingual encoder.
A zero-shot language is checked with sentences we wrote and translated
(``data/languages/smoke.jsonl``): a head that reads the encoder's vectors must decide a
sentence and its English original alike. ``training/check_languages.py`` measures that
and writes ``_models/languages.json``; this module reads it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGUAGES_FILE = Path(__file__).resolve().parents[1] / "_models" / "languages.json"
#: Decision agreement with English on the smoke pairs that a zero-shot language needs.
MIN_AGREEMENT = 0.9

_NOTES = {
    "trained": "The models were trained on English text.",
    "validated": (
        "Checked on real texts in this language (our validation sets); the technique and "
        "check-worthiness models still learned from English."
    ),
    "checked": (
        "Zero-shot: the models learned from English. On our translated check sentences they "
        "decide like they do in English ({agreement:.0%} agreement)."
    ),
    "unreliable": (
        "Zero-shot and unreliable: on our translated check sentences the models decide "
        "differently than in English ({agreement:.0%} agreement). Expect missed claims and "
        "techniques; read the text yourself."
    ),
    "unchecked": (
        "Zero-shot and not checked: the models learned from English and were never tested "
        "on this language. Treat every result, and every absence of one, with caution."
    ),
}


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(LANGUAGES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return dict(data.get("languages", {}))


def language_support(lang: str | None) -> dict[str, Any]:
    """``{"level", "note"}`` (plus ``agreement`` for checked languages) for ``lang``."""
    if not lang:
        return {"level": "unchecked", "note": _NOTES["unchecked"]}
    entry = _table().get(lang)
    if entry is None:
        return {"level": "unchecked", "note": _NOTES["unchecked"]}
    level = str(entry["level"])
    agreement = entry.get("agreement")
    out: dict[str, Any] = {
        "level": level,
        "note": _NOTES[level].format(agreement=agreement or 0.0),
    }
    if agreement is not None:
        out["agreement"] = agreement
    return out
