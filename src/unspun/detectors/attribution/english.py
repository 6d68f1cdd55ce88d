"""English attribution from a dependency parse (spaCy en_core_web_sm).

A source is found through structure, never a bare word:
- the subject (or passive agent) of a reporting verb that governs a clause or a quote
  ("a ministry spokesperson said ...", "... , experts believe");
- the object of "according to" / "citing";
- an impersonal passive reporting construction ("it is believed that", "is said to");
- a hearsay adverb modifying a clause ("reportedly").
The phrase found is then classified (named, official, anonymous, vague) from its
entities, head noun and determiners.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from unspun.detectors.attribution import lexicon_en as lex
from unspun.detectors.attribution.mention import CROWD_REASON, SourceMention
from unspun.model.finding import Span

_QUOTES = ('"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u00ab", "\u00bb")


def _lemma(token: Any) -> str:
    # The rule lemmatizer is excluded for speed; the attribute ruler and tagger give
    # enough to lemmatise reporting verbs by their form.
    text = token.lower_
    return _VERB_FORMS.get(text, text)


_VERB_FORMS: dict[str, str] = {}
for _base in lex.REPORTING_VERBS | lex.IMPERSONAL_VERBS | lex.QUOTE_VERBS:
    _stem = _base[:-1] if _base.endswith("e") else _base
    for _form in (
        _base,
        _base + "s",
        _base + "es",
        _stem + "ed",
        _stem + "ing",
        _base + "d",
        _base[:-1] + "ies" if _base.endswith("y") else _base,
        _base[:-1] + "ied" if _base.endswith("y") else _base,
    ):
        _VERB_FORMS.setdefault(_form, _base)
_VERB_FORMS.update(
    {
        "said": "say",
        "told": "tell",
        "thought": "think",
        "wrote": "write",
        "written": "write",
        "found": "find",
        "held": "hold",
        "known": "know",
        "understood": "understand",
        "shown": "show",
        "stated": "state",
        "noted": "note",
        "cited": "cite",
        "citing": "cite",
        "argued": "argue",
        "believed": "believe",
        "quoted": "quote",
        "described": "describe",
        "estimated": "estimate",
        "announced": "announce",
        "declared": "declare",
        "agreed": "agree",
        "disclosed": "disclose",
        "concluded": "conclude",
        "rumored": "rumor",
        "bragged": "brag",
        "bragging": "brag",
        "urged": "urge",
        "urging": "urge",
        "advised": "advise",
        "assured": "assure",
        "promised": "promise",
        "reiterated": "reiterate",
        "lamented": "lament",
    }
)


_WORDS = re.compile(r"[a-z]+")
_CUE_WORDS = frozenset(_VERB_FORMS) | {"according", "citing", "clear"} | lex.HEARSAY_ADVERBS


def might_attribute(sentence: str) -> bool:
    """Cheap prefilter: does this sentence hold any word that can start an attribution?"""
    return not _CUE_WORDS.isdisjoint(_WORDS.findall(sentence.lower()))


def _phrase_span(tokens: Sequence[Any]) -> tuple[int, int] | None:
    """Character range of a token run, trimmed of punctuation and quotes at the edges.

    A subtree of a non-projective parse (which garbage text gets) does not come in text
    order; when its first and last tokens would give an empty or inverted range, the
    tokens are read in text order instead (that range was an invalid finding before)."""
    found = _edge_span(list(tokens))
    if found is not None and found[1] <= found[0]:
        found = _edge_span(sorted(tokens, key=lambda t: t.i))
    return found


def _edge_span(toks: list[Any]) -> tuple[int, int] | None:
    lo, hi = 0, len(toks)
    while lo < hi and (toks[lo].is_punct or toks[lo].lower_ in {"and", "but"}):
        lo += 1
    while lo < hi and toks[hi - 1].is_punct:
        hi -= 1
    if lo == hi:
        return None
    return toks[lo].idx, toks[hi - 1].idx + len(toks[hi - 1].text)


def _subtree(token: Any) -> list[Any]:
    """The token's phrase without relative or adverbial clauses hanging off its end."""
    keep = []
    for t in token.subtree:
        keep.append(t)
    # Cut at a comma that introduces a relative clause or apposition only when the
    # phrase would otherwise swallow a whole clause (long phrases read badly as a flag).
    if len(keep) > 12:
        head_i = token.i
        cut = [t for t in keep if t.i > head_i and t.text == ","]
        if cut:
            keep = [t for t in keep if t.i < cut[0].i]
    return keep


