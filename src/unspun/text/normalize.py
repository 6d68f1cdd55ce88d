"""Normalisation that always maps back to the original text.

Models see a cleaned-up text (compatibility forms folded, typographic quotes and dashes
unified, invisible format characters removed, runs of spaces collapsed); findings must
point into the text the user gave. ``normalize`` returns the cleaned text together with
an offset map, and ``NormalizedText.to_original`` turns a span of the cleaned text into
the span of the original that produced it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from unspun.errors import OffsetError

_TRANSLATE = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\t": " ",
}


@dataclass(frozen=True)
class NormalizedText:
    """A normalised text and, per character, the original offset it came from."""

    original: str
    text: str
    #: ``origin[i]`` is the index in ``original`` of the character that produced ``text[i]``;
    #: one extra entry maps ``len(text)`` to ``len(original)``.
    origin: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` in the normalised text to the original text.

        The result covers every original character that produced the normalised span, so
        slicing the original with it never cuts a character that was expanded (``"ﬁ"`` ->
        ``"fi"``) in half.
        """
        if not 0 <= start < end <= len(self.text):
            raise OffsetError(
                f"span [{start}, {end}) is outside the normalised text "
                f"({len(self.text)} characters)."
            )
        # A character that expanded into several normalised ones is covered whole.
        return self.origin[start], self.origin[end - 1] + 1


def _is_removable(ch: str) -> bool:
    # Format characters (zero-width space/joiners, BOM, bidi controls, soft hyphen) are
    # invisible and only confuse models.
    return unicodedata.category(ch) == "Cf"


def normalize(
    text: str, *, fold_compat: bool = True, collapse_spaces: bool = True
) -> NormalizedText:
    """Normalise ``text`` for a model and keep the map back to it."""
    out: list[str] = []
    origin: list[int] = []
    previous_space = False
    for i, ch in enumerate(text):
        if _is_removable(ch):
            continue
        piece = _TRANSLATE.get(ch, ch)
        if fold_compat and piece == ch and not ch.isascii():
            piece = unicodedata.normalize("NFKC", ch)
        for p in piece:
            is_space = p == " "
            if collapse_spaces and is_space and previous_space:
                continue
            out.append(p)
            origin.append(i)
            previous_space = is_space
    origin.append(len(text))
    return NormalizedText(original=text, text="".join(out), origin=tuple(origin))
