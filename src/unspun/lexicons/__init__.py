"""Curated word lists the detectors match at run time.

``loaded-vocabulary.yaml`` lists the pejorative labels, dehumanising terms, euphemisms and
loaded terms of the Russia–Ukraine information space in English, Russian, Ukrainian,
Portuguese, Bulgarian, Slovene, Polish, German, Spanish, French, Italian and Romanian, from
both camps, each with the PTC technique it usually signals and one neutral sentence for a
fact-checker (format and rules: ``data/lexicons/README.md``; check with
``data/lexicons/check.py``). A match is a cue to read closely, never a verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LOADED_VOCABULARY = Path(__file__).with_name("loaded-vocabulary.yaml")
#: Entry kinds that name or dehumanise a group: in source position they are labels.
LABEL_KINDS = frozenset({"pejorative_label", "dehumanising"})


@dataclass(frozen=True)
class Entry:
    id: str
    lang: str
    kind: str
    technique: str
    side: str
    target: str
    explanation: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entry: Entry


class Lexicon:
    """Entries of one lexicon file, compiled once, matched per language."""

    def __init__(self, path: Path):
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        self.name: str = data["name"]
        self.version: str = str(data["version"])
        wrap = data["matching"]["wrap"]
        self.entries: list[Entry] = [
            Entry(
                id=e["id"],
                lang=e["lang"],
                kind=e["kind"],
                technique=e["technique"],
                side=e["side"],
                target=e["target"],
                explanation=e["explanation"],
                pattern=re.compile(wrap.replace("PATTERN", e["pattern"]), re.IGNORECASE),
            )
            for e in data["entries"]
        ]
        # One alternation per language finds candidate positions in a single scan.
        self._by_lang: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self._by_lang.setdefault(entry.lang, []).append(entry)

    def matches(self, text: str, lang: str, kinds: frozenset[str] | None = None) -> list[Match]:
        """Non-overlapping matches in ``text`` for ``lang``, longest first where they
        overlap, in text order."""
        found: list[Match] = []
        for entry in self._by_lang.get(lang, ()):
            if kinds is not None and entry.kind not in kinds:
                continue
            found.extend(Match(m.start(), m.end(), entry) for m in entry.pattern.finditer(text))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Match] = []
        for m in found:
            if m.end > m.start and (not kept or m.start >= kept[-1].end):
                kept.append(m)
        return kept


@lru_cache(maxsize=1)
def loaded_vocabulary() -> Lexicon:
    """The packaged loaded-vocabulary lexicon (parsed and compiled once per process)."""
    return Lexicon(LOADED_VOCABULARY)
