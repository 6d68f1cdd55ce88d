"""Paragraphs and sentences as offset spans of the original text.

Paragraphs are runs of non-blank lines. Sentences come from spaCy's rule-based
sentencizer on a blank pipeline for the document's language (English, Russian,
Ukrainian and many more), run on each line block, with two repairs spaCy's rules need
for news text: a line break ends a sentence unless the line is hard-wrapped prose, and
initials or abbreviations ("В. В. Путин", "т. е.", "Gen.") do not.

Cost is linear in the text: a sentence longer than :data:`MAX_SENTENCE_CHARS` (a run-on
line with no sentence punctuation, a table flattened to text) is cut at the last
whitespace before the limit (or at the limit when there is none), so that no later
component sees a sentence of unbounded length; the pieces keep exact offsets. Joining
hard-wrapped lines and repairing abbreviations look only at the edges of the spans they
join, never at the whole growing span.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from unspun.model.finding import Span
from unspun.runtime import budget

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
_LINE = re.compile(r"[^\n]+")
_WRAP_END = re.compile(r"[\w,;]$")
_WRAP_START = re.compile(r"^[a-zа-яёіїєґ0-9(]")
_INITIAL = re.compile(r"(?:^|\s)[A-ZА-ЯЁІЇЄҐ]\.$")
_ABBREV = re.compile(
    r"(?:^|\s)(?:т\.\s?е|т\.\s?д|т\.\s?п|т\.\s?ч|г|гг|им|ул|млн|млрд|тыс|руб|грн|ст|см|др|"
    r"тис|вул|р|рр|пор|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Adm|Prof|Dr|Mr|Mrs|Ms|St|No|Jr|Sr|"
    r"vs|etc|approx|Inc|Corp|Ltd|Co)\.$"
)
#: Longest sentence handed to later components, in characters. Longer ones are cut (the
#: longest sentence in the PTC train articles and the UNLP dev posts has 817 characters).
MAX_SENTENCE_CHARS = 2000
#: How far back :func:`_should_merge` looks: longer than any abbreviation it knows.
_TAIL = 64
_SPACY_LANGS = {"en", "ru", "uk", "bg", "pt", "de", "fr", "es", "it", "pl", "hi", "ro", "nl"}


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start=start, end=end) if end > start else None


def split_paragraphs(text: str) -> list[Span]:
    """Runs of non-blank lines, trimmed of surrounding whitespace."""
    spans: list[Span] = []
    pos = 0
    for match in _BLANK_LINE.finditer(text):
        span = _trim(text, pos, match.start())
        if span is not None:
            spans.append(span)
        pos = match.end()
    span = _trim(text, pos, len(text))
    if span is not None:
        spans.append(span)
    return spans


def _line_blocks(text: str, paragraph: Span) -> list[Span]:
    """Split a paragraph at line breaks, keeping hard-wrapped lines of prose together."""
    blocks: list[Span] = []
    current: Span | None = None
    for m in _LINE.finditer(text, paragraph.start, paragraph.end):
        line = _trim(text, m.start(), m.end())
        if line is None:
            continue
        if current is not None:
            # Only the last character of the block and the first of the line matter (the
            # patterns are anchored there): never rebuild the growing block's text.
            prev = text[current.end - 1 : current.end]
            nxt = text[line.start : line.start + 1]
            if _WRAP_END.search(prev) and _WRAP_START.search(nxt):
                current = Span(start=current.start, end=line.end)
                continue
            blocks.append(current)
        current = line
    if current is not None:
        blocks.append(current)
    return blocks


@lru_cache(maxsize=16)
def _sentencizer(lang: str) -> Any:
    import spacy

    code = lang if lang in _SPACY_LANGS else "xx"
    try:
        nlp = spacy.blank(code)
    except Exception:  # a language spaCy cannot build without extra packages
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    # spaCy refuses texts over 1,000,000 characters for the memory its parser needs; the
    # rule-based sentencizer needs none of that, and a line block may be as long as the
    # document (--max-chars, 2,000,000 by default).
    nlp.max_length = 1 << 31
    return nlp


def split_sentences(
    text: str, lang: str | None = None, within: list[Span] | None = None
) -> list[Span]:
    """Sentences of ``text`` as spans, in order, never crossing a paragraph."""
    nlp = _sentencizer(lang or "xx")
    paragraphs = within if within is not None else split_paragraphs(text)
    blocks = [b for p in paragraphs for b in _line_blocks(text, p)]
    sentences: list[Span] = []
    for block, doc in zip(blocks, nlp.pipe(text[b.start : b.end] for b in blocks), strict=True):
        budget.check()
        pieces: list[Span] = []
        for sent in doc.sents:
            span = _trim(text, block.start + sent.start_char, block.start + sent.end_char)
            if span is None:
                continue
            if pieces and _should_merge(text, pieces[-1], span):
                pieces[-1] = Span(start=pieces[-1].start, end=span.end)
            else:
                pieces.append(span)
        for piece in pieces:
            sentences.extend(cut_long(text, piece))
    return sentences


def cut_long(text: str, span: Span, limit: int = MAX_SENTENCE_CHARS) -> list[Span]:
    """``span`` itself, or, when it is longer than ``limit`` characters, consecutive pieces
    of at most ``limit`` characters: each cut falls after the last whitespace of the second
    half of the stretch (at the limit when it has none), and the pieces are trimmed."""
    if span.end - span.start <= limit:
        return [span]
    out: list[Span] = []
    start = span.start
    while span.end - start > limit:
        stop = start + limit
        cut = stop
        for i in range(stop - 1, start + limit // 2 - 1, -1):
            if text[i].isspace():
                cut = i
                break
        piece = _trim(text, start, cut)
        if piece is not None:
            out.append(piece)
        start = cut
        while start < span.end and text[start].isspace():
            start += 1
    last = _trim(text, start, span.end)
    if last is not None:
        out.append(last)
    return out


_TITLES = {
    "Gen.",
    "Sen.",
    "Rep.",
    "Gov.",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Prof.",
    "St.",
    "Lt.",
    "Col.",
}


def _should_merge(text: str, previous: Span, following: Span) -> bool:
    """True where the sentencizer split after an initial or an abbreviation.

    Only the last :data:`_TAIL` characters of ``previous`` are read (every pattern is
    anchored at its end and shorter than that), so that a run of merges stays linear."""
    before = text[max(previous.start, previous.end - _TAIL) : previous.end]
    after = text[following.start : following.start + 1]
    if _INITIAL.search(before) or before.endswith((" т.", " п.")):
        return True
    if before.split()[-1] in _TITLES:
        return True
    return bool(_ABBREV.search(before)) and not after[:1].isupper()