def classify_phrase(
    tokens: Sequence[Any], sentence: Any, sent_text: str | None = None
) -> tuple[str, float, list[str]]:
    """Kind of a source phrase: named, official, anonymous or vague, with a score.

    ``sent_text`` is ``sentence.text`` when the caller has it (a Doc rebuilds its text on
    every access)."""
    words = [t.lower_ for t in tokens]
    text = " ".join(words)
    sent_text = (sentence.text if sent_text is None else sent_text).lower()
    ents = {t.ent_type_ for t in tokens if t.ent_type_}
    has_propn = any(t.pos_ == "PROPN" for t in tokens)
    heads = _phrase_heads(tokens)
    head = heads[0].lower_ if heads else words[-1]

    unnamed = set(words) & lex.ANONYMOUS_WORDS or any(p in text for p in lex.ANONYMOUS_PHRASES)
    if unnamed and "PERSON" not in ents:
        return "anonymous", 0.85, ["unnamed source"]
    if any(p in sent_text for p in ("anonymity", "not authorized to", "not authorised to")) and (
        "PERSON" not in ents
    ):
        return "anonymous", 0.75, ["source speaks on condition of anonymity"]
    head_tok = heads[0] if heads else tokens[-1]
    if head in lex.INSTITUTION_HEADS and head_tok.ent_type_ != "PERSON":
        return "official", 0.75, ["official institution"]
    if "PERSON" in ents:
        return "named", 0.9, ["names a person"]
    if len(words) == 1 and head in lex.PRONOUNS_PERSONAL:
        return "named", 0.6, ["pronoun for a person named earlier"]
    official = (
        lex.OFFICIAL_NAMES_RE.search(text)
        or set(words) & lex.OFFICIAL_WORDS
        or any(t.text in lex.OFFICIAL_ABBREVIATIONS for t in tokens)
    )
    if official and _role_and_name(head_tok, words):
        return "named", 0.75, ["a role and a name"]
    if official:
        return "official", 0.8, ["official role or institution"]
    if any(t.text == "WHO" for t in tokens):  # the World Health Organization, not "who"
        return "named", 0.8, ["names an organisation"]
    if head_tok.ent_type_ == "GPE" and not ents & {"ORG", "NORP"} and _is_state(tokens, words):
        return "official", 0.6, ["a state named for its government"]
    if head in lex.KIN_HEADS and head_tok.pos_ != "PROPN":
        return "anonymous", 0.6, ["a relative or acquaintance who is not named"]
    if len(words) == 2 and words[0] == "the" and head in lex.ANAPHORIC_ORGANISATIONS:
        return "named", 0.5, ["refers back to an organisation named earlier"]
    if (
        words[0] in {"the", "their", "its"}
        and head in lex.WORK_HEADS
        and len(words) <= 3
        and not set(words) & {"media", "press", "news"}
    ):
        return "named", 0.5, ["refers back to a study or report named earlier"]
    plural_group = head_tok.tag_ == "NNS" and not (words and words[0] == "the")
    if head in lex.CROWD_HEADS and not has_propn:
        return "vague", 0.75, [CROWD_REASON]
    if head in lex.VAGUE_HEADS and not has_propn:
        return "vague", 0.75, ["unidentified group or body"]
    if has_propn or ents & {"ORG", "NORP", "WORK_OF_ART", "FAC"}:
        proper_head = head_tok.pos_ == "PROPN"  # "advocacy group J Street": the name heads
        vague_head = (head in lex.VAGUE_HEADS and not proper_head) or plural_group
        if vague_head and not ents & {"ORG", "WORK_OF_ART"}:
            return "vague", 0.6, ["unidentified group"]
        return "named", 0.8, ["names an organisation or title"]
    if set(words) & lex.VAGUE_DETERMINERS or head in lex.VAGUE_HEADS:
        return "vague", 0.8, ["unidentified group or body"]
    if words and words[0] in lex.INDIVIDUAL_DETERMINERS and head_tok.tag_ == "NN":
        return "anonymous", 0.55, ["an individual who is not named"]
    if head in lex.PRONOUNS_GROUP:
        return "vague", 0.5, ["pronoun with no clear referent"]
    if words and words[0] in {"the", "this", "that"}:
        return "named", 0.45, ["refers back to a source named earlier"]
    return "vague", 0.55, ["unidentified source"]


