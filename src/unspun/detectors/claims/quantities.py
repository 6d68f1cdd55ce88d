"""Numbers a checker can verify: counts, percentages, money, with what they count.

Rules over the raw text (English, Russian, Ukrainian). Each quantity keeps the exact
offsets of its expression and a normalised value, so "14,2 %", "14.2 percent" and
"14,2 відсотка" all read ``value=14.2, unit="percent"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"\d{1,3}(?:[ \u00a0\u202f,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "m": 1e6,
    "тыс": 1e3,
    "тысяча": 1e3,
    "тысячи": 1e3,
    "тысяч": 1e3,
    "млн": 1e6,
    "миллион": 1e6,
    "миллиона": 1e6,
    "миллионов": 1e6,
    "млрд": 1e9,
    "миллиард": 1e9,
    "миллиарда": 1e9,
    "миллиардов": 1e9,
    "трлн": 1e12,
    "тис": 1e3,
    "тисяча": 1e3,
    "тисячі": 1e3,
    "тисяч": 1e3,
    "мільйон": 1e6,
    "мільйона": 1e6,
    "мільйонів": 1e6,
    "мільярд": 1e9,
    "мільярда": 1e9,
    "мільярдів": 1e9,
}
_ABBREVIATIONS = frozenset({"тыс", "млн", "млрд", "трлн", "тис"})
_PERCENT = (
    r"%|per ?cent\b|percent(?:age points?)?\b|процент\w*|відсот\w*|п\.\s?п\.|"
    r"percentage points?\b"
)
_CURRENCY_BEFORE = {"$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₴": "UAH", "US$": "USD"}
_CURRENCY_AFTER = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "pounds": "GBP",
    "рубль": "RUB",
    "рубля": "RUB",
    "рублей": "RUB",
    "руб": "RUB",
    "долларов": "USD",
    "доллара": "USD",
    "евро": "EUR",
    "гривня": "UAH",
    "гривні": "UAH",
    "гривень": "UAH",
    "грн": "UAH",
    "доларів": "USD",
    "долара": "USD",
}
_QUALIFIERS = (
    r"well over|well above|just over|just under|"
    r"more than|less than|fewer than|at least|at most|up to|about|around|almost|nearly|"
    r"over|under|roughly|approximately|some|"
    r"более|больше|менее|меньше|около|почти|свыше|порядка|"
    r"понад|більше|менше|близько|майже|щонайменше|приблизно"
)
_SCALE_RE = "|".join(sorted((re.escape(k) for k in _SCALES), key=len, reverse=True))
_CUR_BEFORE_RE = "|".join(re.escape(k) for k in sorted(_CURRENCY_BEFORE, key=len, reverse=True))

QUANTITY = re.compile(
    rf"(?:(?P<qual>{_QUALIFIERS})\s+)?"
    rf"(?P<cur>{_CUR_BEFORE_RE})?\s?"
    rf"(?P<num>{_NUM})"
    rf"(?:\s?(?:-|–|to|до|and|и|і)\s?(?P<num2>{_NUM}))?"
    rf"(?:\s?(?P<scale>{_SCALE_RE})(?!\w))?"
    rf"(?:\s?(?P<pct>{_PERCENT}))?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_YEAR = re.compile(r"^(1[6-9]|20)\d\d$")
_STOP_COUNTED = frozenset(
    "of the a an and or in on at to from for by with per than that which who and is are was "
    "were has have had of in на в у из з и і та по за до от від".split()
)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: float
    unit: str  # "percent", a currency code, or "count"
    qualifier: str | None
    upper: float | None = None
    counts: str | None = None  # the noun the number counts ("people", "infections")

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "upper": self.upper,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "counts": self.counts,
        }


def parse_number(raw: str) -> float:
    """'2 000' -> 2000, '1,234.5' -> 1234.5, '14,2' -> 14.2, '1,234' -> 1234."""
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?", s):
        return float(s.replace(" ", "").replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?: \d{3})+,\d+", s):
        return float(s.replace(" ", "").replace(",", "."))
    return float(s.replace(" ", "").replace(",", "."))


def currency_after(text: str, end: int) -> tuple[str | None, int]:
    """The currency named right after a quantity ("40 dollars", "5 грн.") and its length."""
    after = text[end : end + 12].lower()
    for word, code in _CURRENCY_AFTER.items():
        dot = r"\.?" if word in {"руб", "грн"} else ""
        hit = re.match(rf"\s?{word}\b{dot}", after)
        if hit:
            return code, hit.end()
    return None, 0


def counted_noun(text: str, end: int) -> str | None:
    """The word right after a quantity, as what it counts ("200 people", "40% of voters")."""
    rest = text[end : end + 60]
    for m in _WORD.finditer(rest):
        word = m.group().lower()
        if word in _STOP_COUNTED:
            continue
        return m.group()
    return None


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities in ``text[start:end]``; years on their own are dates, not quantities."""
    end = len(text) if end is None else end
    out: list[Quantity] = []
    for m in QUANTITY.finditer(text, start, end):
        num = m.group("num")
        if not num:
            continue
        scale_word = (m.group("scale") or "").lower().rstrip(".")
        pct = m.group("pct")
        cur = m.group("cur")
        cur_after, cur_len = currency_after(text, m.end())
        if _YEAR.match(num) and not (pct or cur or scale_word or cur_after or m.group("num2")):
            continue  # a year: the date rules handle it
        bare_digit = re.fullmatch(r"\d", num) and not (pct or cur or scale_word or cur_after)
        if bare_digit and not counted_noun(text, m.end()):
            continue
        scale = _SCALES.get(scale_word, 1.0)
        try:
            value = parse_number(num) * scale
            upper = parse_number(m.group("num2")) * scale if m.group("num2") else None
        except ValueError:
            continue
        # "2 млн. человек": the abbreviation's full stop belongs to the quantity.
        abbr_dot = int(
            scale_word in _ABBREVIATIONS and not pct and text[m.end() : m.end() + 1] == "."
        )
        unit = "percent" if pct else (_CURRENCY_BEFORE.get(cur or "") or cur_after or "count")
        q_start = m.start() if m.group("qual") else m.start("cur") if cur else m.start("num")
        counts = None if pct or unit != "count" else counted_noun(text, m.end())
        out.append(
            Quantity(
                start=q_start,
                end=m.end() + max(cur_len, abbr_dot),
                value=value,
                unit=unit,
                qualifier=(m.group("qual") or "").lower() or None,
                upper=upper,
                counts=counts,
            )
        )
    return out


#: For the number-word rules (:mod:`unspun.detectors.claims.numwords`).
PERCENT_RE = _PERCENT
QUALIFIERS_RE = _QUALIFIERS
