"""Typed, numbered errors with messages a user can act on.

Codes are never renumbered or reused. Every error says what went wrong and what to do
about it. The CLI turns these into exit codes at its boundary (see ``cli/main.py``);
library code raises them and never prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from pydantic import ValidationError


class UnspunError(Exception):
    """Base class of every error unspun raises on purpose."""

    code: ClassVar[str] = "E000"
    #: Exit code of the CLI when this error ends a run.
    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, *, hint: str | None = None, source: str | None = None):
        self.message = message
        self.hint = hint
        self.source = source
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        message = self.message if self.message.endswith((".", "!", "?")) else self.message + "."
        hint = f" Hint: {self.hint}" if self.hint else ""
        return f"[{self.code}] {where}{message}{hint}"

    def to_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "type": type(self).__name__,
            "message": self.message,
            "hint": self.hint,
            "source": self.source,
        }


# --- input (E1xx): a document could not be read -------------------------------------------


class InputError(UnspunError):
    """A document or input file could not be read."""

    code = "E100"
    exit_code = 3


class InputNotFoundError(InputError):
    code = "E101"


class EmptyInputError(InputError):
    code = "E102"


class BinaryInputError(InputError):
    code = "E103"


class DecodingError(InputError):
    code = "E104"


class InputTooLargeError(InputError):
    code = "E105"


class MalformedInputError(InputError):
    code = "E106"


class MissingFieldError(InputError):
    code = "E107"


class UnsupportedFormatError(InputError):
    code = "E108"


# --- data model (E2xx) -------------------------------------------------------------------


class OffsetError(UnspunError):
    """A span does not fit the text it points into."""

    code = "E201"
    exit_code = 70


# --- configuration and registry (E3xx) ---------------------------------------------------


class ConfigError(UnspunError):
    code = "E301"
    exit_code = 2


class UnknownComponentError(ConfigError):
    code = "E302"


class PipelineOrderError(ConfigError):
    code = "E303"


class OutputOverlapsInputError(ConfigError):
    """The output is an input, or would be written inside an input folder (it would be read
    back as input, or truncate an input before it is read)."""

    code = "E304"


class UnsafePatternError(ConfigError):
    """A regular expression (a catalogue anchor) could take exponential time on some text."""

    code = "E305"


# E310 UnknownTechniqueError, E311 TaxonomyError and E312 UnknownSchemeError live in
# unspun.taxonomy.registry (subclasses of ConfigError); E601 AnalysisFailedError lives in
# unspun.pipeline.pipeline (E602 AnalysisTimeoutError is below). Their codes are reserved
# here. E320 CatalogueError, E321 CatalogueEntryError and E322 CatalogueConflictError
# (narrative catalogues) live in unspun.detectors.narratives.catalogue.


# --- models and resources (E4xx) ---------------------------------------------------------


class ResourceError(UnspunError):
    """A model or data package is missing or does not match its checksum."""

    code = "E401"
    exit_code = 4


class ChecksumError(ResourceError):
    code = "E402"


class CacheError(ResourceError):
    """The model cache folder cannot be created or written (read-only, or a file)."""

    code = "E404"


class MissingExtraError(ResourceError):
    """A feature needs an optional dependency that is not installed."""

    code = "E403"


def require_extra(module: str, extra: str, feature: str) -> None:
    """Raise :class:`MissingExtraError` unless ``module`` can be imported."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise MissingExtraError(
            f"{feature} needs the optional package {module!r}, which is not installed.",
            hint=f"Install it with: pip install 'unspun[{extra}]'",
        )


# --- output (E5xx) -----------------------------------------------------------------------


class OutputError(UnspunError):
    code = "E501"
    exit_code = 5


# --- analysis (E6xx) ---------------------------------------------------------------------


class AnalysisTimeoutError(UnspunError):
    """A document took longer than the per-document time budget (``--timeout``)."""

    code = "E602"
    exit_code = 1


#: The hint of :class:`AnalysisTimeoutError`.
TIMEOUT_HINT = (
    "Split the document, raise --timeout (timeout= in the API), or leave the document "
    "out; the other documents were analysed."
)


def printable(text: str) -> str:
    """``text`` safe to show on a terminal: control and format characters (escape sequences,
    line breaks, bidi overrides, zero-width marks) are written as ``\\xNN``/``\\uNNNN``, so
    that a field name or file name from the input cannot retitle or clear the terminal."""
    import unicodedata

    if text.isprintable():
        return text
    return "".join(
        char
        if char == " " or unicodedata.category(char) not in _UNPRINTABLE
        else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


_UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def describe_validation(exc: ValidationError, default: str = "value") -> str:
    """A pydantic validation error as one line: ``field.path: message; ...``."""
    return "; ".join(
        f"{'.'.join(str(part) for part in err['loc']) or default}: {err['msg']}"
        for err in exc.errors()
    )