def _role_and_name(head: Any, words: list[str]) -> bool:
    """ "Secretary of Homeland Security Kirstjen Nielsen": a title before a proper name that
    heads the phrase (the tagger does not always see the person in it)."""
    return (
        head.pos_ == "PROPN"
        and head.ent_type_ not in {"GPE", "NORP", "FAC", "LOC"}
        and head.lower_ not in lex.OFFICIAL_WORDS
        and not lex.OFFICIAL_NAMES_RE.search(head.lower_)
        and head.text not in lex.OFFICIAL_ABBREVIATIONS
        and head.i > head.left_edge.i
        and any(w in lex.OFFICIAL_WORDS for w in words[:-1])
    )


def _is_state(tokens: Sequence[Any], words: list[str]) -> bool:
    """A country or its capital standing for its government ("China said", "the United
    States warned"); a lone surname the tagger took for a place ("said Franken") is not."""
    if len(words) > 5:
        return False
    if words[0] == "the" and len(words) <= 3:
        return True
    parts = " ".join(w for w in words if w not in {"the", ","}).split(" and ")
    return all(p in lex.STATES for p in parts)


def _phrase_heads(tokens: Sequence[Any]) -> list[Any]:
    """The tokens of a phrase whose head lies outside it (or that head themselves), in
    order: one set of token indices instead of a list scan per token."""
    inside = {t.i for t in tokens}
    return [t for t in tokens if t.head.i not in inside or t.head == t]


def _governs_content(verb: Any, sentence: Any, quoted: bool | None = None) -> bool:
    deps = {c.dep_ for c in verb.children}
    if deps & {"ccomp", "parataxis", "xcomp", "oprd"} or verb.dep_ in {"parataxis"}:
        return True
    if verb.dep_ in {"ccomp", "advcl", "conj"} and _lemma(verb) in lex.SPEECH_VERBS:
        return True
    if _lemma(verb) in lex.SPEECH_VERBS:
        return True
    if quoted is None:
        quoted = _has_quote(sentence.text)
    return quoted


def _makes_clear(verb: Any) -> bool:
    """ "made it clear (that / why …)": a statement, said with another verb."""
    return verb.lower_ in {"make", "makes", "made", "making"} and any(
        c.lower_ == "clear" for c in verb.children
    )


def _has_quote(text: str) -> bool:
    return any(q in text for q in _QUOTES)


