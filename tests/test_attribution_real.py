"""Labels taken for sources and crowds taken for sources (issue 10, classes 1 and 2).

English sentences are ours; Russian and Ukrainian ones are ours too, plus real Telegram
posts from the UNLP 2025 dev file (read from ../shared, skipped when it is absent), found by
the post id and offsets of our gold set ``data/annotations/attribution/unlp-attribution.jsonl``.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import ROOT, SHARED_DATA
from unspun.detectors.attribution.detector import attribute_sentences
from unspun.detectors.attribution.mention import CROWD_REASON
from unspun.evaluation.attribution import load_gold, post_units, score_posts
from unspun.model import Document
from unspun.model.finding import Span
from unspun.pipeline import Pipeline
from unspun.pipeline.config import load_config

UNLP_POSTS = SHARED_DATA / "unlp2025-dev" / "unlp2025-dev.jsonl"
UNLP_GOLD = ROOT / "data" / "annotations" / "attribution" / "unlp-attribution.jsonl"


def one(text: str, lang: str):
    return attribute_sentences(text, [Span(start=0, end=len(text))], lang)[0]


LABELS = [
    ("en", "The Kyiv regime claims that the bridge was hit by a drone.", "The Kyiv regime"),
    ("en", "The junta says the town was never shelled.", "The junta"),
    ("en", "The neo-Nazis in Kyiv say the referendum was illegal.", "The neo-Nazis"),
    ("en", "The Assad regime said the attack was staged.", "The Assad regime"),
    ("ru", "Киевский режим заявляет, что мост был поражён дроном.", "Киевский режим"),
    ("ru", "Сообщают оккупанты, что город взят.", "оккупанты"),
    ("uk", "Рашисти заявляють, що взяли місто під контроль.", "Рашисти"),
    ("uk", "Пропагандисти визнають втрати під Бахмутом.", "Пропагандисти"),
]


@pytest.mark.parametrize("lang,text,phrase", LABELS)
def test_a_label_in_source_position_is_a_label_and_leaves_the_claim_unsourced(
    lang: str, text: str, phrase: str
) -> None:
    answer = one(text, lang)
    assert [(text[m.start : m.end], m.kind) for m in answer.mentions] == [(phrase, "label")]
    assert answer.label == "vague"


CROWDS = [
    ("en", "Many believe the vaccine was never tested.", "Many"),
    ("en", "Everyone knows the minister lied about the budget.", "Everyone"),
    ("en", "People are saying the factory will close next month.", "People"),
    ("en", "Thousands of residents now openly call it an occupation.", "Thousands of residents"),
    ("en", "The population believes the elections were rigged.", "The population"),
    ("ru", "Местные жители сообщают о взрывах на окраине.", "Местные жители"),
    ("ru", "Все знают, что цены выросли вдвое.", "Все"),
    ("uk", "Люди кажуть, що світло дали лише на дві години.", "Люди"),
    ("uk", "Місцеві пишуть, що обстріл тривав усю ніч.", "Місцеві"),
]


@pytest.mark.parametrize("lang,text,phrase", CROWDS)
def test_a_crowd_is_a_vague_source_and_says_so(lang: str, text: str, phrase: str) -> None:
    answer = one(text, lang)
    found = [(text[m.start : m.end], m.kind) for m in answer.mentions]
    assert any(p.startswith(phrase) and k == "vague" for p, k in found), found
    assert answer.label == "vague"
    assert any(CROWD_REASON in m.reasons for m in answer.mentions)


CONTROLS = [
    ("en", "Foreign Minister Sergei Lavrov said the talks had failed.", "named"),
    ("en", "A ministry spokesperson said the review would be published.", "official"),
    ("ru", "В Кремле прокомментировали итоги голосования в конгрессе.", "official"),
    ("uk", "Мої джерела в погонах стверджують, що наступ почнеться взимку.", "anonymous"),
    ("uk", "Атаку на Брянськ підтвердив і місцевий губернатор.", "official"),
]


@pytest.mark.parametrize("lang,text,label", CONTROLS)
def test_real_sources_keep_their_kind(lang: str, text: str, label: str) -> None:
    assert one(text, lang).label == label


def test_the_report_says_label_and_crowd_in_plain_words() -> None:
    text = (
        "The junta claims that 4,000 civilians fled the city last week. "
        "Many believe the vaccine killed 300 people in May 2021."
    )
    pipe = Pipeline.from_config(
        load_config(components=["language", "segment", "attribution", "claims"])
    )
    analysis = pipe(Document(id="t", text=text))
    attributions = {text[f.start : f.end]: f for f in analysis.findings if f.kind == "attribution"}
    assert attributions["The junta"].label == "label"
    assert "is a label, not a source" in (attributions["The junta"].explanation or "")
    assert "is a crowd, not a source" in (attributions["Many"].explanation or "")
    claims = [f for f in analysis.findings if f.kind == "claim"]
    stands_in = {f.attrs["source"].get("stands_in") for f in claims}
    assert stands_in == {"label", "crowd"}
    assert all("not a source" in (f.explanation or "") for f in claims)


def test_a_label_is_flagged_as_name_calling() -> None:
    text = "The Kyiv regime claims that the bridge was hit. Рашисти заявляють, що місто взяли."
    pipe = Pipeline.from_config(
        load_config(components=["language", "segment", "attribution", "loaded_vocabulary"])
    )
    analysis = pipe(Document(id="t", text="The Kyiv regime claims that the bridge was hit."))
    flags = [f for f in analysis.findings if f.kind == "technique"]
    shown = [(analysis.text[f.start : f.end], f.label) for f in flags]
    assert shown == [("Kyiv regime", "Name_Calling-Labeling")]
    assert "regime" in (flags[0].explanation or "")
    uk = pipe(Document(id="u", text=text.split(". ", 1)[1], lang="uk"))
    assert any(f.kind == "technique" and uk.text[f.start : f.end] == "Рашисти" for f in uk.findings)


# Real posts: the gold rows of these units (post id prefix, unit start) are labels or
# crowds in source position, in Russian and Ukrainian.
REAL = [
    ("ba66ea83", 122, "label"),  # ru: "... сообщают оккупанты."
    ("bc632147", 69, "label"),  # ru: "Сами бандеровцы жалуются ..."
    ("80eb9527", 60, "vague"),  # ru: "Очевидцы сообщают ..."
    ("a59dac8d", 0, "label"),  # uk: "Кацапи повідомляють ..."
    ("95763b55", 104, "label"),  # uk: "Пропагандисти визнають ..."
    ("4d93ed3c", 8, "vague"),  # uk: "Люди кажуть ..."
    ("38218dbc", 178, "vague"),  # uk: "Місцеві пишуть ..."
]


@pytest.fixture(scope="module")
def unlp_posts() -> dict[str, dict]:
    if not UNLP_POSTS.exists():
        pytest.skip("the UNLP 2025 dev file is not in ../shared/data")
    posts = [json.loads(line) for line in UNLP_POSTS.read_text(encoding="utf-8").splitlines()]
    return {p["id"]: p for p in posts if line_ok(p)}


def line_ok(post: dict) -> bool:
    return isinstance(post.get("text"), str)


def gold_and_answer(posts: dict[str, dict], prefix: str, start: int):
    """The gold row of the unit at ``start`` in the post whose id starts with ``prefix``,
    and the detector's answer for that unit."""
    row = next(
        r for r in load_gold(UNLP_GOLD) if r["post_id"].startswith(prefix) and r["start"] == start
    )
    post = posts[row["post_id"]]
    answers = attribute_sentences(post["text"], post_units(post["text"]), post["lang"])
    return row, next(a for a in answers if a.sentence.start == start)


