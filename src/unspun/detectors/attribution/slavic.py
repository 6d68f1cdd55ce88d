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
from unspun.detectors.attribution.mention import CROWD_REASON, SourceMention
from unspun.model.finding import Span

_WORD = re.compile(r"[\w'’ʼ-]+|[,;:!?.«»\"“”()—–]")
_CLAUSE_BREAK = {",", ";", ":", "!", "?", ".", "«", "»", '"', "“", "”", "(", ")", "—", "–"}
_MAX_PHRASE = 8


@lru_cache(maxsize=2)
def _morph(lang: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


class _Tok:
    __slots__ = ("end", "grams", "is_cap", "lemma", "lower", "nom_any", "start", "tag", "text")

    def __init__(self, text: str, start: int, morph: Any):
        self.text = text
        self.start = start
        self.end = start + len(text)
        self.lower = text.lower()
        self.is_cap = text[:1].isupper()
        if text in _CLAUSE_BREAK or not text[:1].isalnum():
            self.lemma, self.tag = self.lower, None
            self.grams: frozenset[str] = frozenset()
            self.nom_any = False
        else:
            parse = morph.parse(text)[0]
            self.lemma, self.tag = parse.normal_form.replace("ё", "е"), parse.tag
            # Membership tests on a pymorphy tag raise for grammemes the dictionary lacks.
            self.grams = frozenset(str(g) for g in parse.tag.grammemes)
            # "джерела" is genitive singular or nominative plural: keep the other readings.
            self.nom_any = any("nomn" in p.tag for p in morph.parse(text)[:4])

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
    head = next((t for t in phrase if _head_like(t)), phrase[0])
    names = [
        t
        for t in phrase
        if t.has("Name", "Surn", "Patr", "Orgn", "LATN")
        or (t.tag is not None and t.is_cap and t is not phrase[0] and not t.has("Geox"))
    ]
    if lemmas & lex.ANONYMOUS or any(p in low or p in sent_low for p in lex.ANONYMOUS_PHRASES):
        return "anonymous", 0.8, ["unnamed source"]
    if low.startswith(lex.ANONYMOUS_LEADS):
        return "anonymous", 0.7, ["one member of a group, not named"]
    if head.lemma in _KIN:  # "Родичі Шевашкєвіча": people close to someone, not named
        return "anonymous", 0.7, ["unnamed people close to someone named"]
    if any(name in low for name in lex.OFFICIAL_NAMES):  # "Пенсійного фонду України"
        return "official", 0.75, ["official role or institution"]
    if head.lemma in lex.ORGANISATIONS:  # "Союз православных журналистов"
        return "named", 0.7, ["names an organisation"]
    if head.lemma in _UNNAMED_PEOPLE and not any(t.has("Name", "Surn") for t in phrase):
        # "Гвардійці з Бахмута передають" (the Ukrainian dictionary offers a singular
        # locative for it: a subject not read as a nominative is taken as a plural)
        if head.has("plur") or not head.has("nomn"):
            return "vague", 0.65, ["unidentified group"]
        return "anonymous", 0.6, ["an individual who is not named"]
    if head.lemma == "автор" and lemmas & lex.DOCUMENTS:  # "авторы публикации"
        return "named", 0.5, ["the authors of a work named nearby"]
    # The head noun decides before the words that hang off it: "жители Новой Каховки" are
    # residents (vague), "губернатор Курской области" an office.
    person = any(t.is_cap and t.has("Name", "Surn") and not t.has("Geox") for t in phrase)
    if head.lower in _QUANTIFIERS or head.lemma in lex.CROWD:
        return "vague", 0.75, [CROWD_REASON]
    if head.lemma in lex.VAGUE and not person:  # "журналист Юрий Бутусов" is named
        return "vague", 0.75, ["unidentified group or body"]
    if not person and (
        head.lemma in lex.OFFICIAL
        or _ministry(head)
        or _state_body(head)
        or any(name in low for name in lex.OFFICIAL_NAMES)
    ):
        return "official", 0.75, ["official role or institution"]
    if not person and len(phrase) <= 2 and head.lemma in lex.STATES | _CAPITALS:
        return "official", 0.6, ["a state named for its government"]  # "Китай призвал"
    if person:
        return "named", 0.85, ["names a person"]
    if lemmas & lex.OFFICIAL:
        return "official", 0.7, ["official role or institution"]
    if head.lemma in lex.DOCUMENTS:
        return "named", 0.5, ["a document or outlet named nearby"]
    if lemmas & lex.VAGUE:
        return "vague", 0.75, ["unidentified group or body"]
    demonym = _demonym(head) if not person else None
    if demonym == "crowd":  # "Мелитопольцы сообщают": the residents of a town
        return "vague", 0.7, [CROWD_REASON]
    if demonym == "one":  # "Хмельничанка стверджує": one resident, not named
        return "anonymous", 0.6, ["an individual who is not named"]
    if names:
        return "named", 0.7, ["names an organisation or outlet"]
    if len(phrase) == 1 and phrase[0].lower in lex.PERSONAL_PRONOUNS:
        return "named", 0.55, ["pronoun for a person named earlier"]
    if len(phrase) == 1 and phrase[0].lower in lex.GROUP_PRONOUNS:
        return "vague", 0.5, ["pronoun with no clear referent"]
    if any(t.is_cap for t in phrase):
        return "named", 0.6, ["a capitalised name"]
    return "vague", 0.5, ["unidentified source"]


#: People named only by what they do: soldiers, war correspondents, politicians. Several are
#: a vague group, one is an unnamed individual.
_UNNAMED_PEOPLE = frozenset(
    "боец боєць гвардеец гвардієць солдат военкор воєнкор политик політик волонтер волонтёр".split()
)

#: Relatives, friends, neighbours, colleagues: identifiable people who are not named.
_KIN = frozenset(
    "родственник родня близкий друг сосед знакомый коллега сослуживец "
    "родич рідня рідний близький друг друзь сусід знайомий колега побратим".split()
)


def _ministry(tok: _Tok) -> bool:
    """Short ministry names: "Мінкульт", "Минфин", "Міноборони"."""
    return tok.is_cap and len(tok.lower) > 4 and tok.lower.startswith(("мін", "мин"))


def _state_body(tok: _Tok) -> bool:
    """State bodies named by a "state" prefix: "Держфінмоніторинг", "Госстат"."""
    return tok.is_cap and len(tok.lower) > 6 and tok.lower.startswith(("держ", "гос"))


#: Endings of the words for a town's residents: "Мелитопольцы", "харків'яни" (a crowd)
#: and "Хмельничанка", "киянин" (one resident).
_DEMONYM_CROWD = ("польцы", "польці", "чане", "чани", "жане", "жани", "яне", "яни")
_DEMONYM_ONE = ("чанка", "чанин", "жанка", "жанин", "янка", "янин")


def _demonym(tok: _Tok) -> str | None:
    if tok.has("Name", "Surn", "Patr") or len(tok.lower) < 7:
        return None
    if tok.lower.endswith(_DEMONYM_CROWD):
        return "crowd"
    if tok.lower.endswith(_DEMONYM_ONE):
        return "one"
    return None


_QUANTIFIERS = frozenset(
    "багато много многие більшість большинство деякі некоторые кілька несколько ряд чимало "
    "немало все всі усі люди місцеві местные".split()
)


#: Words pymorphy may read as nouns ("як" is also "yak") that never start a source.
_CONJUNCTIONS = frozenset("як как що что чи ли а але но".split())


#: Possessives and demonstratives: they modify the head ("мої джерела"), never are it.
_DETERMINERS = frozenset(
    "мой твой наш ваш свой этот тот мій твій наш ваш свій їхній цей той".split()
)


def _head_like(tok: _Tok) -> bool:
    if tok.lower in _QUANTIFIERS:
        return True
    if tok.lemma in _DETERMINERS:
        return False
    if not (_is_nominative(tok) or (tok.nom_any and tok.has("NOUN"))):
        return False
    # Surnames like "Зеленський" are tagged as adjectives; so are "знакомый", "знайомий".
    return tok.has("NOUN", "NPRO", "LATN", "UNKN") or (
        tok.has("ADJF") and (tok.is_cap or tok.lemma in lex.ANONYMOUS)
    )


def _subject_like(tok: _Tok) -> bool:
    """A head that can stand after its verb as the subject ("заявив речник"): a person or
    a name, or a word from the source lexicons, not a thing ("підтверджено знищення")."""
    return (
        tok.is_cap
        or tok.has("anim")
        or tok.lower in _QUANTIFIERS
        or tok.lower in lex.PERSONAL_PRONOUNS  # "— заявил он"
        or bool({tok.lemma} & (lex.OFFICIAL | lex.VAGUE | lex.ANONYMOUS))
    )


#: "Grounds", "reasons", "signs": "есть все основания полагать" hedges, it quotes no one.
_GROUNDS = frozenset("основание причина повод признак підстава причина привід ознака".split())


def _thing(tok: _Tok) -> bool:
    return tok.lemma in _GROUNDS


def _is_prep(tok: _Tok) -> bool:
    return tok.lower in lex.PREPOSITIONS or tok.has("PREP")


def _noun_phrase(tokens: list[_Tok], i: int, step: int) -> list[_Tok]:
    """The noun phrase next to the verb at ``i``, going left (``step`` -1) or right.

    It is a run of nominal words with a nominative head (or a quantifier such as
    "багато"); going left, it steps over one comma-bounded participial clause ("Источник,
    близкий к Кремлю, ...") and over one prepositional phrase after the head ("СМИ в
    Тернополе сообщали"); going right, it steps over particles ("підтвердив й губернатор")
    and never starts with a preposition ("розповідати про ...").
    """
    phrase: list[_Tok] = []
    j = i + step
    skipped = False
    adverbs = 0
    while 0 <= j < len(tokens) and len(phrase) < _MAX_PHRASE:
        tok = tokens[j]
        if step < 0 and tok.text == "," and not phrase and not skipped:
            back = [k for k in range(j - 1, max(j - 16, -1), -1) if tokens[k].text == ","]
            if back:
                j, skipped = back[0] - 1, True
                continue
        if step < 0 and tok.text in {"»", '"', "”"} and not phrase:
            # a word or two in scare quotes: Окупаційна «влада» повідомляє
            opening = [k for k in range(j - 1, max(j - 4, -1), -1) if tokens[k].text in _OPEN_Q]
            if opening and opening[0] < j - 1:
                inner = tokens[opening[0] + 1 : j]
                if all(_is_nominal(t) for t in inner):
                    phrase.extend(reversed(inner))
                    j = opening[0] - 1
                    continue
        if tok.text in _CLAUSE_BREAK or tok.lower in _CONJUNCTIONS:
            break
        if step > 0 and not phrase and tok.lower in lex.SKIPPABLE:
            j += step
            continue
        if not phrase and tok.lower in lex.REFLEXIVE:
            return []
        if (
            not phrase
            and adverbs < 2
            and tok.has("ADVB", "PRCL")
            and tok.lower not in _QUANTIFIERS | _DEICTIC
            and not _is_prep(tok)
        ):
            adverbs += 1
            j += step
            continue
        if _is_prep(tok) or tok.has("CONJ"):
            break
        if not (
            _is_nominal(tok) or tok.lower in _QUANTIFIERS or (tok.is_cap and tok.tag is not None)
        ):
            break
        if step < 0 and j > 0 and _is_prep(tokens[j - 1]):
            if any(_head_like(t) for t in phrase) or j < 2:
                break
            # "СМИ в Тернополе": step over the prepositional phrase to its head.
            k = j - 2
            if (
                k >= 0
                and _is_nominal(tokens[k])
                and (_is_nominative(tokens[k]) or tokens[k].nom_any)
            ):
                phrase.extend([tok, tokens[j - 1]])
                j = k
                continue
            break
        phrase.append(tok)
        j += step
    if step < 0:
        phrase.reverse()
    heads = [t for t in phrase if _head_like(t)]
    if not heads or phrase[0].lower in _INTERROGATIVE:
        return []
    if heads[0].lower in _QUANTIFIERS and any(
        _thing(t) for t in phrase[phrase.index(heads[0]) + 1 :]
    ):
        return []  # "Є всі підстави вважати": all the grounds, not all the people
    if step > 0 and not _subject_like(heads[0]):
        return []
    return phrase


_OPEN_Q = {"«", '"', "“"}
#: Cues that name where a reporter got it from, not who reports it.
_RELAY = frozenset({"со ссылкой на", "з посиланням на"})
#: "Там заверили": a place word, not a source we can name.
_DEICTIC = frozenset("там тут здесь".split())
_INTERROGATIVE = frozenset("почему зачем чому навіщо кто хто что що как як".split())


def _following_phrase(tokens: list[_Tok], i: int) -> list[_Tok]:
    """Tokens after a sourcing construction, up to the end of the clause."""
    phrase: list[_Tok] = []
    j = i + 1
    if j < len(tokens) and tokens[j].text in _OPEN_Q:
        # "по информации «Коммерсанта»": the quoted name of an outlet
        close = next(
            (k for k in range(j + 1, min(j + 8, len(tokens))) if tokens[k].text in _QUOTE_MARKS),
            None,
        )
        if close is not None and close > j + 1:
            return tokens[j : close + 1]
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

    head = _colon_head(tokens)
    if head:  # "Офіс Генпрокурора: …", "Зеленский: …"
        colon = tokens[len(head)]
        add(head, colon.start, colon.end, "colon-head")
    cues: list[tuple[int, int]] = []
    for prep in lex.SOURCE_PREPOSITIONS[lang]:
        for m in re.finditer(rf"(?<!\w){re.escape(prep)}(?!\w)", low):
            cues.append((m.start(), m.end()))
            last = max((k for k, t in enumerate(tokens) if t.start < m.end()), default=-1)
            opening = min((k for k, t in enumerate(tokens) if t.start >= m.start()), default=0)
            if any(t.lemma in _RELATIVE for t in tokens[max(0, opening - 2) : opening]):
                continue  # "о которых говорится в …": inside a relative clause
            following = _following_phrase(tokens, last)
            if prep in _LOOSE_PREPOSITIONS and not any(_source_word(t) for t in following):
                continue  # "согласно ранее полученным заявкам": per a rule, not a source
            add(following, m.start(), m.end(), "according-to")
    for phrase_text in lex.IMPERSONAL[lang]:
        for m in re.finditer(rf"(?<!\w){re.escape(phrase_text)}(?!\w)", low):
            first = [t for t in tokens if m.start() <= t.start < m.end()]
            k = tokens.index(first[0]) if first else 0
            subject = _noun_phrase(tokens, k, -1) if " " not in phrase_text else []
            if subject:
                lead = next((t for t in subject if _head_like(t)), subject[0])
                if lead.lower in _QUANTIFIERS or lead.lemma in lex.CROWD:
                    # "Усі якось так вважають": a crowd before a verb of belief
                    add(subject, m.start(), m.end(), "impersonal", ("vague", 0.75, [CROWD_REASON]))
                continue  # "Родичі Шевашкєвіча кажуть": a subject stands before the verb
            if phrase_text in {"считается", "вважається"} and low[m.end() : m.end() + 3] in {
                " с ",
                " з ",
            }:
                continue  # "не считается с потерями": reckons with, not hearsay
            after = tokens[k + len(first)] if first and k + len(first) < len(tokens) else None
            if (
                phrase_text in {"считается", "вважається"}
                and after is not None
                and after.has("ablt", "v_oru")
            ):
                continue  # "считается экстремистом": a status, not hearsay
            if any(t.lemma in _RELATIVE for t in tokens[max(0, k - 2) : k]):
                continue  # "гарантии, о которых говорится в соглашениях": a subordinate clause
            if phrase_text in _ACTIVE_IMPERSONAL and _noun_phrase(tokens, k, +1):
                continue  # "пишут журналисты": the verb has its subject after it
            work = _work_after(tokens, k + len(first)) if first else []
            if work:
                # "сообщается в телеграм-канале «…»", "как отмечается в материале": the
                # work or outlet is the source
                add(work, m.start(), m.end(), "according-to", _work_kind(work))
                continue
            crowd = bool(first) and (first[0].lower in _QUANTIFIERS or first[0].lemma in lex.CROWD)
            reason = CROWD_REASON if crowd else "no source is given for what is reported"
            add(first, m.start(), m.end(), "impersonal", ("vague", 0.7, [reason]))
    verbs = lex.REPORTING_VERBS[lang]
    for i, tok in enumerate(tokens):
        if tok.tag is not None and tok.lemma in _BELIEF and tok.has("3per"):
            believers = _noun_phrase(tokens, i, -1)
            if any(t.lower in _QUANTIFIERS or t.lemma in lex.CROWD for t in believers[:1]):
                # "Все думают, что …": what a crowd believes, passed on as a claim
                crowd_kind = ("vague", 0.75, [CROWD_REASON])
                add(believers, tok.start, tok.end, "reporting-verb", crowd_kind)
                continue
        if tok.tag is None or (tok.lemma not in verbs and tok.lemma not in _CONVINCED):
            continue
        if tok.lemma in _BELIEF | _KNOW and i > 0 and tokens[i - 1].lower == "не":
            continue  # "Они не знают, что …": what someone does not know is nobody's claim
        # Ukrainian dictionaries mark the infinitive "VERB,infn", Russian ones "INFN".
        convinced = tok.lemma in _CONVINCED and tok.has("ADJS", "ADJF", "PRTS")
        if not (tok.has("VERB") or convinced) or tok.has("INFN", "infn", "1per"):
            continue
        if convinced and not (_clause_follows(tokens, i) or _closing_name(tokens, i)):
            continue  # "Эксперты уверены, что …", "…, уверен Медведев", not "уверенный шаг"
        if any(a <= tok.start < b for a, b in cues):
            continue  # the verb of "як повідомив X" was handled with its construction
        phrase = (
            _before_setting(tokens, i) or _noun_phrase(tokens, i, -1) or _noun_phrase(tokens, i, +1)
        )
        if i >= 1 and (
            (not phrase and tokens[i - 1].text in _DASHES)
            or (convinced and tokens[i - 1].text == ",")
        ):
            # "», — отметил Токаев.", "…, уверен Медведев.": a closing speaker the
            # morphology does not know as a name
            phrase = _closing_name(tokens, i) or phrase
        if phrase and phrase[0].lower in {"я", "мы", "ми"}:
            continue
        if not phrase and tok.has("plur") and i >= 2:
            # "В Кремле (уже) прокомментировали": an institution named by where it sits.
            k = i - 1
            while (
                k > i - 3 and k >= 2 and tokens[k].has("ADVB", "PRCL") and not _is_prep(tokens[k])
            ):
                k -= 1
            place, seat = tokens[k], tokens[k - 1]
            if (
                k >= 2
                and not _is_prep(seat)
                and _is_prep(tokens[k - 2])
                and not place.has("nomn")
                and (seat.lemma in lex.OFFICIAL or _ministry(seat))
            ):
                # "У МЗС Польщі вважають": the office, then whose it is
                owner: list[_Tok] = [place]
                place, seat = seat, tokens[k - 2]
            else:
                owner = []
            if (
                _is_prep(seat)
                and seat.lower in {"в", "во", "у"}
                and (
                    place.lemma in lex.OFFICIAL
                    or _ministry(place)
                    or place.lemma in _CAPITALS  # "У Вашингтоні заявили"
                )
            ) or (
                seat.lower == "на"
                and (place.lemma in _BRIEFINGS or place.lower.startswith("банков"))
            ):  # "На брифінгу розповіли", "На Банковій вважають" (the President's Office)
                add(
                    [seat, place, *owner],
                    tok.start,
                    tok.end,
                    "reporting-verb",
                    ("official", 0.7, ["an institution named by its seat"]),
                )
                continue
        if not phrase and tok.has("plur"):
            seated = _seat_after(tokens, i)
            if seated:  # "— наголосили в Міненерго", "как уточнили в ГУ МВД по …"
                kind = _classify(seated[1:], sentence)
                if kind[0] == "official":
                    kind = ("official", 0.7, ["an institution named by its seat"])
                add(seated, tok.start, tok.end, "reporting-verb", kind)
                continue
        add(phrase, tok.start, tok.end, "reporting-verb")
    if not mentions:
        tail = _dash_tail(tokens)
        if tail:
            add(tail[1:], tail[0].start, tail[0].end, "dash-tail")
    relayed = [x for x in mentions if _cue_text(x, low, span.start) in _RELAY]
    reporter = next((x for x in mentions if x not in relayed), None)
    if relayed and reporter is not None and relayed[0].main:
        # "Об этом сообщает Bloomberg со ссылкой на источники": the outlet that relays the
        # report is the source the sentence names; its own sources come second.
        for x in mentions:
            x.main = x is reporter
    for mention in mentions:
        _mark_label(mention, text, lang)
    return mentions


#: "Эксперты уверены, что …", "Експерти впевнені: …": a belief stated by an adjective.
_CONVINCED = frozenset(
    "уверенный уверить убеждённый убежденный убедить впевнений переконаний".split()
)


def _closing_name(tokens: list[_Tok], i: int) -> list[_Tok]:
    """One to three capitalised words that end the sentence right after the verb at ``i``
    ("— отметил Токаев.")."""
    tail: list[_Tok] = []
    for tok in tokens[i + 1 :]:
        if tok.text in _CLAUSE_BREAK:
            break
        tail.append(tok)
    rest = tokens[i + 1 + len(tail) :]
    ends = not rest or all(t.text in _CLAUSE_BREAK | _QUOTE_MARKS for t in rest)
    if 1 <= len(tail) <= 3 and ends and all(t.is_cap for t in tail):
        return tail
    return []


def _clause_follows(tokens: list[_Tok], i: int) -> bool:
    """A clause of what is believed follows ("…, что", "…, що", ": …")."""
    after = [t.lower for t in tokens[i + 1 : i + 3]]
    return bool(after) and (after[0] == ":" or after[:2] in ([",", "что"], [",", "що"]))


_DASHES = {"—", "–", "-"}
#: Sourcing prepositions that also introduce rules and documents ("согласно заявкам").
_LOOSE_PREPOSITIONS = frozenset({"согласно", "згідно з", "згідно із"})
_KNOW = frozenset({"знать", "знати"})
#: Capitals that stand for their governments ("в Вашингтоне заявили"), by lemma.
_CAPITALS = frozenset(
    """
    вашингтон москва киев київ лондон париж берлин берлін пекин пекін брюссель варшава минск
    мінськ анкара тегеран токио токіо рим будапешт вильнюс вільнюс рига таллин таллінн
    бухарест прага кишинев кишинів тбилиси тбілісі
    """.split()
)
#: "На брифінгу розповіли": a briefing speaks for the office that holds it.
_BRIEFINGS = frozenset("брифинг брифінг пресс-конференция прес-конференція".split())


def _seat_after(tokens: list[_Tok], i: int) -> list[_Tok]:
    """ "в Міненерго", "в областном управлении полиции", "в ведомстве" right after an
    impersonal plural verb: the office that spoke, named by where it sits."""
    if i + 2 >= len(tokens) or tokens[i + 1].lower not in {"в", "во", "у"}:
        return []
    run: list[_Tok] = []
    for tok in tokens[i + 2 : i + 7]:
        if tok.text in _CLAUSE_BREAK or _is_prep(tok) or tok.has("VERB", "CONJ"):
            break
        run.append(tok)
    if any(
        t.lemma in lex.OFFICIAL | {"управление", "управління", "ведомство", "відомство"}
        or _ministry(t)
        or _state_body(t)
        or t.lemma in lex.ORGANISATIONS  # "сообщили в Институте изучения войны"
        for t in run
    ):
        return [tokens[i + 1], *run]
    return []


def _source_word(tok: _Tok) -> bool:
    """A word that can name a source: a capitalised or animate word, or one of the source
    lexicons' (documents and data included)."""
    if tok.tag is None:
        return False
    return (
        tok.is_cap
        or tok.has("anim", "LATN")
        or tok.lemma in lex.OFFICIAL | lex.VAGUE | lex.ANONYMOUS | lex.DOCUMENTS
        or tok.lemma in {"данные", "дані", "информация", "інформація", "сведения", "оценка"}
    )


def _colon_head(tokens: list[_Tok]) -> list[_Tok]:
    """A source that opens the sentence before a colon ("Офіс Генпрокурора: …"): up to four
    words, no verb, a head that is a person, an organisation or an office."""
    colon = next((k for k, t in enumerate(tokens[:5]) if t.text == ":"), None)
    if not colon:
        return []
    head = tokens[:colon]
    if any(t.tag is None or t.has("VERB", "INFN", "PREP", "CONJ") for t in head):
        return []
    if not head[0].is_cap:
        return []
    if len(head) == 1 and _SURNAME.search(head[0].lower) and head[0].has("ADJF"):
        return head  # "Зеленский: …" (the tagger reads the surname as an adjective)
    return head if any(_names_a_source(t) for t in head) else []


#: Surnames that the morphology reads as adjectives ("Зеленский", "Зеленська").
_SURNAME = re.compile(r"(?:ский|цкий|ская|цкая|ський|цький|ська|цька)$")


def _names_a_source(tok: _Tok) -> bool:
    return (
        tok.has("Name", "Surn", "Orgn", "LATN")
        or tok.lemma in lex.OFFICIAL | lex.ORGANISATIONS
        or _ministry(tok)
        or _state_body(tok)
    )


#: Relative pronouns: a report inside a relative clause does not source the sentence.
_RELATIVE = frozenset(
    "который которая которое которые котрий котра котре котрі який яка яке які".split()
)

#: Impersonal plurals that take a subject when one follows ("пишут журналисты").
_ACTIVE_IMPERSONAL = frozenset({"пишут", "пишуть", "говорят", "кажуть"})
_QUOTE_MARKS = {"«", "»", '"', "“", "”"}


def _work_after(tokens: list[_Tok], j: int) -> list[_Tok]:
    """ "в материале", "в телеграм-канале «Сводки»" right after an impersonal verb: the
    work or outlet (noun and title, quotes included), or nothing."""
    if j + 1 >= len(tokens) or tokens[j].lower not in {"в", "во", "у", "на"}:
        return []
    noun = tokens[j + 1]
    if tokens[j].lower == "на" and noun.lemma not in {"сайт", "страница", "сторінка"}:
        return []  # "на сайте", "на странице"; other "на" places are not works
    if noun.lemma not in lex.DOCUMENTS | lex.SETTINGS | _OUTLETS:
        return []
    phrase = [noun]
    k = j + 2
    while k < len(tokens) and len(phrase) < _MAX_PHRASE:
        tok = tokens[k]
        if tok.text in _CLAUSE_BREAK and tok.text not in _QUOTE_MARKS | {"(", ")"}:
            break
        if tok.tag is not None and tok.has("VERB", "INFN", "CONJ", "PREP", "GRND"):
            break
        phrase.append(tok)
        k += 1
    while phrase and phrase[-1].text in _QUOTE_MARKS | {"(", ")"} and len(phrase) > 1:
        if phrase[-1].text in {"»", '"', "”", ")"}:
            break  # keep a closing quote that ends the title
        phrase.pop()
    return phrase


#: Outlets an impersonal report can sit in ("сообщается в телеграм-канале …").
_OUTLETS = frozenset("канал телеграм-канал tg-канал тг-канал паблик паблік сайт".split())


def _work_kind(work: list[_Tok]) -> tuple[str, float, list[str]]:
    if any(t.lemma in lex.OFFICIAL or _ministry(t) for t in work[1:]):
        return "official", 0.7, ["the site or document of an official body"]
    titled = any(t.is_cap or t.has("LATN") or t.text in _QUOTE_MARKS for t in work[1:])
    if titled:
        return "named", 0.7, ["an outlet or work named by its title"]
    if work[0].lemma in lex.DOCUMENTS:
        return "named", 0.5, ["a document or outlet named nearby"]
    return "vague", 0.6, ["an outlet that is not named"]


def _before_setting(tokens: list[_Tok], i: int) -> list[_Tok]:
    """ "Сикорский в интервью «Radio ZET» утверждает": the subject stands before where it
    speaks (an interview, a broadcast, a post); the phrase before the preposition."""
    for k in range(i - 1, max(i - 9, 0), -1):
        tok = tokens[k]
        if tok.text in _CLAUSE_BREAK and tok.text not in _QUOTE_MARKS:
            return []
        setting = k + 1 < i and tokens[k + 1].lemma in lex.SETTINGS
        if setting and tok.lower in {"в", "во", "у", "на"}:
            return _noun_phrase(tokens, k, -1)
    return []


def _cue_text(mention: SourceMention, low: str, offset: int) -> str:
    if mention.cue_start is None or mention.cue_end is None:
        return ""
    return low[mention.cue_start - offset : mention.cue_end - offset]


def _dash_tail(tokens: list[_Tok]) -> list[_Tok]:
    """The source after a closing dash with no verb: "…, — The Guardian.", "«…», — ТАСС",
    "…» — российский сенатор Клишас". The dash token first, then the phrase; empty unless
    the phrase runs to the end of the sentence (a final full stop allowed), is short,
    holds no verb and has a capitalised word or a source noun."""
    at = max((k for k, t in enumerate(tokens) if t.text in _DASHES), default=-1)
    if at < 1 or tokens[at - 1].text not in {",", "»", '"', "”", "."}:
        return []
    phrase = [t for t in tokens[at + 1 :] if t.text != "."]
    if not 1 <= len(phrase) <= 5 or any(t.text in _CLAUSE_BREAK for t in phrase):
        return []
    if any(t.has("VERB", "INFN", "PRTF", "GRND") for t in phrase):
        return []
    sources = lex.OFFICIAL | lex.VAGUE | lex.ANONYMOUS | lex.DOCUMENTS
    if not any(t.is_cap or t.lemma in sources for t in phrase):
        return []
    return [tokens[at], *phrase]


def _mark_label(mention: SourceMention, text: str, lang: str) -> None:
    """A pejorative collective where a source would stand is a label, not a source."""
    found = label_in(text, mention.start, mention.end, lang)
    if found is None:
        return
    start, end, reason = found
    mention.start, mention.end = min(start, mention.start), max(end, mention.end)
    mention.kind, mention.score = "label", 0.7
    mention.reasons = [reason, "the claim it introduces has no source a reader could check"]


def label_in(text: str, start: int, end: int, lang: str) -> tuple[int, int, str] | None:
    """The first pejorative label inside ``text[start:end]`` (from the loaded-vocabulary
    lexicon or :data:`lexicon_slavic.LABEL_STEMS`), as (start, end, reason)."""
    from unspun.lexicons import LABEL_KINDS, loaded_vocabulary

    phrase = text[start:end]
    for m in loaded_vocabulary().matches(phrase, lang, LABEL_KINDS):
        return start + m.start, start + m.end, f"a pejorative label ({m.entry.target})"
    stems = _label_stems(lang)
    if stems is not None:
        hit = stems.search(phrase)
        if hit is not None:
            return start + hit.start(), start + hit.end(), "a pejorative label for a group"
    return None


@lru_cache(maxsize=4)
def _label_stems(lang: str) -> re.Pattern[str] | None:
    pattern = lex.LABEL_STEMS.get(lang)
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE) if pattern else None


