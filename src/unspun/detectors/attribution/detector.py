"""The attribution detector: who a claim-like sentence is attributed to, and how.

For every sentence it finds source phrases with the construction that attributes to them
(reporting verb, "according to", impersonal passive, hearsay adverb) and classifies each
as ``named``, ``official``, ``anonymous`` or ``vague``. Each becomes an ``attribution``
finding over the source phrase, whose ``scope`` is the sentence it governs. Sentences with
no source get a sentence label (``own`` for a claim in the author's voice, ``none`` for no
claim): the declared product ``attribution:sentences``, which the claim stage requires and
reads with :func:`sentence_attributions`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from unspun.detectors.attribution import english, slavic
from unspun.detectors.attribution.explain import explain
from unspun.detectors.attribution.mention import (
    CROWD_REASON,
    MENTION_KINDS,
    SENTENCE_LABELS,
    SourceMention,
)
from unspun.model.analysis import Analysis
from unspun.model.finding import Finding, Span
from unspun.pipeline.component import Component
from unspun.runtime import budget
from unspun.runtime.parse import english_parses, parse_sentences

#: The per-sentence answers, a declared product (``assigns``) that later stages require.
PRODUCT = "attribution:sentences"
#: Source kinds a reader can trace back to someone; the others cannot be checked.
CHECKABLE = ("named", "official")
SUPPORTED_LANGS = ("en", "ru", "uk")


@dataclass(frozen=True)
class SentenceAttribution:
    """The attribution answer for one sentence."""

    sentence: Span
    label: str  # one of SENTENCE_LABELS
    mentions: tuple[SourceMention, ...]


class AttributionDetector(Component):
    name = "attribution"
    version = "1.0.0"
    requires = ("lang", "sentences")
    assigns = ("findings:attribution", PRODUCT)
    kind = "attribution"
    labels = MENTION_KINDS

    def __init__(self, min_score: float = 0.0, fallback_lang: str = "en"):
        self.min_score = min_score
        self.fallback_lang = fallback_lang

    def pipe(self, analyses: Sequence[Analysis]) -> None:
        for analysis in analyses:
            self.process(analysis)

    def process(self, analysis: Analysis) -> None:
        lang = analysis.lang if analysis.lang in SUPPORTED_LANGS else self.fallback_lang
        per_sentence = attribute_sentences(
            analysis.text,
            analysis.sentences,
            lang,
            parse=lambda spans, full: english_parses(analysis, spans, full=full),
        )
        analysis.cache[PRODUCT] = per_sentence
        for sa in per_sentence:
            for m in sa.mentions:
                if m.score < self.min_score:
                    continue
                analysis.add(self._finding(analysis, m, lang))

    def _finding(self, analysis: Analysis, m: SourceMention, lang: str) -> Finding:
        phrase = analysis.text[m.start : m.end]
        attrs: dict[str, object] = {
            "construction": m.construction,
            "governs_main_clause": m.main,
            "reasons": m.reasons,
            "lang": lang,
        }
        if m.cue_start is not None and m.cue_end is not None:
            attrs["cue"] = {"start": m.cue_start, "end": m.cue_end}
        return self.finding(
            start=m.start,
            end=m.end,
            label=m.kind,
            category="verifiable_source" if m.kind in CHECKABLE else "unverifiable_source",
            score=m.score,
            explanation=explain("crowd" if CROWD_REASON in m.reasons else m.kind, phrase),
            scope=Span(start=m.sentence_start, end=m.sentence_end),
            attrs=attrs,
        )


def sentence_attributions(analysis: Analysis) -> list[SentenceAttribution]:
    """The attribution answer per sentence (the ``attribution:sentences`` product); empty
    when the attribution detector has not run on the document."""
    answers: list[SentenceAttribution] = analysis.cache.get(PRODUCT, [])
    return answers


def attribute_sentences(
    text: str,
    sentences: Sequence[Span],
    lang: str,
    *,
    parse: Callable[[Sequence[Span], bool], list[Any]] | None = None,
) -> list[SentenceAttribution]:
    """Attribution for each sentence of ``text`` (``lang`` in en, ru, uk).

    ``parse(spans, full)`` returns spaCy docs of English sentences (default: parse them
    now, uncached; the detector passes the document's shared parse)."""
    results: list[SentenceAttribution] = []
    if lang == "en":
        if parse is None:

            def parse(spans: Sequence[Span], full: bool) -> list[Any]:
                return parse_sentences(text, spans, full=full)

        candidates = [s for s in sentences if english.might_attribute(text[s.start : s.end])]
        chosen = set(candidates)
        parsed = dict(zip(candidates, parse(candidates, True), strict=True))
        # Claim-likeness only needs part-of-speech tags: tag the other sentences cheaply.
        rest = [s for s in sentences if s not in chosen]
        parsed.update(zip(rest, parse(rest, False), strict=True))
        previous: SourceMention | None = None
        person_seen = -10  # index of the last sentence that named a person
        for i, span in enumerate(sentences):
            budget.check()
            doc = parsed[span]
            mentions = english.extract_sentence(doc, span.start, span) if span in chosen else []
            if english.names_someone(doc):
                person_seen = i
            for m in mentions:
                _resolve_pronoun(m, previous, person_nearby=i - person_seen <= 2)
            sourced = [m for m in mentions if m.construction not in {"impersonal", "adverb"}]
            if sourced:
                previous = next((m for m in sourced if m.main), sourced[0])
            empty = english.asserts_nothing(doc)  # once per sentence: it reads every token
            results.append(_label(span, mentions, english.is_claim_like(doc, empty), empty))
        return _quotation_runs(text, _carry_quotes(text, results))
    previous = None
    for group in soft_line_groups(text, sentences):
        budget.check()
        joined = Span(start=group[0].start, end=group[-1].end)
        whole = slavic.extract_sentence(text, joined, lang) if len(group) > 1 else []
        for span in group:
            mentions = slavic.extract_sentence(text, span, lang)
            if len(group) > 1 and not any(m.main for m in mentions):
                mentions = _from_joined(span, whole, group) or mentions
            for m in mentions:
                _resolve_pronoun(m, previous, person_nearby=False)
            sourced = [m for m in mentions if m.construction not in {"impersonal", "adverb"}]
            if sourced:
                previous = sourced[0]
            results.append(_label(span, mentions, slavic.is_claim_like(text, span, lang)))
    return _quotation_runs(text, _carry_quotes(text, results))


#: A line that ends without closing its sentence: no terminal mark (quotes and brackets
#: after it allowed).
_OPEN_END = re.compile(r"[^.!?…]\W*$|[,:;—–-]\W*$")
#: A line that carries on the previous one: a lower-case word, or a dash before a source
#: ("— The Guardian.", "— российский сенатор").
_CARRIES_ON = re.compile(r"^(?:[—–-]\s*\S|[^\W\d_])")


def soft_line_groups(text: str, sentences: Sequence[Span]) -> list[list[Span]]:
    """Consecutive sentences split only by a line break inside one sentence, grouped.

    Telegram posts (and text copied from them) break lines inside sentences: "Про це /
    пише / видання Bild, …" or a quotation with "— сенатор X" on the next line. Two
    sentences join when only white space and symbols (no letters or digits) lie between
    them, that gap holds a line break, and either the first does not end its sentence and
    the second starts in lower case, or the second starts with a dash."""
    groups: list[list[Span]] = []
    for span in sentences:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev.end : span.start]
            head = text[span.start : span.end]
            soft = "\n" in gap and not any(ch.isalnum() for ch in gap)
            dash = head[:1] in "—–-" and len(head) > 1
            lower = bool(_CARRIES_ON.match(head)) and head[:1].islower()
            if soft and (dash or (lower and _OPEN_END.search(text[prev.start : prev.end]))):
                groups[-1].append(span)
                continue
        groups.append([span])
    return groups