def _verb_mentions(
    sentence: Any, quoted: bool | None = None
) -> Iterable[tuple[list[Any], Any, str]]:
    """``quoted``: whether the sentence holds a quotation mark (computed once when None,
    not once per verb: a Doc rebuilds its text on every access)."""
    if quoted is None:
        quoted = _has_quote(sentence.text)
    for verb in sentence:
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        lemma = _lemma(verb)
        if lemma not in lex.REPORTING_VERBS | lex.IMPERSONAL_VERBS | lex.QUOTE_VERBS:
            if not _makes_clear(verb):
                continue
            lemma = "state"  # "X made it clear that …"
        subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}), None)
        if subj is None and verb.dep_ in {"conj", "advcl"}:
            # "X resigned and said ...", "X started a fund, explaining that ...": the
            # shared subject hangs off the first verb.
            shared = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
            if shared is not None and (
                shared.lower_ in lex.PRONOUNS_PERSONAL
                or shared.lower_ in lex.OFFICIAL_WORDS  # "his office contacted … and said"
                or any(t.ent_type_ in {"PERSON", "ORG"} for t in shared.subtree)
            ):
                subj = shared
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                yield _subtree(pobj), verb, "reporting-verb"
                continue
        impersonal = (subj is not None and subj.lower_ == "it") or any(
            c.dep_ in {"xcomp", "ccomp"} for c in verb.children
        )
        if passive and lemma in lex.IMPERSONAL_VERBS and impersonal and verb.i > verb.sent.start:
            # "it is believed that ..." / "he is said to ..."; the flag covers the construction.
            aux = [c for c in verb.children if c.dep_ in {"auxpass", "aux"}]
            first = min(
                [verb, *aux, *([subj] if subj is not None and subj.lower_ == "it" else [])],
                key=lambda t: t.i,
            )
            yield [t for t in verb.doc[first.i : verb.i + 1]], verb, "impersonal"
            continue
        if subj is None or (passive and subj.dep_ == "nsubjpass"):
            continue  # the subject of a passive is what was reported, not who reported it
        if lemma not in lex.REPORTING_VERBS and not (quoted and lemma in lex.QUOTE_VERBS):
            continue
        if subj.lower_ in lex.PRONOUNS_SELF:
            continue
        relative = (subj.tag_ in {"WP", "WDT"} and subj.text != "WHO") or (
            subj.lower_ == "that" and verb.dep_ == "relcl"
        )
        if relative and verb.dep_ == "relcl":
            # "the pope himself who said that": the source is what the clause modifies.
            yield (
                [
                    t
                    for t in verb.head.subtree
                    if t.i < verb.head.i or t == verb.head or (t.i > verb.head.i and t.i < subj.i)
                ],
                verb,
                "reporting-verb",
            )
            continue
        if relative or (subj.lower_ in lex.PRONOUNS_DEMONSTRATIVE and subj.pos_ == "PRON"):
            continue
        if not (_governs_content(verb, sentence, quoted) or lemma in lex.QUOTE_VERBS):
            continue
        deps = {c.dep_ for c in verb.children}
        if lemma in lex.CLAUSE_VERBS and (
            "xcomp" in deps or not (quoted or deps & {"ccomp", "parataxis"})
        ):
            continue  # "promised to add …" is a pledge, "promised that …" a claim
        yield _subtree(subj), verb, "reporting-verb"


#: Works whose author is the source of what they say: "a report by X".
_WORKS = frozenset(
    "report study analysis survey poll investigation review statement letter paper article "
    "assessment audit memo documentary book column editorial op-ed reports studies "
    "analyses surveys polls investigations reviews statements letters papers articles".split()
)


_CONTENT_VERBS = frozenset(
    "show shows showed shown showing find finds found finding reveal reveals revealed "
    "revealing say says said saying conclude concludes concluded describe describes "
    "described describing suggest suggests suggested claim claims claimed warn warns warned "
    "state states stated estimate estimates estimated".split()
)


def _work_speaks(noun: Any) -> bool:
    """The work tells something in this sentence ("a study by X found that …", "a report
    by X describing how …"), not only figures in it ("the book by X was published")."""
    if noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.lower_ in _CONTENT_VERBS:
        return True
    return any(c.dep_ in {"acl", "relcl"} and c.lower_ in _CONTENT_VERBS for c in noun.children)