@pytest.mark.parametrize("prefix,start,kind", REAL)
def test_real_posts_labels_and_crowds(
    unlp_posts: dict[str, dict], prefix: str, start: int, kind: str
) -> None:
    row, answer = gold_and_answer(unlp_posts, prefix, start)
    assert answer.label == row["label"]
    assert kind in {m.kind for m in answer.mentions}


def test_unlp_attribution_accuracy_does_not_fall_back(unlp_posts: dict[str, dict]) -> None:
    """Both parts of the UNLP set (validation only): baseline 0.455 dev / 0.549 test,
    0.688 / 0.655 after the cross-line sources of session 6, 0.759 / 0.673 in session 7."""
    for split, floor in (("dev", 0.74), ("test", 0.66)):
        result = score_posts(load_gold(UNLP_GOLD, split), UNLP_POSTS)
        assert result["sentence_accuracy"] >= floor, (split, result["sentence_accuracy"])


def test_ptc_attribution_accuracy_does_not_fall_back() -> None:
    """The PTC set (our annotation of PTC sentences): 0.831 dev / 0.686 test before the
    English rules of session 7, 0.894 / 0.703 after."""
    from unspun.evaluation.attribution import score

    articles = SHARED_DATA / "ptc" / "train-articles"
    if not articles.exists():
        pytest.skip("PTC is not in ../shared/data")
    gold = ROOT / "data" / "annotations" / "attribution" / "ptc-attribution.jsonl"
    for split, floor in (("dev", 0.88), ("test", 0.69)):
        result = score(load_gold(gold, split), articles)
        assert result["sentence_accuracy"] >= floor, (split, result["sentence_accuracy"])


