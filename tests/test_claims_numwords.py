"""Numbers and multipliers in words make a claim a statistic (issue 10, class 3), and dates
read as a reader says them. English sentences are ours; Russian and Ukrainian ones are ours
plus real posts from the UNLP 2025 dev file (skipped when ../shared is absent)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import SHARED_DATA
from unspun.detectors.claims.dates import find_dates, readable_date
from unspun.detectors.claims.kinds import classify
from unspun.detectors.claims.pieces import find_pieces


def quantities(text: str, lang: str) -> list[tuple[str, float, str]]:
    pieces = find_pieces(text, 0, len(text), [], lang)
    return [(text[q.start : q.end], q.value, q.unit) for q in pieces.quantities]


@pytest.mark.parametrize(
    "lang,text,expected",
    [
        (
            "en",
            "Well over sixty percent of residents left.",
            ("Well over sixty percent", 60, "percent"),
        ),
        ("en", "Thirty-one soldiers were captured.", ("Thirty-one", 31, "count")),
        ("en", "Two hundred and five civilians died.", ("Two hundred and five", 205, "count")),
        ("en", "Since the blockade, bread prices quadrupled.", ("quadrupled", 4, "multiplier")),
        ("en", "The budget is three times larger.", ("three times", 3, "multiplier")),
        (
            "ru",
            "Семьдесят процентов жителей уехали из города.",
            ("Семьдесят процентов", 70, "percent"),
        ),
        ("ru", "Цены на хлеб выросли вдвое за год.", ("вдвое", 2, "multiplier")),
        ("ru", "Погибли тридцать два человека.", ("тридцать два", 32, "count")),
        ("uk", "Тарифи зросли вдвічі за пів року.", ("вдвічі", 2, "multiplier")),
        ("uk", "Сорок дві тисячі людей виїхали.", ("Сорок дві тисячі", 42000, "count")),
        ("uk", "Ціни зросли у три рази.", ("три рази", 3, "multiplier")),
        # shares, money and scale words with an article
        (
            "en",
            "Now, two-thirds of the people rely on that check.",
            ("two-thirds", 66.7, "percent"),
        ),
        ("en", "Imports fell by one-third last year.", ("one-third", 33.3, "percent")),
        ("en", "A quarter of the budget goes to debt.", ("A quarter", 25, "percent")),
        ("en", "One in five children lives in poverty.", ("One in five", 20, "percent")),
        ("en", "One out of two students receives aid.", ("One out of two", 50, "percent")),
        ("en", "Half of the students receive aid.", ("Half", 50, "percent")),
        ("en", "He promised a trillion dollars to investors.", ("a trillion dollars", 1e12, "USD")),
        ("en", "The ticket costs sixty dollars.", ("sixty dollars", 60, "USD")),
        (
            "en",
            "Well over a million and a quarter Americans are ill.",
            ("Well over a million and a quarter", 1.25e6, "count"),
        ),
        ("ru", "Две трети жителей остались без света.", ("Две трети", 66.7, "percent")),
        ("ru", "Половина украинцев поддерживает переговоры.", ("Половина", 50, "percent")),
        ("uk", "Третина підприємств зупинилася.", ("Третина", 33.3, "percent")),
        ("uk", "Дві третини опитаних проти.", ("Дві третини", 66.7, "percent")),
    ],
)
def test_numbers_in_words_are_quantities(lang: str, text: str, expected: tuple) -> None:
    assert expected in quantities(text, lang)
    pieces = find_pieces(text, 0, len(text), [], lang)
    kinds = classify(
        text,
        0,
        len(text),
        has_quantity=bool(pieces.quantities),
        has_date=False,
        has_entity=False,
        attributed=False,
    )
    assert "statistic" in [k.type for k in kinds]


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "One of the two sides said no."),
        ("en", "Thousands came to the square."),
        ("ru", "Он сказал одно слово."),
        ("uk", "Мільйони людей чекають на мир."),
        ("en", "He wants a third term in office."),
        ("en", "Sales rose in the second half of the year."),
        ("en", "We met an hour and a half later."),
        ("ru", "Встреча прошла во второй половине дня."),
        ("ru", "В третьем квартале рост замедлился."),
        ("uk", "У другій половині дня пройде дощ."),
    ],
)
def test_words_that_are_not_figures_are_left_alone(lang: str, text: str) -> None:
    assert quantities(text, lang) == []


def test_digits_and_words_are_not_counted_twice() -> None:
    text = "More than 250 тысяч человек, то есть семьдесят процентов."
    found = quantities(text, "ru")
    assert [q[0] for q in found] == ["More than 250 тысяч", "семьдесят процентов"]


@pytest.mark.parametrize(
    "iso,readable",
    [
        ("2024-03-14", "14 March 2024"),
        ("2024-03", "March 2024"),
        ("2024", "2024"),
        ("--02-13", "13 February (no year given)"),
        (None, "relative to the publication date"),
    ],
)
def test_dates_read_as_a_reader_says_them(iso: str | None, readable: str) -> None:
    assert readable_date(iso) == readable


def test_a_day_without_a_year_is_shown_in_words() -> None:
    text = "Протест відбувся 13 лютого біля парламенту."
    (date,) = find_dates(text)
    assert date.iso == "--02-13"
    assert date.as_dict()["readable"] == "13 February (no year given)"
    summary = find_pieces(text, 0, len(text), [], "uk").summary(text)
    assert "--02-13" not in summary and "13 February" in summary


UNLP = SHARED_DATA / "unlp2025-dev" / "unlp2025-dev.jsonl"
# Real units (post id prefix, start, end) with numbers in words, and what must be read.
REAL = [
    ("d07a5a4c", 67, 197, 32.0),  # uk: "Тридцять два роки тому ..."
    ("39294f8f", 161, 254, 1000.0),  # uk: "більше тисячі волинян ..."
    ("e16b3d64", 16, 133, 1000.0),  # ru: "больше тысячи могил ..."
]


@pytest.mark.parametrize("prefix,start,end,value", REAL)
def test_real_posts_numbers_in_words(prefix: str, start: int, end: int, value: float) -> None:
    if not UNLP.exists():
        pytest.skip("the UNLP 2025 dev file is not in ../shared/data")
    post = next(
        p
        for p in map(json.loads, UNLP.read_text(encoding="utf-8").splitlines())
        if p["id"].startswith(prefix)
    )
    pieces = find_pieces(post["text"], start, end, [], post["lang"])
    assert value in [q.value for q in pieces.quantities]
