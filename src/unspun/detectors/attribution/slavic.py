"""Russian and Ukrainian attribution from morphology (pymorphy3) and word order.

There is no dependency parser for these languages on PyPI that we can pin, so structure
comes from morphology: a reporting verb and the nominative noun phrase next to it in the
same clause ("министр заявил", "заявив речник"), or a sourcing construction and the
phrase it introduces ("по словам X", "за даними X"), or an impersonal hearsay form
("сообщается", "кажуть").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from unspun.detectors.attribution import lexicon_slavic as lex
from unspun.detectors.attribution.mention import SourceMention
from unspun.model.finding import Span

_WORD = re.compile(r"[\w'’ʼ-]+|[,;:!?.«»\"“”()—–]")
_CLAUSE_BREAK = {",", ";", ":", "!", "?", ".", "«", "»", '"', "“", "”", "(", ")", "—", "–"}
_MAX_PHRASE = 8


@lru_cache(maxsize=2)
def _morph(lang: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


class _Tok:
    __slots__ = ("end", "grams", "is_cap", "lemma", "lower", "start", "tag", "text")

    def __init__(self, text: str, start: int, morph: Any):
        self.text = text
        self.start = start
        self.end = start + len(text)
        self.lower = text.lower()
        self.is_cap = text[:1].isupper()
        if text in _CLAUSE_BREAK or not text[:1].isalnum():
            self.lemma, self.tag = self.lower, None
            self.grams: frozenset[str] = frozenset()
        else:
            parse = morph.parse(text)[0]
            self.lemma, self.tag = parse.normal_form.replace("ё", "е"), parse.tag
            # Membership tests on a pymorphy tag raise for grammemes the dictionary lacks.
            self.grams = frozenset(str(g) for g in parse.tag.grammemes)

    def has(self, *grammemes: str) -> bool:
        return any(g in self.grams for g in grammemes)


def _tokens(text: str, lang: str) -> list[_Tok]:
    morph = _morph(lang)
    return [_Tok(m.group(), m.start(), morph) for m in _WORD.finditer(text)]


def _is_nominal(tok: _Tok) -> bool:
    if tok.tag is None:
        return False
    if tok.has("LATN", "NUMB"):
        return tok.is_cap
    return tok.has("NOUN", "ADJF", "PRTF", "NPRO") or (tok.has("UNKN") and tok.is_cap)


def _is_nominative(tok: _Tok) -> bool:
    if tok.tag is None:
        return False
    if tok.has("LATN", "UNKN"):
        return tok.is_cap
    return tok.has("nomn", "Fixd")


def _classify(phrase: list[_Tok], sentence: str) -> tuple[str, float, list[str]]:
    lemmas = {t.lemma for t in phrase}
    low = " ".join(t.lower for t in phrase)
    sent_low = sentence.lower()
    names = [
        t
        for t in phrase
        if t.has("Name", "Surn", "Patr", "Orgn", "Geox", "LATN")
        or (t.tag is not None and t.is_cap and t is not phrase[0])
    ]
    if lemmas & lex.ANONYMOUS or any(p in low or p in sent_low for p in lex.ANONYMOUS_PHRASES):
        return "anonymous", 0.8, ["unnamed source"]
    if any(t.has("Name", "Surn") for t in phrase):
        return "named", 0.85, ["names a person"]
    if lemmas & lex.OFFICIAL:
        return "official", 0.75, ["official role or institution"]
    if lemmas & lex.VAGUE:
        return "vague", 0.75, ["unidentified group or body"]
    if names:
        return "named", 0.7, ["names an organisation or outlet"]
    if len(phrase) == 1 and phrase[0].lower in lex.PERSONAL_PRONOUNS:
        return "named", 0.55, ["pronoun for a person named earlier"]
    if any(t.is_cap for t in phrase):
        return "named", 0.6, ["a capitalised name"]
    return "vague", 0.5, ["unidentified source"]


_QUANTIFIERS = frozenset(
    "багато много многие більшість большинство деякі некоторые кілька несколько ряд чимало "
    "немало".split()
)


#: Words pymorphy may read as nouns ("як" is also "yak") that never start a source.
_CONJUNCTIONS = frozenset("як как що что чи ли а але но".split())


def _head_like(tok: _Tok) -> bool:
    if tok.lower in _QUANTIFIERS:
        return True
    if not _is_nominative(tok):
        return False
    # Surnames like "Зеленський" are tagged as adjectives.
    return tok.has("NOUN", "NPRO", "LATN", "UNKN") or (tok.has("ADJF") and tok.is_cap)


def _noun_phrase(tokens: list[_Tok], i: int, step: int) -> list[_Tok]:
    """The noun phrase next to the verb at ``i``, going left (``step`` -1) or right.

    It is a run of nominal words with a nominative head (or a quantifier such as
    "багато"); going left, it stops where a preposition would govern the next word, and it
    steps over one comma-bounded participial clause ("Источник, близкий к Кремлю, ...").
    """
    phrase: list[_Tok] = []
    j = i + step
    skipped = False
    while 0 <= j < len(tokens) and len(phrase) < _MAX_PHRASE:
        tok = tokens[j]
        if step < 0 and tok.text == "," and not phrase and not skipped:
            back = [k for k in range(j - 1, max(j - 10, -1), -1) if tokens[k].text == ","]
            if back:
                j, skipped = back[0] - 1, True
                continue
        if tok.text in _CLAUSE_BREAK or tok.lower in _CONJUNCTIONS:
            break
        if not phrase and not skipped and tok.has("ADVB", "PRCL") and tok.lower not in _QUANTIFIERS:
            skipped = True
            j += step
            continue
        if not (
            _is_nominal(tok) or tok.lower in _QUANTIFIERS or (tok.is_cap and tok.tag is not None)
        ):
            break
        if step < 0 and j > 0 and tokens[j - 1].has("PREP"):
            break
        phrase.append(tok)
        if step > 0 and tok.has("PREP"):
            break
        j += step
    if step < 0:
        phrase.reverse()
    return phrase if any(_head_like(t) for t in phrase) else []


def _following_phrase(tokens: list[_Tok], i: int) -> list[_Tok]:
    """Tokens after a sourcing construction, up to the end of the clause."""
    phrase: list[_Tok] = []
    j = i + 1
    while j < len(tokens) and tokens[j].text not in _CLAUSE_BREAK and len(phrase) < _MAX_PHRASE:
        phrase.append(tokens[j])
        j += 1
    return phrase


def extract_sentence(text: str, span: Span, lang: str) -> list[SourceMention]:
    sentence = text[span.start : span.end]
    tokens = _tokens(sentence, lang)
    low = sentence.lower()
    mentions: list[SourceMention] = []
    taken: set[int] = set()

    def add(
        phrase: list[_Tok],
        cue_start: int,
        cue_end: int,
        construction: str,
        kind_score: tuple[str, float, list[str]] | None = None,
    ) -> None:
        if not phrase or any(t.start in taken for t in phrase):
            return
        kind, score, reasons = kind_score or _classify(phrase, sentence)
        taken.update(t.start for t in phrase)
        mentions.append(
            SourceMention(
                start=span.start + phrase[0].start,
                end=span.start + phrase[-1].end,
                kind=kind,
                score=score,
                construction=construction,
                cue_start=span.start + cue_start,
                cue_end=span.start + cue_end,
                sentence_start=span.start,
                sentence_end=span.end,
                main=not mentions,
                reasons=reasons,
            )
        )

    cues: list[tuple[int, int]] = []
    for prep in lex.SOURCE_PREPOSITIONS[lang]:
        for m in re.finditer(rf"(?<!\w){re.escape(prep)}(?!\w)", low):
            cues.append((m.start(), m.end()))
            last = max((k for k, t in enumerate(tokens) if t.start < m.end()), default=-1)
            add(_following_phrase(tokens, last), m.start(), m.end(), "according-to")
    for phrase_text in lex.IMPERSONAL[lang]:
        for m in re.finditer(rf"(?<!\w){re.escape(phrase_text)}(?!\w)", low):
            first = [t for t in tokens if m.start() <= t.start < m.end()]
            add(
                first,
                m.start(),
                m.end(),
                "impersonal",
                ("vague", 0.7, ["no source is given for what is reported"]),
            )
    verbs = lex.REPORTING_VERBS[lang]
    for i, tok in enumerate(tokens):
        if tok.tag is None or tok.lemma not in verbs:
            continue
        if not tok.has("VERB") or any(a <= tok.start < b for a, b in cues):
            continue  # the verb of "як повідомив X" was handled with its construction
        phrase = _noun_phrase(tokens, i, -1) or _noun_phrase(tokens, i, +1)
        if phrase and phrase[0].lower in {"я", "мы", "ми"}:
            continue
        add(phrase, tok.start, tok.end, "reporting-verb")
    return mentions


def is_claim_like(text: str, span: Span, lang: str) -> bool:
    sentence = text[span.start : span.end].strip()
    if not sentence or sentence.endswith("?"):
        return False
    tokens = [t for t in _tokens(sentence, lang) if t.tag is not None]
    if len(tokens) < 4:
        return False
    return any(t.has("VERB", "PRTS", "ADJS") for t in tokens)