@pytest.mark.parametrize(
    "text,phrase",
    [
        ('"We were told to leave right away," Palermo detailed.', "Palermo"),
        ('"It was routine, every night," he continued.', "he"),
    ],
)
def test_a_quotation_verb_after_the_quote_attributes_it(text: str, phrase: str) -> None:
    answer = one(text, "en")
    assert [text[m.start : m.end] for m in answer.mentions] == [phrase]
    assert answer.label == "named"


def test_a_hearsay_adverb_in_the_main_clause_governs_it() -> None:
    assert one("Jabari was allegedly responsible for the attacks.", "en").label == "vague"
    assert one("The man who allegedly stole the car was arrested.", "en").label == "own"


# Telegram posts break lines inside sentences; the source often sits on the next line.
CROSS_LINE = [
    ("bf3869b4", 126, "named"),  # ru: "…на поле боя, / заявил / украинский журналист Юрий Бутусов."
    ("c1093efc", 117, "named"),  # uk: "Про це / пише / видання Bild, …"
    ("b7fb3d04", 88, "named"),  # uk: "…візиту в Париж, / — The Guardian."
    ("72a5b741", 252, "named"),  # ru: "…культура\", - заявил он." (он = the speaker named before)
    ("a43d2977", 261, "none"),  # uk: "Коли … називають свої втрати, … множте на 10." (instruction)
]


@pytest.mark.parametrize("prefix,start,label", CROSS_LINE)
def test_real_posts_sources_across_line_breaks(
    unlp_posts: dict[str, dict], prefix: str, start: int, label: str
) -> None:
    row, answer = gold_and_answer(unlp_posts, prefix, start)
    assert row["label"] == label
    assert answer.label == label


def test_soft_line_breaks_join_and_hard_ones_do_not() -> None:
    from unspun.detectors.attribution.detector import soft_line_groups

    text = "Про це\nпише\nвидання Bild.\nЛист датований 28 серпня.\n— Reuters\nКінець."
    spans, at = [], 0
    for line in text.split("\n"):
        spans.append(Span(start=at, end=at + len(line)))
        at += len(line) + 1
    groups = [[text[s.start : s.end] for s in g] for g in soft_line_groups(text, spans)]
    assert groups == [
        ["Про це", "пише", "видання Bild."],
        ["Лист датований 28 серпня.", "— Reuters"],
        ["Кінець."],
    ]
    answers = attribute_sentences(text, spans, "uk")
    assert [a.label for a in answers[:3]] == ["named", "named", "named"]
    bild = [text[m.start : m.end] for m in answers[1].mentions]
    assert bild == ["видання Bild"]
    assert answers[4].label == "named"  # "— Reuters" speaks for the line before it too
    assert answers[3].label == "named"


@pytest.mark.parametrize(
    "lang,text,source",
    [
        ("uk", "Ракети влучили в депо, — The Guardian.", "The Guardian"),
        ("ru", "«Переговоров не будет», — заявил он.", "он"),
        ("ru", "Цены выросли втрое — это катастрофа.", None),
        ("ru", "«Мы готовы к обмену», — пресс-секретарь Песков.", "пресс-секретарь Песков"),
    ],
)
def test_a_source_after_a_closing_dash(lang: str, text: str, source: str | None) -> None:
    answer = one(text, lang)
    found = [text[m.start : m.end] for m in answer.mentions]
    assert found == ([source] if source else [])


# Session 7, written from the dev part's errors: a seat with an adverb before the verb, the
# outlet that relays its sources, possessive insiders, "all the grounds" hedges, and the
# author's remarks about the post.
DEV_FIXES = [
    ("5507ee26", 0, "official"),  # ru: "В Кремле уже прокомментировали …"
    ("0fafc900", 160, "named"),  # ru: "Об этом сообщает Bloomberg со ссылкой на источники."
    ("855f0c64", 209, "anonymous"),  # uk: "Про це повідомляють мої джерела в погонах."
    ("b075a1c7", 967, "own"),  # uk: "Є всі підстави вважати, що …"
    ("e694021f", 675, "none"),  # ru: "Чтобы освежить память чиновников, публикую часть …"
    ("e600ad77", 253, "none"),  # ru: "На них же и объясняю …"
]


@pytest.mark.parametrize("prefix,start,label", DEV_FIXES)
def test_real_posts_seats_relays_insiders_and_remarks(
    unlp_posts: dict[str, dict], prefix: str, start: int, label: str
) -> None:
    row, answer = gold_and_answer(unlp_posts, prefix, start)
    assert row["label"] == label
    assert answer.label == label


