"""Character offsets in the two units tools use: code points and UTF-16 code units.

unspun (and Python, doccano, PTC, SemEval) count **code points**: ``len("👍") == 1``.
JavaScript strings, and so Label Studio's ``start``/``end``, count **UTF-16 code units**:
``"👍".length == 2``. The two agree on every character of the Basic Multilingual Plane
(combining marks, CR and LF included: each is one unit in both); they differ by one for
every character above U+FFFF (most emoji, some CJK, mathematical letters) that lies
before the offset. This is the one place that converts between them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from unspun.interop.errors import SurrogateSplitError


class OffsetMap:
    """Converts offsets of one text between code points and UTF-16 code units.

    Only the positions of astral characters (above U+FFFF) are stored, so a text with none
    converts in O(1) and any other in O(log n).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        #: Code-point indices of the astral characters, ascending.
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        #: Their UTF-16 indices (index of the high surrogate).
        self._astral16 = [i + n for n, i in enumerate(self._astral)]

    @property
    def utf16_length(self) -> int:
        """``text.length`` in JavaScript."""
        return len(self.text) + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of code-point ``offset`` (0 <= offset <= len(text))."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} is outside the text (0..{len(self.text)})")
        return offset + bisect_left(self._astral, offset)

    def from_utf16(self, offset: int) -> int:
        """The code-point offset of UTF-16 ``offset``; raises :class:`SurrogateSplitError`
        when it points between the two halves of an astral character."""
        if not 0 <= offset <= self.utf16_length:
            raise ValueError(f"UTF-16 offset {offset} is outside the text (0..{self.utf16_length})")
        before = bisect_right(self._astral16, offset - 1)
        if before and self._astral16[before - 1] == offset - 1:
            char = self.text[self._astral[before - 1]]
            raise SurrogateSplitError(
                f"UTF-16 offset {offset} falls inside the character {char!r} "
                f"(U+{ord(char):04X}), between its two UTF-16 halves.",
                hint="The offsets were made on another text or counted in bytes; export "
                "again from the tool, or fix the region by hand.",
            )
        return offset - before

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """A code-point span as a UTF-16 span."""
        return self.to_utf16(start), self.to_utf16(end)

    def span_from_utf16(self, start: int, end: int) -> tuple[int, int]:
        """A UTF-16 span as a code-point span."""
        return self.from_utf16(start), self.from_utf16(end)


def utf16_length(text: str) -> int:
    """The length of ``text`` in UTF-16 code units (JavaScript's ``text.length``)."""
    return len(text.encode("utf-16-le")) // 2


class GraphemeMap:
    """Converts offsets of one text between code points and grapheme clusters (what a
    reader sees as one character: ``e`` + combining accent, an emoji with its skin tone,
    a flag), by Unicode's extended grapheme cluster rules (UAX #29).

    doccano counts this way when a project is set to count grapheme clusters as one
    character. A code-point offset inside a cluster has no grapheme offset: spans are
    widened to whole clusters (start down, end up).
    """

    def __init__(self, text: str) -> None:
        import regex  # installed with trafilatura (through dateparser)

        self.text = text
        #: Code-point offset where each cluster starts, then len(text).
        self.bounds = [m.start() for m in regex.finditer(r"\X", text)] + [len(text)]

    @property
    def length(self) -> int:
        """The number of grapheme clusters."""
        return len(self.bounds) - 1

    def span_to_graphemes(self, start: int, end: int) -> tuple[int, int]:
        """A code-point span as a grapheme span (widened to whole clusters)."""
        return bisect_right(self.bounds, start) - 1, bisect_left(self.bounds, end)

    def span_from_graphemes(self, start: int, end: int) -> tuple[int, int]:
        """A grapheme span as a code-point span."""
        if not 0 <= start <= end <= self.length:
            raise ValueError(f"grapheme span {start}-{end} is outside the text (0..{self.length})")
        return self.bounds[start], self.bounds[end]