def _prep_mentions(sentence: Any) -> Iterable[tuple[list[Any], Any, str]]:
    for tok in sentence:
        low = tok.lower_
        if low == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            pobj = (
                next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            )
            if pobj is not None:
                yield _subtree(pobj), tok, "according-to"
        elif low == "citing":
            obj = next((c for c in tok.children if c.dep_ in {"dobj", "pobj"}), None)
            if obj is not None and _is_source_like(obj):
                yield _subtree(obj), tok, "citing"
        elif low in lex.HEARSAY_ADVERBS:
            yield [tok], tok, "adverb"
        elif (
            low == "by"
            and tok.dep_ == "prep"
            and tok.head.lower_ in _WORKS
            and _work_speaks(tok.head)
        ):
            # "a report by Media Lens", "a new study by Harvard researchers"
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                yield _subtree(pobj), tok.head, "work-by"


def _is_source_like(head: Any) -> bool:
    """Whether the object of "citing" names a source rather than a reason."""
    return head.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or head.lower_ in (
        lex.OFFICIAL_WORDS | lex.VAGUE_HEADS | lex.ANONYMOUS_WORDS
    )


def extract_sentence(sent_doc: Any, offset: int, span: Span) -> list[SourceMention]:
    """Source mentions in one parsed sentence; offsets shifted by ``offset``."""
    mentions: list[SourceMention] = []
    root = next((t for t in sent_doc if t.dep_ == "ROOT"), None)
    seen: set[tuple[int, int]] = set()
    sent_text = sent_doc.text  # built once: a Doc joins its tokens on every .text
    quoted = _has_quote(sent_text)
    for tokens, cue, construction in [
        *_verb_mentions(sent_doc, quoted),
        *_prep_mentions(sent_doc),
    ]:
        rng = _phrase_span(tokens)
        if rng is None:
            continue
        if construction in {"impersonal", "adverb"}:
            kind, score, reasons = "vague", 0.75, ["no source is given for what is reported"]
        else:
            kind, score, reasons = classify_phrase(tokens, sent_doc, sent_text)
            label = _label(sent_text, rng, cue.idx, tokens)
            if label is not None:
                rng = (min(rng[0], label[0]), max(rng[1], label[1]))
                kind, score = "label", 0.7
                reasons = [label[2], "the claim it introduces has no source a reader could check"]
        key = (rng[0], rng[1])
        if key in seen or (
            construction == "work-by" and any(a <= rng[0] and rng[1] <= b for a, b in seen)
        ):
            continue  # "A report by X found …": the subject phrase already names X
        seen.add(key)
        main = root is not None and (
            _governs_its_sentence(cue, construction)
            or (construction == "reporting-verb" and _reporting_tail(sent_text, rng, cue))
            or (construction == "according-to" and _according_tail(sent_text, rng, cue))
        )
        mentions.append(
            SourceMention(
                start=offset + rng[0],
                end=offset + rng[1],
                kind=kind,
                score=score,
                construction=construction,
                cue_start=offset + cue.idx,
                cue_end=offset + cue.idx + len(cue.text),
                sentence_start=span.start,
                sentence_end=span.end,
                main=main,
                reasons=reasons,
            )
        )
    return mentions


def _label(
    text: str, rng: tuple[int, int], cue_at: int, tokens: Sequence[Any]
) -> tuple[int, int, str] | None:
    """A pejorative label standing where the source would stand ("the Kyiv regime says",
    "the junta claims"): from the loaded-vocabulary lexicon, or a label head word."""
    from unspun.lexicons import LABEL_KINDS, loaded_vocabulary

    # The subject may be cut at a hyphen ("neo-Nazis"): read up to the cue when it follows.
    end = cue_at if rng[0] < cue_at <= rng[1] + 24 else rng[1]
    for m in loaded_vocabulary().matches(text[rng[0] : end], "en", LABEL_KINDS):
        if m.start < rng[1] - rng[0] + 1:
            return rng[0] + m.start, rng[0] + m.end, f"a pejorative label ({m.entry.target})"
    heads = _phrase_heads(tokens)
    head = heads[0] if heads else None
    if head is not None and head.lower_ in lex.LABEL_HEADS:
        return head.idx, head.idx + len(head.text), "a pejorative label for a group"
    return None