@pytest.mark.parametrize(
    "lang,text,label,main",
    [
        ("ru", "В Кремле уже заявили, что ответ будет жёстким.", "official", "В Кремле"),
        ("uk", "Про це повідомляє Reuters з посиланням на джерела.", "named", "Reuters"),
        ("ru", "Об этом сообщают наши источники в Минобороны.", "anonymous", "наши источники"),
        ("ru", "Есть все основания полагать, что это провокация.", "own", None),
        ("uk", "Усі підстави вважати, що це провокація, у нас є.", "own", None),
        ("ru", "Многие издания пишут, что армия отступила.", "vague", "Многие издания"),
        ("ru", "Публикую ответ министерства на наш запрос.", "none", None),
        ("ru", "Я считаю, что цены вырастут вдвое.", "own", None),
        ("uk", "Чекаємо на підтвердження від Генштабу.", "own", None),
        ("uk", "Також є відео атаки на позиції окупантів.", "own", None),
        # Ukrainian infinitives ("VERB,infn") are not reporting verbs with a subject
        (
            "uk",
            "Для отримання виплати необхідно вказати, що будинок зруйнувала Україна.",
            "own",
            None,
        ),
        # relatives and neighbours are unnamed people, whoever they are related to
        (
            "uk",
            "Родичі Шевашкєвіча кажуть, що запрошували його до себе.",
            "anonymous",
            "Родичі Шевашкєвіча",
        ),
        (
            "ru",
            "Соседи погибшего рассказали, что слышали два взрыва.",
            "anonymous",
            "Соседи погибшего",
        ),
        # what a crowd believes is passed on as a claim; what one person believes is not a crowd
        ("ru", "Все думают, что это провокация.", "vague", "Все"),
        ("uk", "Люди вірять, що ціни впадуть.", "vague", "Люди"),
        ("ru", "Он думает, что это провокация.", "own", None),
    ],
)
def test_seat_relay_possessive_grounds_and_remarks_on_our_sentences(
    lang: str, text: str, label: str, main: str | None
) -> None:
    answer = one(text, lang)
    assert answer.label == label
    mains = [text[m.start : m.end] for m in answer.mentions if m.main]
    assert mains == ([main] if main else [])


@pytest.mark.parametrize(
    "text,label,main",
    [
        # a closing reporting clause governs the sentence however the parser attaches it
        (
            "All the cases were reported from a clinic at Ilkoko Iponge, where treatment "
            "capacities are limited, the WHO said.",
            "named",
            "the WHO",
        ),
        (
            "He left the party after the vote, his spokesman said on Monday.",
            "official",
            "his spokesman",
        ),
        # a name that heads the phrase is named, whatever the words before it
        (
            "Left-wing advocacy group J Street said it is re-evaluating its endorsement.",
            "named",
            "Left-wing advocacy group J Street",
        ),
        # a unit of two sentences: the speaker of the second governs its own sentence
        (
            "\u201cWe shared the statements with him.\u201d The official said the group was "
            "still waiting for an answer.",
            "official",
            "The official",
        ),
        # a cleft: "it is X who said"
        (
            "I do not know, but it is the pope himself who said that.",
            "official",
            "the pope himself",
        ),
        # the author of a work that tells something is its source
        (
            "I was looking at a report by Media Lens describing how the press covered him.",
            "named",
            "Media Lens",
        ),
        (
            "A new report by Amnesty International found that prisoners were tortured.",
            "named",
            "A new report by Amnesty International",
        ),
        ("The report by the central bank was published in May and printed twice.", "own", None),
        # and a source inside a relative clause still does not govern
        ("The man who reportedly told police he was armed was arrested.", "own", None),
        ("The prices, which analysts say are too high, will fall.", "own", None),
    ],
)
def test_english_main_clause_sources(text: str, label: str, main: str | None) -> None:
    answer = one(text, "en")
    assert answer.label == label
    mains = [text[m.start : m.end] for m in answer.mentions if m.main]
    assert mains == ([main] if main else [])


@pytest.mark.parametrize("sep", [" ", "\n"])
def test_every_sentence_of_a_quotation_takes_its_speaker(sep: str) -> None:
    from unspun.text.segment import split_sentences

    text = (
        f"\u201cWe will not leave.{sep}The town is ours.{sep}Nobody can take it,\u201d the mayor "
        "said on Monday.\n\nPrices rose again."
    )
    answers = attribute_sentences(text, split_sentences(text, "en"), "en")
    labels = {text[a.sentence.start : a.sentence.end]: a.label for a in answers}
    assert labels["The town is ours."] == "official"
    assert labels["Prices rose again."] == "own"


def test_a_paragraph_break_ends_an_unclosed_quotation() -> None:
    from unspun.text.segment import split_sentences

    text = (
        "\u201cWe will not leave,\u201d the mayor said. \u201cNever.\n\n"
        "Prices rose again. Bread got dearer too."
    )
    answers = attribute_sentences(text, split_sentences(text, "en"), "en")
    labels = {text[a.sentence.start : a.sentence.end]: a.label for a in answers}
    assert labels["Bread got dearer too."] == "own"
