"""Check each claimed language with translated pairs and write ``_models/languages.json``.

    .venv/bin/python training/check_languages.py

For every language of ``data/languages/smoke.jsonl`` (sentences we wrote, with their English
originals) it scores the sentences with the shipped check-worthiness model and the
multilingual technique head, and measures how often each decides a sentence as it decides
the English original. A language whose lower agreement reaches
:data:`unspun.text.support.MIN_AGREEMENT` is ``checked``, else ``unreliable``; English is
``trained``; Russian and Ukrainian, which have real validation sets, are ``validated``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from unspun.detectors.claims.checkworthy import CheckWorthinessModel
from unspun.detectors.techniques_multilingual.detector import SentenceTechniqueModel
from unspun.runtime.sentences import get_encoder
from unspun.text.support import LANGUAGES_FILE, MIN_AGREEMENT

ROOT = Path(__file__).resolve().parents[1]
SMOKE = ROOT / "data" / "languages" / "smoke.jsonl"
VALIDATED = ("ru", "uk")


def main() -> int:
    rows = [json.loads(line) for line in SMOKE.read_text(encoding="utf-8").splitlines()]
    langs = [k for k in rows[0] if k not in ("id", "check_worthy")]
    checkworthy = CheckWorthinessModel()
    techniques = SentenceTechniqueModel()
    encoder = get_encoder(techniques.config["encoder"], 1)
    channels = [techniques.channels.index(name) for name in techniques.thresholds]
    cuts = np.asarray(list(techniques.thresholds.values()))

    def any_technique(texts: list[str]) -> np.ndarray:
        probs = techniques.probabilities(encoder.encode(texts, query=True))
        return (probs[:, channels] >= cuts).any(axis=1)

    decide = {
        "checkworthiness": lambda texts: checkworthy.score(texts) >= checkworthy.threshold,
        "techniques": any_technique,
    }
    english = {name: f([r["en"] for r in rows]) for name, f in decide.items()}
    table: dict[str, dict] = {"en": {"level": "trained"}}
    for lang in langs:
        if lang == "en":
            continue
        texts = [r[lang] for r in rows]
        agree = {
            name: round(float((f(texts) == english[name]).mean()), 3) for name, f in decide.items()
        }
        low = min(agree.values())
        if lang in VALIDATED:
            level = "validated"
        else:
            level = "checked" if low >= MIN_AGREEMENT else "unreliable"
        table[lang] = {"level": level, "agreement": low, "by_model": agree}
        print(lang, level, agree, flush=True)
    out = {
        "about": "Decision agreement with English on data/languages/smoke.jsonl "
        "(written by the unspun authors); see training/check_languages.py.",
        "pairs": len(rows),
        "min_agreement": MIN_AGREEMENT,
        "checkworthiness_model": checkworthy.version,
        "languages": table,
    }
    LANGUAGES_FILE.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print("wrote", LANGUAGES_FILE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
