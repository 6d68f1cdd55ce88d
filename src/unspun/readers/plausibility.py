"""How much decoded bytes look like natural-language text.

Used to choose between candidate legacy encodings: charset-normalizer alone misreads short
Cyrillic texts (a two-word cp1251 text comes back as cp1125 box-drawing characters). Text
decoded with the wrong single-byte code page shows words that mix scripts or upper and
lower case at random, and symbols that running text rarely holds.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_CHARS = 8192
_ODD_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs", "No"})
_ODD_CHARS = frozenset("¤¦¨¯´¸")
# Symbols running text does use (numero sign, copyright, degrees, plus-minus, ...).
_COMMON_SYMBOLS = frozenset("№©®°™±×÷−≈≠≤≥→←↑↓•€")
_ALLOWED_CONTROLS = frozenset("\t\n\r\x0b\x0c\x1b")


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def _word_is_plausible(word: str) -> bool:
    if len({_script(char) for char in word}) > 1:
        return False
    if word.islower() or word.isupper() or not any(char.isupper() for char in word):
        return True
    return word[0].isupper() and word[1:].islower()


def _char_is_odd(char: str) -> bool:
    if char in _ALLOWED_CONTROLS:
        return False
    if char in _ODD_CHARS or "\u2500" <= char <= "\u259f" or char == "\ufffd":
        return True
    category = unicodedata.category(char)
    if category in ("Sm", "So") and char > "\x7f":
        return char not in _COMMON_SYMBOLS
    return category in _ODD_CATEGORIES


def plausibility(text: str) -> float:
    """Score ``text`` from about 0 (noise) to 1 (ordinary prose) on a leading sample."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    words = _WORD.findall(sample)
    letters = sum(map(len, words))
    plausible = sum(len(word) for word in words if _word_is_plausible(word))
    word_score = plausible / letters if letters else 0.5
    odd = sum(map(_char_is_odd, sample))
    return word_score - 2.0 * odd / len(sample)
