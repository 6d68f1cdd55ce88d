"""Check each claimed language with translated pairs and write ``_models/languages.json``.

    .venv/bin/python training/check_languages.py

For every language it scores sentences we wrote and translated with the shipped
check-worthiness model, the multilingual technique head and the e5 technique tagger (its
``alone`` mode: does it flag any span in the sentence), and measures how often each
decides a sentence as it decides the English original, with the per-language offsets of
:mod:`unspun.runtime.alignment` applied as the pipeline applies them. The sentences are
``data/languages/smoke.jsonl`` (never used to fit the offsets) and
``data/languages/align.jsonl``, each half of it judged with offsets fitted on the other
half. A language whose lower agreement reaches :data:`unspun.text.support.MIN_AGREEMENT`
is ``checked``, else ``unreliable``; English is ``trained``; Russian and Ukrainian, which
have real validation sets, are ``validated``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from unspun.detectors.claims.checkworthy import CheckWorthinessModel
from unspun.detectors.techniques.detector import TechniqueDetector
from unspun.detectors.techniques_multilingual.detector import SentenceTechniqueModel
from unspun.runtime.alignment import LanguageOffsets, align
from unspun.runtime.sentences import get_encoder
from unspun.text.support import LANGUAGES_FILE, MIN_AGREEMENT

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_languages import ALIGN, SCALE, SMOKE, VALIDATED, align_halves, fit, read


class Checker:
    """Decides sentences with the shipped heads, as the pipeline does."""

    def __init__(self) -> None:
        self.smoke = read(SMOKE)
        self.pairs = read(ALIGN)
        self.checkworthy = CheckWorthinessModel()
        self._english_worthy: dict[str, bool] = {}
        self.techniques = SentenceTechniqueModel()
        self.encoder = get_encoder(self.techniques.config["encoder"], 1)
        self.channels = [self.techniques.channels.index(n) for n in self.techniques.thresholds]
        self.cuts = np.asarray(list(self.techniques.thresholds.values()))
        self.english = {
            "smoke": self.vectors(self.smoke, "en"),
            "pairs": self.vectors(self.pairs, "en"),
        }
        # the e5 tagger alone, as it reads every language but English
        self.tagger = TechniqueDetector(minilm=False, mpnet=False)
        self.english_spans = {
            "smoke": self.flagged(self.smoke, "en"),
            "pairs": self.flagged(self.pairs, "en"),
        }

    def flagged(self, rows: list[dict], lang: str) -> np.ndarray:
        """Whether the e5 tagger flags any span in each row's ``lang`` sentence."""
        if self.tagger.e5 is None:
            raise RuntimeError("the sentence encoder backend cannot run the e5 tagger")
        found, _ = self.tagger.analyse_texts([r[lang] for r in rows])
        return np.asarray([bool(f) for f in found])

    @property
    def languages(self) -> list[str]:
        return [k for k in self.pairs[0] if k not in ("id", "check_worthy", "register", "en")]

    def vectors(self, rows: list[dict], lang: str) -> tuple[np.ndarray, np.ndarray | None]:
        """Base vectors and, when the check-worthiness model runs a fine-tuned top, its
        vectors (from the same pass)."""
        texts = [r[lang] for r in rows]
        if self.checkworthy.branch is None:
            return self.encoder.encode(texts, query=True), None
        return self.encoder.encode_both(texts, query=True)

    def decide(
        self, vectors: tuple[np.ndarray, np.ndarray | None], texts: list[str], lang: str
    ) -> dict[str, np.ndarray]:
        cw = self.checkworthy
        base, top = vectors
        probs = self.techniques.probabilities(base)
        if cw.uses_mpnet(lang):  # English: the mpnet top, as the pipeline reads it
            worthy = np.asarray([self.english_worthy(t) for t in texts], dtype=bool)
        elif top is not None and cw.uses_branch(lang):
            worthy = cw.score_branch(top) >= cw.threshold_for(lang)
        else:
            worthy = cw.score_embedded(base, texts) >= cw.threshold_for(lang)
        return {
            "checkworthiness": worthy,
            "techniques": (probs[:, self.channels] >= self.cuts).any(axis=1),
        }

    def english_worthy(self, text: str) -> bool:
        """The mpnet top's decision on one English sentence (memoised: every language is
        compared with the same English rows)."""
        if text not in self._english_worthy:
            cw = self.checkworthy
            self._english_worthy[text] = bool(cw.score([text], "en")[0] >= cw.threshold_for("en"))
        return self._english_worthy[text]

    def measure(self, lang: str) -> dict[str, float]:
        """Agreement with English per model: the shipped offsets on smoke.jsonl (never
        fitted on), and the alignment rows judged with offsets fitted on the other half of
        them (cross-fitted); English, Russian and Ukrainian are never moved. Offsets move
        the base vectors only; a fine-tuned top answers without them."""
        agree: dict[str, list[bool]] = {"checkworthiness": [], "techniques": []}

        def compare(
            own: tuple[np.ndarray, np.ndarray | None],
            en: tuple[np.ndarray, np.ndarray | None],
            rows: list[dict],
        ) -> None:
            mine = self.decide(own, [r[lang] for r in rows], lang)
            theirs = self.decide(en, [r["en"] for r in rows], "en")
            for name in agree:
                agree[name].extend((mine[name] == theirs[name]).tolist())

        def pick(v: tuple[np.ndarray, np.ndarray | None], rows: list[int]):
            return v[0][rows], (None if v[1] is None else v[1][rows])

        if lang in self.smoke[0]:
            base, top = self.vectors(self.smoke, lang)
            compare((align(base, lang), top), self.english["smoke"], self.smoke)
        own = self.vectors(self.pairs, lang)
        halves = align_halves(len(self.pairs))
        for fit_rows, test_rows in (halves, halves[::-1]):
            base, top = pick(own, test_rows)
            if lang not in VALIDATED:
                offset = fit({"en": self.english["pairs"][0], lang: own[0]}, fit_rows, SCALE)[lang]
                base = LanguageOffsets({lang: offset}, {}).apply(base, lang)
            english = pick(self.english["pairs"], test_rows)
            compare((base, top), english, [self.pairs[i] for i in test_rows])
        spans: list[bool] = []
        if lang in self.smoke[0]:
            spans += (self.flagged(self.smoke, lang) == self.english_spans["smoke"]).tolist()
        spans += (self.flagged(self.pairs, lang) == self.english_spans["pairs"]).tolist()
        out = {name: round(float(np.mean(v)), 3) for name, v in agree.items()}
        out["technique_spans"] = round(float(np.mean(spans)), 3)
        out["pairs"] = len(agree["techniques"])
        return out


def main() -> int:
    checker = Checker()
    table: dict[str, dict] = {"en": {"level": "trained"}}
    for lang in checker.languages:
        measured = checker.measure(lang)
        n = int(measured.pop("pairs"))
        by_model = measured
        low = min(by_model.values())
        if lang in VALIDATED:
            level = "validated"
        else:
            level = "checked" if low >= MIN_AGREEMENT else "unreliable"
        table[lang] = {"level": level, "agreement": low, "pairs": n, "by_model": by_model}
        print(lang, level, n, by_model, flush=True)
    out = {
        "about": "Decision agreement with English on data/languages/smoke.jsonl and, "
        "cross-fitted, data/languages/align.jsonl (both written by the unspun authors); "
        "see training/check_languages.py.",
        "min_agreement": MIN_AGREEMENT,
        "checkworthiness_model": checker.checkworthy.version,
        "languages": table,
    }
    LANGUAGES_FILE.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print("wrote", LANGUAGES_FILE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
