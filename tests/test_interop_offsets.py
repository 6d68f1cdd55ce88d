"""UTF-16 <-> code point offsets: the one conversion every annotation-tool format relies on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspun.interop.errors import SurrogateSplitError
from unspun.interop.offsets import OffsetMap, utf16_length

# Text mixing ASCII, combining marks, CR/LF, BMP letters and astral characters (emoji).
_CHARS = st.sampled_from(
    ["a", " ", "\r", "\n", "é", "e\u0301", "ї", "中", "👍", "🏽", "🇺", "𝔘", "\u200d"]
)
TEXTS = st.lists(_CHARS, max_size=40).map("".join)


def _js_index(text: str, offset: int) -> int:
    """What JavaScript's ``text.slice(0, ...)`` length would be: UTF-16 units before offset."""
    return len(text[:offset].encode("utf-16-le")) // 2


@given(TEXTS)
def test_offsets_round_trip_every_code_point_boundary(text: str) -> None:
    omap = OffsetMap(text)
    assert omap.utf16_length == utf16_length(text) == len(text.encode("utf-16-le")) // 2
    for offset in range(len(text) + 1):
        u16 = omap.to_utf16(offset)
        assert u16 == _js_index(text, offset)
        assert omap.from_utf16(u16) == offset


@given(TEXTS, st.data())
def test_offsets_span_text_survives_conversion(text: str, data: st.DataObject) -> None:
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    omap = OffsetMap(text)
    s16, e16 = omap.span_to_utf16(start, end)
    # The UTF-16 slice, decoded, is the same text as the code-point slice.
    units = text.encode("utf-16-le")
    assert units[2 * s16 : 2 * e16].decode("utf-16-le") == text[start:end]
    assert omap.span_from_utf16(s16, e16) == (start, end)


def test_offsets_emoji_shift_later_offsets_by_one_each() -> None:
    text = "👍🏽 ok 🇺🇦 go"
    omap = OffsetMap(text)
    assert omap.to_utf16(text.index("ok")) == 5  # two astral characters before it
    assert omap.to_utf16(text.index("go")) == 13
    assert omap.from_utf16(13) == text.index("go")


def test_offsets_bmp_text_is_identical_in_both_units() -> None:
    text = "Naïve cafe\u0301\r\nрядок"
    omap = OffsetMap(text)
    assert [omap.to_utf16(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_offsets_inside_a_surrogate_pair_is_a_typed_error() -> None:
    omap = OffsetMap("a👍b")
    with pytest.raises(SurrogateSplitError) as info:
        omap.from_utf16(2)
    assert info.value.code == "E764"
    assert "U+1F44D" in str(info.value) and info.value.hint


def test_offsets_outside_the_text_are_refused() -> None:
    omap = OffsetMap("abc")
    with pytest.raises(ValueError):
        omap.to_utf16(4)
    with pytest.raises(ValueError):
        omap.from_utf16(-1)