def _from_joined(span: Span, whole: list[SourceMention], group: list[Span]) -> list[SourceMention]:
    """The mentions of a joined group that speak for ``span``: its governing source (kept
    where it stands, in whichever line of the group) when ``span`` has none of its own."""
    main = next((m for m in whole if m.main), None)
    if main is None:
        return []
    inside = [m for m in whole if span.start <= m.start and m.end <= span.end]
    if main not in inside:
        inside.insert(0, main)
    return inside


_QUOTE_CHARS = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb")


def _carry_quotes(text: str, results: list[SentenceAttribution]) -> list[SentenceAttribution]:
    """A quoted sentence with no speaker of its own takes the label of the neighbouring
    sentence that names the speaker of the same quotation ('"...," he said. "More."')."""
    out = list(results)
    for i, sa in enumerate(results):
        if sa.mentions or not any(
            q in text[sa.sentence.start : sa.sentence.end] for q in _QUOTE_CHARS
        ):
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(results):
                continue
            other = results[j]
            other_text = text[other.sentence.start : other.sentence.end]
            main = next((m for m in other.mentions if m.main), None)
            if main is not None and any(q in other_text for q in _QUOTE_CHARS):
                out[i] = SentenceAttribution(
                    sentence=sa.sentence, label=sentence_label(main.kind), mentions=()
                )
                break
    return out


