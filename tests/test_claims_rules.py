"""Claim rules: quantities, dates (en/ru/uk), claim types and ranking, by hand."""

from __future__ import annotations

import pytest

from unspun.detectors.claims.dates import find_dates
from unspun.detectors.claims.kinds import classify
from unspun.detectors.claims.quantities import find_quantities, parse_number
from unspun.detectors.claims.ranking import prioritise


def quantities(text: str) -> list[tuple[str, float, str, str | None]]:
    return [(text[q.start : q.end], q.value, q.unit, q.counts) for q in find_quantities(text)]


def dates(text: str) -> list[tuple[str, str | None]]:
    return [(text[d.start : d.end], d.iso) for d in find_dates(text)]


@pytest.mark.parametrize(
    "raw,value",
    [("2 000", 2000), ("1,234.5", 1234.5), ("14,2", 14.2), ("1,234", 1234), ("0.5", 0.5)],
)
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Unemployment rose to 14.2 percent.", [("14.2 percent", 14.2, "percent", None)]),
        ("Traffic fell 40% last year.", [("40%", 40.0, "percent", None)]),
        ("More than 200 people died.", [("More than 200", 200.0, "count", "people")]),
        ("It cost $3.5 billion.", [("$3.5 billion", 3.5e9, "USD", None)]),
        ("25 million people live there.", [("25 million", 25e6, "count", "people")]),
        ("Безработица выросла до 14,2 процента.", [("14,2 процента", 14.2, "percent", None)]),
        ("Погибли более 200 человек.", [("более 200", 200.0, "count", "человек")]),
        ("Збитки склали 2 млрд гривень.", [("2 млрд гривень", 2e9, "UAH", None)]),
        ("Понад 40% жителів виїхали.", [("Понад 40%", 40.0, "percent", None)]),
        ("In 2020 the war began.", []),  # a year alone is a date
    ],
)
def test_quantities(text: str, expected: list) -> None:
    assert quantities(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("It happened on March 14, 2024.", [("March 14, 2024", "2024-03-14")]),
        ("The review is due on 14 March.", [("14 March", "--03-14")]),
        ("Since January 2020 prices rose.", [("January 2020", "2020-01")]),
        (
            "Dated 2024-03-15 and 01.02.2021.",
            [("2024-03-15", "2024-03-15"), ("01.02.2021", "2021-02-01")],
        ),
        ("They will lose it by 2027.", [("2027", "2027")]),
        ("He spoke on Tuesday.", [("on Tuesday", None)]),
        ("Это случилось 14 марта 2024 года.", [("14 марта 2024 года", "2024-03-14")]),
        ("Выборы прошли в 2020 году.", [("2020 году", "2020")]),
        ("Це сталося 14 березня 2024 року.", [("14 березня 2024 року", "2024-03-14")]),
        ("Вибори відбулися у травні 2019 р.", [("травні 2019 р.", "2019-05")]),
        ("Указ підписали у понеділок.", [("у понеділок", None)]),
    ],
)
def test_dates(text: str, expected: list) -> None:
    assert dates(text) == expected


def test_number_inside_a_date_is_not_a_quantity() -> None:
    from unspun.detectors.claims.pieces import find_pieces

    text = "On 14 March 2024, 300 people protested."
    pieces = find_pieces(text, 0, len(text), [])
    assert [text[q.start : q.end] for q in pieces.quantities] == ["300"]


@pytest.mark.parametrize(
    "text,attributed,expected",
    [
        ("Unemployment rose to 14 percent.", False, "statistic"),
        ('"We will never give up," the mayor said.', True, "quote"),
        ("Prices rose because of the sanctions.", False, "causal"),
        ("It is the biggest betrayal in our history.", False, "comparison"),
        ("The port will close next year.", False, "prediction"),
        ("Parliament passed the law on Friday.", False, "law_policy"),
        ("Ціни зросли через санкції.", False, "causal"),
        ("Цены будут расти.", False, "prediction"),
    ],
)
def test_claim_types(text: str, attributed: bool, expected: str) -> None:
    has_quantity = bool(find_quantities(text))
    kinds = classify(
        text,
        0,
        len(text),
        has_quantity=has_quantity,
        has_date=False,
        has_entity=True,
        attributed=attributed,
    )
    assert kinds[0].type == expected


def test_event_needs_a_date_or_entity() -> None:
    text = "The troops attacked the town."
    assert (
        classify(
            text,
            0,
            len(text),
            has_quantity=False,
            has_date=True,
            has_entity=False,
            attributed=False,
        )[0].type
        == "event"
    )
    assert (
        classify(
            text,
            0,
            len(text),
            has_quantity=False,
            has_date=False,
            has_entity=False,
            attributed=False,
        )
        == []
    )


def test_unsourced_and_vague_statistics_rank_first() -> None:
    unsourced = prioritise(0.8, "own", ["statistic"])
    vague = prioritise(0.8, "vague", ["statistic"])
    named = prioritise(0.8, "named", ["statistic"])
    plain = prioritise(0.8, "named", ["event"])
    assert vague.score > named.score and unsourced.score > named.score > plain.score
    assert unsourced.reasons[0] == "an unsourced statistic"
    assert "vague" in vague.reasons[0]
    assert 0.0 <= vague.score <= 1.0
