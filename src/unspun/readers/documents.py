"""Building a Document from what a reader found, with the checks every reader shares."""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from unspun.errors import EmptyInputError, MalformedInputError, describe_validation
from unspun.model import Document
from unspun.model.document import is_blank
from unspun.readers.encoding import repair_surrogates

_LANG = re.compile(r"([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*")


def require_text(text: str, *, source: str | None, what: str, hint: str) -> str:
    """Return ``text``, or raise :class:`EmptyInputError` when it holds only whitespace."""
    if is_blank(text):
        detail = "is empty" if not text else "holds only whitespace or invisible characters"
        raise EmptyInputError(f"{what} {detail}", hint=hint, source=source)
    return text


def normalise_lang(value: object) -> str | None:
    """An ISO 639-1 code from a language tag (``"ru-RU"`` -> ``"ru"``), or None."""
    if not isinstance(value, str):
        return None
    match = _LANG.fullmatch(value.strip())
    return match.group(1).lower() if match else None


def to_jsonable(value: Any) -> Any:
    """``value`` as JSON values only: NaN becomes None, dates ISO strings, bytes text or
    base64, anything unknown its ``str``; lone surrogates are repaired."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return repair_surrogates(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return "base64:" + base64.b64encode(raw).decode("ascii")
    if isinstance(value, Mapping):
        return {repair_surrogates(str(key)): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(item) for item in value]
    return repair_surrogates(str(value))


def merge_meta(fields: Mapping[str, Any], reader: Mapping[str, Any]) -> dict[str, Any]:
    """Record fields plus what the reader notes; a field whose name the reader uses is kept
    as ``"field:<name>"`` rather than lost."""
    meta = {key: to_jsonable(value) for key, value in fields.items()}
    for key, value in reader.items():
        if key in meta:
            meta[f"field:{key}"] = meta.pop(key)
        meta[key] = to_jsonable(value)
    return meta


def build_document(*, locator: str | None, **fields: Any) -> Document:
    """``Document(**fields)``; a value the model rejects raises :class:`MalformedInputError`."""
    try:
        return Document(**fields)
    except ValidationError as exc:
        raise MalformedInputError(
            f"cannot make a document: {describe_validation(exc, 'document')}",
            hint="check the input's fields and values",
            source=locator,
        ) from None
