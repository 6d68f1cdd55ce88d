"""Cues that a sentence reports or rejects a claim instead of making it.

A fact-check that quotes "Ukraine is run by Nazis" in order to refute it uses the same
words as the propaganda it refutes. Words that put distance between the writer and the
claim ("so-called", "falsely", "a myth", "якобы", "нібито") are a cheap signal that a
sentence reports a narrative rather than advances it; the matcher lowers such sentences'
similarity by a penalty tuned on validation data.
"""

from __future__ import annotations

import re

_CUES = {
    "en": r"so[- ]called|falsel?y?|fake|debunk\w*|myths?|disinformation|misinformation|"
    r"propaganda|baseless|unfounded|conspiracy theor\w*|alleg\w*|purported\w*|"
    r"no evidence|without evidence|claim(?:s|ed)? (?:that|to)|fact[- ]check\w*|hoax\w*",
    "ru": r"так называем\w*|якобы|фейк\w*|ложн\w*|лож[ьи]|миф\w*|дезинформац\w*|"
    r"опроверг\w*|пропагандист\w*|безосновательн\w*|конспиролог\w*|вымысел|вымышлен\w*",
    "uk": r"так зван\w*|нібито|фейк\w*|неправдив\w*|брехн\w*|міф\w*|дезінформац\w*|"
    r"спросту\w*|спростов\w*|пропагандист\w*|безпідставн\w*|конспіролог\w*|вигадк\w*",
    "bg": r"така наречен\w*|уж\b|фалшив\w*|дезинформац\w*|мит\b|митове|опроверг\w*|"
    r"неверн\w*|конспиратив\w*",
    "pt": r"suposto|suposta|alegad\w*|falso|falsa|falsamente|desinformação|mito|"
    r"desmentid\w*|teoria da conspiração|sem provas|boato\w*",
}
_PATTERNS = {lang: re.compile(rf"(?<!\w)(?:{p})(?!\w)", re.I) for lang, p in _CUES.items()}
_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in _PATTERNS.values()), re.I)


def is_distanced(sentence: str, lang: str | None) -> bool:
    """Whether ``sentence`` holds a distancing cue of ``lang`` (of any known language when
    ``lang`` is not one of en, ru, uk, bg, pt)."""
    pattern = _PATTERNS.get(lang or "", _ANY)
    return pattern.search(sentence) is not None