_OPENING = ("\u201c", "\u00ab")
_CLOSING = ("\u201d", "\u00bb")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")


def _inside_quotation(text: str, results: list[SentenceAttribution]) -> list[bool]:
    """For each sentence, whether it starts inside a quotation opened by an earlier one.

    Curly and angle quotes open and close; a straight double quote toggles. A paragraph
    break (an empty line) ends an open quotation unless the next paragraph opens again (the
    convention for a quotation over several paragraphs); a single line break does not
    (one sentence per line, as in PTC articles)."""
    inside, depth, last_end = [], False, 0
    for sa in results:
        start, end = sa.sentence.start, sa.sentence.end
        body = text[start:end]
        if _PARAGRAPH.search(text, last_end, start) and not body.lstrip().startswith(
            (*_OPENING, '"')
        ):
            depth = False
        inside.append(depth)
        for ch in body:
            if ch in _OPENING:
                depth = True
            elif ch in _CLOSING:
                depth = False
            elif ch == '"':
                depth = not depth
        last_end = end
    return inside


def _quotation_runs(text: str, results: list[SentenceAttribution]) -> list[SentenceAttribution]:
    """The sentences of one quotation share its speaker: '"A. B. C," he said.' gives B,
    which holds no quote mark and no source, the label of the sentence that names him."""
    inside = _inside_quotation(text, results)
    runs: list[list[int]] = []
    for i in range(len(results)):
        if inside[i] and runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    out = list(results)
    for run in runs:
        if len(run) < 2:
            continue
        speaker = next(
            (m for i in run for m in results[i].mentions if m.main and m.kind != "label"), None
        )
        if speaker is None and run[0] > 0:
            # '"A," he said. / "B. / C."': a quotation opened right after one the same
            # speaker closed carries on that speaker's words.
            before = results[run[0] - 1]
            if any(q in text[before.sentence.start : before.sentence.end] for q in _QUOTE_CHARS):
                speaker = next((m for m in before.mentions if m.main and m.kind != "label"), None)
        if speaker is None:
            continue
        for i in run:
            sa = results[i]
            if not sa.mentions and sa.label == "own":
                out[i] = SentenceAttribution(
                    sentence=sa.sentence, label=sentence_label(speaker.kind), mentions=()
                )
    return out


def _resolve_pronoun(
    m: SourceMention, previous: SourceMention | None, *, person_nearby: bool
) -> None:
    """A pronoun source ("he said", "they said") takes the kind of what it refers to: a
    person named in the last sentences, else the last source named before it."""
    if not any("pronoun" in r for r in m.reasons):
        return
    if m.kind == "named" and person_nearby:
        m.score = 0.75
        m.reasons = [*m.reasons, "a person is named just before"]
    elif previous is not None:
        m.kind = previous.kind
        m.reasons = [*m.reasons, f"resolved to an earlier {previous.kind} source"]


def sentence_label(kind: str) -> str:
    """The sentence answer for a governing mention: a label stands for nobody, so the
    claim it introduces is as unsourced as one from a vague source."""
    return "vague" if kind == "label" else kind


def _label(
    span: Span, mentions: list[SourceMention], claim_like: bool, empty: bool = False
) -> SentenceAttribution:
    """``empty``: the sentence asserts nothing (a question, a call, a lead-in such as "The
    Sun reported:" whose claim is on the next line), so it is ``none`` whoever it names;
    its mentions are still listed."""
    # The main-claim rule: a source that only governs a subordinate clause ("the woman
    # who reportedly told ...") leaves the sentence in the author's own voice.
    governing = next((m for m in mentions if m.main), None)
    label = (
        "none"
        if empty
        else sentence_label(governing.kind)
        if governing is not None
        else "own"
        if claim_like or (mentions and not empty)
        else "none"
    )
    assert label in SENTENCE_LABELS
    return SentenceAttribution(sentence=span, label=label, mentions=tuple(mentions))
