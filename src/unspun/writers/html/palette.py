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

#: Colours of the kinds the built-in detectors emit.
KIND_COLOURS = {
    "technique": "#d1495b",
    "claim": "#3a6ea5",
    "attribution": "#2a9d6f",
    "narrative": "#8e5cb5",
}
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
    """A category as shown: filter key, title and colour (``#rrggbb``)."""

    key: str
    title: str
    colour: str


def humanise(name: str) -> str:
    """``loaded_language`` -> ``Loaded language``."""
    words = re.sub(r"[_\-]+", " ", name).strip()
    return words[:1].upper() + words[1:] if words else name


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
    except Exception:  # noqa: BLE001  (a broken optional module must not stop a report)
        return None
    return taxonomy


class Palette:
    """Hands out one swatch per category, consistently within a report."""

    def __init__(self) -> None:
        self._taxonomy = _taxonomy()
        self._fallback: dict[str, Swatch] = {}
        self._used: set[str] = set()

    def _call(self, name: str, label: str) -> Any:
        func = getattr(self._taxonomy, name, None)
        if not callable(func):
            return None
        try:
            return func(label)
        except Exception:  # noqa: BLE001
            return None

    def swatch(self, kind: str, label: str, category: str | None) -> Swatch:
        found = self._call("category_of", label)
        if found is not None:
            key = getattr(found, "id", None)
            colour = normalise_colour(getattr(found, "colour", None))
            if isinstance(key, str) and key and colour:
                title = getattr(found, "title", None)
                self._used.add(colour)
                return Swatch(key, title if isinstance(title, str) and title else humanise(key), colour)
        key = category or kind
        if key not in self._fallback:
            self._fallback[key] = Swatch(key, humanise(key), self._fallback_colour(key, kind))
        return self._fallback[key]

    def _fallback_colour(self, key: str, kind: str) -> str:
        if key == kind and key in KIND_COLOURS:
            return KIND_COLOURS[key]
        taken = self._used | {s.colour for s in self._fallback.values()}
        for colour in FALLBACK_COLOURS:
            if colour not in taken:
                return colour
        return FALLBACK_COLOURS[len(self._fallback) % len(FALLBACK_COLOURS)]

    def label_name(self, label: str) -> str:
        """A readable name for ``label``: the taxonomy's title, else the label humanised."""
        technique = self._call("find_technique", label)
        for attr in ("title", "name"):
            value = getattr(technique, attr, None)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return humanise(label)

    def label_description(self, label: str) -> str | None:
        """The taxonomy's explanation of ``label``, if it has one."""
        value = self._call("explain", label)
        return value.strip() if isinstance(value, str) and value.strip() else None
