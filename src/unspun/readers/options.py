"""What a run of the readers is told: formats, corpus field names, limits."""

from __future__ import annotations

import codecs
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Format = Literal["auto", "text", "markdown", "html", "jsonl", "json", "csv", "parquet"]

#: File name patterns a directory walk picks up.
DEFAULT_GLOBS: tuple[str, ...] = (
    "*.txt",
    "*.md",
    "*.markdown",
    "*.html",
    "*.htm",
    "*.jsonl",
    "*.ndjson",
    "*.csv",
    "*.parquet",
)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class ReadOptions(BaseModel):
    """Options for :func:`unspun.readers.read_inputs`.

    ``format="auto"`` picks the format from the file extension and sniffs the content when
    the extension is unknown (and for stdin). The ``*_field`` names say which fields of a
    corpus record (JSONL, JSON, CSV, Parquet) fill the document; every other field goes to
    ``Document.meta``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Format = "auto"
    id_field: str = "id"
    text_field: str = "text"
    title_field: str = "title"
    lang_field: str = "lang"
    url_field: str = "url"
    date_field: str = "date"
    source_field: str = "source"
    encoding: str | None = Field(
        default=None, description="Decode every input with this encoding instead of detecting."
    )
    max_bytes: int | None = Field(
        default=DEFAULT_MAX_BYTES, ge=1, description="Largest file read; None for no limit."
    )
    recursive: bool = True
    default_lang: str | None = Field(
        default=None, description="Language of documents that do not name one."
    )
    glob: tuple[str, ...] = Field(
        default=DEFAULT_GLOBS, description="File name patterns read from directories."
    )
    exclude: tuple[str, ...] = Field(
        default=(),
        description="Real paths never read from a directory walk (the run's own output).",
    )

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return codecs.lookup(value).name
        except LookupError:
            raise ValueError(
                f"unknown encoding {value!r}; use a Python codec name such as "
                "utf-8, cp1251, koi8-r, koi8-u or latin-1"
            ) from None

    @field_validator("default_lang")
    @classmethod
    def _iso_639_1(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().lower()
        if len(code) != 2 or not code.isalpha():
            raise ValueError(f"default_lang must be a two-letter ISO 639-1 code, not {value!r}")
        return code

    @field_validator("glob")
    @classmethod
    def _some_globs(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("give at least one file name pattern, e.g. '*.txt'")
        return value

    def record_fields(self) -> frozenset[str]:
        """The field names that fill Document attributes rather than ``meta``."""
        return frozenset(
            {
                self.id_field,
                self.text_field,
                self.title_field,
                self.lang_field,
                self.url_field,
                self.date_field,
                self.source_field,
            }
        )
