"""Dates a checker can verify, normalised to ISO 8601 (English, Russian, Ukrainian).

Full dates become ``2024-03-14``, month and year ``2024-03``, a year ``2024``, a day and
month without a year ``--03-14`` (ISO 8601's form for it). Relative expressions ("on
Tuesday", "last year") are kept with ``iso=None``: they need the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS_EN = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_ABBR_EN = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
]
# Russian and Ukrainian month names in the cases news text uses (nominative, genitive,
# prepositional), as stems: январ(ь|я|е), січ(ень|ня|ні).
_MONTH_STEMS = [
    ("январ", "січ"),
    ("феврал", "лют"),
    ("март", "берез"),
    ("апрел", "квіт"),
    ("ма[йяе]", "травн|травен"),
    ("июн", "червн|червен"),
    ("июл", "лип"),
    ("август", "серпн|серпен"),
    ("сентябр", "вересн|вересен"),
    ("октябр", "жовтн|жовтен"),
    ("ноябр", "листопад"),
    ("декабр", "грудн|грудень"),
]


def _month_index(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in _MONTHS_EN:
        return _MONTHS_EN.index(w) + 1
    if w in _MONTH_ABBR_EN and w != "may":
        return _MONTH_ABBR_EN.index(w) + 1
    if w == "sep":
        return 9
    for i, (ru, uk) in enumerate(_MONTH_STEMS):
        if re.match(rf"^(?:{ru}|{uk})\w*$", w):
            return i + 1
    return None


_MONTH_WORD = (
    r"(?:"
    + "|".join(_MONTHS_EN)
    + r")\b|(?:"
    + "|".join(a for a in _MONTH_ABBR_EN if a != "may")
    + r")\b\.?|(?:"
    + "|".join(f"{ru}|{uk}" for ru, uk in _MONTH_STEMS)
    + r")\w*"
)
_YEAR = r"(?:1[6-9]|20)\d\d"
_YEAR_WORD = r"(?:\s?(?:года|году|год|г\.|року|році|рік|р\.))?"
_PATTERNS = [
    ("ymd", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b")),
    ("dmy", re.compile(rf"\b(?P<d>[0-3]?\d)\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>{_YEAR})\b")),
    (
        "d_month_y",
        re.compile(
            rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mw>{_MONTH_WORD})"
            rf"(?:,?\s+(?P<y>{_YEAR}){_YEAR_WORD})?",
            re.IGNORECASE,
        ),
    ),
    (
        "month_d_y",
        re.compile(
            rf"\b(?P<mw>{_MONTH_WORD})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>{_YEAR}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "month_y",
        re.compile(rf"\b(?P<mw>{_MONTH_WORD})\s+(?P<y>{_YEAR}){_YEAR_WORD}", re.IGNORECASE),
    ),
    ("year", re.compile(rf"\b(?P<y>{_YEAR}){_YEAR_WORD}(?!\d)")),
]
_RELATIVE = re.compile(
    r"\b(?:on |last |next |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"\b|\b(?:yesterday|today|tomorrow|last (?:week|month|year)|next (?:week|month|year)|"
    r"вчера|сегодня|завтра|в прошлом году|в следующем году|вчора|сьогодні|завтра|"
    r"минулого року|наступного року|"
    r"в (?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)|"
    r"у (?:понеділок|вівторок|середу|четвер|п'ятницю|суботу|неділю))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    iso: str | None  # None for relative dates

    @property
    def readable(self) -> str:
        """The date as a reader says it: "14 March 2024", "March 2024", "2024", "13 February
        (no year given)", or "relative to the publication date"."""
        return readable_date(self.iso)

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "iso": self.iso, "readable": self.readable}


def readable_date(iso: str | None) -> str:
    """An ISO 8601 date (or ``--MM-DD``) in words, in English."""
    if not iso:
        return "relative to the publication date"
    m = re.fullmatch(r"(?:(\d{4})|-)-?(\d{2})?-?(\d{2})?", iso)
    if m is None:
        return iso
    year, month, day = m.group(1), m.group(2), m.group(3)
    month_name = _MONTHS_EN[int(month) - 1].capitalize() if month else ""
    if year and month and day:
        return f"{int(day)} {month_name} {year}"
    if year and month:
        return f"{month_name} {year}"
    if month and day:
        return f"{int(day)} {month_name} (no year given)"
    return year or iso


def _iso(kind: str, m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    year = groups.get("y")
    month = (
        int(groups["m"])
        if groups.get("m")
        else (_month_index(groups["mw"]) if groups.get("mw") else None)
    )
    day = int(groups["d"]) if groups.get("d") else None
    if day is not None and not 1 <= day <= 31:
        return None
    if kind == "year":
        return year
    if month is None:
        return None
    if day is None:
        return f"{year}-{month:02d}" if year else None
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Dates in ``text[start:end]``, longest match first, never overlapping."""
    end = len(text) if end is None else end
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text, start, end):
            if not free(m.start(), m.end()):
                continue
            iso = _iso(kind, m)
            if iso is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), iso))
    for m in _RELATIVE.finditer(text, start, end):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), None))
    return sorted(found, key=lambda d: d.start)