def is_claim_like(text: str, span: Span, lang: str) -> bool:
    """A statement that asserts something: not a question, not an instruction, and with a
    finite or short-form predicate, or long enough to be a verbless report ("Кілька десятків
    БПЛА у повітряному просторі України.")."""
    sentence = text[span.start : span.end].strip()
    if not sentence or sentence.endswith("?"):
        return False
    tokens = [t for t in _tokens(sentence, lang) if t.tag is not None]
    if len(tokens) < 4:
        return False
    verbs = [t for t in tokens if t.has("VERB")]
    if any(t.has("impr") for t in verbs[:1]) or _instruction_after_clause(verbs, sentence):
        return False  # an instruction: "множте на 10", "подпишитесь"
    if verbs and _author_at_work(verbs[0], tokens):
        return False  # "публикую часть материалов", "текст залишаємо в коментарях"
    if verbs or any(t.has("PRTS", "ADJS") for t in tokens):
        return True
    return len(tokens) >= 6 or any(t.has("NUMB") or t.text[:1].isdigit() for t in tokens)


_SUBORDINATORS = ("коли ", "когда ", "якщо ", "если ", "як тільки ", "как только ")


def _instruction_after_clause(verbs: list[_Tok], sentence: str) -> bool:
    """ "Коли … називають втрати, множте все на 10": a subordinate clause first, then an
    imperative as the main verb."""
    return sentence.lower().startswith(_SUBORDINATORS) and any(t.has("impr") for t in verbs[1:])


#: First-person verbs of belief: "я считаю, что ..." still asserts something.
_BELIEF = frozenset("считать думать полагать верить вважати думати гадати вірити".split())


def _author_at_work(verb: _Tok, tokens: list[_Tok]) -> bool:
    """The main verb tells what the author is doing right now ("публикую", "объясняю"): a
    remark about the post, not a claim. The first person plural ("чекаємо", "побачимо")
    and the past ("я видел") report or predict, and so do verbs of belief."""
    return (
        verb.has("1per")
        and verb.has("sing")
        and not verb.has("past")
        and verb.lemma not in _BELIEF
        and verb.lower not in {"є", "есть"}  # "there is", read as "I eat" / "I am"
    )