def _governs_its_sentence(cue: Any, construction: str) -> bool:
    """The cue governs the main clause of its own sentence (a unit may hold two: '"…." The
    official said …'): it is the root, hangs off it as a modifier, is a hearsay adverb of
    the main clause, or is the verb of a cleft ("it is the pope himself who said that")."""
    root = cue.sent.root
    if cue.i == root.i:
        return True
    if cue.head.i == root.i and cue.dep_ in {"prep", "advmod", "conj", "advcl", "parataxis"}:
        return True
    if construction in {"adverb", "work-by"}:
        return _in_main_clause(cue, root)
    copula = cue.head.head
    return (
        cue.dep_ == "relcl"
        and cue.head.dep_ == "attr"
        and (copula.i == root.i or (copula.dep_ == "conj" and copula.head.i == root.i))
        and any(c.lower_ == "it" and c.dep_ in {"nsubj", "expl"} for c in copula.children)
    )


#: What may follow the verb of a closing reporting clause: "…, the WHO said on Monday.",
#: "…, he told reporters in a statement."
_TAIL_AFTER = re.compile(r"(?:\s+[\w'’-]+){0,6}\s*[.!?]?[\"”’]?\s*$")


def _reporting_tail(sent_text: str, rng: tuple[int, int], cue: Any) -> bool:
    """A closing reporting clause after a comma ("All the cases came from one clinic, …,
    the WHO said.") governs the whole sentence, however the parser attached it. Offsets
    are into ``sent_text``; only the few characters around the clause are read."""
    cue_end = cue.idx + len(cue.text)
    if len(sent_text) - cue_end > 80 or cue.idx < rng[1] or _lemma(cue) not in lex.SPEECH_VERBS:
        return False
    before = sent_text[max(0, rng[0] - 4) : rng[0]].rstrip()
    return (
        before.endswith((",", ",\u201d", ',"', "\u2014", "--"))
        and len(sent_text[rng[1] : cue.idx].split()) <= 1
        and _TAIL_AFTER.fullmatch(sent_text, cue_end) is not None
    )


def _according_tail(sent_text: str, rng: tuple[int, int], cue: Any) -> bool:
    """ "…, and many of its activities are setting records, according to NASA.": a closing
    "according to" after a comma sources the whole sentence, whichever clause the parser
    hung it on."""
    before = sent_text[: cue.idx].rstrip()
    return before.endswith(",") and _TAIL_AFTER.fullmatch(sent_text, rng[1]) is not None


_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "parataxis", "conj"})


def _in_main_clause(token: Any, root: Any) -> bool:
    """A hearsay adverb anywhere in the main clause ("X was allegedly responsible") governs
    it; one inside a subordinate or relative clause does not."""
    seen = 0
    while token.i != root.i and seen < 64:
        if token.dep_ in _CLAUSE_DEPS:
            return False
        token = token.head
        seen += 1
    return token.i == root.i


def names_someone(sent_doc: Any) -> bool:
    """A person (or, from tags alone, a multi-word proper name) appears in the sentence."""
    if any(e.label_ == "PERSON" for e in sent_doc.ents):
        return True
    return any(a.pos_ == "PROPN" and b.pos_ == "PROPN" for a, b in itertools.pairwise(sent_doc))


