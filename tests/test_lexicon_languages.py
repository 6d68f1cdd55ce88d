"""The loaded-vocabulary lexicon beyond English, Russian and Ukrainian (version 1.1.0):
every language has entries that translate a listed concept, every example matches its own
pattern, the detector flags the terms in a few sentences of our own, and ordinary words
that share a stem with a listed term are not flagged."""

from __future__ import annotations

import re

import pytest
import yaml

from unspun.detectors.loaded_vocabulary.detector import (
    SUPPORTED_LANGS,
    LoadedVocabularyDetector,
)
from unspun.lexicons import LOADED_VOCABULARY, loaded_vocabulary
from unspun.model.analysis import Analysis
from unspun.model.document import Document

CORE = ("en", "ru", "uk")
NEW = ("pt", "bg", "sl", "pl", "de", "es", "fr", "it", "ro")
SHARED = ("kind", "technique", "side", "target", "target_group", "explanation")

DATA = yaml.safe_load(LOADED_VOCABULARY.read_text(encoding="utf-8"))
WRAP = DATA["matching"]["wrap"]
ENTRIES = DATA["entries"]
NEW_ENTRIES = [e for e in ENTRIES if e["lang"] in NEW]


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(WRAP.replace("PATTERN", pattern), re.IGNORECASE)


def _flags(text: str, lang: str) -> list[tuple[str, str]]:
    """(flagged text, lexicon entry id) for each finding of the real detector."""
    analysis = Analysis(Document(id="t", text=text, lang=lang))
    LoadedVocabularyDetector().process(analysis)
    found = []
    for f in analysis.findings:
        entry = re.search(r"Loaded-vocabulary entry ([a-z0-9-]+)\.", f.explanation or "")
        found.append((text[f.start : f.end], entry.group(1) if entry else ""))
    return found


def test_the_detector_runs_for_every_language_of_the_lexicon() -> None:
    assert tuple(DATA["languages"]) == SUPPORTED_LANGS
    assert set(NEW) <= set(SUPPORTED_LANGS)
    assert DATA["version"] == "1.1.0"


@pytest.mark.parametrize("lang", NEW)
def test_every_new_language_has_entries(lang: str) -> None:
    rows = [e for e in ENTRIES if e["lang"] == lang]
    assert len(rows) >= 40
    assert {e["kind"] for e in rows} == {
        "pejorative_label",
        "dehumanising",
        "euphemism",
        "loaded_term",
    }
    assert {"pro_kremlin", "pro_ukrainian", "both"} <= {e["side"] for e in rows}
    assert len(loaded_vocabulary().matches(rows[0]["examples"][0], lang)) >= 1


def test_new_entries_translate_a_listed_concept_and_keep_its_fields() -> None:
    reference: dict[str, dict] = {}
    for e in ENTRIES:
        if e["lang"] in CORE:
            reference.setdefault(e["concept"], e)
            if e["lang"] == "en":
                reference[e["concept"]] = e
    for e in NEW_ENTRIES:
        ref = reference.get(e["concept"])
        assert ref is not None, e["id"]
        assert all(e[k] == ref[k] for k in SHARED), e["id"]
        assert e["id"].startswith(f"{e['lang']}-")


@pytest.mark.parametrize("entry", NEW_ENTRIES, ids=lambda e: e["id"])
def test_every_example_matches_its_own_pattern(entry: dict) -> None:
    rx = _compile(entry["pattern"])
    assert entry["examples"]
    for example in entry["examples"]:
        assert rx.search(example), example


def test_a_portuguese_sentence_gets_the_expected_flags() -> None:
    text = (
        "Segundo a televisão estatal russa, o regime de Kiev e os seus patrões ocidentais "
        "travam uma guerra contra o mundo russo, enquanto em Kiev os vídeos chamam orcs "
        "aos soldados que ocupam Kherson."
    )
    assert _flags(text, "pt") == [
        ("regime de Kiev", "pt-kyiv-regime"),
        ("patrões ocidentais", "pt-western-curators"),
        ("mundo russo", "pt-russian-world"),
        ("orcs", "pt-orcs"),
    ]


def test_brazilian_spellings_are_covered() -> None:
    text = (
        "Para a emissora, o bilhão dourado e os ucronazistas querem destruir a Rússia; "
        "do outro lado, os padres de Moscou foram chamados de colaboracionistas."
    )
    assert [entry for _, entry in _flags(text, "pt")] == [
        "pt-golden-billion",
        "pt-ukronazis",
        "pt-moscow-church",
        "pt-collaborators",
    ]


def test_a_bulgarian_sentence_gets_the_expected_flags() -> None:
    text = (
        "Според руската телевизия киевският режим и западните му куратори водят война "
        "срещу руския свят, а украински канали наричат окупаторите орки."
    )
    assert _flags(text, "bg") == [
        ("киевският режим", "bg-kyiv-regime"),
        ("руския свят", "bg-russian-world"),
        ("окупаторите", "bg-occupiers"),
        ("орки", "bg-orcs"),
    ]
    assert _flags("Путинофилите пак защитават специалната военна операция.", "bg") == [
        ("Путинофилите", "bg-putinofili"),
        ("специалната военна операция", "bg-smo"),
    ]


