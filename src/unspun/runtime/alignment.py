"""Per-language offsets that move multilingual-e5 vectors to where English ones sit.

unspun's check-worthiness and sentence-technique heads learned from English vectors. The
encoder places a sentence and its translation close, but not on top of each other: every
language sits a little apart, and in some (Portuguese most) the shift is large enough to
push the heads' scores from "check this" to "ignore" for the same sentence.

The fix is the mean difference: for each language, the average English vector of a set of
parallel sentences minus the average vector of their translations
(``data/languages/align.jsonl``, written by the unspun authors;
``training/align_languages.py`` fits it and checks it on sentences it did not see), times
one half, which judged best on the cross-fitted halves. A head reads
``normalise(v + offset[lang])``. English, and languages without an offset, are left as
they are: Russian and Ukrainian too, whose real validation sets (UNLP 2025) scored lower
with the offsets.

The offsets live in ``_models/language-offsets.npz`` beside a JSON description; the
encoder's sha256 is recorded there, and offsets fitted on another encoder are refused.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspun.errors import ResourceError

OFFSETS_DIR = Path(__file__).resolve().parents[1] / "_models"
OFFSETS_FILE = OFFSETS_DIR / "language-offsets.npz"
ABOUT_FILE = OFFSETS_DIR / "language-offsets.json"


class LanguageOffsets:
    """Offsets by language code, for vectors of one encoder and prefix."""

    def __init__(self, offsets: dict[str, np.ndarray], about: dict[str, Any]) -> None:
        self.offsets = {k: np.asarray(v, dtype=np.float32) for k, v in offsets.items()}
        self.about = about

    @classmethod
    def load(cls, path: Path = OFFSETS_FILE) -> LanguageOffsets:
        """The shipped offsets; none (every vector unchanged) when the file is absent."""
        if not path.is_file():
            return cls({}, {})
        try:
            with np.load(path) as data:
                offsets = {name: data[name] for name in data.files}
            about_path = path.with_suffix(".json")
            about = json.loads(about_path.read_text("utf-8")) if about_path.is_file() else {}
        except (OSError, ValueError) as exc:
            raise ResourceError(
                f"cannot read the language offsets {path}: {exc}",
                hint="Reinstall unspun, or rebuild them with training/align_languages.py.",
            ) from exc
        return cls(offsets, about)

    def check_encoder(self, sha256: str) -> None:
        """Refuse offsets fitted on another encoder than the one with ``sha256``."""
        fitted = self.about.get("encoder_sha256")
        if fitted and fitted != sha256:
            raise ResourceError(
                "the language offsets were fitted on another sentence encoder",
                hint="Refit them with training/align_languages.py for this encoder.",
            )

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self.offsets))

    def apply(self, vectors: np.ndarray, lang: str | None) -> np.ndarray:
        """``vectors`` of sentences in ``lang`` moved to English space (a new array; the
        input is returned unchanged when ``lang`` has no offset)."""
        offset = self.offsets.get(lang or "")
        if offset is None or vectors.size == 0:
            return vectors
        moved = vectors + offset
        norms = np.linalg.norm(moved, axis=1, keepdims=True)
        return np.asarray(moved / np.maximum(norms, 1e-12), dtype=np.float32)


@lru_cache(maxsize=1)
def shipped_offsets() -> LanguageOffsets:
    """The offsets that ship with unspun, loaded once per process."""
    return LanguageOffsets.load()


def align(vectors: np.ndarray, lang: str | None) -> np.ndarray:
    """:meth:`LanguageOffsets.apply` with the shipped offsets."""
    return shipped_offsets().apply(vectors, lang)