#: Lines of the web page around an article: reprint notices, form hints, sharing prompts.
_BOILERPLATE = re.compile(
    r"^(?:the\s+)?(?:article|story|post|this article)\s+(?:is\s+)?(?:posted|reprinted|republished|"
    r"reproduced|shared)\s+with\s+(?:the\s+)?permission\b"
    r"|\bthis field is for validation purposes\b"
    r"|^(?:please\s+)?(?:click|tap)\s+here\b"
    r"|\ball rights reserved\b"
    r"|^(?:subscribe|sign up|share this|follow us|like us)\b"
    r"|^story continue[sd]? below\W*$|^continue reading\b|\bunsubscribe at any time\b"
    r"|\b(?:privacy policy|terms of (?:use|service))\b|\bopt out at any ?time\b"
    r"|\bin your inbox\b|^(?:this|the) (?:article|report|story|post) (?:was )?(?:originally|first) "
    r"(?:published|appeared)\b|\bgrants you access\b"
    r"|\((?:AP|AFP|Reuters|Getty)[^)]*\bphoto\b",
    re.IGNORECASE,
)


#: Modals that make the main clause a prescription ("X should resign", "Congress needs
#: to act"): a call, not a claim.
_PRESCRIBING = frozenset({"should", "ought", "shall"})


def asserts_nothing(sent_doc: Any) -> bool:
    """A question, a call or prescription, a lead-in that ends in a colon, or page
    furniture: nothing a source could stand behind, whoever is named in it."""
    text = sent_doc.text.strip()
    if not text or text.endswith(":"):
        return True
    if text.startswith("[") and text.endswith("]"):
        return True  # an editor's bracket: "[Emphasis added]", a citation
    if _BOILERPLATE.search(text):
        return True  # the page around the article, not the article
    words = [t for t in sent_doc if not t.is_punct]
    if not words:
        return True
    first = words[0]
    if text.endswith("?") and (first.pos_ == "AUX" or first.tag_ in {"WP", "WRB", "WDT"}):
        return True  # "Does X believe …?"; not "Police have said …, so why …?"
    root = next((t for t in sent_doc if t.dep_ == "ROOT"), None)
    states = root is not None and any(c.dep_ == "ccomp" for c in root.children)
    if first.tag_ == "VB" and first.dep_ == "ROOT" and not states:
        return True  # imperative; "Keep in mind that …" still states what follows
    if (
        first.lower_ in {"do", "let"}
        and len(words) > 2
        and (words[1].lower_ in {"n't", "not", "us"} or words[1].lower_ == "'s")
    ):
        return True  # "Don't expect …", "Let us …"
    if not sent_doc.has_annotation("DEP"):
        return _prescribes_by_tags(words)  # a sentence only tagged (no reporting cue)
    if root is None or states:
        return False  # "It should be noted that …" states what follows
    aux = {c.lower_ for c in root.children if c.dep_ in {"aux", "auxpass"}}
    if aux & _PRESCRIBING and "have" not in aux and root.lemma_ != "come":
        return True  # "Grassley shouldn't cave"; not "he should have known", "should come as
        # no surprise"
    return root.lemma_ == "need" and any(
        c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in root.children
    )


def _prescribes_by_tags(words: list[Any]) -> bool:
    """The prescription test from tags alone: "should" (or "ought", "shall") early in the
    sentence before a bare verb, and no "that" clause after it ("It should be noted that")."""
    for k, t in enumerate(words[:8]):
        if t.lower_ not in _PRESCRIBING:
            continue
        rest = [w for w in words[k + 1 :] if w.lower_ not in {"not", "n't", "n’t", "to"}]
        if not rest or rest[0].tag_ != "VB" or rest[0].lower_ in {"have", "come"}:
            return False
        return not any(w.lower_ == "that" for w in words[k + 1 :])
    return False


def is_claim_like(sent_doc: Any, empty: bool | None = None) -> bool:
    """A declarative sentence with a finite verb: something that asserts. ``empty``:
    :func:`asserts_nothing` of the sentence when the caller has it already."""
    if empty is None:
        empty = asserts_nothing(sent_doc)
    if empty or sent_doc.text.strip().endswith("?"):
        return False
    if len([t for t in sent_doc if not t.is_punct]) < 3:
        return False
    return any(t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm") for t in sent_doc)
