"""A document owns its text; everything else points into it by character offsets."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: What counts as no text: whitespace of any Unicode class (NBSP, ideographic space, line
#: and paragraph separators) and the invisible format marks (zero-width space and joiners,
#: word joiner, byte order mark, soft hyphen, bidi marks).
_BLANK = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]*")


def is_blank(text: str) -> bool:
    """Whether ``text`` holds nothing to read (only spaces and invisible marks)."""
    return _BLANK.fullmatch(text) is not None


class Document(BaseModel):
    """One text to analyse, with what is known about where it came from.

    Offsets everywhere in unspun are Python ``str`` indices into ``text`` (code points,
    end exclusive). ``text`` is never modified after a reader built the document.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, description="Stable identifier (file stem or record id).")
    text: str = Field(description="The text that all offsets index into.")
    lang: str | None = Field(default=None, description="ISO 639-1 code, if known.")
    title: str | None = None
    source: str | None = Field(default=None, description="Outlet or publisher.")
    url: str | None = None
    date: str | None = Field(
        default=None, description="Publication date as given (ISO 8601 if known)."
    )
    authors: tuple[str, ...] = ()
    path: str | None = Field(default=None, description="File the document was read from.")
    meta: dict[str, Any] = Field(default_factory=dict, description="Free metadata (JSON values).")

    @field_validator("text")
    @classmethod
    def _no_lone_surrogates(cls, value: str) -> str:
        # A lone surrogate cannot be written as UTF-8. Readers repair them (U+FFFD keeps
        # every offset), so one reaching here is a programming error.
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"text holds an unpaired surrogate at offset {exc.start}; "
                "use unspun.readers.encoding.repair_surrogates() before building a Document"
            ) from exc
        return value

    def __len__(self) -> int:
        return len(self.text)