def test_a_polish_and_a_german_sentence_get_flags() -> None:
    pl = _flags("Onuce powtarzają, że banderowcy rządzą w Kijowie.", "pl")
    assert [e for _, e in pl] == ["pl-putinversteher", "pl-banderites"]
    de = _flags("Im Staatsfernsehen heißt es, das Kiewer Regime diene den Angelsachsen.", "de")
    assert [e for _, e in de] == ["de-kyiv-regime", "de-anglo-saxons"]


def test_romance_sentences_get_flags_and_romanian_without_diacritics() -> None:
    es = _flags("Según la televisión rusa, el régimen de Kiev sirve a los anglosajones.", "es")
    assert [e for _, e in es] == ["es-kyiv-regime", "es-anglo-saxons"]
    fr = _flags("Les poutinolâtres parlent d'opération militaire spéciale.", "fr")
    assert [e for _, e in fr] == ["fr-putinversteher", "fr-smo"]
    it = _flags("Per i putiniani, gli orchi sono soltanto soldati.", "it")
    assert [e for _, e in it] == ["it-putinversteher", "it-orcs"]
    with_marks = _flags("Regimul de la Kiev vorbește despre ocupanții ruși.", "ro")
    without = _flags(
        "Regimul de la Kiev vorbeste despre ocupantii rusi si operatiunea militara speciala.", "ro"
    )
    assert [e for _, e in with_marks] == ["ro-kyiv-regime", "ro-occupiers"]
    assert [e for _, e in without] == ["ro-kyiv-regime", "ro-occupiers", "ro-smo"]
    cedilla = _flags("Operaţiunea militară specială continuă.", "ro")
    assert [e for _, e in cedilla] == ["ro-smo"]


# Ordinary words that share a stem (or a whole word) with a listed term.
NEGATIVE = {
    "pt": [
        "A orquestra tocou para a Junta de Freguesia no domingo.",
        "O ocupante do carro saiu ileso do acidente.",
        "A reunificação alemã aconteceu em 1990.",
        "A central de biomassa abriu em Viseu.",
        "Os colaboradores da empresa receberam um prémio.",
        "O apaziguamento dos ânimos demorou uma semana.",
        "Uma horda de turistas encheu a praia de Albufeira.",
        "A liquidação total da loja começa amanhã.",
        "O russismo é um empréstimo lexical do russo.",
    ],
    "bg": [
        "Оркестърът свири в Пловдив.",
        "Хегемонията на долара отслабва.",
        "Наемните работници получиха заплати.",
        "Освобождението на България през 1878 г. се празнува на 3 март.",
        "Сводката за времето обещава дъжд.",
        "Копърът и магданозът поскъпнаха.",
    ],
    "sl": [
        "Orkester je igral v Cankarjevem domu.",
        "Orka je plavala ob obali Norveške.",
        "Delavci imajo plačani dopust.",
        "Ponovna združitev Nemčije je bila leta 1990.",
        "Zahod sonca je bil čudovit.",
        "Hunter je nov film.",
    ],
    "pl": [
        "Orkiestra zagrała w niedzielę.",
        "Orka pola trwała cały dzień.",
        "Najemna praca jest coraz droższa.",
        "Jan Moskalewicz wygrał wybory.",
        "Hordy turystów zalały plażę.",
        "Kolega z pracy kupił hegemonię na rynku.",
    ],
    "de": [
        "Das Orchester spielte in Leipzig.",
        "Die Entnazifizierung nach 1945 blieb unvollständig.",
        "Die Wiedervereinigung Deutschlands war 1990.",
        "Die Demilitarisierung des Rheinlands wurde vereinbart.",
        "Das Biolabor der Schule wurde renoviert.",
        "Die Horden von Touristen kamen im Sommer.",
    ],
    "es": [
        "La Junta de Andalucía aprobó el presupuesto.",
        "Los países anglosajones celebran Halloween.",
        "El ocupante del coche salió ileso.",
        "Una central de biomasa abrió en Soria.",
        "Los colaboradores de la empresa recibieron un premio.",
        "La orquesta tocó en Madrid.",
    ],
    "fr": [
        "L'orque a été vue au large de la Bretagne.",
        "L'orchestre a joué à Lyon.",
        "La réunification allemande date de 1990.",
        "Le collaborateur de l'entreprise a été promu.",
        "Une centrale à biomasse a ouvert près de Nantes.",
        "L'apaisement des esprits a pris du temps.",
    ],
    "it": [
        "La giunta comunale ha approvato il bilancio.",
        "I paesi anglosassoni festeggiano Halloween.",
        "L'orchestra ha suonato a Milano.",
        "L'orco delle fiabe spaventa i bambini.",
        "La riunificazione tedesca avvenne nel 1990.",
        "Una centrale a biomassa ha aperto a Torino.",
    ],
    "ro": [
        "Orchestra a cântat la Cluj.",
        "Ocupanții mașinii au scăpat nevătămați.",
        "Statisticile arată o creștere a prețurilor.",
        "Zona demilitarizată din Coreea este păzită.",
        "Eliberatorii din 1944 sunt comemorați anual.",
        "Hegemonia dolarului slăbește.",
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, text) for lang, texts in NEGATIVE.items() for text in texts],
)
def test_ordinary_words_are_not_flagged(lang: str, text: str) -> None:
    assert _flags(text, lang) == []
