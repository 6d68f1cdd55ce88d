"""Typed errors of the interop formats (spaCy, Label Studio, doccano, shared tasks): E760-E789.

Codes are never renumbered or reused. Each error names the file (``source``) and says
what to do; the CLI turns them into one line and an exit code (``cli/main.py``).
"""

from __future__ import annotations

from typing import ClassVar

from unspun.errors import ConfigError, InputError, OffsetError


class InteropInputError(InputError):
    """An annotation export or shared-task file cannot be read as the format it claims."""

    code: ClassVar[str] = "E760"


class ExportShapeError(InteropInputError):
    """A JSON/JSONL export is valid JSON but not shaped like the tool's export."""

    code: ClassVar[str] = "E761"


class RegionOffsetError(InteropInputError):
    """A labelled region's offsets do not fit its text (negative, empty, past the end)."""

    code: ClassVar[str] = "E762"


class RegionTextMismatchError(InteropInputError):
    """A region's stored text is not the text at its offsets (wrong offset unit or text)."""

    code: ClassVar[str] = "E763"


class SurrogateSplitError(OffsetError):
    """A UTF-16 offset falls between the two halves of a surrogate pair (inside an emoji)."""

    code: ClassVar[str] = "E764"


class UnknownLabelError(InteropInputError):
    """A label is not a technique, claim type or attribution kind unspun knows."""

    code: ClassVar[str] = "E765"


class MissingArticleError(InteropInputError):
    """Shared-task labels point into an article whose text was not given."""

    code: ClassVar[str] = "E766"


class SharedTaskFormatError(InteropInputError):
    """A shared-task file (PTC, SemEval, CheckThat!) has the wrong columns or values."""

    code: ClassVar[str] = "E767"


class NoTrainingDataError(InteropInputError):
    """An export holds no labelled technique spans to train on."""

    code: ClassVar[str] = "E768"


class InteropConfigError(ConfigError):
    """An interop option has a value that cannot work (a scheme, a kind, a setting)."""

    code: ClassVar[str] = "E770"


class SpacyComponentError(ConfigError):
    """The spaCy component was given settings it cannot use."""

    code: ClassVar[str] = "E771"


__all__ = [
    "ExportShapeError",
    "InteropConfigError",
    "InteropInputError",
    "MissingArticleError",
    "NoTrainingDataError",
    "RegionOffsetError",
    "RegionTextMismatchError",
    "SharedTaskFormatError",
    "SpacyComponentError",
    "SurrogateSplitError",
    "UnknownLabelError",
]
