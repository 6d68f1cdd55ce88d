"""Numbers written in words, and multipliers, as quantities (English, Russian, Ukrainian).

"well over sixty percent" -> 60 percent (qualifier "well over"), "thirty-one soldiers" ->
31, "семьдесят процентов" -> 70 percent, "quadrupled" / "вдвічі" / "в три раза" -> a
``multiplier`` of 4 / 2 / 3. Russian and Ukrainian number words are read in every case
form (the inflection tables come from pymorphy3's dictionaries, built once).
"""

from __future__ import annotations

import re
from functools import lru_cache

from unspun.detectors.claims.quantities import PERCENT_RE, QUALIFIERS_RE, Quantity

_EN_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_EN_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_WORD = "|".join(sorted([*_EN_SMALL, *_EN_TENS, *_EN_SCALES], key=len, reverse=True))
_EN_NUMBER = re.compile(
    rf"(?<![\w-])(?:{_EN_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_EN_WORD}))*(?![\w-])",
    re.IGNORECASE,
)

#: Multiplier words: "doubled", "quadrupled", "halved", "вдвое", "втричі".
_MULTIPLIERS = {
    "en": {
        r"doubl\w*": 2.0,
        r"tripl\w*|trebl\w*": 3.0,
        r"quadrupl\w*": 4.0,
        r"quintupl\w*": 5.0,
        r"halv\w*": 0.5,
        r"twofold": 2.0,
        r"threefold": 3.0,
        r"fourfold": 4.0,
        r"fivefold": 5.0,
        r"tenfold": 10.0,
        r"twice": 2.0,
    },
    "ru": {
        r"вдвое|удвои\w*|вдвойне": 2.0,
        r"втрое|утрои\w*": 3.0,
        r"вчетверо|учетвери\w*": 4.0,
        r"впятеро": 5.0,
        r"вдесятеро": 10.0,
        r"наполовину": 0.5,
    },
    "uk": {
        r"вдвічі|удвічі|подвої\w*|вдвоє|удвоє": 2.0,
        r"втричі|утричі|потрої\w*": 3.0,
        r"вчетверо|учетверо": 4.0,
        r"вп'ятеро|уп'ятеро|вп’ятеро": 5.0,
        r"вдесятеро|удесятеро": 10.0,
        r"наполовину": 0.5,
    },
}
_TIMES = {
    "en": r"times|fold",
    "ru": r"раза|раз",
    "uk": r"рази|разів|раз",
}

_SLAVIC_LEMMAS = {
    "ru": (
        "один:1 два:2 три:3 четыре:4 пять:5 шесть:6 семь:7 восемь:8 девять:9 десять:10 "
        "одиннадцать:11 двенадцать:12 тринадцать:13 четырнадцать:14 пятнадцать:15 "
        "шестнадцать:16 семнадцать:17 восемнадцать:18 девятнадцать:19 двадцать:20 "
        "тридцать:30 сорок:40 пятьдесят:50 шестьдесят:60 семьдесят:70 восемьдесят:80 "
        "девяносто:90 сто:100 двести:200 триста:300 четыреста:400 пятьсот:500 шестьсот:600 "
        "семьсот:700 восемьсот:800 девятьсот:900"
    ),
    "uk": (
        "один:1 два:2 три:3 чотири:4 п'ять:5 шість:6 сім:7 вісім:8 дев'ять:9 десять:10 "
        "одинадцять:11 дванадцять:12 тринадцять:13 чотирнадцять:14 п'ятнадцять:15 "
        "шістнадцять:16 сімнадцять:17 вісімнадцять:18 дев'ятнадцять:19 двадцять:20 "
        "тридцять:30 сорок:40 п'ятдесят:50 шістдесят:60 сімдесят:70 вісімдесят:80 "
        "дев'яносто:90 сто:100 двісті:200 триста:300 чотириста:400 п'ятсот:500 шістсот:600 "
        "сімсот:700 вісімсот:800 дев'ятсот:900"
    ),
}
_SLAVIC_SCALES = {
    "ru": {"тысяча": 1e3, "миллион": 1e6, "миллиард": 1e9},
    "uk": {"тисяча": 1e3, "мільйон": 1e6, "мільярд": 1e9},
}
#: Words that are numbers only in some uses: "one" and "один" alone are rarely a figure.
_ALONE_TOO_WEAK = {1.0, 0.0}


