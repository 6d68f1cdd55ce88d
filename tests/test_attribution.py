"""The attribution detector on sentences we wrote, in English, Russian and Ukrainian."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspun.detectors.attribution.detector import PRODUCT, attribute_sentences
from unspun.evaluation.attribution import line_units, load_gold, post_units, score
from unspun.model import Document
from unspun.pipeline import Pipeline
from unspun.text import split_sentences

GOLD = Path(__file__).resolve().parents[1] / "data" / "annotations" / "attribution"


def sources(text: str, lang: str = "en") -> list[tuple[str, str]]:
    spans = split_sentences(text, lang)
    result = attribute_sentences(text, spans, lang)
    return [(text[m.start : m.end], m.kind) for r in result for m in r.mentions]


def labels(text: str, lang: str = "en") -> list[str]:
    return [r.label for r in attribute_sentences(text, split_sentences(text, lang), lang)]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The WHO chief Tedros Ghebreyesus said the outbreak was over.",
            ("The WHO chief Tedros Ghebreyesus", "named"),
        ),
        ("According to Reuters, the talks collapsed on Monday.", ("Reuters", "named")),
        (
            "A ministry spokesperson said the review would be published.",
            ("A ministry spokesperson", "official"),
        ),
        ("Police said three people were arrested.", ("Police", "official")),
        ("Experts believe the port will lose 40% of its traffic.", ("Experts", "vague")),
        (
            "Independent monitoring groups record that unemployment rose to 14 percent.",
            ("Independent monitoring groups", "vague"),
        ),
        ("Millions now openly call it the biggest betrayal in history.", ("Millions", "vague")),
        (
            "According to a source close to the president, the plan is dead.",
            ("a source close to the president", "anonymous"),
        ),
        ("It is believed that hundreds of jobs are at risk.", ("It is believed", "vague")),
        ("The minister reportedly resigned on Friday.", ("reportedly", "vague")),
    ],
)
def test_english_source_kinds(text: str, expected: tuple[str, str]) -> None:
    assert expected in sources(text)


def test_english_sentence_labels_own_and_none() -> None:
    text = "The port handled 2 million tonnes last year. Why does nobody ask? Stand up now!"
    assert labels(text) == ["own", "none", "none"]


def test_subordinate_source_leaves_sentence_in_authors_voice() -> None:
    text = "Authorities are hunting the woman who reportedly told guests to leave early."
    assert labels(text) == ["own"]


def test_pronoun_takes_kind_of_person_named_before() -> None:
    text = 'The opposition leader, Tomas Vell, spoke last. "We are sold out," he told the crowd.'
    assert ("he", "named") in sources(text)


def test_quote_without_speaker_takes_neighbouring_speaker() -> None:
    text = '"We will fight," the mayor said. "We will never give up on this town."'
    assert labels(text) == ["official", "official"]


def test_passive_subject_is_not_a_source() -> None:
    text = "All the cases were reported from one clinic, the WHO said."
    assert sources(text) == [("the WHO", "named")]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Министр обороны Шойгу заявил, что всё идёт по плану.",
            ("Министр обороны Шойгу", "named"),
        ),
        ("По словам экспертов, война скоро закончится.", ("экспертов", "vague")),
        ("Источник, близкий к Кремлю, рассказал об этом.", ("Источник", "anonymous")),
        ("Сообщается, что враг отступает.", ("Сообщается", "vague")),
        (
            "Представитель МИД заявил, что переговоры продолжатся.",
            ("Представитель МИД", "official"),
        ),
    ],
)
def test_russian_source_kinds(text: str, expected: tuple[str, str]) -> None:
    assert expected in sources(text, "ru")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Речник міністерства заявив, що ворог відступає.", ("Речник міністерства", "official")),
        ("За даними моніторингових груп, загинули 40 людей.", ("моніторингових груп", "vague")),
        ("Багато експертів вважають, що війна скоро закінчиться.", ("Багато експертів", "vague")),
        ("Кажуть, що все добре.", ("Кажуть", "vague")),
        ("Джерело, близьке до уряду, розповіло про це.", ("Джерело", "anonymous")),
        ("Зеленський заявив, що перемога близько.", ("Зеленський", "named")),
    ],
)
def test_ukrainian_source_kinds(text: str, expected: tuple[str, str]) -> None:
    assert expected in sources(text, "uk")


def test_detector_emits_findings_with_scope_and_explanation(nlp: Pipeline) -> None:
    text = "Prices rose sharply. Experts believe the worst is yet to come, officials said."
    analysis = nlp(Document(id="t", text=text))
    findings = analysis.by_kind("attribution")
    assert {analysis.text_of(f) for f in findings} >= {"Experts", "officials"}
    for f in findings:
        assert f.scope is not None and text[f.scope.start : f.scope.end].startswith("Experts")
        assert f.explanation and analysis.text_of(f) in f.explanation
        assert 0 <= f.score <= 1 and f.detector == "attribution"
    vague = next(f for f in findings if f.label == "vague")
    assert "check" in (vague.explanation or "")
    assert [s.label for s in analysis.cache[PRODUCT]] == ["own", "official"]


def test_scorer_on_hand_made_gold(tmp_path: Path) -> None:
    text = "Title\n\nExperts believe it is over.\nThe port closed in May.\nWhy?\n"
    (tmp_path / "article1.txt").write_text(text, encoding="utf-8")
    units = line_units(text)
    rows = [
        {
            "article_id": "1",
            "start": u.start,
            "end": u.end,
            "split": "test",
            "label": lab,
            "sources": src,
        }
        for u, lab, src in zip(
            units,
            ["none", "vague", "own", "none"],
            [[], [{"start": 7, "end": 14, "kind": "vague"}], [], []],
            strict=True,
        )
    ]
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = score(load_gold(gold_file, "test"), tmp_path)
    assert result["sentences"] == 4
    assert result["sentence"]["vague"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "support": 1,
        "predicted": 1,
    }
    assert result["source"]["vague"]["precision"] == 1.0
    # "Title" is a headline fragment: the scorer counts whatever the detector says.
    assert result["sentence_accuracy"] >= 0.75


# Rules written from the dev2 error lists (data/annotations/attribution/README*.md, "dev2").
@pytest.mark.parametrize(
    "text,expected",
    [
        ("WHO has reported 212 new cases of cholera this week.", ("WHO", "named")),
        ("Her brother said the family had not been told.", ("Her brother", "anonymous")),
        ("The Obama administration said the fence would be finished.", None),
        (
            "According to the National Weather Service, the storm will reach the coast.",
            ("the National Weather Service", "official"),
        ),
        ("NASA said the asteroid will pass at a safe distance.", ("NASA", "official")),
        (
            "The group said the ban would hurt small farmers.",
            ("The group", "named"),
        ),
        ("Senator Reyes made it clear that the bill is dead.", ("Senator Reyes", "named")),
        ("China said the talks would resume.", ("China", "official")),
    ],
)
def test_english_source_kinds_dev2(text: str, expected: tuple[str, str] | None) -> None:
    found = sources(text)
    if expected is None:  # the institution heads the phrase: official, not the person
        assert [k for _, k in found] == ["official"]
    else:
        assert expected in found


def test_pledge_with_infinitive_is_not_an_attribution() -> None:
    assert labels("The mayor promised to add two bus lines.") == ["own"]
    assert sources("The mayor promised that the lines would open in May.") == [
        ("The mayor", "official")
    ]


def test_web_page_lines_are_not_claims() -> None:
    text = (
        "Story Continued Below\n"
        "You can unsubscribe at any time.\n"
        "Flood water covers the road near Dhaka (AP Photo/Jane Doe)\n"
    )
    assert labels(text) == ["none", "none", "none"]


def test_quotation_opened_after_the_speakers_last_one_keeps_the_speaker() -> None:
    text = (
        '"The budget is balanced," the governor said.\n'
        '"Next year we will cut taxes.\n'
        "The schools will get more money.\n"
        'Nobody will be left behind."\n'
    )
    assert labels(text) == ["official", "official", "official", "official"]


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("Зазначається, що міст відкриють у травні.", "uk", ("Зазначається", "vague")),
        ("Як повідомлялося, рейс скасували.", "uk", ("Як повідомлялося", "vague")),
        (
            'Об этом сообщается в телеграм-канале "Новости Юга".',
            "ru",
            ('телеграм-канале "Новости Юга"', "named"),
        ),
        (
            "Как отмечается в материале, биржа осталась самой популярной.",
            "ru",
            ("материале", "named"),
        ),
        (
            "Союз журналистов заявил, что выборы перенесут.",
            "ru",
            ("Союз журналистов", "named"),
        ),
        (
            "Держфінмоніторинг повідомляє, що правила змінилися.",
            "uk",
            ("Держфінмоніторинг", "official"),
        ),
        ("Мелитопольцы сообщают о взрыве на проспекте.", "ru", ("Мелитопольцы", "vague")),
        ("Хмельничанка стверджує, що її сина побили.", "uk", ("Хмельничанка", "anonymous")),
        (
            "Неназванный дипломат, принимающий участие в этих переговорах с союзниками, "
            "сообщил журналистам, что решение принято.",
            "ru",
            ("Неназванный дипломат", "anonymous"),
        ),
        (
            'Бывший министр Иван Петров в интервью "Радио Свобода" утверждает, что план был.',
            "ru",
            ("Бывший министр Иван Петров", "named"),
        ),
        (
            "У Вашингтоні вкотре заявили, що рішення за Україною.",
            "uk",
            ("У Вашингтоні", "official"),
        ),
        (
            "На брифінгу розповіли про нові бригади.",
            "uk",
            ("На брифінгу", "official"),
        ),
        (
            "Офіс Генпрокурора: ракета була північнокорейською.",
            "uk",
            ("Офіс Генпрокурора", "official"),
        ),
    ],
)
def test_slavic_source_kinds_dev2(text: str, lang: str, expected: tuple[str, str]) -> None:
    assert expected in sources(text, lang)


def test_slavic_not_a_source() -> None:
    # what someone does not know, and "according to" a rule, attribute nothing
    assert sources("Они просто не знают, что мачту скопировали.", "ru") == []
    assert sources("Дрова выделят согласно ранее полученным заявкам.", "ru") == []
    # "пишут" with its subject after it is that subject's, not an impersonal report
    assert ("пишут", "vague") not in sources("Об этом пишут британские журналисты.", "ru")


# Rules written in session 12 from the dev3 part (PTC) and our written ru/uk units
# (data/annotations/attribution/README.md, "Third development part (dev3)").
@pytest.mark.parametrize(
    "text,expected",
    [
        (
            'Secretary of Homeland Security Kirstjen Nielsen said, "Border security matters."',
            ("Secretary of Homeland Security Kirstjen Nielsen", "named"),
        ),
        (
            "Associated Press reported that the two leaders met on Saturday.",
            ("Associated Press", "named"),
        ),
        ("“I do not remember it that way,” said Franken.", ("Franken", "named")),
        ("Iran and Turkey had warned against the vote.", ("Iran and Turkey", "official")),
        ("They are being processed for deportation, CBP said.", ("CBP", "official")),
        ("The study estimated that the cooling would be small.", ("The study", "named")),
    ],
)
def test_english_source_kinds_dev3(text: str, expected: tuple[str, str]) -> None:
    assert expected in sources(text)


def test_english_sentences_that_assert_nothing() -> None:
    # a lead-in whose claim is on the next line, a question put to someone, a prescription,
    # an editor's bracket and page furniture: none, whoever they name
    assert labels("The Sun reported:") == ["none"]
    assert labels("Does Archbishop Hebda believe the Church should stay silent?") == ["none"]
    assert labels("Grassley shouldn't cave on these conditions.") == ["none"]
    assert labels("[Emphasis added]") == ["none"]
    assert labels("You may opt out at anytime.") == ["none"]
    # but a claim stays a claim: a statement before a rhetorical question, "it should be
    # noted that", "should have known", "keep in mind that"
    assert labels("Police have said that the radio call helped them, so why change it?") == [
        "official"
    ]
    assert labels("It should be noted that the protests were a response to the ruling.") == ["own"]
    assert labels("The council should have acted on the flooding last year.") == ["own"]
    assert labels("Keep in mind that the fund was empty for two years.") == ["own"]


def test_a_closing_according_to_sources_the_whole_sentence() -> None:
    text = (
        "The probe is the fifth to leave the solar system, and many of its instruments are "
        "setting records, according to NASA."
    )
    assert labels(text) == ["official"]


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        (
            "Источник в Офисе президента рассказал, что решения примут до конца недели.",
            "ru",
            ("Источник в Офисе президента", "anonymous"),
        ),
        (
            "На Банковій вважають, що проведення виборів цього року неможливе.",
            "uk",
            ("На Банковій", "official"),
        ),
        (
            "Китай призвал стороны к сдержанности и немедленному прекращению огня.",
            "ru",
            ("Китай", "official"),
        ),
        (
            "Польща оголосила, що закриває ще два пункти пропуску на кордоні з Білоруссю.",
            "uk",
            ("Польща", "official"),
        ),
        ("Зеленский: F-16 будут у нас ещё до лета.", "ru", ("Зеленский", "named")),
        (
            "Как уточнили в ГУ МВД по Самарской области, водитель грузовика был пьян.",
            "ru",
            ("в ГУ МВД", "official"),
        ),
        (
            "По информации «Коммерсанта», Минфин готовит повышение НДФЛ для высоких доходов.",
            "ru",
            ("«Коммерсанта»", "named"),
        ),
        (
            "Эксперты уверены, что рубль продолжит падать до конца квартала.",
            "ru",
            ("Эксперты", "vague"),
        ),
        (
            "Вчені довели, що постійний стрес від обстрілів скорочує життя на кілька років.",
            "uk",
            ("Вчені", "vague"),
        ),
        (
            "Подейкують, що наступного тижня в уряді будуть кадрові зміни.",
            "uk",
            ("Подейкують", "vague"),
        ),
        (
            "Мой знакомый, который служит под Бахмутом, говорит, что снарядов выдают мало.",
            "ru",
            ("Мой знакомый", "anonymous"),
        ),
    ],
)
def test_slavic_source_kinds_written(text: str, lang: str, expected: tuple[str, str]) -> None:
    """Sentences from our written ru/uk set (data/annotations/attribution/written-ru-uk.jsonl)."""
    assert expected in sources(text, lang)


def test_slavic_belief_adjective_needs_its_clause() -> None:
    assert sources("Он сделал уверенный шаг вперёд.", "ru") == []
    assert sources("Главное: никто не пострадал.", "ru") == []


def test_the_written_ru_uk_set_stays_above_its_floor() -> None:
    """Sentence-label accuracy on our 440 written ru/uk units: 0.698 before the session-12
    rules, 0.798 after; a change that loses more than 0.03 of it fails here."""
    rows = [
        json.loads(line)
        for line in (GOLD / "written-ru-uk.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    hits = 0
    for row in rows:
        found = attribute_sentences(row["text"], post_units(row["text"]), row["lang"])
        hits += (found[0].label if found else "none") == row["label"]
    assert len(rows) == 440
    assert hits / len(rows) >= 0.77


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("Переговоров не будет, — подчеркнул Токаев.", "ru", ("Токаев", "named")),
        ("Зима будет тяжёлой, уверен Медведев.", "ru", ("Медведев", "named")),
        (
            "Наступление выдохлось, сообщили в Институте изучения войны.",
            "ru",
            ("в Институте изучения войны", "named"),
        ),
        ("Военкоры подтверждают отвод войск.", "ru", ("Военкоры", "vague")),
        (
            "Гвардійці з-під Куп'янська передають, що позиції втримано.",
            "uk",
            ("Гвардійці з-під Куп'янська", "vague"),
        ),
        (
            "У МЗС Угорщини вважають, що санкції шкодять Європі.",
            "uk",
            ("У МЗС Угорщини", "official"),
        ),
        (
            "За даними Пенсійного фонду України, виплати проіндексують у березні.",
            "uk",
            ("Пенсійного фонду України", "official"),
        ),
        (
            "Про це повідомляється на сайті уряду Франції.",
            "uk",
            ("сайті уряду Франції", "official"),
        ),
    ],
)
def test_slavic_source_kinds_unlp_dev3(text: str, lang: str, expected: tuple[str, str]) -> None:
    """Constructions from the errors on the UNLP dev3 part, in sentences we wrote."""
    assert expected in sources(text, lang)


def test_slavic_status_and_relative_clauses_are_not_hearsay() -> None:
    assert labels("В России он теперь считается иноагентом.", "ru") == ["own"]
    assert labels("Обещания, о которых говорится в договоре, ничего не стоят.", "ru") == ["own"]
    assert labels("Считается, что фронт стабилизировался.", "ru") == ["vague"]


def test_a_labels_only_part_scores_sentence_labels_and_no_source_phrases() -> None:
    """dev3 parts hold sentence labels only: they must not count every mention as a false
    positive source phrase."""
    from unspun.evaluation.attribution import format_table, score_documents

    text = "Title\n\nThe ministry said the bridge is closed.\nThe bridge is closed.\n"
    units = line_units(text)
    rows = [
        {"start": u.start, "end": u.end, "label": label}
        for u, label in zip(units[1:], ["official", "own"], strict=True)
    ]
    result = score_documents([(text, "en", units, rows)])
    assert result["sentence_accuracy"] == 1.0
    assert all(m["predicted"] == 0 for m in result["source"].values())
    assert "sentence labels only" in format_table(result)
