"""Code points (Python, our records) and UTF-16 code units (browsers, JavaScript).

Records always count code points. A client that counts UTF-16 units asks for
``offsets=utf16`` and gets every span converted; spans it sends back in UTF-16 are
converted here before they reach the models.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from typing import Any, Literal

from unspun.model.record import AnalysisRecord
from unspun.serve.errors import InvalidSpanError

Unit = Literal["codepoint", "utf16"]
#: ``html``: UTF-16 units of the text as a browser holds it once parsed from an HTML page
#: (the parser reads CR LF and a lone CR as LF and drops NUL): what a selection in the web
#: UI counts.
SpanUnit = Literal["codepoint", "utf16", "html"]


def _units(text: str, html: bool) -> list[int]:
    sizes = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    if html:
        for i, ch in enumerate(text):
            if ch == "\0" or (ch == "\r" and text[i + 1 : i + 2] == "\n"):
                sizes[i] = 0
    return [0, *accumulate(sizes)]


class Utf16Map:
    """Offsets of one text in both units (prefix sums; O(log n) per lookup back).

    With ``html``, UTF-16 offsets count the text as an HTML parser leaves it."""

    def __init__(self, text: str, *, html: bool = False):
        self.text = text
        #: ``units[i]``: UTF-16 units before code point ``i`` (len(text) + 1 entries).
        self.units = _units(text, html)

    def to_utf16(self, offset: int) -> int:
        return self.units[offset]

    def to_codepoint(self, unit: int) -> int:
        """The code point at UTF-16 offset ``unit``; inside a surrogate pair is an error."""
        i = bisect_left(self.units, unit)
        if i >= len(self.units) or self.units[i] != unit:
            raise InvalidSpanError(
                f"UTF-16 offset {unit} falls inside a character or past the text "
                f"({self.units[-1]} units)",
                hint="Send offsets that fall between characters.",
            )
        return i


def span_to_codepoints(text: str, start: int, end: int, unit: SpanUnit) -> tuple[int, int]:
    """``(start, end)`` in code points, checked against ``text`` (end exclusive)."""
    if unit != "codepoint":
        table = Utf16Map(text, html=unit == "html")
        start, end = table.to_codepoint(start), table.to_codepoint(end)
    if not 0 <= start < end <= len(text):
        raise InvalidSpanError(
            f"the span {start}-{end} does not fit the text ({len(text)} characters)",
            hint="Give 0 <= start < end <= the text's length; offsets are end exclusive.",
        )
    return start, end


def _convert(value: Any, table: Utf16Map) -> Any:
    if isinstance(value, dict):
        out = {k: _convert(v, table) for k, v in value.items()}
        if isinstance(out.get("start"), int) and isinstance(out.get("end"), int):
            out["start"], out["end"] = table.to_utf16(value["start"]), table.to_utf16(value["end"])
        return out
    if isinstance(value, list):
        return [_convert(v, table) for v in value]
    return value


def record_json(record: AnalysisRecord, unit: Unit) -> dict[str, Any]:
    """The record as JSON data, every ``start``/``end`` pair in ``unit``.

    Spans inside ``attrs`` (numbers, dates, sources) are converted too: any mapping that
    holds integer ``start`` and ``end`` is a span into the document text.
    """
    data = record.model_dump(mode="json")
    if unit == "codepoint" or record.text is None:
        return data
    table = Utf16Map(record.text)
    for key in ("findings", "sentences", "narratives"):
        if data.get(key) is not None:
            data[key] = _convert(data[key], table)
    return data
