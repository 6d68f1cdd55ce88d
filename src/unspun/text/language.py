"""Offline language identification (py3langid), as a pipeline component."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from unspun.model.analysis import Analysis
from unspun.pipeline.component import Component

#: Characters looked at: enough for a stable guess, cheap on long articles.
SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str, candidates: list[str] | None = None) -> tuple[str, float]:
    """Return ``(ISO 639-1 code, probability)`` for ``text``.

    ``candidates`` restricts the answer to a set of languages, which is far more reliable
    on short texts when the corpus languages are known.
    """
    ident = _identifier()
    if candidates:
        ident.set_languages(candidates)
    else:
        ident.set_languages(None)
    lang, prob = ident.classify(text[:SAMPLE_CHARS])
    return str(lang), float(prob)


class LanguageIdentifier(Component):
    """Sets ``analysis.lang`` unless the document already declares its language."""

    name = "language"
    version = "1.0.0"
    assigns = ("lang",)

    def __init__(
        self,
        candidates: list[str] | None = None,
        default: str | None = None,
        force: str | None = None,
    ):
        self.candidates = candidates
        self.default = default
        self.force = force

    def process(self, analysis: Analysis) -> None:
        if self.force:
            analysis.lang, analysis.lang_score = self.force, 1.0
            return
        if analysis.document.lang:
            analysis.lang = analysis.document.lang
            analysis.lang_score = 1.0
            return
        sample = analysis.text[:SAMPLE_CHARS]
        if sum(ch.isalpha() for ch in sample) < 3:
            analysis.lang = self.default
            analysis.lang_score = None
            return
        analysis.lang, analysis.lang_score = identify_language(sample, self.candidates)