@lru_cache(maxsize=2)
def _slavic_table(lang: str) -> tuple[dict[str, float], dict[str, float]]:
    """Every case form of the number words of ``lang`` -> value; and of the scale nouns."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer(lang=lang)
    units: dict[str, float] = {}
    for item in _SLAVIC_LEMMAS[lang].split():
        word, digits = item.rsplit(":", 1)
        for parse in morph.parse(word)[:3]:
            for form in parse.lexeme:
                units.setdefault(form.word.replace("’", "'"), float(digits))
        units.setdefault(word, float(digits))  # the dictionary form itself
    scales: dict[str, float] = {}
    for scale_word, scale in _SLAVIC_SCALES[lang].items():
        for parse in morph.parse(scale_word)[:1]:
            for form in parse.lexeme:
                scales.setdefault(form.word, scale)
    # "одна", "одну", "дві", "две" are forms of the same lemma; pymorphy has them.
    return units, scales


def _en_value(words: list[str]) -> float | None:
    total, current = 0.0, 0.0
    seen = False
    for w in words:
        if w in _EN_SMALL:
            current += _EN_SMALL[w]
        elif w in _EN_TENS:
            current += _EN_TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def _slavic_value(words: list[str], lang: str) -> float | None:
    units, scales = _slavic_table(lang)
    total, current = 0.0, 0.0
    for w in words:
        if w in units:
            current += units[w]
        elif w in scales:
            total += (current or 1) * scales[w]
            current = 0.0
        else:
            return None
    return total + current


@lru_cache(maxsize=2)
def _slavic_number(lang: str) -> re.Pattern[str]:
    units, scales = _slavic_table(lang)
    words = sorted({*units, *scales}, key=len, reverse=True)
    alt = "|".join(re.escape(w).replace("'", "['’ʼ]") for w in words)
    return re.compile(rf"(?<!\w)(?:{alt})(?:\s+(?:{alt}))*(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=3)
def _multiplier_re(lang: str) -> re.Pattern[str]:
    alt = "|".join(f"(?:{p})" for p in _MULTIPLIERS[lang])
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE)


#: Shares: "two-thirds of", "a quarter of", "one in five", "половина", "дві третини".
_EN_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
_EN_NUMERATOR = "|".join(["a", *[w for w, v in _EN_SMALL.items() if 1 <= v <= 9]])
_EN_DENOMINATOR = "|".join(sorted(_EN_DENOMINATORS, key=len, reverse=True))
#: "two-thirds" (hyphenated: always a share) or "a third of" (spaced: only before "of").
_EN_FRACTION = re.compile(
    rf"(?<![\w-])(?P<num>{_EN_NUMERATOR})(?:-(?P<den>{_EN_DENOMINATOR})(?![\w-])"
    rf"|\s+(?P<den2>{_EN_DENOMINATOR})(?=\s+of\b))",
    re.IGNORECASE,
)
#: "one in five Americans", "one out of two students", "3 in 10 voters".
_EN_RATIO = re.compile(
    rf"(?<![\w-])(?P<a>{_EN_WORD}|\d{{1,3}})\s+(?:out\s+of|in)\s+(?P<b>{_EN_WORD}|\d{{1,4}})"
    r"(?=\s+[^\W\d_])",
    re.IGNORECASE,
)
#: "half of the students", "half the country" (not "the second half of the year").
_EN_HALF = re.compile(
    r"(?<!first\s)(?<!second\s)(?<!latter\s)(?<!other\s)(?<![\w-])half(?=\s+(?:of|the|our|their|its|all)\b)",
    re.IGNORECASE,
)
_SLAVIC_SHARES = {
    "ru": {
        "половина половины половине половину половиной": 2,
        "треть трети третью": 3,
        "четверть четверти четвертью": 4,
    },
    "uk": {
        "половина половини половині половину половиною": 2,
        "третина третини третині третину третиною": 3,
        "чверть чверті чвертю": 4,
    },
}
_SLAVIC_NUMERATORS = {"две": 2, "дві": 2, "три": 3}
#: Per language: (compiled share pattern, denominator), built once.
_SLAVIC_SHARE_RES = {
    lang: [
        (
            re.compile(
                rf"(?<!\w)(?:(?P<num>{'|'.join(_SLAVIC_NUMERATORS)})\s+)?"
                rf"(?:{'|'.join(forms.split())})(?!\w)",
                re.IGNORECASE,
            ),
            denominator,
        )
        for forms, denominator in shares.items()
    ]
    for lang, shares in _SLAVIC_SHARES.items()
}
_SLAVIC_ORDINAL_BEFORE = re.compile(r"(?:перв|втор|друг|перш|останн|последн)\w*\s+$", re.I)

_ARTICLE_BEFORE = re.compile(r"(?<![\w-])an?\s+$", re.IGNORECASE)
_QUAL_BEFORE = re.compile(rf"(?:(?:well|just|slightly|far)\s+)?(?:{QUALIFIERS_RE})\s+$", re.I)
_PERCENT_AFTER = re.compile(rf"\s?(?:{PERCENT_RE})", re.IGNORECASE)


def find_word_quantities(
    text: str, start: int, end: int, lang: str, taken: list[tuple[int, int]] | None = None
) -> list[Quantity]:
    """Quantities written in words in ``text[start:end]``, skipping ``taken`` ranges (the
    digit quantities and dates already found)."""
    from unspun.detectors.claims.quantities import counted_noun, currency_after

    taken = list(taken or [])
    out: list[Quantity] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for share in _shares(text, start, end, lang):
        if free(share.start, share.end):
            out.append(share)
            taken.append((share.start, share.end))
    number = _slavic_number(lang) if lang in ("ru", "uk") else _EN_NUMBER
    for m in number.finditer(text, start, end):
        words = re.split(r"[\s-]+", m.group().lower().replace("’", "'").replace("ʼ", "'"))
        words = [w for w in words if w and w != "and"]
        value = _slavic_value(words, lang) if lang in ("ru", "uk") else _en_value(words)
        if value is None or not free(m.start(), m.end()):
            continue
        q_end = m.end()
        if lang not in ("ru", "uk") and words[-1] in _EN_SCALES:
            # "a million and a quarter", "two billion and a half"
            part = re.match(r"\s+and\s+an?\s+(half|quarter)(?![\w-])", text[q_end:end], re.I)
            if part:
                value += _EN_SCALES[words[-1]] / _EN_DENOMINATORS[part.group(1).lower()]
                q_end += part.end()
        article = None
        if lang not in ("ru", "uk"):
            article = _ARTICLE_BEFORE.search(text, max(start, m.start() - 3), m.start())
        number_start = article.start() if article else m.start()
        pct = _PERCENT_AFTER.match(text, q_end, end)
        times = re.match(rf"\s+(?:{_TIMES.get(lang, _TIMES['en'])})(?!\w)", text[q_end:end], re.I)
        currency, currency_len = currency_after(text, q_end)
        unit = "count"
        if pct:
            unit, q_end = "percent", pct.end()
        elif times:
            unit, q_end = "multiplier", q_end + times.end()
        elif currency:
            unit, q_end = currency, q_end + currency_len
        elif value in _ALONE_TOO_WEAK or (len(words) == 1 and value < 10 and lang == "en"):
            continue  # "one of them", "two sides": not a figure a checker would verify
        qual = _QUAL_BEFORE.search(text, max(start, number_start - 30), number_start)
        named = bool(qual or article or currency)  # "a million people", "a billion dollars"
        if unit == "count" and len(words) == 1 and value >= 1000 and not named:
            continue  # "thousands", "мільйони доларів": a magnitude, not a figure
        q_start = qual.start() if qual else number_start
        out.append(
            Quantity(
                start=q_start,
                end=q_end,
                value=value,
                unit=unit,
                qualifier=qual.group().strip().lower() if qual else None,
                counts=counted_noun(text, q_end) if unit == "count" else None,
            )
        )
        taken.append((q_start, q_end))
    for m in _multiplier_re(lang if lang in _MULTIPLIERS else "en").finditer(text, start, end):
        if not free(m.start(), m.end()):
            continue
        low = m.group().lower()
        value = next(
            v
            for p, v in _MULTIPLIERS[lang if lang in _MULTIPLIERS else "en"].items()
            if re.fullmatch(p, low)
        )
        out.append(Quantity(m.start(), m.end(), value, "multiplier", None))
        taken.append((m.start(), m.end()))
    return sorted(out, key=lambda q: q.start)


def _share(start: int, end: int, numerator: float, denominator: float) -> Quantity | None:
    if not 0 < numerator < denominator:
        return None
    return Quantity(start, end, round(100 * numerator / denominator, 1), "percent", None)


def _shares(text: str, start: int, end: int, lang: str) -> list[Quantity]:
    """Fractions and ratios in words as percentages: "two-thirds" -> 66.7, "one in five" ->
    20, "половина" -> 50."""
    found: list[Quantity | None] = []
    if lang in ("ru", "uk"):
        for pattern, denominator in _SLAVIC_SHARE_RES[lang]:
            for m in pattern.finditer(text, start, end):
                # only the words just before can make it an ordinal ("во второй половине")
                if _SLAVIC_ORDINAL_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                    continue
                numerator = _SLAVIC_NUMERATORS.get((m.group("num") or "").lower(), 1)
                found.append(_share(m.start(), m.end(), numerator, denominator))
        return [q for q in found if q]
    for m in _EN_FRACTION.finditer(text, start, end):
        raw = m.group("num").lower()
        numerator = 1 if raw == "a" else _EN_SMALL[raw]
        den = (m.group("den") or m.group("den2")).lower()
        found.append(_share(m.start(), m.end(), numerator, _EN_DENOMINATORS[den]))
    for m in _EN_RATIO.finditer(text, start, end):
        a, b = (
            _en_value([m.group(g).lower()]) if m.group(g).isalpha() else float(m.group(g))
            for g in "ab"
        )
        if a is not None and b is not None and b <= 1000:
            found.append(_share(m.start(), m.end(), a, b))
    for m in _EN_HALF.finditer(text, start, end):
        found.append(_share(m.start(), m.end(), 1, 2))
    taken: list[Quantity] = []
    for q in sorted((q for q in found if q), key=lambda q: (q.start, -q.end)):
        if all(q.end <= t.start or q.start >= t.end for t in taken):
            taken.append(q)
    return taken
