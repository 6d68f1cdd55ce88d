"""Colours and display names for labels, from ``unspun.taxonomy`` when it can tell.

The taxonomy is optional here: if it is missing, fails, or returns something unusable,
a built-in palette keyed by the finding's category (or else its kind) takes over, so a
report always renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")

#: Colours of the kinds the built-in detectors emit (hues apart from the taxonomy's).
KIND_COLOURS = {
    "technique": "#b42318",
    "claim": "#52606d",
    "attribution": "#0e7490",
    "narrative": "#8a6d3b",
}
#: Colours of categories the built-in detectors use outside the taxonomy.
CATEGORY_COLOURS = {
    "verifiable_source": "#0e7490",
    "unverifiable_source": "#b45309",
}
#: Colour of kinds without one of their own.
OTHER_COLOUR = "#6e7781"
#: Colours handed out, in order, to categories the taxonomy does not know.
FALLBACK_COLOURS = (
    "#e07a1f",
    "#3a6ea5",
    "#c2477f",
    "#2a9d6f",
    "#8e5cb5",
    "#b38f00",
    "#1f8fa8",
    "#d1495b",
    "#6b7f2a",
    "#7a5c3e",
)


@dataclass(frozen=True, slots=True)
class Swatch:
    """A category as shown: filter key, title, colour (``#rrggbb``) and description."""

    key: str
    title: str
    colour: str
    description: str | None = None


def humanise(name: str) -> str:
    """``loaded_language`` or ``Loaded_Language`` -> ``Loaded language`` (acronyms kept)."""
    words = re.sub(r"[_\-]+", " ", name).split()
    if not words:
        return name
    rest = [w if len(w) > 1 and w.isupper() else w.lower() for w in words[1:]]
    return " ".join([words[0][:1].upper() + words[0][1:], *rest])


def normalise_colour(value: Any) -> str | None:
    """``#rgb`` or ``#rrggbb`` as lower-case ``#rrggbb``; None for anything else."""
    if not isinstance(value, str) or not _HEX.fullmatch(value.strip()):
        return None
    digits = value.strip()[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()


def rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def _taxonomy() -> Any:
    try:
        import unspun.taxonomy as taxonomy
    except Exception:  # a broken optional module must not stop a report
        return None
    return taxonomy


class Palette:
    """Hands out one swatch per category, consistently within a report.

    Only ``technique`` findings are looked up in the taxonomy (it describes techniques);
    other kinds use their own category, or their kind, with a built-in colour.
    """

    def __init__(self) -> None:
        self._taxonomy = _taxonomy()
        self._fallback: dict[str, Swatch] = {}
        self._used: set[str] = set()
        self._names: dict[tuple[str, str], str] = {}

    def _call(self, name: str, label: str) -> Any:
        func = getattr(self._taxonomy, name, None)
        if not callable(func):
            return None
        try:
            return func(label)
        except Exception:  # the taxonomy is optional here
            return None

    def swatch(self, kind: str, label: str, category: str | None) -> Swatch:
        if kind == "technique":
            # The label's category, else the category the detector named (for a label
            # the taxonomy does not know), so that one category never gets two colours.
            for found in (self._call("category_of", label), self._category(category)):
                known = self._known(found)
                if known is not None:
                    return known
        key = category or kind
        if key not in self._fallback:
            self._fallback[key] = Swatch(key, humanise(key), self._fallback_colour(kind, key))
        return self._fallback[key]

    def _category(self, category: str | None) -> Any:
        if not category:
            return None
        return self._call("get_category", category) or self._call("find_category", category)

    def _known(self, found: Any) -> Swatch | None:
        key = _text_attr(found, "id")
        colour = normalise_colour(getattr(found, "colour", None)) or normalise_colour(
            getattr(found, "color", None)
        )
        if not key or not colour:
            return None
        self._used.add(colour)
        title = _text_attr(found, "title") or humanise(key)
        return Swatch(key, title, colour, _text_attr(found, "description"))

    def _fallback_colour(self, kind: str, key: str) -> str:
        taken = self._used | {s.colour for s in self._fallback.values()}
        preferred = CATEGORY_COLOURS.get(key) or KIND_COLOURS.get(kind)
        if preferred and preferred not in taken:
            return preferred
        for colour in FALLBACK_COLOURS:
            if colour not in taken:
                return colour
        return FALLBACK_COLOURS[len(self._fallback) % len(FALLBACK_COLOURS)]

    def label_name(self, kind: str, label: str) -> str:
        """A readable name for ``label``: the taxonomy's title, else the label humanised."""
        key = (kind, label)
        if key not in self._names:
            self._names[key] = self._label_name(kind, label)
        return self._names[key]

    def _label_name(self, kind: str, label: str) -> str:
        if kind == "technique":
            technique = self._call("find_technique", label)
            for attr in ("title", "name"):
                value = _text_attr(technique, attr)
                if value:
                    return value
        return humanise(label)

    def label_description(self, kind: str, label: str) -> str | None:
        """The taxonomy's general explanation of ``label``, if it has one."""
        if kind != "technique":
            return None
        value = self._call("explain", label)
        return value.strip() if isinstance(value, str) and value.strip() else None


def _text_attr(obj: Any, name: str) -> str | None:
    value = getattr(obj, name, None)
    return value.strip() if isinstance(value, str) and value.strip() else None
